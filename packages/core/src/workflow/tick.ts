import { Keys, type Deps } from "../shared";

/** What one run of the scheduled step did. */
export interface TickResult {
  at: string;
  /** How many times the step has run, ever (from the heartbeat item). */
  runs: number;
  /** Names of the steps that ran and what each reported. */
  steps: Record<string, unknown>;
}

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
  const results: Record<string, unknown> = {};
  const failures: unknown[] = [];
  for (const [name, step] of Object.entries(steps)) {
    try {
      results[name] = await step(deps, now);
    } catch (err) {
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
