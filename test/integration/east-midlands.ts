/** The East Midlands' ten LAs, whose imported figures the early-warning tests judge, and the daily check they wait for. */
import { Quarters, type Deps, type fixedClock } from "@riia/core";
import type { App } from "@riia/functions/app";
import { runScheduled } from "@riia/functions/scheduled";

export const EAST_MIDLANDS = "east-midlands";
/** ONS code and name, as the reference data has them. */
export const EAST_MIDLANDS_LAS: [string, string][] = [
  ["E06000015", "Derby"],
  ["E10000007", "Derbyshire"],
  ["E06000016", "Leicester"],
  ["E10000018", "Leicestershire"],
  ["E10000019", "Lincolnshire"],
  ["E06000061", "North Northamptonshire"],
  ["E06000018", "Nottingham"],
  ["E10000024", "Nottinghamshire"],
  ["E06000017", "Rutland"],
  ["E06000062", "West Northamptonshire"],
];

/**
 * A round for the quarter opened through the API on 20 July 2026 (it starts the region's daily check), then the
 * scheduled step run the next morning, when the check opens what the region's rules say.
 */
export async function openRoundThenRunNextMorning(
  app: App,
  deps: Deps,
  clock: ReturnType<typeof fixedClock>,
  region: string,
  quarter: string,
) {
  clock.set("2026-07-20T10:00:00Z");
  const round = await app.request(`/api/regions/${region}/dataset/rounds`, {
    method: "POST",
    body: JSON.stringify({ quarter }),
    headers: { authorization: `Bearer ${deps.config.appSecret}`, "content-type": "application/json" },
  });
  if (round.status >= 300) throw new Error(`opening the round: ${round.status} ${await round.text()}`);
  clock.set("2026-07-21T06:30:00Z");
  await runScheduled(deps);
}

/** The LAs' figures as an EES-shaped CSV (one row per LA and quarter), as the dataset import takes it. */
export function eesCsv<Id extends string>(
  ids: readonly Id[],
  quarters: readonly string[],
  las: readonly [string, string][],
  value: (code: string, name: string, id: Id, quarter: number) => number,
): string {
  const lines = [`time_period,time_identifier,geographic_level,new_la_code,old_la_code,la_name,${ids.join(",")}`];
  for (const [code, name] of las)
    quarters.forEach((q, i) => {
      const { year, n } = Quarters.parse(q);
      const row = ids.map((id) => value(code, name, id, i));
      lines.push([year, `Quarter ${n}`, "Local authority", code, "", name, ...row].join(","));
    });
  return `${lines.join("\n")}\n`;
}

/** Each LA's early warning at a quarter, as the API answers its clients (signals and the themes of its concern). */
export interface EarlyWarningRead {
  authorities: {
    authority: string;
    signals: { rule: string; indicator?: string; variation: string; severity: string; explanation: string }[];
    concernThemes: string[];
  }[];
}

/** Reads the region's early warning through the API, with the app secret, as a server-to-server client does. */
export async function readEarlyWarning(app: App, deps: Deps, region: string, quarter: string) {
  const res = await app.request(`/api/regions/${region}/early-warning?quarter=${quarter}`, {
    headers: { authorization: `Bearer ${deps.config.appSecret}` },
  });
  if (res.status !== 200) throw new Error(`reading the early warning: ${res.status} ${await res.text()}`);
  return (await res.json()) as EarlyWarningRead;
}
