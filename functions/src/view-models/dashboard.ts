/** The dashboard part of a cycle's page: progress per step (chart and table), overdue triage, email health. */
import { National, Workflow, type Deps } from "@riia/core";
import { progressChart, SEGMENT_COLOURS } from "../charts/progress";
import { daysPhrase, govukDate } from "./dates";
import { STEP_LABELS, tag } from "./labels";

const ROLE_LABELS: Record<string, string> = {
  dcs: "DCS",
  "regional-lead": "Regional lead",
  "dfe-adviser": "DfE adviser",
  "lga-adviser": "LGA adviser",
  "lead-chief-executive": "Lead chief executive",
};

export async function dashboardModel(deps: Deps, cycleId: string, base: string) {
  const d = await Workflow.dashboard(deps, cycleId, National.openConcerns);
  const keys = Object.keys(SEGMENT_COLOURS) as (keyof Workflow.StepProgress["counts"])[];
  const chart = progressChart(
    d.steps.map((s) => ({ label: STEP_LABELS[s.step], segments: keys.map((k) => ({ key: k, value: s.counts[k] })) })),
    { id: "progress-chart", title: "Tasks by state for each step", tableId: "progress-table" },
  );
  return {
    chart,
    progressHead: [
      { text: "Step" },
      { text: "State" },
      { text: "Deadline" },
      ...keys.map((k) => ({ text: SEGMENT_COLOURS[k]!.label, format: "numeric" })),
    ],
    progressRows: d.steps.map((s) => [
      { html: `<a class="govuk-link" href="${base}/steps/${s.step}">${STEP_LABELS[s.step]}</a>` },
      { html: tag(s.state) },
      {
        text: `${govukDate(s.deadline)}${s.state === "closed" ? "" : ` (${daysPhrase(s.daysToDeadline)})`}`,
      },
      ...keys.map((k) => ({ text: String(s.counts[k]), format: "numeric" })),
    ]),
    overdueRows: d.overdue.map((o) => [
      {
        html: `<a class="govuk-link" href="${base}/steps/${o.step}/las/${o.authority}">${o.name}</a>`,
      },
      { text: STEP_LABELS[o.step] },
      { html: tag(o.status) },
      { text: `${o.daysLate} day${o.daysLate === 1 ? "" : "s"}`, format: "numeric" },
      {
        text: o.nextRung
          ? `${ROLE_LABELS[o.nextRung.role] ?? o.nextRung.role} on ${govukDate(o.nextRung.at)}`
          : "Top of the ladder reached",
      },
    ]),
    email: d.email,
    repliesHref: `${base}/replies`,
    concerns: d.concerns.map((c) => ({
      ...c,
      href: `/lead/concerns/${encodeURIComponent(c.regionId)}/${encodeURIComponent(c.id)}`,
      raisedAt: govukDate(c.raisedAt),
    })),
    concernsHref: `/lead/concerns/${encodeURIComponent(d.cycle.regionId)}`,
  };
}
