/**
 * Reviews reach the reviewed LA: when every reviewer asked has submitted (or the step closes with some missing),
 * its officers and DCS get one email with a personal link to read its reviews — their own LA's only — and add a
 * short response to each. Told from the review's submission (Work.whenSubmitted) and from the scheduled step
 * (`runDue`), which also covers reviews completed on paths that do not call back, and the step's close. The mail
 * ledger key is the same from every path, so each person is emailed once per LA and step.
 */
import * as Assignments from "./assignments";
import { reviewsOf, reviewsOfStep, type Reviewed } from "./reviews-read";
import { Audit } from "../audit";
import { Cycle } from "../cycle";
import { People, Region } from "../directory";
import { Emails, Mail, Replies, sendNow } from "../mail";
import { ForbiddenError, Keys, type Deps } from "../shared";

export const PURPOSE = "reviews-received";
const DAY = 86_400_000;
/** How long the reviewed LA's link works after the step closes. */
const LINK_DAYS = 365;
/** A step that closed longer ago than this is not announced by the scheduled step (old cycles stay quiet). */
const CLOSED_RECENTLY_DAYS = 30;

export const stepWords = (step: Assignments.ReviewStep) =>
  step === "peer-scrutiny" ? "peer scrutiny" : "peer challenge";

const subjectOf = (cycleId: string, step: Assignments.ReviewStep, reviewee: string) => `${cycleId}.${step}.${reviewee}`;

/** Who reads an LA's reviews: its officers and its DCS. */
export async function readersOf(deps: Pick<Deps, "store">, authority: string): Promise<People.Person[]> {
  return (await People.listByAuthority(deps, authority)).filter(
    (p) => p.roles.includes("officer") || p.roles.includes("dcs"),
  );
}

/** One person's link to their LA's reviews of a step (the same link every time it is asked for). */
export async function readerLink(
  deps: Pick<Deps, "store" | "config">,
  cycle: Cycle.Cycle,
  step: Assignments.ReviewStep,
  person: People.Person,
) {
  const subject = subjectOf(cycle.id, step, person.authority!);
  const { handle } = await Replies.issue(deps, {
    id: Replies.handleIdFor(`${PURPOSE}|${subject}`, person.id),
    purpose: PURPOSE,
    subject,
    cycleId: cycle.id,
    regionId: cycle.regionId,
    personId: person.id,
    authority: person.authority!,
    expiresAt: new Date(Date.parse(Cycle.closesAt(Cycle.phase(cycle, step))) + LINK_DAYS * DAY),
  });
  const token = Replies.tokenOf(deps, handle.id);
  return { token, href: `${deps.config.baseUrl}/r/${token}/reviews` };
}

export interface ReaderSession {
  cycle: Cycle.Cycle;
  step: Assignments.ReviewStep;
  reviewee: Region.Authority;
  person: People.Person;
  token: string;
}

/** Open a reviewed LA's link: only for a person still listed for that LA. */
export async function openReader(deps: Deps, token: string): Promise<ReaderSession> {
  const resolved = await Replies.resolveToken(deps, token);
  if (!resolved.ok || resolved.handle.purpose !== PURPOSE)
    throw new ForbiddenError("This link is not valid or has expired. Contact your regional lead.");
  const { handle } = resolved;
  const [cycleId, step, reviewee, ...rest] = handle.subject.split(".");
  const parsed = Assignments.ReviewStep.safeParse(step);
  if (!cycleId || !reviewee || !parsed.success || rest.length || reviewee !== handle.authority)
    throw new ForbiddenError("This link is not valid. Contact your regional lead.");
  const person = await People.get(deps, handle.personId).catch(() => undefined);
  if (person?.authority !== reviewee)
    throw new ForbiddenError("This link is for someone no longer listed for this local authority.");
  const [cycle, la] = await Promise.all([Cycle.get(deps, cycleId), Region.authority(deps, reviewee)]);
  return { cycle, step: parsed.data, reviewee: la, person, token };
}

/**
 * Email a reviewed LA's officers and DCS that its reviews can be read (once each, whichever path asks first).
 * Nothing while no review is in. Returns how many emails were newly queued.
 */
export async function tellReviewee(deps: Deps, cycle: Cycle.Cycle, reviewed: Reviewed, now = false): Promise<number> {
  if (!reviewed.submitted) return 0;
  const la = await Region.authority(deps, reviewed.reviewee);
  const words = stepWords(reviewed.step);
  let told = 0;
  for (const person of await readersOf(deps, reviewed.reviewee)) {
    const key = { cycleId: cycle.id, step: reviewed.step, recipient: person.email, purpose: `${PURPOSE}:${la.code}` };
    // Already in the ledger: the scheduled step asks every run while the step is open, so write nothing again.
    if (await deps.store.get(Mail.mailKey(Mail.mailId(key)))) continue;
    const { href } = await readerLink(deps, cycle, reviewed.step, person);
    const input = {
      key,
      to: person.email,
      regionId: cycle.regionId,
      message: Emails.render("reviewsReady", {
        name: person.name,
        reviewee: la.name,
        step: words,
        submitted: reviewed.submitted,
        requested: reviewed.requested,
        readLink: href,
      }),
    };
    const { created } = now ? await sendNow(deps, input) : await Mail.enqueue(deps, input);
    if (created) told++;
  }
  if (told)
    await Audit.record(deps, {
      scope: Audit.cycleScope(cycle.id),
      actor: Audit.systemActor("review"),
      action: "reviews.sent-to-reviewee",
      entity: { type: "reviews", id: `${cycle.id}/${reviewed.step}/${la.code}` },
      authority: la.code,
      summary: `Told ${told} ${told === 1 ? "person" : "people"} at ${la.name} that ${reviewed.submitted} of ${reviewed.requested} ${words} reviews can be read`,
    });
  return told;
}

/**
 * After a review response is submitted: when it was its reviewee's last one missing, tell the reviewee. The
 * review is already saved, so a failure here is logged (the scheduled step tells them later), not thrown.
 */
export async function afterReviewSubmitted(deps: Deps, sub: { cycleId: string; authority: string }) {
  try {
    const [, reviewee, step] = sub.authority.split("~");
    const parsed = Assignments.ReviewStep.safeParse(step);
    if (!reviewee || !parsed.success) return 0;
    const reviewed = await reviewsOf(deps, { cycleId: sub.cycleId, step: parsed.data, reviewee });
    if (!reviewed.complete) return 0;
    return await tellReviewee(deps, await Cycle.get(deps, sub.cycleId), reviewed, true);
  } catch (err) {
    deps.log.error({ err, authority: sub.authority }, "reviewed LA not told");
    return 0;
  }
}

/**
 * The scheduled step: in every region's current cycle, tell reviewed LAs whose reviews are all in (open steps),
 * and — once, when a review step has closed — every reviewed LA with at least one review in.
 */
export async function runDue(deps: Deps): Promise<{ told: number }> {
  const now = deps.clock.now().getTime();
  let told = 0;
  for (const region of await Region.list(deps)) {
    const cycle = (await Cycle.listForRegion(deps, region.id))[0];
    if (!cycle) continue;
    for (const step of Assignments.ReviewStep.options) {
      const phase = Cycle.phase(cycle, step);
      const closedAt = Date.parse(Cycle.closesAt(phase));
      const closed = phase.state === "closed" || closedAt <= now;
      if (phase.state === "scheduled" && !closed) continue;
      if (closed && closedAt < now - CLOSED_RECENTLY_DAYS * DAY) continue;
      const marker = Keys.reviewNotices(cycle.id, step);
      if (closed && (await deps.store.get(marker))) continue;
      for (const reviewed of (await reviewsOfStep(deps, cycle.id, step)).values())
        if (closed || reviewed.complete) told += await tellReviewee(deps, cycle, reviewed);
      if (closed) await deps.store.put({ ...marker, kind: "review-notices", at: new Date(now).toISOString() });
    }
  }
  return { told };
}
