/** The plan's progress page: each collective response's form, and the progress reports published. */
import { Impact, Region, type Cycle, type Deps } from "@riia/core";
import { govukDate } from "./dates";

type PageError = { field?: string; text: string };
const errorFor = (errors: PageError[], field: string) => errors.find((e) => e.field === field)?.text;

const dateParts = (body: Record<string, string>, prefix: string, stored?: string) => {
  const [y, m, d] = (stored ?? "").split("-");
  return {
    day: body[`${prefix}-day`] ?? (d ? String(Number(d)) : ""),
    month: body[`${prefix}-month`] ?? (m ? String(Number(m)) : ""),
    year: body[`${prefix}-year`] ?? y ?? "",
  };
};

export async function progressModel(deps: Deps, cycle: Cycle.Cycle, body: Record<string, string>, errors: PageError[]) {
  const [plan, progress, reports, las] = await Promise.all([
    Impact.workingPlan(deps, cycle.id, deps.clock.now()),
    Impact.progressOf(deps, cycle.id),
    Impact.progressReports(deps, cycle.id),
    Region.authorities(deps, cycle.regionId),
  ]);
  return {
    title: "Actions and progress through the year",
    cycle,
    actions: plan.priorities.map((p) => {
      const pr = progress.find((x) => x.theme === p.theme);
      const posted = body.theme === p.theme ? body : {};
      const err = (f: string) => errorFor(errors, `${f}-${p.theme}`);
      return {
        theme: p.theme,
        label: p.label,
        response: `${p.response.label}${p.response.detail ? `: ${p.response.detail}` : ""}`,
        owner: p.response.owner,
        version: pr?.version ?? 0,
        startsOn: dateParts(posted, "startsOn", pr?.startsOn),
        endsOn: dateParts(posted, "endsOn", pr?.endsOn),
        participantItems: las.map((l) => ({
          value: l.code,
          text: l.name,
          checked: (posted.theme ? (posted.participants ?? "").split(",") : (pr?.participants ?? [])).includes(l.code),
        })),
        statusItems: Impact.ProgressStatus.options.map((s) => ({
          value: s,
          text: Impact.PROGRESS_LABELS[s],
          checked: (posted.status ?? pr?.status ?? "not-started") === s,
        })),
        note: posted.note ?? pr?.note ?? "",
        updates: (pr?.updates ?? []).map(
          (u) => `${govukDate(u.at)}, ${u.by}: ${Impact.PROGRESS_LABELS[u.status]}${u.note ? ` — ${u.note}` : ""}`,
        ),
        errors: {
          status: err("status"),
          startsOn: err("startsOn"),
          endsOn: err("endsOn"),
          participants: err("participants"),
          note: err("note"),
        },
      };
    }),
    uptake: plan.working!.uptake,
    reports: reports.map((r) => ({
      href: `/lead/cycles/${cycle.id}/plan/progress/reports/${r.version}`,
      text: `Progress report ${r.version}, ${govukDate(r.publishedAt)}${r.note ? `: ${r.note}` : ""}`,
    })),
  };
}
