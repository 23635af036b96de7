/**
 * Vouching for quality. Both LAs' officers are emailed a personal link when a solution's aims are first recorded.
 * When a solution ends, the scheduled step asks the receiving LA's DCS and lead officer for feedback (how useful, what
 * changed, would you recommend it), answerable on the page or by replying; the email is re-checked as it is sent (a
 * solution cancelled, or its end moved later, is never asked about).
 */
import * as z from "../zod";
import { Audit } from "../audit";
import { People, Region } from "../directory";
import { Emails, Mail, Replies, sendNow } from "../mail";
import { Links } from "../submissions";
import { ConflictError, Keys, NotFoundError, ValidationError, type Deps, type Item } from "../shared";
import { DUE_IMPACT, get, save, withDue, type Feedback, type Solution } from "./solutions";

/** The form name of the solution's emailed link (the link's `reviewee` carries the need the solution answers). */
export const FORM = "impact";
export const REPLY_PURPOSE = "impact-feedback";
const DAY = 86_400_000;

const expiry = (s: Solution) => new Date(Date.parse(`${s.endsOn}T00:00:00Z`) + 365 * DAY);

/** A person's link to the solution's page (the same link when issued again). */
export async function solutionLink(deps: Pick<Deps, "store" | "config" | "clock">, s: Solution, person: People.Person) {
  const { token } = await Links.issue(deps, {
    cycleId: s.cycleId,
    regionId: s.regionId,
    authority: person.authority!,
    form: FORM,
    personId: person.id,
    reviewee: s.needId,
    expiresAt: expiry(s),
  });
  return `${deps.config.baseUrl}/i/${token}`;
}

const describeAims = (s: Solution, indicatorName: (id: string) => string) => [
  ...s.indicators.map(indicatorName),
  ...s.priorities.map((p) => `Priority: ${p}`),
];

/**
 * Email both LAs' officers the aims and their link: when the lead first records them, and when anyone changes them
 * (`amendedBy`), so nobody's aims change unseen (once per version).
 */
export async function notifyAims(deps: Deps, s: Solution, indicatorName: (id: string) => string, amendedBy?: string) {
  const [receiving, offering] = await Promise.all([
    Region.authority(deps, s.authority),
    Region.authority(deps, s.provider),
  ]);
  for (const la of [receiving, offering]) {
    const officers = (await People.listByAuthority(deps, la.code)).filter((p) => p.roles.includes("officer"));
    for (const person of officers)
      await sendNow(deps, {
        key: { cycleId: s.cycleId, step: "impact", recipient: person.email, purpose: `aims-${s.needId}`, n: s.version },
        to: person.email,
        regionId: s.regionId,
        message: Emails.render("solutionAims", {
          name: person.name,
          receiving: receiving.name,
          offering: offering.name,
          offer: s.offer,
          aims: describeAims(s, indicatorName),
          startsOn: s.startsOn,
          endsOn: s.endsOn,
          link: await solutionLink(deps, s, person),
          ...(amendedBy ? { amendedBy } : {}),
        }),
      });
  }
}

/** Why a feedback request must not go now (the scheduled mail step asks, at the moment of sending). */
export async function whyNotAsk(deps: Pick<Deps, "store" | "clock">, guard: Mail.MailGuard) {
  if (!guard.solution) return undefined;
  const s = await get(deps, guard.solution.regionId, guard.cycleId, guard.solution.needId);
  if (!s) return "The solution was removed before this feedback request was sent.";
  if (s.status === "cancelled") return "The solution was cancelled before this feedback request was sent.";
  if (`${s.endsOn}T23:59:59Z` > deps.clock.now().toISOString())
    return `The solution's end moved to ${s.endsOn} before this feedback request was sent.`;
  return undefined;
}

/** The scheduled step: ask for feedback on every solution that has ended (re-read, so a cancelled one is skipped). */
export async function runDue(deps: Deps, now: Date) {
  const { items } = await deps.store.query<Solution>({
    index: "gsi2",
    pk: DUE_IMPACT,
    sk: { le: `${now.toISOString()}#~` },
    limit: 100,
  });
  let asked = 0;
  for (const stale of items) {
    const s = await get(deps, stale.regionId, stale.cycleId, stale.needId);
    if (!s) continue;
    const broker = await deps.store.get<Item & { status: string }>(Keys.brokerage(s.cycleId, s.needId));
    const ended = `${s.endsOn}T23:59:59Z` <= now.toISOString();
    // A stale index entry (cancelled, already asked, or an end moved later) is re-indexed from the item as it is.
    // Written only if unchanged since read: a change meanwhile is left for the next run (the emails' keys keep them once-only).
    const store = (next: Solution) =>
      save(deps, next, s.version).then(
        () => true,
        (err: unknown) => {
          if (err instanceof ConflictError) return false;
          throw err;
        },
      );
    if (s.status !== "active" || s.feedbackAskedAt || !ended) {
      await store(s);
      continue;
    }
    if (!broker || broker.status === "declined") {
      await store({ ...s, status: "cancelled", cancelledReason: "The match was declined or cleared." });
      continue;
    }
    await ask(deps, s);
    if (!(await store({ ...s, feedbackAskedAt: now.toISOString() }))) continue;
    await Audit.record(deps, {
      scope: Audit.cycleScope(s.cycleId),
      actor: Audit.systemActor("schedule"),
      action: "impact.feedback.asked",
      entity: { type: "solution", id: s.needId, version: s.version },
      authority: s.authority,
      summary: `Asked ${s.authority} for feedback on ${s.provider}'s support, which ended on ${s.endsOn}`,
    });
    asked++;
  }
  return { asked };
}

async function ask(deps: Deps, s: Solution) {
  const [receiving, offering] = await Promise.all([
    Region.authority(deps, s.authority),
    Region.authority(deps, s.provider),
  ]);
  const people = (await People.listByAuthority(deps, s.authority)).filter(
    (p) => p.roles.includes("dcs") || p.roles.includes("officer"),
  );
  for (const person of people) {
    const { address } = await Replies.issue(deps, {
      purpose: REPLY_PURPOSE,
      subject: `${s.regionId}|${s.cycleId}|${s.needId}`,
      cycleId: s.cycleId,
      regionId: s.regionId,
      personId: person.id,
      authority: s.authority,
      expiresAt: expiry(s),
      id: Replies.handleIdFor(`impact-${s.regionId}-${s.cycleId}-${s.needId}`, person.id),
    });
    await Mail.enqueue(deps, {
      key: { cycleId: s.cycleId, step: "impact", recipient: person.email, purpose: `feedback-${s.needId}-${s.endsOn}` },
      to: person.email,
      replyTo: address,
      regionId: s.regionId,
      guard: {
        cycleId: s.cycleId,
        step: "impact",
        authority: s.authority,
        kind: "solution-ended",
        solution: { regionId: s.regionId, needId: s.needId },
      },
      message: Emails.render("feedbackRequest", {
        name: person.name,
        receiving: receiving.name,
        offering: offering.name,
        offer: s.offer,
        endedOn: s.endsOn,
        link: await solutionLink(deps, s, person),
      }),
    });
  }
}

export const FeedbackInput = z.object({
  useful: z.int().check(z.minimum(1), z.maximum(5)),
  changed: z.string().check(z.maxLength(5000)),
  recommend: z.boolean(),
});

/** Record (or replace) one person's feedback on a solution that has ended. Only the receiving LA's people answer. */
export async function recordFeedback(
  deps: Pick<Deps, "store" | "clock">,
  input: {
    regionId: string;
    cycleId: string;
    needId: string;
    person: People.Person;
    feedback: { useful?: number; changed: string; recommend?: boolean };
    via: Feedback["via"];
  },
) {
  const s = await get(deps, input.regionId, input.cycleId, input.needId);
  if (!s) throw new NotFoundError("There is no such solution.");
  if (input.person.authority !== s.authority)
    throw new ValidationError("Only the LA that received the support gives feedback on it.");
  const issues = [
    ...(input.feedback.useful === undefined ||
    !Number.isInteger(input.feedback.useful) ||
    input.feedback.useful < 1 ||
    input.feedback.useful > 5
      ? [{ path: "useful", message: "Choose how useful the support was, from 1 to 5" }]
      : []),
    ...(input.feedback.changed.trim().length < 3
      ? [{ path: "changed", message: "Say what changed (at least a few words)" }]
      : []),
    ...(input.feedback.recommend === undefined
      ? [{ path: "recommend", message: "Say whether you would recommend this support" }]
      : []),
  ];
  if (issues.length) throw new ValidationError("Check your feedback.", issues);
  const entry: Feedback = {
    personId: input.person.id,
    useful: input.feedback.useful!,
    changed: input.feedback.changed.trim().slice(0, 5000),
    recommend: input.feedback.recommend!,
    via: input.via,
    at: deps.clock.now().toISOString(),
  };
  const next = withDue<Solution>({
    ...s,
    feedback: [...s.feedback.filter((f) => f.personId !== entry.personId), entry],
    version: s.version + 1,
  });
  await save(deps, next, s.version);
  await Audit.record(deps, {
    scope: Audit.cycleScope(s.cycleId),
    actor: { kind: "person", id: input.person.id, name: input.person.name },
    action: "impact.feedback",
    entity: { type: "solution", id: s.needId, version: next.version },
    authority: s.authority,
    summary: `Feedback on ${s.provider}'s support (${input.via}): useful ${entry.useful}/5, ${entry.recommend ? "would" : "would not"} recommend`,
  });
  return next;
}

/** Read a reply: "Useful: 4", "What changed: …", "Recommend: yes" (headings in any order; a lone 1–5 counts as useful). */
export function feedbackFromText(text: string): { useful?: number; changed: string; recommend?: boolean } {
  const lines = text.split(/\r?\n/);
  const field = (re: RegExp) => {
    const i = lines.findIndex((l) => re.test(l));
    if (i < 0) return undefined;
    const rest = lines[i]!.replace(re, "").trim();
    const more: string[] = [];
    for (let k = i + 1; k < lines.length && !/^\s*(useful|what changed|recommend)\b/i.test(lines[k]!); k++)
      more.push(lines[k]!);
    return [rest, ...more].join("\n").trim();
  };
  const usefulText = field(/^\s*useful\s*[:\-–]?\s*/i) ?? /^\s*([1-5])\b/.exec(text)?.[1];
  const n = usefulText ? /\b([1-5])\b/.exec(usefulText)?.[1] : undefined;
  const rec = field(/^\s*recommend\s*[:\-–]?\s*/i);
  const recommend =
    rec === undefined
      ? undefined
      : /^(yes|y|yeah|definitely|i would)\b/i.test(rec)
        ? true
        : /^(no|n|not)\b/i.test(rec)
          ? false
          : undefined;
  const changed = field(/^\s*what changed\s*[:\-–]?\s*/i) ?? "";
  return { ...(n ? { useful: Number(n) } : {}), changed, ...(recommend !== undefined ? { recommend } : {}) };
}

/** A reply to a feedback request: recorded when it says how useful, what changed and whether to recommend. */
export async function recordReply(
  deps: Pick<Deps, "store" | "clock">,
  handle: Replies.ReplyHandle,
  input: { from: string; text: string },
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const [regionId, cycleId, needId] = handle.subject.split("|") as [string, string, string];
  const handlePerson = await People.get(deps, handle.personId).catch(() => undefined);
  const person =
    handlePerson && handlePerson.email.toLowerCase() === input.from.toLowerCase()
      ? handlePerson
      : (await People.listByAuthority(deps, handle.authority)).find(
          (p) => p.email.toLowerCase() === input.from.toLowerCase(),
        );
  if (!person) return { ok: false, reason: "only the LA that received the support can give feedback on it" };
  try {
    await recordFeedback(deps, {
      regionId,
      cycleId,
      needId,
      person,
      feedback: feedbackFromText(input.text),
      via: "email",
    });
    return { ok: true };
  } catch (err) {
    if (err instanceof ValidationError)
      return { ok: false, reason: err.issues.map((i) => i.message.toLowerCase()).join("; ") || err.message };
    throw err;
  }
}
