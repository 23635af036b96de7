import { Keys, type Deps } from "../shared";
import * as TickLease from "./tick-lease";

/** What one run of the scheduled step did. */
export interface TickResult {
  at: string;
  /** How many times the step has run, ever (from the heartbeat item). */
  runs: number;
  /** Names of the steps that ran and what each reported. */
  steps: Record<string, unknown>;
  /** Why nothing ran: another run holds the tick's lease (not a failure: that run is doing the work). */
  skipped?: string;
}

/** What a run says when another run holds the lease. */
export const HELD_ELSEWHERE = "another run of the scheduled step holds the lease";

/** A unit of scheduled work. Each must be idempotent: it derives what is due from stored state. */
export type ScheduledStep = (deps: Deps, now: Date) => Promise<unknown>;

/**
 * The scheduled step: the one function the Cron (AWS) and the local interval both call.
 * It runs every registered step in order, then records a heartbeat so operators (and `/health`)
 * can see when it last ran. A failing step is logged and does not stop the others; the error is
 * re-thrown at the end so the invocation is marked failed and retried by the platform.
 */
export async function runTick(deps: Deps, steps: Record<string, ScheduledStep> = {}): Promise<TickResult> {
  const now = deps.clock.now();
  // One run at a time (a Cron firing while the last still runs, `npm run tick` beside the local interval): the
  // other run is doing the work, so this one says so and succeeds rather than racing it into conflicts.
  const lease = await TickLease.acquire(deps, "tick");
  if (!lease) {
    const beat = await deps.store.get<{ pk: string; sk: string; runs?: number }>(Keys.tick(), { consistent: true });
    deps.log.warn({ at: now.toISOString() }, `tick skipped: ${HELD_ELSEWHERE}`);
    return { at: now.toISOString(), runs: beat?.runs ?? 0, steps: {}, skipped: HELD_ELSEWHERE };
  }
  try {
    return await runSteps(deps, steps, now);
  } finally {
    await lease.release();
  }
}

async function runSteps(deps: Deps, steps: Record<string, ScheduledStep>, now: Date): Promise<TickResult> {
  const results: Record<string, unknown> = {};
  const failures: unknown[] = [];
  for (const [name, step] of Object.entries(steps)) {
    try {
      results[name] = await step(deps, now);
    } catch (err) {
      if (err instanceof TickLease.LeaseLostError) {
        // Another run took the step over: it finishes the work, so this is no failure.
        deps.log.warn({ step: name }, err.message);
        results[name] = { skipped: err.message };
        continue;
      }
      deps.log.error({ err, step: name }, "scheduled step failed");
      failures.push(err);
    }
  }
  const beat = await deps.store.update<{ pk: string; sk: string; runs: number }>(Keys.tick(), {
    set: { lastRunAt: now.toISOString(), lastSteps: Object.keys(steps) },
    add: { runs: 1 },
  });
  deps.log.info({ at: now.toISOString(), runs: beat.runs, steps: results }, "tick");
  if (failures.length) throw new AggregateError(failures, `${failures.length} scheduled step(s) failed`);
  return { at: now.toISOString(), runs: beat.runs, steps: results };
}
