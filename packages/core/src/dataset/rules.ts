/** Early-warning rules and the concern trigger: per region, with defaults. */
import * as z from "zod/mini";

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

/** When an LA's signals open a concern: this many red signals, or this many signals of any colour, in one theme. */
export const Trigger = z.object({
  redInTheme: z.int().check(z.minimum(1), z.maximum(20)),
  signalsInTheme: z.int().check(z.minimum(1), z.maximum(40)),
});
export type Trigger = z.infer<typeof Trigger>;

export const DatasetSettings = z.object({
  rules: Rules,
  trigger: Trigger,
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
  trigger: { redInTheme: 2, signalsInTheme: 3 },
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
