/** Who changed what, when: append-only audit entries per cycle, region and authority. */
export * as Audit from "./audit";
