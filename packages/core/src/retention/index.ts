/** Retention and data protection: the schedule (one place), the scheduled sweep, subject access and erasure. */
export * as Retention from "./facade";
