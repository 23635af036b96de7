import { RetentionSchedule } from "../shared";

export const { PERIODS, SCHEDULE, DAY_SECONDS, ttlAfter } = RetentionSchedule;
export type ScheduleRow = RetentionSchedule.ScheduleRow;
export { sweep, sweepDaily, cycleExpired, type SweepResult } from "./sweep";
export { exportPerson, erasePerson, revokeSessions, quarantined, ERASED_NAME } from "./privacy";
