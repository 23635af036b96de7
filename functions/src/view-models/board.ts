/** The cycle board's view model: the steps with their state and every LA × step task. */
import { Access, Cycle, Region, Tasks, Workflow, type Deps } from "@riia/core";
import { csrfToken } from "../middleware/csrf";
import { govukDate } from "./dates";
import { STEP_LABELS, tag } from "./labels";

export async function boardModel(
  deps: Deps,
  who: Extract<Access.Principal, { kind: "person" }>,
  cycleId: string,
  session: string,
) {
  const cycle = await Cycle.get(deps, cycleId);
  const lead = Access.can(who, "read-region", { regionId: cycle.regionId });
  Access.require(who, "read-authority", { regionId: cycle.regionId, authority: lead ? undefined : who.authority });
  const region = await Region.get(deps, cycle.regionId);
  const b = await Workflow.board(deps, cycleId, lead ? undefined : who.authority);
  const steps = Region.STEPS;
  const base = `/lead/cycles/${cycleId}`;
  return {
    lead,
    title: `Cycle ${cycle.year} to ${cycle.year + 1}`,
    regionName: region.name,
    who: `${who.name} (${who.roles.join(", ")})`,
    base,
    csrf: csrfToken(deps, "session", session),
    canManage: Access.can(who, "manage-region", { regionId: cycle.regionId }),
    stepRows: cycle.phases.map((p) => ({
      key: { text: STEP_LABELS[p.step] },
      value: { html: `${tag(p.state)} Opens ${govukDate(p.opensAt)}, deadline ${govukDate(p.deadline)}` },
      ...(lead
        ? {
            actions: {
              items: [
                {
                  href: `${base}/steps/${p.step}`,
                  text: "Manage",
                  visuallyHiddenText: ` ${STEP_LABELS[p.step].toLowerCase()}`,
                },
                ...(Tasks.REVIEW_STEPS.includes(p.step)
                  ? [
                      {
                        href: `${base}/assignments/${p.step}`,
                        text: "Assignments",
                        visuallyHiddenText: ` for ${STEP_LABELS[p.step].toLowerCase()}`,
                      },
                    ]
                  : []),
              ],
            },
          }
        : {}),
    })),
    stepItems: steps.map((s) => ({ value: s, text: STEP_LABELS[s] })),
    laItems: b.rows.map((r) => ({ value: r.code, text: r.name })),
    head: [{ text: "Local authority" }, ...steps.map((s) => ({ text: STEP_LABELS[s] }))],
    rows: b.rows.map((r) => [
      { text: r.name },
      ...steps.map((s) => {
        const t = r.steps[s];
        return t
          ? {
              html: `${tag(t.status)}${t.late ? '<span class="govuk-visually-hidden"> (late)</span>' : ""}`,
              classes: t.late ? "govuk-!-font-weight-bold" : "",
            }
          : { text: "–" };
      }),
    ]),
  };
}
