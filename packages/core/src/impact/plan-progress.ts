/**
 * The plan's collective responses through the year: for each common priority its dates, the LAs taking part and its
 * progress, updated by the lead (versioned, audited, with every update kept), and progress reports published as
 * numbered snapshots of the working plan.
 */
import * as z from "../zod";
import { Audit } from "../audit";
import { Cycle } from "../cycle";
import { Region } from "../directory";
import { Support } from "../support";
import {
  ConditionFailedError,
  ConflictError,
  dateSpanWords,
  Keys,
  ValidationError,
  queryAll,
  type Deps,
  type Item,
} from "../shared";

export const ProgressStatus = z.enum(["not-started", "on-track", "at-risk", "done"]);
export type ProgressStatus = z.infer<typeof ProgressStatus>;
export const PROGRESS_LABELS: Record<ProgressStatus, string> = {
  "not-started": "Not started",
  "on-track": "On track",
  "at-risk": "At risk",
  done: "Done",
};

export interface ResponseProgress extends Item {
  kind: "plan-progress";
  cycleId: string;
  theme: string;
  startsOn: string;
  endsOn: string;
  participants: string[];
  status: ProgressStatus;
  note: string;
  updates: { at: string; by: string; status: ProgressStatus; note: string }[];
  version: number;
}

export interface ProgressReport extends Item {
  kind: "plan-progress-report";
  cycleId: string;
  version: number;
  plan: Support.Plan;
  note?: string;
  publishedAt: string;
  publishedBy: string;
}

const pk = Keys.planProgressOf;
export const progressKey = Keys.planProgress;
const reportKey = Keys.planProgressReport;

export const progressOf = (deps: Pick<Deps, "store">, cycleId: string) =>
  queryAll<ResponseProgress>(deps.store, { pk: pk(cycleId), sk: { beginsWith: "THEME#" } });
export const progressReports = (deps: Pick<Deps, "store">, cycleId: string) =>
  queryAll<ProgressReport>(deps.store, { pk: pk(cycleId), sk: { beginsWith: "REPORT#" } });

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const real = (d: string) => DAY.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;

/** The lead records a collective response's dates, participants and progress (refused whole when anything is wrong). */
export async function updateProgress(
  deps: Pick<Deps, "store" | "clock">,
  input: {
    cycleId: string;
    theme: string;
    startsOn: string;
    endsOn: string;
    participants: string[];
    status: string;
    note: string;
    expectedVersion: number;
    actor: Audit.Actor;
  },
) {
  const cycle = await Cycle.get(deps, input.cycleId);
  const [plan, las] = await Promise.all([
    Support.buildPlan(deps, input.cycleId),
    Region.authorities(deps, cycle.regionId),
  ]);
  const p = (path: string, message: string) => ({ path: `${path}-${input.theme}`, message });
  const issues = [
    ...(plan.priorities.some((x) => x.theme === input.theme) ? [] : [p("status", "That is not a common priority")]),
    ...(real(input.startsOn) ? [] : [p("startsOn", "Enter the start date as a real date")]),
    ...(real(input.endsOn)
      ? real(input.startsOn) && input.endsOn <= input.startsOn
        ? [p("endsOn", "The end date must be after the start date")]
        : []
      : [p("endsOn", "Enter the end date as a real date")]),
    ...(input.participants.every((c) => las.some((l) => l.code === c))
      ? []
      : [p("participants", "Choose LAs of the region")]),
    ...(ProgressStatus.safeParse(input.status).success ? [] : [p("status", "Choose how it is going")]),
    ...(input.note.length > 2000 ? [p("note", "Keep the note under 2,000 characters")] : []),
  ];
  if (issues.length) throw new ValidationError("Check the collective response.", issues);
  const key = progressKey(input.cycleId, input.theme);
  const existing = await deps.store.get<ResponseProgress>(key, { consistent: true });
  if ((existing?.version ?? 0) !== input.expectedVersion)
    throw new ConflictError("Someone updated this response since you opened the page. Check it and save again.");
  const at = deps.clock.now().toISOString();
  const status = input.status as ProgressStatus;
  const item: ResponseProgress = {
    ...key,
    kind: "plan-progress",
    cycleId: input.cycleId,
    theme: input.theme,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    participants: [...new Set(input.participants)],
    status,
    note: input.note.trim(),
    updates: [
      ...(existing?.updates ?? []),
      { at, by: input.actor.name ?? input.actor.id, status, note: input.note.trim() },
    ],
    version: input.expectedVersion + 1,
  };
  try {
    await deps.store.put(item, {
      condition: existing ? { op: "eq", attr: "version", value: input.expectedVersion } : { op: "notExists" },
    });
  } catch (err) {
    if (err instanceof ConditionFailedError)
      throw new ConflictError("Someone updated this response since you opened the page. Check it and save again.");
    throw err;
  }
  await Audit.record(deps, {
    scope: Audit.cycleScope(input.cycleId),
    actor: input.actor,
    action: "plan.progress",
    entity: { type: "plan-response", id: input.theme, version: item.version },
    summary: `Progress on the ${input.theme} collective response: ${PROGRESS_LABELS[status]} (${dateSpanWords(input.startsOn, input.endsOn)}, ${item.participants.length} LAs)${item.note ? `: ${item.note}` : ""}`,
  });
  return item;
}

/** Publish the working plan as the next progress report (the caller shows what is published and confirms first). */
export async function publishProgressReport(
  deps: Pick<Deps, "store" | "clock">,
  input: { cycleId: string; plan: Support.Plan; note?: string; actor: Audit.Actor },
) {
  const version = (await progressReports(deps, input.cycleId)).length + 1;
  const note = input.note?.trim().slice(0, 2000) || undefined;
  const item: ProgressReport = {
    ...reportKey(input.cycleId, version),
    kind: "plan-progress-report",
    cycleId: input.cycleId,
    version,
    plan: input.plan,
    ...(note ? { note } : {}),
    publishedAt: deps.clock.now().toISOString(),
    publishedBy: input.actor.id,
  };
  try {
    await deps.store.put(item, { condition: { op: "notExists" } });
  } catch (err) {
    if (err instanceof ConditionFailedError)
      throw new ConflictError("Another progress report was published at the same moment.");
    throw err;
  }
  await Audit.record(deps, {
    scope: Audit.cycleScope(input.cycleId),
    actor: input.actor,
    action: "plan.progress-report.published",
    entity: { type: "plan-progress-report", id: input.cycleId, version },
    summary: `Published progress report ${version} on the regional development plan${note ? ` (note: ${note})` : ""}`,
  });
  return item;
}
