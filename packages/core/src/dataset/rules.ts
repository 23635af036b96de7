/** Early-warning rules and the concern trigger: per region, with defaults. */
import { z } from "zod";

export const Rules = z.object({
  threshold: z.object({ enabled: z.boolean() }).default({ enabled: true }),
  quartile: z
    .object({ enabled: z.boolean(), quarters: z.number().int().min(1).max(8) })
    .default({ enabled: true, quarters: 2 }),
  spc: z
    .object({
      enabled: z.boolean(),
      /** Points before the latest needed to draw process limits. */
      minBaseline: z.number().int().min(4).max(20),
      shiftRun: z.number().int().min(5).max(12),
      trendRun: z.number().int().min(4).max(12),
    })
    .default({ enabled: true, minBaseline: 5, shiftRun: 7, trendRun: 6 }),
  neighbourGap: z
    .object({ enabled: z.boolean(), gap: z.number().min(0.05).max(5) })
    .default({ enabled: true, gap: 0.25 }),
  returns: z.object({ enabled: z.boolean() }).default({ enabled: true }),
});
export type Rules = z.infer<typeof Rules>;

/** When an LA's signals open a concern: this many red signals, or this many signals of any colour, in one theme. */
export const Trigger = z.object({
  redInTheme: z.number().int().min(1).max(20),
  signalsInTheme: z.number().int().min(1).max(40),
});
export type Trigger = z.infer<typeof Trigger>;

export const DatasetSettings = z.object({
  rules: Rules,
  trigger: Trigger,
  /** The quarter's return is due this many weeks after the quarter ends. */
  dueWeeks: z.number().int().min(1).max(12),
  /** Reminders this many days before the due date. */
  remindDaysBefore: z.array(z.number().int().min(1).max(30)).max(4),
  /** Days the DCS has to respond to a concern before it climbs the ladder. */
  responseDays: z.number().int().min(1).max(60),
  /** The MoU ladder for concerns and late returns: who hears, how many days after the request. */
  ladder: z
    .array(z.object({ role: z.enum(["dcs", "regional-lead", "dfe-adviser"]), afterDays: z.number().int().min(0) }))
    .min(1)
    .max(3),
  /** Signals are judged over this many quarters (trend and SPC window). */
  window: z.number().int().min(4).max(16),
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
