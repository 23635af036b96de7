/**
 * The scheduled retention step: deletes what the schedule says is past keeping and that no TTL
 * covers — a cycle's records N years after its year ends (with the files they hold in the bucket:
 * form attachments, reply attachments and long reply texts), and audit entries older than N years.
 * Level-triggered and idempotent: each run deletes whatever is still due, so a killed run loses nothing.
 *
 * It reads only what is due, however many years are kept: each cycle has a marker (Cycle.retentionMarker, gsi2
 * `DUE#retention`) dated when the first thing it covers can be past keeping — its oldest audit entry or its records
 * — and each visit moves the marker on to the next such date (or removes it once the cycle and its audit are gone).
 */
import { Keys, queryAll, RetentionSchedule, type Deps, type Item, type Key } from "../shared";
import { Audit } from "../audit";
import { Region } from "../directory";
import { Cycle, Tasks } from "../cycle";
import { Submission } from "../submissions";
import { Assignments } from "../peer-review";

export interface SweepResult {
  cyclesDeleted: string[];
  itemsDeleted: number;
  filesDeleted: number;
  auditDeleted: number;
}

/** Is a cycle past keeping? Its year runs to 31 August of year + 1, then N years. */
export const cycleExpired = (year: number, now: Date) =>
  now.toISOString() >= RetentionSchedule.cycleRecordsExpireAt(year);

async function deletePartition(deps: Pick<Deps, "store">, pk: string): Promise<number> {
  const items = await queryAll<Item>(deps.store, { pk });
  await deps.store.batchDelete(items);
  return items.length;
}

/**
 * Files go before the records that point at them, so a run killed in between still finds the
 * records next time. The prefix listing also catches files whose record never got written.
 */
async function deleteCycleFiles(
  deps: Pick<Deps, "store" | "blobs">,
  cycleId: string,
  submissions: Submission.Submission[],
): Promise<number> {
  const keys = new Set<string>();
  for (const s of submissions) {
    for (const a of Object.values(s.attachments ?? {})) keys.add(a.key);
    for (const k of await deps.blobs.list(`attachments/${s.id}/`)) keys.add(k);
  }
  for (const step of Assignments.ReviewStep.options)
    for (const a of await Assignments.listForStep(deps, cycleId, step))
      for (const r of Object.values(a.replies ?? {})) {
        for (const f of r.attachments ?? []) keys.add(f.key);
        if (r.textKey) keys.add(r.textKey);
      }
  for (const k of keys) await deps.blobs.delete(k);
  return keys.size;
}

async function deleteCycle(
  deps: Pick<Deps, "store">,
  cycle: Cycle.Cycle,
  submissions: Submission.Submission[],
): Promise<number> {
  let n = 0;
  for (const s of submissions) n += await deletePartition(deps, s.pk);
  const partitions = [
    Keys.tasksOfCycle(cycle.id),
    Keys.phaseEventsOf(cycle.id),
    ...Tasks.REVIEW_STEPS.map((step) => Keys.assignmentsOfStep(cycle.id, step)),
    Keys.needsOfCycle(cycle.id),
    Keys.offersOfCycle(cycle.id),
    Keys.interestsOfCycle(cycle.id),
    Keys.brokeragesOfCycle(cycle.id),
    Keys.plansOfCycle(cycle.id),
    Keys.reviewsOfCycle(cycle.id),
  ];
  for (const pk of partitions) n += await deletePartition(deps, pk);
  // The cycle item goes last, so a killed run finds the cycle again next time and finishes.
  const key: Key = Keys.cycle(cycle.regionId, cycle.year);
  await deps.store.delete(key);
  return n + 1;
}

async function deleteOldAudit(deps: Pick<Deps, "store">, scope: string, before: string): Promise<number> {
  const old = await queryAll<Audit.AuditEntry>(deps.store, { pk: Keys.auditScope(scope), sk: { lt: before } });
  await deps.store.batchDelete(old);
  return old.length;
}

/** Move a visited marker on to when its scope's oldest remaining entry, or its cycle, is next past keeping. */
async function moveOn(deps: Pick<Deps, "store">, marker: Cycle.RetentionMarker, cycleGone: boolean) {
  const { items } = await deps.store.query<Audit.AuditEntry>({ pk: Keys.auditScope(marker.scope), limit: 1 });
  const dates = [
    ...items.map((e) => RetentionSchedule.auditExpiresFrom(e.at)),
    ...(cycleGone ? [] : [RetentionSchedule.cycleRecordsExpireAt(marker.year)]),
  ].sort();
  if (!dates.length) return deps.store.delete(marker);
  const cycle = { id: marker.cycleId, regionId: marker.regionId, year: marker.year };
  await deps.store.put(Cycle.retentionMarker(cycle, dates[0]!));
}

/** One due marker: its scope's old audit, then its cycle if past keeping. */
async function visit(deps: Deps, marker: Cycle.RetentionMarker, auditBefore: string, result: SweepResult) {
  const now = deps.clock.now();
  result.auditDeleted += await deleteOldAudit(deps, marker.scope, auditBefore);
  const expired = cycleExpired(marker.year, now);
  const cycle = expired ? await deps.store.get<Cycle.Cycle>(Keys.cycle(marker.regionId, marker.year)) : undefined;
  if (cycle) {
    const submissions = await Submission.listForCycle(deps, cycle.id);
    result.filesDeleted += await deleteCycleFiles(deps, cycle.id, submissions);
    result.itemsDeleted += await deleteCycle(deps, cycle, submissions);
    result.cyclesDeleted.push(cycle.id);
  }
  await moveOn(deps, marker, expired);
}

export async function sweep(deps: Deps): Promise<SweepResult> {
  const now = deps.clock.now();
  const auditBefore = new Date(
    Date.UTC(now.getUTCFullYear() - RetentionSchedule.PERIODS.auditYears, now.getUTCMonth(), now.getUTCDate()),
  ).toISOString();
  const result: SweepResult = { cyclesDeleted: [], itemsDeleted: 0, filesDeleted: 0, auditDeleted: 0 };
  for (const region of await Region.list(deps))
    result.auditDeleted += await deleteOldAudit(deps, Audit.regionScope(region.id), auditBefore);
  const due = await queryAll<Cycle.RetentionMarker>(deps.store, {
    index: "gsi2",
    pk: Cycle.DUE_RETENTION,
    sk: { le: `${now.toISOString()}#~` },
  });
  for (const marker of due) await visit(deps, marker, auditBefore, result);
  if (result.cyclesDeleted.length || result.auditDeleted)
    deps.log.info({ ...result }, "retention: deleted records past their keeping period");
  return result;
}

/**
 * Cycles created before markers were written get one, due now: the first sweep visits each once and moves its
 * marker on to its real date. Done once; the run record remembers it.
 */
async function markEarlierCycles(deps: Deps) {
  const now = deps.clock.now().toISOString();
  const markers = [];
  for (const region of await Region.list(deps))
    for (const cycle of await Cycle.listForRegion(deps, region.id)) markers.push(Cycle.retentionMarker(cycle, now));
  const existing = new Set((await deps.store.batchGet(markers)).map((m) => m.pk));
  await deps.store.batchPut(markers.filter((m) => !existing.has(m.pk)));
}

/**
 * The scheduled step: the sweep once a UTC day. Records past keeping are measured in years, so a
 * run every 15 minutes would only re-read every cycle and audit scope. The day is marked after a
 * finished sweep, so a run that fails or is killed is simply run again by the next tick.
 */
export async function sweepDaily(deps: Deps): Promise<SweepResult | { skipped: string }> {
  const today = deps.clock.now().toISOString().slice(0, 10);
  const last = await deps.store.get<{ pk: string; sk: string; day: string; marked?: boolean }>(Keys.retentionRun());
  if (last?.day === today) return { skipped: `already swept on ${today}` };
  if (!last?.marked) await markEarlierCycles(deps);
  const result = await sweep(deps);
  await deps.store.put({ ...Keys.retentionRun(), day: today, marked: true });
  return result;
}
