/**
 * A reviewer from another region, when a lead chooses (for independence, or where the region lacks a theme's
 * expertise). The region's solve stays as it is — it needs every LA to give and receive the same number of reviews —
 * and the lead adds, for one reviewed LA, one reviewer from another region's directory: someone listed as a reviewer
 * there, not conflicted with the reviewed LA under the solver's own rules (never itself, no declared conflict in
 * either region, never both ways round), fewest cross-region reviews first. The reviewer is asked by the same
 * assignment email as the others and answers the same way; their region's leads are told; both regions audit it.
 */
import { Assignments, Review } from "../peer-review";
import { Matching } from "../solver";
import { Audit } from "../audit";
import { Cycle } from "../cycle";
import { People, Region } from "../directory";
import { Emails, sendNow } from "../mail";
import { ConditionFailedError, Keys, queryAll, StateError, ValidationError, type Deps } from "../shared";

export interface CrossCandidate {
  person: People.Person;
  authority: string;
  authorityName: string;
  regionId: string;
  regionName: string;
  /** Cross-region reviews this person has been asked for and not declined (the balance: fewest first). */
  crossReviews: number;
}

/** Every review asked of another region's reviewer, nationally (one query). */
export const crossRegionReviews = (deps: Pick<Deps, "store">) =>
  queryAll<Assignments.Assignment>(deps.store, { index: "gsi1", pk: Keys.crossRegionReviews() });

const live = (a: Assignments.Assignment) => a.status !== "declined" && a.status !== "replaced";
const word = (step: Assignments.ReviewStep) => (step === "peer-scrutiny" ? "peer scrutiny" : "peer challenge");

/**
 * The solver's rules for `reviewer` reviewing `reviewee`: the reviewed region's pool with the reviewer's LA added,
 * both regions' declared conflicts, and the pairs already live between the two LAs in either region.
 */
function ruleProblems(
  input: { reviewee: string; reviewer: string },
  context: { pool: string[]; conflicts: [string, string][]; existing: Assignments.Assignment[] },
) {
  const two = new Set([input.reviewee, input.reviewer]);
  const pairs: [string, string][] = context.existing
    .filter((a) => a.rank === 0 && live(a) && two.has(a.reviewer) && two.has(a.reviewee))
    .map((a) => [a.reviewer, a.reviewee]);
  pairs.push([input.reviewer, input.reviewee]);
  const inst: Matching.AssignmentInstance = {
    authorities: [...context.pool, input.reviewer],
    k: 1,
    conflicts: context.conflicts,
  };
  return Matching.violations(inst, pairs);
}

/** Willing reviewers in other regions who may review `reviewee` for this cycle's step, fewest cross-region reviews first. */
export async function crossCandidates(
  deps: Pick<Deps, "store">,
  input: { cycleId: string; step: Assignments.ReviewStep; reviewee: string },
): Promise<CrossCandidate[]> {
  const cycle = await Cycle.get(deps, input.cycleId);
  const [regions, pool, own, cross] = await Promise.all([
    Region.list(deps),
    Region.authorities(deps, cycle.regionId),
    Assignments.listForStep(deps, cycle.id, input.step),
    crossRegionReviews(deps),
  ]);
  if (!pool.some((l) => l.code === input.reviewee))
    throw new ValidationError("That local authority is not in this region.", [
      { path: "reviewee", message: "Choose a local authority in your region" },
    ]);
  const asked = new Map<string, number>();
  const declinedBy = new Set<string>();
  for (const a of cross) {
    if (!a.crossRegion) continue;
    if (live(a)) asked.set(a.crossRegion.personId, (asked.get(a.crossRegion.personId) ?? 0) + 1);
    else declinedBy.add(`${a.crossRegion.personId}|${a.cycleId}|${a.reviewee}`);
  }
  const home = regions.find((r) => r.id === cycle.regionId)!;
  const sameStep = cross.filter((a) => a.step === input.step && a.cycleId.endsWith(`-${cycle.year}`));
  const out: CrossCandidate[] = [];
  for (const region of regions.filter((r) => r.id !== cycle.regionId)) {
    const [people, las] = await Promise.all([
      People.listByRegion(deps, region.id),
      Region.authorities(deps, region.id),
    ]);
    const context = {
      pool: pool.map((l) => l.code),
      conflicts: [...(home.settings.conflicts ?? []), ...(region.settings.conflicts ?? [])],
      existing: [...own, ...sameStep],
    };
    for (const person of people) {
      if (!person.authority || !person.roles.includes("reviewer")) continue;
      // Someone who declined this very review is not asked again.
      if (declinedBy.has(`${person.id}|${cycle.id}|${input.reviewee}`)) continue;
      if (ruleProblems({ reviewee: input.reviewee, reviewer: person.authority }, context).length) continue;
      out.push({
        person,
        authority: person.authority,
        authorityName: las.find((l) => l.code === person.authority)?.name ?? person.authority,
        regionId: region.id,
        regionName: region.name,
        crossReviews: asked.get(person.id) ?? 0,
      });
    }
  }
  return out.sort(
    (a, b) =>
      a.crossReviews - b.crossReviews ||
      a.regionName.localeCompare(b.regionName) ||
      a.person.name.localeCompare(b.person.name),
  );
}

/** The assignment item for a reviewer from another region: sent at once, and on the national list (gsi1). */
function crossItem(
  cycle: Cycle.Cycle,
  input: {
    step: Assignments.ReviewStep;
    reviewee: string;
    chosen: CrossCandidate;
    crossRegion: Assignments.CrossRegion;
  },
) {
  const id = Assignments.assignmentId(cycle.id, input.step, input.reviewee, input.chosen.authority);
  return {
    ...Assignments.assignmentKey(id),
    gsi1pk: Keys.crossRegionReviews(),
    gsi1sk: `${input.crossRegion.at}#${id}`,
    kind: "assignment" as const,
    id,
    cycleId: cycle.id,
    regionId: cycle.regionId,
    step: input.step,
    reviewee: input.reviewee,
    reviewer: input.chosen.authority,
    rank: 0,
    status: "sent" as const,
    replies: {},
    crossRegion: input.crossRegion,
    version: 1,
  } satisfies Assignments.Assignment;
}

/**
 * The lead adds a reviewer from another region for one reviewed LA: checked again against the rules, stored as a sent
 * assignment, the reviewer emailed (accept/decline links, a reply address), the other region's leads told, and the
 * act audited in both regions' cycles with the lead's reason.
 */
export async function assignFromOtherRegion(
  deps: Deps,
  input: {
    cycleId: string;
    step: Assignments.ReviewStep;
    reviewee: string;
    personId: string;
    reason: string;
    actor: Audit.Actor;
    /** The asking lead's address: the other region's leads' replies go to them. */
    replyTo?: string;
  },
) {
  const reason = input.reason.trim();
  if (reason.length < 3)
    throw new ValidationError("Say why you want a reviewer from another region.", [
      { path: "reason", message: "Enter a reason (at least 3 characters)" },
    ]);
  const cycle = await Cycle.get(deps, input.cycleId);
  if (Cycle.phase(cycle, input.step).state !== "open")
    throw new StateError(`A reviewer can be asked once ${word(input.step)} is open.`);
  const chosen = (await crossCandidates(deps, input)).find((c) => c.person.id === input.personId);
  if (!chosen)
    throw new ValidationError("Choose one of the reviewers listed.", [
      { path: "person", message: "Choose a reviewer from another region who may review this local authority" },
    ]);
  const at = deps.clock.now().toISOString();
  const a = crossItem(cycle, {
    ...input,
    chosen,
    crossRegion: { regionId: chosen.regionId, personId: chosen.person.id, reason, by: input.actor.id, at },
  });
  try {
    await deps.store.put(a, { condition: { op: "notExists" } });
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    throw new StateError(`${chosen.authorityName} already has an assignment for this local authority.`);
  }
  await Review.sendOne(deps, cycle, a);
  const told = await tellOtherLeads(deps, cycle, a, chosen, input.replyTo);
  const reviewee = await Region.authority(deps, input.reviewee);
  const summary = `Asked ${chosen.person.name} (${chosen.authorityName}, ${chosen.regionName}) to review ${reviewee.name} (${word(input.step)}) from another region: ${reason}`;
  for (const scope of [cycle.id, Cycle.cycleId(chosen.regionId, cycle.year)])
    await Audit.record(deps, {
      scope: Audit.cycleScope(scope),
      actor: input.actor,
      action: "exchange.reviewer-assigned",
      entity: { type: "assignment", id: a.id, version: a.version },
      authority: scope === cycle.id ? input.reviewee : chosen.authority,
      summary,
    });
  return { assignment: a, chosen, told };
}

async function tellOtherLeads(
  deps: Deps,
  cycle: Cycle.Cycle,
  a: Assignments.Assignment,
  chosen: CrossCandidate,
  replyTo: string | undefined,
) {
  const [home, reviewee, leads] = await Promise.all([
    Region.get(deps, cycle.regionId),
    Region.authority(deps, a.reviewee),
    People.listRegional(deps, chosen.regionId),
  ]);
  const told = leads.filter((p) => p.roles.includes("regional-lead"));
  for (const lead of told)
    await sendNow(deps, {
      key: { cycleId: cycle.id, step: a.step, recipient: lead.email, purpose: `exchange-reviewer:${a.id}` },
      to: lead.email,
      ...(replyTo ? { replyTo } : {}),
      // The email names the reviewer: erasure finds it by their address.
      naming: [chosen.person.email],
      regionId: chosen.regionId,
      message: Emails.render("exchangeReviewer", {
        name: lead.name,
        reviewer: chosen.person.name,
        reviewerAuthority: chosen.authorityName,
        fromRegion: home.name,
        reviewee: reviewee.name,
        step: word(a.step),
      }),
    });
  return told;
}
