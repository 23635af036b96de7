import { Tick, type Deps } from "@riia/core";
import { lambdaDeps } from "./deps";
import { scheduledSteps } from "./steps";

/**
 * Run the scheduled step once with these deps: shared by the Cron handler, `npm start` and `npm run tick`
 * (the bench passes the same steps wrapped to count their round trips).
 */
export function runScheduled(deps: Deps, steps: Record<string, Tick.ScheduledStep> = scheduledSteps) {
  return Tick.runTick(deps, steps);
}

/** Lambda entry point for the Cron (every 15 minutes). */
export const handler = async () => {
  const deps = await lambdaDeps();
  return runScheduled(deps);
};
