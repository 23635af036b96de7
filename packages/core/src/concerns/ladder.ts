/** A concern's life after it opens: the DCS's response, the lead's review, the climb up the MoU ladder, closing. */
import { Audit } from "../audit";
import { DatasetStore } from "../dataset";
import { People, Region } from "../directory";
import { Emails, Mail, type Replies } from "../mail";
import { StateError, ValidationError, type Deps } from "../shared";
import { audit, get, requireOpen, save, sendNow, ROLE_LABELS, DUE_CONCERN, type Concern } from "./concern";

const text = (s: string, what: string) => {
  const t = s.trim();
  if (t.length < 3) throw new ValidationError(`Enter ${what}.`, [{ path: "text", message: `Enter ${what}` }]);
  return t.slice(0, 10_000);
};

/** The DCS (or a colleague) responds, on the page or by replying to the email. */
export async function respond(
  deps: Pick<Deps, "store" | "clock">,
  input: { regionId: string; id: string; text: string; by: string; via: "page" | "email"; actor: Audit.Actor },
) {
  const c = requireOpen(await get(deps, input.regionId, input.id));
  const at = deps.clock.now().toISOString();
  const response = { text: text(input.text, "your response"), by: input.by, at, via: input.via };
  const next: Concern = {
    ...c,
    status: "responded",
    response,
    history: [
      ...c.history,
      { at, action: "responded", by: input.by, note: input.via === "email" ? "by email" : "on the page" },
    ],
  };
  const saved = await save(deps, next, await DatasetStore.settings(deps, c.regionId));
  await audit(
    deps,
    saved,
    input.actor,
    "responded",
    `${c.authorityName} responded to the concern (${input.via === "email" ? "by email" : "on the page"})`,
  );
  return saved;
}

/** Who presses "Escalate now" (or does not accept a response): the ladder goes above them, never back to them. */
export interface Escalator {
  roles: readonly string[];
  email?: string;
}

/**
 * The rung an escalation goes to: the next one up, skipping any rung whose role the person escalating holds (a
 * regional lead escalating a concern still with the DCS reaches the DfE adviser, not themself). Undefined at the top.
 */
export async function nextRung(deps: Pick<Deps, "store">, c: Concern, by?: Escalator) {
  const s = await DatasetStore.settings(deps, c.regionId);
  let level = c.level + 1;
  while (by && s.ladder[level] && by.roles.includes(s.ladder[level]!.role)) level++;
  const rung = s.ladder[level];
  if (!rung) return undefined;
  const people = (await People.listRegional(deps, c.regionId)).filter(
    (p) => p.roles.includes(rung.role as People.Person["roles"][number]) && p.email !== by?.email,
  );
  return { level, rung, label: ROLE_LABELS[rung.role], people, settings: s };
}

/** Tell the people of the next rung (above whoever escalates); the concern moves up to it. */
export async function escalate(deps: Deps, c: Concern, reason: string, actor: Audit.Actor, by?: Escalator) {
  const up = await nextRung(deps, c, by);
  if (!up) throw new StateError("This concern is already with the top of the ladder.");
  const { rung, people, settings: s } = up;
  const region = await Region.get(deps, c.regionId);
  const queued: string[] = [];
  for (const person of people) {
    const { item } = await Mail.enqueue(deps, {
      key: {
        cycleId: `concern-${c.id}`,
        step: "concern",
        recipient: person.email,
        purpose: `escalated-${up.level}`,
      },
      to: person.email,
      regionId: c.regionId,
      message: Emails.render("concernEscalated", {
        name: person.name,
        role: ROLE_LABELS[rung.role],
        authority: c.authorityName,
        region: region.name,
        raisedOn: c.openedAt,
        reason,
        evidence: c.evidence,
        link: `${deps.config.baseUrl}/lead/concerns/${c.regionId}/${encodeURIComponent(c.id)}`,
      }),
    });
    queued.push(item.id);
  }
  await sendNow(deps, queued);
  const at = deps.clock.now().toISOString();
  const next: Concern = {
    ...c,
    status: "escalated",
    level: up.level,
    history: [
      ...c.history,
      { at, action: `escalated to the ${ROLE_LABELS[rung.role]}`, by: actor.name ?? actor.id, note: reason },
    ],
  };
  const saved = await save(deps, next, s);
  await audit(
    deps,
    saved,
    actor,
    "escalated",
    `Escalated the concern about ${c.authorityName} to the ${ROLE_LABELS[rung.role]}: ${reason}`,
  );
  return saved;
}

/** The lead accepts the response (the ladder stops), or does not (it climbs now). */
export async function review(
  deps: Deps,
  input: { regionId: string; id: string; accept: boolean; note: string; actor: Audit.Actor; by?: Escalator },
) {
  const c = requireOpen(await get(deps, input.regionId, input.id));
  if (!c.response) throw new StateError("There is no response to review yet.");
  if (!input.accept) {
    const why = text(input.note, "why the response is not accepted");
    return escalate(
      deps,
      { ...c, status: "escalated" },
      `The regional lead did not accept ${c.authorityName}'s response: ${why}`,
      input.actor,
      input.by,
    );
  }
  const at = deps.clock.now().toISOString();
  const next: Concern = {
    ...c,
    status: "accepted",
    history: [
      ...c.history,
      { at, action: "response accepted", by: input.actor.name ?? input.actor.id, note: input.note.trim() || undefined },
    ],
  };
  const saved = await save(deps, next, await DatasetStore.settings(deps, c.regionId));
  await audit(deps, saved, input.actor, "accepted", `Accepted ${c.authorityName}'s response to the concern`);
  return saved;
}

/** Close with an outcome (the lead). */
export async function close(
  deps: Pick<Deps, "store" | "clock">,
  input: { regionId: string; id: string; outcome: string; actor: Audit.Actor },
) {
  const c = requireOpen(await get(deps, input.regionId, input.id));
  const outcome = text(input.outcome, "the outcome");
  const at = deps.clock.now().toISOString();
  const next: Concern = {
    ...c,
    status: "closed",
    outcome,
    history: [...c.history, { at, action: "closed", by: input.actor.name ?? input.actor.id, note: outcome }],
  };
  const saved = await save(deps, next, await DatasetStore.settings(deps, c.regionId));
  await audit(deps, saved, input.actor, "closed", `Closed the concern about ${c.authorityName}: ${outcome}`);
  return saved;
}

/** The scheduled step: climb the ladder for every concern whose response is overdue. */
export async function runDue(deps: Deps, now: Date) {
  const { items } = await deps.store.query<Concern>({
    index: "gsi2",
    pk: DUE_CONCERN,
    sk: { le: `${now.toISOString()}#~` },
    limit: 100,
  });
  let escalated = 0;
  for (const stale of items) {
    const c = await get(deps, stale.regionId, stale.id);
    if (c.status !== "awaiting-response" && c.status !== "escalated") continue;
    const reason =
      c.level === 0
        ? `${c.authorityName}'s director of children's services has not responded; the response was due on ${c.respondBy.slice(0, 10)}.`
        : "There has still been no response from the local authority.";
    await escalate(deps, c, reason, Audit.systemActor("concern-ladder"));
    escalated++;
  }
  return { due: items.length, escalated };
}

/** A reply to the concern email (the inbound router calls this for reply handles with purpose "concern"). */
export async function recordReply(
  deps: Pick<Deps, "store" | "clock">,
  handle: Replies.ReplyHandle,
  reply: { from: string; text: string },
) {
  const [regionId, id] = handle.subject.split("|") as [string, string];
  const c = await get(deps, regionId, id);
  if (c.status === "closed") return c; // a late reply to a closed concern is kept in the inbound record only
  return respond(deps, {
    regionId,
    id,
    text: reply.text,
    by: reply.from,
    via: "email",
    actor: { kind: "person", id: handle.personId, name: reply.from },
  });
}
