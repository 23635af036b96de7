export { PERIODS, SCHEDULE, DAY_SECONDS, ttlAfter, type ScheduleRow } from "./schedule";
export { sweep, cycleExpired, type SweepResult } from "./sweep";
export { exportPerson, erasePerson, revokeSessions, quarantined, ERASED_NAME } from "./privacy";
