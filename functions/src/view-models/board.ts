/** The cycle board's view model: the steps with their state and every LA × step task. */
import { Access, Cycle, Region, ReviewsRead, Tasks, Workflow, type Deps } from "@riia/core";
import { csrfToken } from "../middleware/csrf";
import { govukDate } from "./dates";
import { isEarlierCycle } from "./cycles";
import { escapeHtml, phaseWhen, roleWords, STEP_LABELS, tag } from "./labels";

/**
 * One LA × step cell: the task's state, linking (for people who read the region) to the task's page, where its
 * actions are, and to the submission's version history once there is one.
 */
function cell(base: string, row: Workflow.BoardRow, step: Region.Step, lead: boolean) {
  const t = row.steps[step];
  if (!t) return { text: "–" };
  const late = t.late ? '<span class="govuk-visually-hidden"> (late)</span>' : "";
  const where = `<span class="govuk-visually-hidden"> ${escapeHtml(row.name)}, ${STEP_LABELS[step].toLowerCase()}</span>`;
  const html = lead
    ? `<a class="govuk-link" href="${base}/steps/${step}/las/${row.code}">${tag(t.status)}${late}${where}</a>` +
      (t.submissionId
        ? `<br><a class="govuk-link govuk-body-s" href="/lead/submissions/${encodeURIComponent(t.submissionId)}/history">History${where}</a>`
        : "")
    : `${tag(t.status)}${late}`;
  return { html, classes: t.late ? "govuk-!-font-weight-bold" : "" };
}

/** A review step's cell also says how many reviews of that LA were requested, accepted and submitted. */
function withReviews(c: { text?: string; html?: string; classes?: string }, r?: ReviewsRead.Reviewed) {
  if (!r) return c;
  const counts = `<br><span class="govuk-body-s">Reviews received: ${r.requested} requested, ${r.accepted} accepted, ${r.submitted} submitted</span>`;
  return { ...c, html: `${c.html ?? escapeHtml(c.text ?? "")}${counts}`, text: undefined };
}

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
  // An earlier year's cycle is read, not run: its board offers no changes.
  const earlier = await isEarlierCycle(deps, cycle);
  const manage = !earlier && Access.can(who, "manage-region", { regionId: cycle.regionId });
  const reviews = new Map(
    await Promise.all(
      (["peer-scrutiny", "peer-challenge"] as const).map(
        async (step) => [step as Region.Step, await ReviewsRead.reviewsOfStep(deps, cycleId, step)] as const,
      ),
    ),
  );
  return {
    lead,
    title: `Cycle ${cycle.year} to ${cycle.year + 1}`,
    regionName: region.name,
    who: `${who.name} (${roleWords(who.roles)})`,
    base,
    csrf: csrfToken(deps, "session", session),
    canManage: manage,
    earlier,
    allCyclesHref: Access.isNational(who)
      ? `/lead/cycles?region=${encodeURIComponent(cycle.regionId)}`
      : "/lead/cycles",
    stepRows: cycle.phases.map((p) => ({
      key: { text: STEP_LABELS[p.step] },
      value: { html: `${tag(p.state)} ${phaseWhen(p, govukDate)}` },
      ...(lead
        ? {
            actions: {
              items: [
                {
                  href: `${base}/steps/${p.step}`,
                  text: manage ? "Manage" : "View",
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
    templatesHref: manage ? "/lead/templates" : undefined,
    datasetBase: lead ? `/lead/dataset/${cycle.regionId}` : undefined,
    head: [{ text: "Local authority" }, ...steps.map((s) => ({ text: STEP_LABELS[s] }))],
    rows: b.rows.map((r) => [
      { text: r.name },
      ...steps.map((s) => withReviews(cell(base, r, s, lead), reviews.get(s)?.get(r.code))),
    ]),
  };
}
