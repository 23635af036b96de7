/** The peer-review assignments page's view model: each LA's reviewers and reserves. */
import { Access, Assignments, Cycle, Region, Review, ReviewsRead, type Deps } from "@riia/core";
import { csrfToken } from "../middleware/csrf";
import { escapeHtml, STEP_LABELS, tag } from "./labels";

export async function assignmentsModel(
  deps: Deps,
  who: Access.Principal,
  cycleId: string,
  step: Assignments.ReviewStep,
  session: string,
) {
  const cycle = await Cycle.get(deps, cycleId);
  Access.require(who, "read-region", { regionId: cycle.regionId });
  const [region, las, list] = await Promise.all([
    Region.get(deps, cycle.regionId),
    Region.authorities(deps, cycle.regionId),
    Assignments.listForStep(deps, cycleId, step),
  ]);
  // A reviewer who has submitted their review shows as submitted, not as merely accepted.
  const reviewed = await ReviewsRead.reviewsOfStep(deps, cycleId, step);
  const submitted = new Set(
    [...reviewed.values()].flatMap((r) => r.reviews.filter((x) => x.submitted).map((x) => x.assignment.id)),
  );
  // Reviewers a lead asked from another region (exchange/reviewers.ts) are named with that said.
  const crossNames = new Map(
    await Promise.all(
      list
        .filter((a) => a.crossRegion)
        .map(async (a) => [a.reviewer, `${(await Region.authority(deps, a.reviewer)).name} (another region)`] as const),
    ),
  );
  const name = (code: string) => las.find((l) => l.code === code)?.name ?? crossNames.get(code) ?? code;
  const held = new Set(list.filter((a) => a.rank === 0 && a.status === "proposed").map((a) => a.reviewee));
  const ready = await Review.workIn(deps, cycleId, step);
  return {
    /** LAs whose reviewers wait to be asked until their own work is in. */
    waiting: [...held]
      .filter((code) => !ready.has(code))
      .map(name)
      .sort(),
    title: `${STEP_LABELS[step]} assignments`,
    regionName: region.name,
    boardHref: `/lead/cycles/${cycleId}`,
    base: `/lead/cycles/${cycleId}/assignments/${step}`,
    otherRegionAction: `/lead/cycles/${cycleId}/other-region-reviewer/${step}`,
    csrf: csrfToken(deps, "session", session),
    canManage: Access.can(who, "manage-region", { regionId: cycle.regionId }),
    laItems: las.map((l) => ({ value: l.code, text: l.name })),
    rows: las.map((la) => {
      const mine = list.filter((a) => a.reviewee === la.code);
      return [
        { text: la.name },
        {
          html:
            mine
              .filter((a) => a.rank === 0 || a.status === "sent" || a.status === "accepted")
              .map((a) => `${escapeHtml(name(a.reviewer))} ${tag(submitted.has(a.id) ? "submitted" : a.status)}`)
              .join("<br>") || "–",
        },
        {
          text:
            mine
              .filter((a) => a.rank > 0 && a.status === "proposed")
              .map((a) => name(a.reviewer))
              .join(", ") || "–",
        },
      ];
    }),
  };
}
