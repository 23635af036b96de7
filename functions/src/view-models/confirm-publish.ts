/** The confirmations of what reaches beyond the region's LAs: publishing the plan, and escalating a concern. */
import { type Access, ConcernLadder, Concerns, Cycle, Region, Support, type Deps } from "@riia/core";
import { base, named, plural, type ConfirmModel } from "./confirm";
import { govukDate } from "./dates";

/** The confirmation of publishing the plan: who receives it, and a reason when its step has not opened. */
export async function planConfirm(deps: Deps, cycleId: string, session: string): Promise<ConfirmModel> {
  const cycle = await Cycle.get(deps, cycleId);
  const [region, people, timing, versions, plan] = await Promise.all([
    Region.get(deps, cycle.regionId),
    Support.planRecipients(deps, cycle.regionId),
    Support.publishTiming(deps, cycleId),
    Support.publishedVersions(deps, cycleId),
    Support.buildPlan(deps, cycleId),
  ]);
  const brokered = plan.authorities.reduce((n, a) => n + a.receiving.length, 0);
  const page = `/lead/cycles/${cycleId}/plan`;
  return {
    ...base(deps, session, page, page),
    caption: region.name,
    hidden: [{ name: "action", value: "publish" }],
    title: `Publish version ${versions.length + 1} of the regional plan?`,
    what: [
      `It holds ${plural(plan.priorities.length, "common priority", "common priorities")} and ${plural(brokered, "brokered match", "brokered matches")}. Check the preview before you publish.`,
      ...(timing.inStep
        ? []
        : [
            `The regional plan step has not opened yet (it opens on ${govukDate(timing.opensAt)}). Publish now only with a reason.`,
          ]),
      ...(versions.length ? [`It supersedes version ${versions.length}, which stays readable.`] : []),
      `${plural(people.length, "person", "people")} are emailed a link to it.`,
    ],
    lists: [{ heading: "Emailed the plan", items: named(people), empty: "Nobody." }],
    ...(timing.inStep
      ? {}
      : {
          reason: {
            id: "reason",
            label: "Why publish before the step opens?",
            hint: "Kept in the audit trail",
            required: true,
          },
        }),
    ...(versions.length
      ? {
          note: {
            label: "What changed from the last version",
            hint: "Shown with the version and kept in the audit trail",
          },
        }
      : {}),
    confirmText: "Publish and email the plan",
    warning: true,
  };
}

/** The confirmation of escalating a concern: the rung above the person pressing, and who hears. */
export async function concernConfirm(
  deps: Deps,
  who: Extract<Access.Principal, { kind: "person" }>,
  regionId: string,
  id: string,
  action: "escalate" | "reject",
  session: string,
): Promise<ConfirmModel> {
  const concern = await Concerns.get(deps, regionId, id);
  const up = await ConcernLadder.nextRung(deps, concern, { roles: who.roles, email: who.email });
  const page = `/lead/concerns/${regionId}/${encodeURIComponent(id)}`;
  return {
    ...base(deps, session, page, page),
    caption: `Concern about ${concern.authorityName}`,
    hidden: [{ name: "action", value: action }],
    title: up ? `Escalate to the ${up.label}?` : "This concern is at the top of the ladder",
    what: up
      ? [
          `${action === "reject" ? "You do not accept the response, so the" : "The"} concern about ${concern.authorityName} goes up the ladder to the ${up.label}${up.people.length ? "" : ", but nobody in the region holds that role"}.`,
        ]
      : ["There is nobody above you on the ladder to escalate it to. Close it with an outcome instead."],
    lists: up ? [{ heading: "Emailed the concern", items: named(up.people), empty: "Nobody." }] : [],
    reason: up
      ? {
          id: "note",
          name: "note",
          label: action === "reject" ? "Why is the response not accepted?" : "Why escalate it now?",
          hint: "Sent with the escalation and kept in the audit trail",
          required: true,
        }
      : undefined,
    confirmText: up ? `Escalate to the ${up.label}` : "",
    warning: true,
  };
}
