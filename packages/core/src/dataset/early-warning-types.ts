/** The early-warning signal's shape, shared by the rules' modules. */
import type { Quarter } from "./quarters";
import type { MdcRule } from "./spc";

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
/** The signal each Making Data Count rule gives. */
export const MDC_RULE_ID: Record<MdcRule, RuleId> = {
  limit: "spc-limit",
  shift: "spc-shift",
  trend: "spc-trend",
  "two-of-three": "spc-two-of-three",
  run: "spc-run",
};
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
