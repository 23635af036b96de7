/**
 * Synthetic quarterly core dataset for all 153 LAs, drawn around typical England figures: each LA
 * has its own level, each quarter a small random step. One demo LA in the East Midlands
 * (Nottingham, fictional figures) deteriorates over the last six quarters in child protection and
 * workforce, so the early-warning checks raise a concern about it. Deterministic (seeded), so
 * re-seeding writes the same items. Written through the CSV import, the path a region's data
 * team would use.
 */
import { Audit, Concerns, DatasetImport, Indicators, Quarters, Region, type Deps, type Benchmarks } from "@riia/core";
import reference from "../packages/core/data/reference.json";
import { seededRandom } from "./seeded-random";

export const DETERIORATING_LA = "E06000018";
export const DETERIORATING_REGION = "east-midlands";

const normal = (r: () => number) => Math.sqrt(-2 * Math.log(r() || 1e-9)) * Math.cos(2 * Math.PI * r());
const round1 = (v: number) => Math.round(v * 10) / 10;

/** Per quarter of the deterioration, how much each indicator worsens (in its own units). */
const DECLINE: Record<string, number> = {
  "cpp-second": 2.6,
  "cpp-2-years": 1.1,
  "sw-turnover": 2.2,
  "sw-agency": 2.5,
  "sw-caseload": 1.2,
};

export interface SyntheticRow {
  authority: string;
  regionId: string;
  quarter: string;
  values: Benchmarks.Values;
}

/** `quarters` quarters ending at `last` for every LA (or those listed). */
export function synthesise(last: string, quarters: number, options: { seed?: number; declineQuarters?: number } = {}) {
  const r = seededRandom(options.seed ?? 2026);
  const window = Quarters.window(last, quarters);
  const decline = options.declineQuarters ?? 6;
  const rows: SyntheticRow[] = [];
  for (const region of reference.regions)
    for (const la of region.authorities) {
      const children = 30_000 + Math.floor(r() * 250_000);
      const level = Object.fromEntries(
        Object.entries(Indicators.ENGLAND_TYPICAL).map(([id, v]) => [id, v * (1 + 0.08 * normal(r))]),
      );
      window.forEach((quarter, qi) => {
        const values: Benchmarks.Values = {};
        for (const [id, base] of Object.entries(level)) {
          let v = base * (1 + 0.025 * normal(r));
          const steps = qi - (quarters - decline) + 1;
          if (la.code === DETERIORATING_LA && steps > 0 && DECLINE[id])
            v = Indicators.ENGLAND_TYPICAL[id]! + steps * DECLINE[id]!;
          values[id] = round1(Math.max(0, id.endsWith("rate") ? v : Math.min(100, v)));
        }
        values.cin = Math.round((values["cin-rate"]! * children) / 10_000);
        values.cpp = Math.round((values["cpp-rate"]! * children) / 10_000);
        values.assessments = Math.round((values["referrals-rate"]! * children) / 10_000 / 4);
        values["assessments-45-days"] = Math.round((values.assessments * values["assessments-45-days-pct"]!) / 100);
        rows.push({ authority: la.code, regionId: region.id, quarter, values });
      });
    }
  return rows;
}

/** The rows as a CSV in DfE's tidy shape (one column per indicator). */
export function toCsv(rows: SyntheticRow[], ids = Indicators.DEFAULT_INDICATORS.map((i) => i.id)): string {
  const names = new Map(reference.regions.flatMap((r) => r.authorities.map((a) => [a.code, a.name])));
  const lines = [
    ["time_period", "time_identifier", "geographic_level", "new_la_code", "old_la_code", "la_name", ...ids].join(","),
  ];
  for (const row of rows) {
    const q = Quarters.parse(row.quarter);
    const cells = ids.map((id) =>
      row.values[id] === null || row.values[id] === undefined ? "c" : String(row.values[id]),
    );
    lines.push(
      [q.year, `Quarter ${q.n}`, "Local authority", row.authority, "", `"${names.get(row.authority)}"`, ...cells].join(
        ",",
      ),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Seed 8 quarters ending with the last quarter that has ended, for all 153 LAs (idempotent). */
export async function seedDataset(deps: Deps, options: { last?: string; quarters?: number } = {}) {
  await Region.loadReference(deps);
  const last = options.last ?? Quarters.lastEnded(deps.clock.now());
  const csv = toCsv(synthesise(last, options.quarters ?? 8));
  return DatasetImport.importCsv(deps, {
    regionId: DETERIORATING_REGION,
    csv,
    dryRun: false,
    national: true,
    actor: Audit.systemActor("seed-dataset"),
  });
}

/**
 * The demo's dataset section: the early-warning check for the last seeded quarter raises a concern
 * about the deteriorating LA, its DCS is emailed the evidence, and with no response the scheduled
 * step climbs the MoU ladder to the regional lead and then the DfE adviser.
 */
export async function demoDataset(ctx: {
  deps: Deps;
  app: string;
  quarter: string;
  tick: (iso: string) => Promise<void>;
  log: (line: string) => void;
  sentTo: (address: string, subjectStart: string) => Promise<number>;
}) {
  const { deps, log } = ctx;
  const auth = { authorization: `Bearer ${deps.config.appSecret}` };
  const ew = (await (
    await fetch(`${ctx.app}/api/regions/${DETERIORATING_REGION}/early-warning?quarter=${ctx.quarter}`, {
      headers: auth,
    })
  ).json()) as { authorities: { authority: string; name: string; signals: { explanation: string }[] }[] };
  const la = ew.authorities.find((a) => a.authority === DETERIORATING_LA)!;
  log(
    `6. Core dataset, ${Quarters.label(ctx.quarter)}: ${la.name} has ${la.signals.length} early-warning signals, e.g.`,
  );
  for (const s of la.signals.slice(0, 3)) log(`   – ${s.explanation}`);
  const opened = await Concerns.openFromSignals(deps, {
    regionId: DETERIORATING_REGION,
    quarter: ctx.quarter,
    actor: Audit.systemActor("early-warning"),
  });
  const concern = opened.find((c) => c.authority === DETERIORATING_LA);
  if (!concern) throw new Error(`no concern was raised about ${la.name}`);
  const start = Date.parse(concern.openedAt);
  await ctx.tick(new Date(start + 15 * 86_400_000).toISOString());
  await ctx.tick(new Date(start + 29 * 86_400_000).toISOString());
  const after = await Concerns.get(deps, DETERIORATING_REGION, concern.id);
  const told = {
    dcs: await ctx.sentTo("dcs@nottingham.example.org", "East Midlands: a concern about Nottingham"),
    lead: await ctx.sentTo("lead@em-riia.example.org", "Escalation: concern about Nottingham"),
    adviser: await ctx.sentTo("adviser@dfe.example.org", "Escalation: concern about Nottingham"),
  };
  if (!told.dcs || !told.lead || !told.adviser || after.level !== 2)
    throw new Error(`the concern about ${la.name} did not climb the ladder (${JSON.stringify(told)})`);
  log(
    `   A concern was raised (${concern.themes.join(", ")}); no response, so it went to the regional lead, then the DfE adviser.`,
  );
  return { concern: after.id, level: after.level };
}
