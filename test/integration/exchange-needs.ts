/** The need a national coordinator's cross-region group is about, in both regions the exchange tests seed. */
import { Support, type Audit, type Deps } from "@riia/core";

/** Workforce as a need of Leicester (East Midlands) and Dudley (West Midlands): the group's page offers LAs with it. */
export async function addWorkforceNeedInBothMidlands(deps: Deps, actor: Audit.Actor) {
  for (const [cycleId, authority] of [
    ["east-midlands-2026", "E06000016"],
    ["west-midlands-2026", "E08000027"],
  ] as const)
    await Support.addNeed(deps, {
      cycleId,
      authority,
      theme: "workforce",
      description: "Keeping experienced social workers",
      source: "annual-conversation",
      actor,
    });
}
