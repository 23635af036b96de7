/** The early-warning signal's shape, shared by the rules' modules. */
import type { Quarter } from "./quarters";

export type RuleId =
  | "threshold"
  | "quartile"
  | "spc-limit"
  | "spc-shift"
  | "spc-trend"
  | "spc-two-of-three"
  | "spc-run"
  | "spiral"
  | "neighbour-gap"
  | "late-return";
/** Red and amber are concerns; "good" marks an improvement, "info" a change on an indicator with no better direction. */
export type Severity = "red" | "amber" | "good" | "info";
/** What a signal means by the indicator's polarity (MDC: special-cause concerning, improving, or neither). */
export type Variation = "concern" | "improvement" | "neither";

export interface Signal {
  authority: string;
  /** Absent for a late or missing return and a spiral. */
  indicator?: string;
  theme: string;
  rule: RuleId;
  severity: Severity;
  variation: Variation;
  quarter: Quarter;
  explanation: string;
  evidence: Record<string, unknown>;
}
