/** Early-warning rules and the concern trigger: per region, with defaults. */
import * as z from "../zod";

export const Rules = z.object({
  threshold: z._default(z.object({ enabled: z.boolean() }), { enabled: true }),
  quartile: z._default(z.object({ enabled: z.boolean(), quarters: z.int().check(z.minimum(1), z.maximum(8)) }), {
    enabled: true,
    quarters: 2,
  }),
  spc: z._default(
    z.object({
      enabled: z.boolean(),
      /** Points before the latest needed to draw process limits. */
      minBaseline: z.int().check(z.minimum(4), z.maximum(20)),
      shiftRun: z.int().check(z.minimum(5), z.maximum(12)),
      trendRun: z.int().check(z.minimum(4), z.maximum(12)),
    }),
    { enabled: true, minBaseline: 5, shiftRun: 7, trendRun: 6 },
  ),
  neighbourGap: z._default(z.object({ enabled: z.boolean(), gap: z.number().check(z.minimum(0.05), z.maximum(5)) }), {
    enabled: true,
    gap: 0.25,
  }),
  returns: z._default(z.object({ enabled: z.boolean() }), { enabled: true }),
});
export type Rules = z.infer<typeof Rules>;

/**
 * The older trigger for the signals outside the MoU's rules (alert level, worst quartile, neighbour
 * gap, late return): this many red signals, or this many signals of any colour, in one theme. Off
 * unless a region turns it on: those signals are about an LA's position, which a stable LA can hold
 * for years, so by default they are shown but only the MoU's rules open a concern.
 */
export const Trigger = z.object({
  enabled: z._default(z.boolean(), false),
  redInTheme: z.int().check(z.minimum(1), z.maximum(20)),
  signalsInTheme: z.int().check(z.minimum(1), z.maximum(40)),
});
export type Trigger = z.infer<typeof Trigger>;

/** An MDC rule a region's MoU can open a concern for ("spiral": several indicators turning worse at once). */
export const MouRule = z.enum(["limit", "shift", "trend", "two-of-three", "run", "spiral"]);
export type MouRule = z.infer<typeof MouRule>;
export const MOU_RULE_LABELS: Record<MouRule, string> = {
  limit: "a point beyond the process limits on the worse side",
  shift:
    "a shift of concern (7 or more quarters in a row on the worse side of the quarters before them, too far to be chance)",
  trend: "a trend of concern (6 or more quarters in a row, each worse than the one before)",
  "two-of-three": "2 of the last 3 quarters beyond the 2-sigma line on the worse side",
  run: "a possible shift of concern (7 or more quarters in a row on the worse side of the quarters before them, not yet clear of chance)",
  spiral: "a spiral (several indicators turning worse in the last one or two quarters)",
};

/**
 * The region's memorandum of understanding: which signals of concern open a concern. The defaults
 * open one for a shift, a trend, a point beyond the limits or a spiral, on any indicator; a region
 * may tighten or loosen a rule for one indicator or one theme (an indicator's setting wins over its
 * theme's, a theme's over the default).
 */
export const Mou = z.object({
  open: z.object({
    limit: z.boolean(),
    shift: z.boolean(),
    trend: z.boolean(),
    "two-of-three": z.boolean(),
    /** Absent from rules saved before the possible shift existed: off, as by default. */
    run: z._default(z.boolean(), false),
    spiral: z.boolean(),
  }),
  /** A spiral is this many indicators turning worse within the last `quarters` quarters (1 or 2). */
  spiral: z.object({
    indicators: z.int().check(z.minimum(2), z.maximum(10)),
    quarters: z.int().check(z.minimum(1), z.maximum(2)),
  }),
  overrides: z
    .array(
      z.object({
        scope: z.enum(["indicator", "theme"]),
        id: z.string().check(z.minLength(1), z.maxLength(80)),
        rule: z.enum(["limit", "shift", "trend", "two-of-three", "run"]),
        open: z.boolean(),
      }),
    )
    .check(z.maxLength(200)),
  /** Counts every change to the rules, so a concern can say which version opened it. */
  version: z.int().check(z.minimum(1)),
});
export type Mou = z.infer<typeof Mou>;

export const DEFAULT_MOU: Mou = {
  open: { limit: true, shift: true, trend: true, "two-of-three": false, run: false, spiral: true },
  spiral: { indicators: 3, quarters: 2 },
  overrides: [],
  version: 1,
};

/** Does the MoU open a concern for this rule on this indicator (of this theme)? */
export function opens(mou: Mou, rule: MouRule, indicator?: { id: string; theme: string }): boolean {
  if (rule === "spiral" || !indicator) return mou.open[rule];
  const byIndicator = mou.overrides.find((o) => o.scope === "indicator" && o.id === indicator.id && o.rule === rule);
  if (byIndicator) return byIndicator.open;
  const byTheme = mou.overrides.find((o) => o.scope === "theme" && o.id === indicator.theme && o.rule === rule);
  if (byTheme) return byTheme.open;
  return mou.open[rule];
}

/**
 * A change in an LA's process the lead recorded (a new service model, a change of definition): its
 * SPC baseline starts again from `from`, for one indicator or all of them.
 */
export const BaselineChange = z.object({
  authority: z.string().check(z.minLength(1), z.maxLength(20)),
  indicator: z.optional(z.string().check(z.minLength(1), z.maxLength(80))),
  from: z.string().check(z.regex(/^\d{4}-Q[1-4]$/)),
  reason: z.string().check(z.minLength(10), z.maxLength(1000)),
  by: z.string(),
  at: z.string(),
});
export type BaselineChange = z.infer<typeof BaselineChange>;

/** The recorded change that sets where an LA's baseline for an indicator starts (the latest that applies). */
export function baselineChangeFor(changes: BaselineChange[], authority: string, indicator: string) {
  return changes
    .filter((c) => c.authority === authority && (!c.indicator || c.indicator === indicator))
    .sort((a, b) => a.from.localeCompare(b.from))
    .pop();
}

export const DatasetSettings = z.object({
  rules: Rules,
  trigger: Trigger,
  mou: z._default(Mou, DEFAULT_MOU),
  baselineChanges: z._default(z.array(BaselineChange).check(z.maxLength(500)), []),
  /** The quarter's return is due this many weeks after the quarter ends. */
  dueWeeks: z.int().check(z.minimum(1), z.maximum(12)),
  /** Reminders this many days before the due date. */
  remindDaysBefore: z.array(z.int().check(z.minimum(1), z.maximum(30))).check(z.maxLength(4)),
  /** Days the DCS has to respond to a concern before it climbs the ladder. */
  responseDays: z.int().check(z.minimum(1), z.maximum(60)),
  /** The MoU ladder for concerns and late returns: who hears, how many days after the request. */
  ladder: z
    .array(z.object({ role: z.enum(["dcs", "regional-lead", "dfe-adviser"]), afterDays: z.int().check(z.minimum(0)) }))
    .check(z.minLength(1), z.maxLength(3)),
  /** Signals are judged over this many quarters (trend and SPC window). */
  window: z.int().check(z.minimum(4), z.maximum(16)),
});
export type DatasetSettings = z.infer<typeof DatasetSettings>;

export const DEFAULT_SETTINGS: DatasetSettings = {
  rules: Rules.parse({}),
  trigger: { enabled: false, redInTheme: 2, signalsInTheme: 3 },
  mou: DEFAULT_MOU,
  baselineChanges: [],
  dueWeeks: 6,
  remindDaysBefore: [7, 2],
  responseDays: 14,
  ladder: [
    { role: "dcs", afterDays: 0 },
    { role: "regional-lead", afterDays: 14 },
    { role: "dfe-adviser", afterDays: 28 },
  ],
  window: 8,
};
