/**
 * The page where a lead asks a reviewer from another region for one of their LAs: who may be asked (willing, not
 * conflicted, fewest cross-region reviews first), what happens when they confirm, and the reason the audit keeps.
 */
import { type Assignments, Cycle, Exchange, People, Region, type Deps } from "@riia/core";
import { csrfToken } from "../middleware/csrf";
import { STEP_LABELS } from "./labels";

export const otherRegionPath = (cycleId: string, step: string) =>
  `/lead/cycles/${cycleId}/other-region-reviewer/${step}`;

export async function otherRegionModel(
  deps: Deps,
  input: { cycleId: string; step: Assignments.ReviewStep; reviewee: string; session: string },
) {
  const cycle = await Cycle.get(deps, input.cycleId);
  const [candidates, reviewee, region] = await Promise.all([
    Exchange.crossCandidates(deps, input),
    Region.authority(deps, input.reviewee),
    Region.get(deps, cycle.regionId),
  ]);
  const regions = [...new Set(candidates.map((c) => c.regionId))];
  const leads = (await Promise.all(regions.map((r) => People.listRegional(deps, r))))
    .flat()
    .filter((p) => p.roles.includes("regional-lead"));
  const label = STEP_LABELS[input.step].toLowerCase();
  return {
    title: `Ask a reviewer from another region to review ${reviewee.name}`,
    caption: `${region.name}: ${STEP_LABELS[input.step]}`,
    reviewee: input.reviewee,
    action: otherRegionPath(cycle.id, input.step),
    cancelHref: `/lead/cycles/${cycle.id}/assignments/${input.step}`,
    csrf: csrfToken(deps, "session", input.session),
    what: [
      `The reviewer you choose is added to ${reviewee.name}'s reviewers for ${label}; the region's own reviewers stay as they are.`,
      "They are sent the same assignment email as your region's reviewers (accept and decline links, the work, the form, and an address to reply to) and can answer by replying to it.",
      "Their region's regional lead is emailed to say so, and it is recorded in both regions' audit with your reason.",
    ],
    leads: leads.map((p) => `${p.name} (${p.email})`),
    items: candidates.map((c) => ({
      value: c.person.id,
      text: `${c.person.name}, ${c.authorityName} (${c.regionName})`,
      hint: {
        text: `${c.person.email} · ${c.crossReviews} cross-region review${c.crossReviews === 1 ? "" : "s"} already asked`,
      },
    })),
  };
}
