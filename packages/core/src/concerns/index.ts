/** Concerns about LAs under the MoU: opened from early-warning signals or intelligence, answered, escalated, closed. */
export * as Concerns from "./concern";
export * as ConcernLadder from "./ladder";
