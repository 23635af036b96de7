/**
 * The indicator catalogue: what each region collects and benchmarks each quarter. A region may
 * publish its own version (validated, versioned like form templates); until then it uses the
 * default set below, the indicators English regions most often share.
 */
import * as z from "../zod";

export const Unit = z.enum(["rate", "percent", "count", "days"]);
export type Unit = z.infer<typeof Unit>;
export const UNIT_LABELS: Record<Unit, string> = {
  rate: "rate per 10,000 children",
  percent: "%",
  count: "count",
  days: "days",
};

/** Which way is better: "higher", "lower", or "neither" (context measures, no good or bad direction). */
export const Polarity = z.enum(["higher", "lower", "neither"]);
export type Polarity = z.infer<typeof Polarity>;

/** What the schema fills in when an indicator leaves these out (`DEFAULT_INDICATORS` writes them in). */
const INDICATOR_DEFAULTS = { sharpMove: 0.25, context: false } as const;

export const Indicator = z
  .object({
    id: z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "use lower-case words joined by hyphens")),
    name: z.string().check(z.minLength(3), z.maxLength(120)),
    definition: z.string().check(z.minLength(3), z.maxLength(600)),
    unit: Unit,
    polarity: Polarity,
    min: z.number(),
    max: z.number(),
    theme: z.string(),
    source: z.enum(["quarterly-return", "imported"]),
    /** This value may not be above that indicator's value (numerator and denominator, plans within children in need). */
    notAbove: z.optional(z.string()),
    /** A move of more than this fraction from last quarter asks the LA to check the figure. */
    sharpMove: z._default(z.number().check(z.minimum(0.01), z.maximum(10)), INDICATOR_DEFAULTS.sharpMove),
    /** Threshold rule: worse than this value is a red signal (in the indicator's bad direction). */
    alert: z.optional(z.number()),
    /** A context measure used to find statistical neighbours when none are imported. */
    context: z._default(z.boolean(), INDICATOR_DEFAULTS.context),
    /** Other names a file's column (or a long file's indicator cell) may use for this indicator, such as DfE's. */
    aliases: z.optional(z.array(z.string().check(z.minLength(2), z.maxLength(80))).check(z.maxLength(10))),
  })
  .check(z.refine((i) => i.min < i.max, { message: "min must be below max", path: ["max"] }));
export type Indicator = z.infer<typeof Indicator>;

export const Catalogue = z
  .array(Indicator)
  .check(z.minLength(1), z.maxLength(60))
  .check(
    z.superRefine((list, ctx) => {
      const ids = new Set(list.map((i) => i.id));
      if (ids.size !== list.length) ctx.addIssue({ code: "custom", message: "Indicator ids must be unique" });
      list.forEach((i, n) => {
        if (i.notAbove && !ids.has(i.notAbove))
          ctx.addIssue({ code: "custom", path: [n, "notAbove"], message: `No indicator "${i.notAbove}"` });
      });
    }),
  );

type Def = Omit<z.input<typeof Indicator>, "source"> & { source?: "quarterly-return" | "imported" };
const pct = { unit: "percent", min: 0, max: 100 } as const;
const rate = { unit: "rate", min: 0, max: 5000 } as const;
const count = { unit: "count", min: 0, max: 200_000, polarity: "neither" } as const;

const DEFS: Def[] = [
  {
    id: "referrals-rate",
    name: "Referrals",
    definition: "Referrals to children's social care in the last 12 months per 10,000 children under 18.",
    ...rate,
    polarity: "neither",
    theme: "front-door",
    context: true,
  },
  {
    id: "re-referrals",
    name: "Re-referrals within 12 months",
    definition:
      "Referrals in the last 12 months that were within 12 months of a previous referral, as a percentage of all referrals.",
    ...pct,
    polarity: "lower",
    theme: "front-door",
    alert: 30,
  },
  {
    id: "assessments",
    name: "Assessments completed",
    definition: "Child and family assessments completed in the quarter.",
    ...count,
    theme: "front-door",
  },
  {
    id: "assessments-45-days",
    name: "Assessments completed within 45 working days",
    definition: "Assessments completed in the quarter within 45 working days of referral.",
    ...count,
    theme: "front-door",
    notAbove: "assessments",
  },
  {
    id: "assessments-45-days-pct",
    name: "Assessments within 45 working days (%)",
    definition: "Assessments completed within 45 working days as a percentage of all assessments completed.",
    ...pct,
    polarity: "higher",
    theme: "front-door",
    alert: 70,
  },
  {
    id: "cin-rate",
    name: "Children in need",
    definition: "Children in need at the end of the quarter per 10,000 children under 18.",
    ...rate,
    polarity: "neither",
    theme: "early-help",
    context: true,
  },
  {
    id: "cin",
    name: "Children in need (number)",
    definition: "Children in need at the end of the quarter.",
    ...count,
    theme: "early-help",
  },
  {
    id: "cpp-rate",
    name: "Child protection plans",
    definition: "Children on a child protection plan at the end of the quarter per 10,000 children under 18.",
    ...rate,
    polarity: "neither",
    theme: "child-protection",
    context: true,
  },
  {
    id: "cpp",
    name: "Child protection plans (number)",
    definition: "Children on a child protection plan at the end of the quarter.",
    ...count,
    theme: "child-protection",
    notAbove: "cin",
  },
  {
    id: "cpp-second",
    name: "Second or later child protection plan",
    definition:
      "Plans started in the last 12 months that were a second or later plan, as a percentage of plans started.",
    ...pct,
    polarity: "lower",
    theme: "child-protection",
    alert: 30,
  },
  {
    id: "cpp-2-years",
    name: "Plans lasting 2 years or more",
    definition: "Plans ended in the last 12 months that had lasted 2 years or more, as a percentage of plans ended.",
    ...pct,
    polarity: "lower",
    theme: "child-protection",
    alert: 8,
  },
  {
    id: "cla-rate",
    name: "Children looked after",
    definition: "Children looked after at the end of the quarter per 10,000 children under 18.",
    ...rate,
    polarity: "neither",
    theme: "children-in-care",
    context: true,
  },
  {
    id: "cla-3-placements",
    name: "Three or more placements in the year",
    definition:
      "Children looked after with three or more placements in the last 12 months, as a percentage of all children looked after.",
    ...pct,
    polarity: "lower",
    theme: "children-in-care",
    alert: 15,
  },
  {
    id: "cla-long-term-stability",
    name: "Long-term placement stability",
    definition:
      "Children under 16 looked after for 2.5 years or more who have been in the same placement for 2 years, as a percentage.",
    ...pct,
    polarity: "higher",
    theme: "children-in-care",
    alert: 58,
  },
  {
    id: "care-leavers-eet",
    name: "Care leavers in education, employment or training",
    definition:
      "Care leavers aged 19 to 21 in education, employment or training, as a percentage of those the LA is in touch with.",
    ...pct,
    polarity: "higher",
    theme: "care-leavers",
    alert: 45,
  },
  {
    id: "care-leavers-accommodation",
    name: "Care leavers in suitable accommodation",
    definition: "Care leavers aged 19 to 21 in suitable accommodation, as a percentage.",
    ...pct,
    polarity: "higher",
    theme: "care-leavers",
    alert: 75,
  },
  {
    id: "sw-turnover",
    name: "Social worker turnover",
    definition:
      "Children and family social workers (FTE) who left in the last 12 months, as a percentage of social workers in post.",
    ...pct,
    polarity: "lower",
    theme: "workforce",
    alert: 25,
  },
  {
    id: "sw-agency",
    name: "Agency social workers",
    definition: "Agency social workers (FTE) as a percentage of all social workers at the end of the quarter.",
    ...pct,
    polarity: "lower",
    theme: "workforce",
    alert: 30,
  },
  {
    id: "sw-vacancy",
    name: "Social worker vacancy rate",
    definition: "Vacant social worker posts (FTE) as a percentage of all posts at the end of the quarter.",
    ...pct,
    polarity: "lower",
    theme: "workforce",
    alert: 30,
  },
  {
    id: "sw-caseload",
    name: "Average caseload",
    definition: "Average number of cases per children and family social worker (FTE) at the end of the quarter.",
    unit: "count",
    min: 0,
    max: 60,
    polarity: "lower",
    theme: "workforce",
    alert: 22,
    sharpMove: 0.3,
  },
];

/**
 * The default catalogue (version 0 of every region's), with the schema's defaults written in. It is not parsed here:
 * parsing it at every start cost each function's init 7–14 ms of CPU, for a constant that cannot change after the
 * build. Its unit test parses it instead and fails if it is not exactly what `Catalogue` would make of it.
 */
export const DEFAULT_INDICATORS: Indicator[] = DEFS.map((d) => ({
  source: "quarterly-return",
  ...INDICATOR_DEFAULTS,
  ...d,
}));

/** England figures around which the synthetic data is drawn: rounded from recent published national statistics. */
export const ENGLAND_TYPICAL: Record<string, number> = {
  "referrals-rate": 540,
  "re-referrals": 22,
  "assessments-45-days-pct": 83,
  "cin-rate": 333,
  "cpp-rate": 42,
  "cpp-second": 24,
  "cpp-2-years": 4,
  "cla-rate": 70,
  "cla-3-placements": 10,
  "cla-long-term-stability": 70,
  "care-leavers-eet": 56,
  "care-leavers-accommodation": 88,
  "sw-turnover": 16,
  "sw-agency": 18,
  "sw-vacancy": 20,
  "sw-caseload": 16,
};

/** Is `a` worse than `b` for this indicator? (Never, when it has no good direction.) */
export const worse = (i: Pick<Indicator, "polarity">, a: number, b: number) =>
  i.polarity === "higher" ? a < b : i.polarity === "lower" ? a > b : false;

/** Format a value with its unit, in words people read. */
export function formatValue(i: Pick<Indicator, "unit">, v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "not available";
  const n = Math.round(v * 10) / 10;
  if (i.unit === "percent") return `${n}%`;
  if (i.unit === "rate") return `${n} per 10,000`;
  if (i.unit === "days") return `${n} days`;
  // Intl is slow to warm up and this runs for every signal: group thousands by hand.
  const [whole, frac] = String(Math.abs(n)).split(".");
  return `${n < 0 ? "-" : ""}${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${frac ? `.${frac}` : ""}`;
}
