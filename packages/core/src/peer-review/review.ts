/**
 * Peer review (steps 2 and 4): proposing assignments with the solver, the lead's swaps, sending
 * them with accept/decline links and a reply address, and replacing a reviewer who declines with
 * the best valid reserve.
 */
import * as Assignments from "./assignments";
import { Audit } from "../audit";
import { Cycle, Tasks } from "../cycle";
import { Emails, Mail, Replies } from "../mail";
import { ConditionFailedError, Keys, StateError, ValidationError, type Deps } from "../shared";
import { Matching } from "../solver";
import { People, Region } from "../directory";
import { Submission } from "../submissions";

const RESERVES = 2;
const STRONG = new Set(["outstanding", "good"]);
const WEAK = new Set(["requires-improvement", "inadequate"]);

/** Strength and development themes from the region's submitted self-evaluations. */
async function themesOf(deps: Pick<Deps, "store">, cycleId: string) {
  const strengths: Record<string, string[]> = {};
  const areas: Record<string, string[]> = {};
  for (const s of await Submission.listForCycle(deps, cycleId, "self-evaluation")) {
    if (s.status !== "submitted") continue;
    const themes = Array.isArray(s.answers.themes) ? (s.answers.themes as Record<string, unknown>[]) : [];
    strengths[s.authority] = themes.filter((t) => STRONG.has(String(t.rating))).map((t) => String(t.theme));
    areas[s.authority] = themes.filter((t) => WEAK.has(String(t.rating))).map((t) => String(t.theme));
    const offers = Array.isArray(s.answers.offers) ? (s.answers.offers as Record<string, unknown>[]) : [];
    strengths[s.authority]!.push(...offers.map((o) => String(o.theme)));
  }
  return { strengths, areas };
}

/** The instance the solver sees for a region's cycle and step. */
export async function instanceFor(
  deps: Pick<Deps, "store">,
  cycle: Cycle.Cycle,
  step: Assignments.ReviewStep,
): Promise<Matching.AssignmentInstance> {
  const region = await Region.get(deps, cycle.regionId);
  const las = await Region.authorities(deps, cycle.regionId);
  const previous = await Assignments.listForStep(deps, Cycle.cycleId(cycle.regionId, cycle.year - 1), step);
  return {
    authorities: las.map((l) => l.code),
    k: region.settings.reviewersPerLa,
    conflicts: region.settings.conflicts,
    lastYear: previous.filter((a) => a.rank === 0 || a.status === "accepted").map((a) => [a.reviewer, a.reviewee]),
    ...(await themesOf(deps, cycle.id)),
  };
}

const item = (
  cycle: Cycle.Cycle,
  step: Assignments.ReviewStep,
  reviewer: string,
  reviewee: string,
  rank: number,
  status: Assignments.Assignment["status"],
): Assignments.Assignment => {
  const id = Assignments.assignmentId(cycle.id, step, reviewee, reviewer);
  return {
    ...Assignments.assignmentKey(id),
    kind: "assignment",
    id,
    cycleId: cycle.id,
    regionId: cycle.regionId,
    step,
    reviewee,
    reviewer,
    rank,
    status,
    replies: {},
    version: 1,
  };
};

/** Solve and store proposed assignments and ranked reserves. Refused once any have been sent. */
export async function proposeAssignments(
  deps: Deps,
  input: { cycleId: string; step: Assignments.ReviewStep; actor: Audit.Actor },
) {
  const cycle = await Cycle.get(deps, input.cycleId);
  const existing = await Assignments.listForStep(deps, cycle.id, input.step);
  if (
    existing.some((a) => a.status !== "proposed" && a.status !== "replaced" && a.rank === 0) ||
    existing.some((a) => a.status === "sent")
  ) {
    throw new StateError("Assignments for this step have been sent; swap individual reviewers instead.");
  }
  const inst = await instanceFor(deps, cycle, input.step);
  const solution = await Matching.solveAssignment(inst);
  for (const a of existing) await deps.store.delete(Assignments.assignmentKey(a.id));
  const chosen = new Set(solution.pairs.map(([r, e]) => `${r}|${e}`));
  const items = solution.pairs.map(([r, e]) => item(cycle, input.step, r, e, 0, "proposed"));
  // Candidates and pair costs once for the pool, not once per LA or per comparison.
  const candidates = Matching.candidates(inst);
  const cost = Matching.costTable(inst);
  for (const e of inst.authorities) {
    const reserves = candidates
      .get(e)!
      .filter((r) => !chosen.has(`${r}|${e}`) && !chosen.has(`${e}|${r}`))
      .sort((a, b) => cost(a, e) - cost(b, e) || a.localeCompare(b))
      .slice(0, RESERVES);
    reserves.forEach((r, i) => items.push(item(cycle, input.step, r, e, i + 1, "proposed")));
  }
  await deps.store.batchPut(items);
  await Audit.record(deps, {
    scope: Audit.cycleScope(cycle.id),
    actor: input.actor,
    action: "assignments.proposed",
    entity: {
      type: "assignments",
      id: `${cycle.id}/${input.step}`,
      version: Date.parse(deps.clock.now().toISOString()),
    },
    summary: `Proposed ${solution.pairs.length} ${input.step} assignments (cost ${solution.cost}, optimal, ${Math.round(solution.ms)} ms)`,
  });
  return { pairs: solution.pairs, cost: solution.cost };
}

/** The lead swaps one proposed reviewer for another, keeping every rule. */
export async function swap(
  deps: Deps,
  input: {
    cycleId: string;
    step: Assignments.ReviewStep;
    reviewee: string;
    from: string;
    to: string;
    actor: Audit.Actor;
  },
) {
  const cycle = await Cycle.get(deps, input.cycleId);
  const all = await Assignments.listForStep(deps, cycle.id, input.step);
  const current = all.find((a) => a.reviewee === input.reviewee && a.reviewer === input.from && a.rank === 0);
  if (!current)
    throw new ValidationError("That reviewer is not assigned to that LA.", [
      { path: "from", message: "Choose one of the LA's current reviewers" },
    ]);
  if (current.status !== "proposed")
    throw new StateError(
      "This assignment has been sent; a swap now would confuse the reviewers. Ask the reviewer to decline instead.",
    );
  const inst = await instanceFor(deps, cycle, input.step);
  const pairs = all
    // A reviewer from another region is outside the region's solve (see exchange/reviewers.ts).
    .filter((a) => a.rank === 0 && a.id !== current.id && !a.crossRegion)
    .map((a) => [a.reviewer, a.reviewee] as [string, string]);
  pairs.push([input.to, input.reviewee]);
  const problems = Matching.violations(inst, pairs);
  if (!inst.authorities.includes(input.to)) problems.push(`${input.to} is not in this region`);
  if (problems.length)
    throw new ValidationError(
      "That swap breaks the rules.",
      problems.map((message) => ({ path: "to", message })),
    );
  await deps.store.delete(Assignments.assignmentKey(current.id));
  const reserve = all.find((a) => a.reviewee === input.reviewee && a.reviewer === input.to);
  if (reserve) await deps.store.delete(Assignments.assignmentKey(reserve.id));
  await deps.store.put(item(cycle, input.step, input.to, input.reviewee, 0, "proposed"));
  await Audit.record(deps, {
    scope: Audit.cycleScope(cycle.id),
    actor: input.actor,
    action: "assignment.swapped",
    entity: { type: "assignment", id: current.id, version: Date.parse(deps.clock.now().toISOString()) },
    authority: input.reviewee,
    summary: `Swapped the ${input.step} reviewer of ${input.reviewee}: ${input.from} → ${input.to}`,
  });
}

/** Who answers for a reviewing LA: its reviewers, or its DCS if it has listed none. */
export async function reviewersOf(deps: Pick<Deps, "store">, authority: string): Promise<People.Person[]> {
  const people = await People.listByAuthority(deps, authority);
  const reviewers = people.filter((p) => p.roles.includes("reviewer"));
  return reviewers.length ? reviewers : people.filter((p) => p.roles.includes("dcs"));
}

/**
 * What one reviewer needs to answer an assignment: the reply address (and its token, for the
 * accept/decline pages) and the response form's link. Deterministic, so every email about the
 * assignment — the request and its reminders — carries the same address and link.
 */
export async function reviewerContact(
  deps: Deps,
  cycle: Cycle.Cycle,
  a: Assignments.Assignment,
  person: People.Person,
) {
  const phase = Cycle.phase(cycle, a.step);
  const { handle, address } = await Replies.issue(deps, {
    id: Replies.handleIdFor(a.id, person.id),
    purpose: "assignment",
    subject: a.id,
    cycleId: cycle.id,
    regionId: cycle.regionId,
    personId: person.id,
    authority: a.reviewer,
    expiresAt: new Date(Date.parse(Cycle.closesAt(phase)) + 30 * 86_400_000),
  });
  const formHref = await Tasks.formLink(
    deps,
    cycle,
    "peer-challenge-response",
    a.reviewer,
    person,
    Cycle.closesAt(phase),
    `${a.reviewee}~${a.step}`,
  );
  const token = Replies.tokenOf(deps, handle.id);
  // The reviewee's submitted work, read-only, through this reviewer's own token (see work.ts).
  return { address, token, formHref, workHref: `${deps.config.baseUrl}/r/${token}/work` };
}

/** Email one assignment to the reviewing LA's reviewers, with accept/decline links and a reply address. */
export async function sendOne(deps: Deps, cycle: Cycle.Cycle, a: Assignments.Assignment) {
  const region = await Region.get(deps, cycle.regionId);
  const phase = Cycle.phase(cycle, a.step);
  const [reviewer, reviewee] = await Promise.all([
    Region.authority(deps, a.reviewer),
    Region.authority(deps, a.reviewee),
  ]);
  // A reviewer from another region: only the person the lead chose is asked, and their own region chases nothing.
  const people = a.crossRegion ? [await People.get(deps, a.crossRegion.personId)] : await reviewersOf(deps, a.reviewer);
  for (const person of people) {
    const { address, token, formHref, workHref } = await reviewerContact(deps, cycle, a, person);
    await Mail.enqueue(deps, {
      key: { cycleId: cycle.id, step: a.step, recipient: person.email, purpose: `assignment:${a.reviewee}` },
      to: person.email,
      replyTo: address,
      regionId: cycle.regionId,
      message: Emails.render("assignment", {
        name: person.name,
        reviewer: reviewer.name,
        reviewee: reviewee.name,
        step: a.step === "peer-scrutiny" ? "scrutiny" : "challenge",
        deadline: phase.deadline,
        acceptLink: `${deps.config.baseUrl}/r/${token}/accept`,
        declineLink: `${deps.config.baseUrl}/r/${token}/decline`,
        formLink: formHref,
        workLink: workHref,
      }),
    });
  }
  if (!a.crossRegion)
    await Tasks.ensureTask(deps, { cycle, step: a.step, authority: a.reviewer, settings: region.settings });
}

/** The work a review step reads: the self-evaluation for peer scrutiny, the development plan for peer challenge. */
export const WORK_OF_STEP = { "peer-scrutiny": "self-evaluation", "peer-challenge": "development-plan" } as const;

/** The review step that reads a form as its work, if any. */
export const stepReviewing = (form: Submission.FormKind) =>
  (Object.keys(WORK_OF_STEP) as Assignments.ReviewStep[]).find((s) => WORK_OF_STEP[s] === form);

/** The LAs whose work for `step` is in (submitted). */
export async function workIn(deps: Pick<Deps, "store">, cycleId: string, step: Assignments.ReviewStep) {
  const subs = await Submission.listForCycle(deps, cycleId, WORK_OF_STEP[step]);
  return new Set(subs.filter((s) => s.status === "submitted").map((s) => s.authority));
}

/**
 * Send the proposed assignments. With `onlyWorkIn` (the lead's page), only those of LAs whose work is in: the others
 * wait, and are sent when the LA's submission arrives (sendWaiting); the lead can still send every one at once.
 */
export async function sendAssignments(
  deps: Deps,
  input: { cycleId: string; step: Assignments.ReviewStep; actor: Audit.Actor; onlyWorkIn?: boolean },
) {
  const cycle = await Cycle.get(deps, input.cycleId);
  if (Cycle.phase(cycle, input.step).state !== "open")
    throw new StateError(`Assignments can be sent once ${Region.stepWords(input.step).toLowerCase()} is open.`);
  const all = await Assignments.listForStep(deps, cycle.id, input.step);
  const ready = input.onlyWorkIn ? await workIn(deps, cycle.id, input.step) : undefined;
  const chosen = all.filter(
    (a) => a.rank === 0 && (a.status === "proposed" || a.status === "sent") && (!ready || ready.has(a.reviewee)),
  );
  if (!all.some((a) => a.rank === 0 && (a.status === "proposed" || a.status === "sent")))
    throw new StateError("There are no proposed assignments to send.");
  // From now on an LA's reviewers are sent as its work arrives (send-waiting.ts), even if none is in yet.
  await deps.store.put({
    ...Keys.assignmentsSent(cycle.id, input.step),
    kind: "assignments-sent",
    at: deps.clock.now().toISOString(),
    by: input.actor.id,
  });
  for (const a of chosen) {
    if (a.status === "proposed") {
      await deps.store
        .update(
          Assignments.assignmentKey(a.id),
          { set: { status: "sent", version: a.version + 1 } },
          { condition: { op: "eq", attr: "status", value: "proposed" } },
        )
        .catch((err: unknown) => {
          if (!(err instanceof ConditionFailedError)) throw err;
        });
    }
    await sendOne(deps, cycle, a);
  }
  await Audit.record(deps, {
    scope: Audit.cycleScope(cycle.id),
    actor: input.actor,
    action: "assignments.sent",
    entity: { type: "assignments", id: `${cycle.id}/${input.step}`, version: chosen.length },
    summary: `Sent ${chosen.length} ${input.step} assignments`,
  });
  return chosen.length;
}

/**
 * After a decline: send the review to the best reserve that still keeps the rules (not already
 * reviewing that LA, and not reviewed by it). Once per declined assignment.
 */
export async function replaceDeclined(deps: Deps, declinedId: string): Promise<Assignments.Assignment | undefined> {
  const declined = await Assignments.get(deps, declinedId);
  if (declined.status !== "declined" || declined.rank !== 0 || declined.replacedBy) return undefined;
  const cycle = await Cycle.get(deps, declined.cycleId);
  const all = await Assignments.listForStep(deps, declined.cycleId, declined.step);
  const active = all.filter(
    (a) => a.rank === 0 && (a.status === "sent" || a.status === "accepted" || a.status === "proposed"),
  );
  const busy = new Set(active.filter((a) => a.reviewee === declined.reviewee).map((a) => a.reviewer));
  const reviewedBy = new Set(active.filter((a) => a.reviewer === declined.reviewee).map((a) => a.reviewee));
  // A reviewer from another region was added by hand, not drawn from the reserves: the leads choose again.
  const reserve = declined.crossRegion
    ? undefined
    : all
        .filter(
          (a) =>
            a.reviewee === declined.reviewee &&
            a.rank > 0 &&
            a.status === "proposed" &&
            a.reviewer !== declined.reviewer,
        )
        .sort((a, b) => a.rank - b.rank)
        .find((a) => !busy.has(a.reviewer) && !reviewedBy.has(a.reviewer));
  if (!reserve) {
    const leads = (await People.listRegional(deps, cycle.regionId)).filter((p) => p.roles.includes("regional-lead"));
    // Names, not codes: this goes to a person.
    const [region, reviewer, reviewee] = await Promise.all([
      Region.get(deps, cycle.regionId),
      Region.authority(deps, declined.reviewer),
      Region.authority(deps, declined.reviewee),
    ]);
    for (const lead of leads) {
      await Mail.enqueue(deps, {
        key: { cycleId: cycle.id, step: declined.step, recipient: lead.email, purpose: `no-reserve:${declined.id}` },
        to: lead.email,
        regionId: cycle.regionId,
        message: Emails.render("undeliverable", {
          name: lead.name,
          region: region.name,
          address: reviewee.name,
          purpose: `peer ${declined.step === "peer-scrutiny" ? "scrutiny" : "challenge"} review`,
          reason: `${reviewer.name} declined and no reserve reviewer is left; please choose one`,
        }),
      });
    }
    return undefined;
  }
  try {
    await deps.store.update(
      Assignments.assignmentKey(declined.id),
      { set: { replacedBy: reserve.id } },
      { condition: { op: "attrNotExists", attr: "replacedBy" } },
    );
  } catch (err) {
    if (err instanceof ConditionFailedError) return undefined; // another run already replaced it
    throw err;
  }
  const promoted = await deps.store.update<Assignments.Assignment>(Assignments.assignmentKey(reserve.id), {
    set: { rank: 0, status: "sent", version: reserve.version + 1 },
  });
  await sendOne(deps, cycle, promoted);
  await Audit.record(deps, {
    scope: Audit.cycleScope(cycle.id),
    actor: Audit.systemActor("review"),
    action: "assignment.replaced",
    entity: { type: "assignment", id: declined.id, version: declined.version },
    authority: declined.reviewee,
    summary: `${declined.reviewer} declined reviewing ${declined.reviewee}; sent to reserve ${reserve.reviewer}`,
  });
  return promoted;
}
