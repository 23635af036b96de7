import * as z from "../zod";
import { Audit } from "../audit";
import {
  ConditionFailedError,
  ConflictError,
  NotFoundError,
  ValidationError,
  Keys,
  RetentionSchedule,
  type Deps,
  type Item,
  type Versioned,
} from "../shared";
import { Region } from "../directory";
import { cycleId, parseCycleId } from "./cycle-id";

export const PhaseState = z.enum(["scheduled", "open", "closed"]);

export interface Phase {
  step: Region.Step;
  /** ISO date-times (UTC). */
  opensAt: string;
  deadline: string;
  graceDays: number;
  /**
   * When the step stops taking submissions: after the grace period and the last rung of the MoU
   * escalation ladder, so a late LA that is being escalated can still submit.
   */
  closesAt?: string;
  state: z.infer<typeof PhaseState>;
  openedAt?: string;
  closedAt?: string;
}

/** One region's annual cycle (the year is the one it starts in: 2026 is 2026–27). */
export interface Cycle extends Versioned.Versioned {
  kind: "cycle";
  id: string;
  regionId: string;
  year: number;
  phases: Phase[];
}

export const Year = z.pipe(z.coerce.number(), z.int().check(z.minimum(2020), z.maximum(2100)));
export { cycleId, parseCycleId };

/** Dates of each step from the region's calendar: months September–December fall in `year`, the rest in `year + 1`. */
export function phasesFor(settings: Region.RegionSettings, year: number): Phase[] {
  const dateIn = (md: string) => `${Number(md.slice(0, 2)) >= 9 ? year : year + 1}-${md}`;
  return Region.STEPS.map((step) => {
    const c = settings.calendar[step];
    let deadline = dateIn(c.deadline);
    const opens = dateIn(c.opens);
    if (deadline < opens) deadline = `${Number(deadline.slice(0, 4)) + 1}${deadline.slice(4)}`;
    const lastRung = Math.max(c.graceDays, ...settings.escalation.map((r) => r.afterDays));
    const closes = new Date(Date.parse(`${deadline}T00:00:00.000Z`) + (lastRung + 1) * 86_400_000).toISOString();
    return {
      step,
      opensAt: `${opens}T00:00:00.000Z`,
      deadline: `${deadline}T23:59:59.000Z`,
      graceDays: c.graceDays,
      closesAt: closes,
      state: "scheduled" as const,
    };
  });
}

/** Create a region's cycle for a year from its calendar; creating it again is refused with a clear message. */
export async function create(
  deps: Pick<Deps, "store" | "clock">,
  input: { regionId: string; year: number; actor: Audit.Actor },
): Promise<Cycle> {
  const year = Year.parse(input.year);
  const region = await Region.get(deps, input.regionId);
  const at = deps.clock.now().toISOString();
  const cycle: Cycle = {
    ...Keys.cycle(region.id, year),
    kind: "cycle",
    id: cycleId(region.id, year),
    regionId: region.id,
    year,
    phases: phasesFor(region.settings, year),
    version: 1,
    updatedAt: at,
    updatedBy: input.actor.id,
  };
  // The marker first, so no cycle is ever stored without one; an existing cycle's marker is never moved later.
  await deps.store
    .put(retentionMarker(cycle, firstRetentionDue(cycle.year, at)), { condition: { op: "notExists" } })
    .catch((err: unknown) => {
      if (!(err instanceof ConditionFailedError)) throw err;
    });
  try {
    await deps.store.put(cycle, { condition: { op: "notExists" } });
  } catch (err) {
    if (err instanceof ConditionFailedError) throw new ConflictError(`${region.name} already has a ${year} cycle.`);
    throw err;
  }
  await schedulePhases(deps, cycle);
  await Audit.record(deps, {
    scope: Audit.cycleScope(cycle.id),
    actor: input.actor,
    action: "cycle.created",
    entity: { type: "cycle", id: cycle.id, version: 1 },
    summary: `Created the ${year}–${String(year + 1).slice(2)} cycle for ${region.name}`,
  });
  return cycle;
}

export const DUE_RETENTION = "DUE#retention";

/** The retention sweep's marker of a cycle: the cycle and its audit scope, and when the sweep must next visit them. */
export interface RetentionMarker extends Item {
  kind: "retention-marker";
  scope: string;
  cycleId: string;
  regionId: string;
  year: number;
  dueAt: string;
}

/**
 * When a new cycle's marker is first due: when the first thing it covers can be past keeping, its oldest audit entry
 * (none is older than the cycle, created at `createdAt`) or the cycle's records, whichever comes first.
 */
export const firstRetentionDue = (year: number, createdAt: string) =>
  [RetentionSchedule.auditExpiresFrom(createdAt), RetentionSchedule.cycleRecordsExpireAt(year)].sort()[0]!;

/** A cycle's marker, due at `dueAt`. */
export function retentionMarker(cycle: Pick<Cycle, "id" | "regionId" | "year">, dueAt: string): RetentionMarker {
  const scope = Audit.cycleScope(cycle.id);
  return {
    ...Keys.retentionMarker(scope),
    gsi2pk: DUE_RETENTION,
    gsi2sk: `${dueAt}#${scope}`,
    kind: "retention-marker",
    scope,
    cycleId: cycle.id,
    regionId: cycle.regionId,
    year: cycle.year,
    dueAt,
  };
}

export async function get(deps: Pick<Deps, "store">, id: string): Promise<Cycle> {
  const { regionId, year } = parseCycleId(id);
  const cycle = await deps.store.get<Cycle>(Keys.cycle(regionId, year));
  if (!cycle) throw new NotFoundError(`There is no cycle "${id}".`);
  return cycle;
}

/** A region's cycles, newest first (one query). */
export async function listForRegion(deps: Pick<Deps, "store">, regionId: string): Promise<Cycle[]> {
  const { items } = await deps.store.query<Cycle>({
    pk: Keys.region(regionId).pk,
    sk: { beginsWith: "CYCLE#" },
    reverse: true,
  });
  return items;
}

export const DUE_PHASE = "DUE#phase";
const DAY = 86_400_000;

/** When a step closes: its deadline plus the grace period. */
export const closesAt = (p: Phase) => p.closesAt ?? new Date(Date.parse(p.deadline) + p.graceDays * DAY).toISOString();

/** A step's opening or closing, waiting in the due index until the scheduled step acts on it. */
export interface PhaseEvent extends Item {
  kind: "phase-event";
  cycleId: string;
  step: Region.Step;
  action: "open" | "close";
  at: string;
  doneAt?: string;
}

export const phaseEventKey = Keys.phaseEvent;

/** Write the open and close events of every step of a cycle (idempotent; never resets one already done). */
export async function schedulePhases(deps: Pick<Deps, "store">, cycle: Cycle) {
  for (const p of cycle.phases) {
    for (const action of ["open", "close"] as const) {
      const at = action === "open" ? p.opensAt : closesAt(p);
      const item: PhaseEvent = {
        ...phaseEventKey(cycle.id, p.step, action),
        gsi2pk: DUE_PHASE,
        gsi2sk: `${at}#${cycle.id}#${p.step}#${action}`,
        kind: "phase-event",
        cycleId: cycle.id,
        step: p.step,
        action,
        at,
      };
      await deps.store.put(item, { condition: { op: "notExists" } }).catch((err: unknown) => {
        if (!(err instanceof ConditionFailedError)) throw err;
      });
    }
  }
}

export function phase(cycle: Cycle, step: Region.Step): Phase {
  const p = cycle.phases.find((x) => x.step === step);
  if (!p) throw new ValidationError(`Unknown step "${step}".`);
  return p;
}

/** Save a cycle's phases, only if nobody changed the cycle since it was read (one place for steps and reopening). */
export async function savePhases(
  deps: Pick<Deps, "store" | "clock">,
  cycle: Cycle,
  phases: Phase[],
  actor: Pick<Audit.Actor, "id">,
): Promise<Cycle> {
  try {
    return await deps.store.update<Cycle>(
      Keys.cycle(cycle.regionId, cycle.year),
      {
        set: { phases, version: cycle.version + 1, updatedAt: deps.clock.now().toISOString(), updatedBy: actor.id },
      },
      { condition: { op: "eq", attr: "version", value: cycle.version } },
    );
  } catch (err) {
    if (err instanceof ConditionFailedError)
      throw new ConflictError("The cycle changed at the same moment. Try again.");
    throw err;
  }
}
