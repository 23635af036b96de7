/** Exact optimisation on HiGHS in a worker thread, for assignment and brokering. */
export * as Matching from "./solver";
