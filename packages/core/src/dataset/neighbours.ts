/**
 * Statistical neighbours: imported as CSV (`la_code,neighbour_code`, one pair a line, in rank
 * order), or, when none are given, a documented default: the 10 LAs nearest on the catalogue's
 * context measures (referrals, children in need, plans and children looked after rates), each
 * standardised to z-scores across England, by Euclidean distance.
 */
import { Audit } from "../audit";
import { Region } from "../directory";
import { Keys, parseCsv, ValidationError, type Deps } from "../shared";
import type { Values } from "./benchmarks";
import type { Indicator } from "./indicators";

export const DEFAULT_COUNT = 10;

/** Nearest `count` LAs by the context measures. LAs with no context figures get none. */
export function computeDefault(
  catalogue: Indicator[],
  latest: { authority: string; values: Values }[],
  count = DEFAULT_COUNT,
  only?: Set<string>,
): Map<string, string[]> {
  const ids = catalogue.filter((i) => i.context).map((i) => i.id);
  const stats = ids.map((id) => {
    const xs = latest.map((l) => l.values[id]).filter((v): v is number => typeof v === "number");
    const m = xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length || 1)) || 1;
    return { id, m, sd };
  });
  const points = latest
    .map((l) => ({ code: l.authority, z: stats.map((s) => ((l.values[s.id] ?? NaN) - s.m) / s.sd) }))
    .filter((p) => p.z.every(Number.isFinite));
  const out = new Map<string, string[]>();
  for (const p of points) {
    if (only && !only.has(p.code)) continue;
    const near = points
      .filter((o) => o.code !== p.code)
      .map((o) => ({ code: o.code, d: o.z.reduce((a, z, i) => a + (z - p.z[i]!) ** 2, 0) }))
      .sort((a, b) => a.d - b.d || a.code.localeCompare(b.code))
      .slice(0, count);
    out.set(
      p.code,
      near.map((n) => n.code),
    );
  }
  return out;
}

/** Import neighbours for a region's LAs; the list replaces each named LA's neighbours. */
export async function importCsv(
  deps: Pick<Deps, "store" | "clock">,
  input: { regionId: string; csv: string; actor: Audit.Actor },
) {
  const { rows, error } = parseCsv(input.csv);
  if (error)
    throw new ValidationError("The file could not be read.", [{ path: `line ${error.line}`, message: error.message }]);
  const [header, ...body] = rows;
  const cols = (header?.cells ?? []).map((c) => c.trim().toLowerCase());
  const [a, n] = [cols.indexOf("la_code"), cols.indexOf("neighbour_code")];
  if (a < 0 || n < 0)
    throw new ValidationError("The header row is missing columns.", [
      { path: "line 1", message: "Line 1: give the columns la_code and neighbour_code" },
    ]);
  const mine = new Set((await Region.authorities(deps, input.regionId)).map((x) => x.code));
  const all = new Set(
    (await Promise.all((await Region.list(deps)).map((r) => Region.authorities(deps, r.id)))).flat().map((x) => x.code),
  );
  const lists = new Map<string, string[]>();
  const errors: { path: string; message: string }[] = [];
  for (const row of body) {
    const [la, nb] = [row.cells[a]?.trim() ?? "", row.cells[n]?.trim() ?? ""];
    if (!mine.has(la))
      errors.push({
        path: `line ${row.line}`,
        message: `Line ${row.line}: "${la}" is not a local authority in this region`,
      });
    else if (!all.has(nb) || nb === la)
      errors.push({
        path: `line ${row.line}`,
        message: `Line ${row.line}: "${nb}" is not another English local authority`,
      });
    else lists.set(la, [...(lists.get(la) ?? []), nb]);
  }
  if (errors.length) throw new ValidationError("Nothing was imported.", errors);
  for (const [la, list] of lists) await deps.store.update(Keys.authority(la), { set: { statisticalNeighbours: list } });
  await Audit.record(deps, {
    scope: Audit.regionScope(input.regionId),
    actor: input.actor,
    action: "dataset.neighbours.imported",
    entity: { type: "neighbours", id: input.regionId, version: deps.clock.now().getTime() },
    summary: `Imported statistical neighbours for ${lists.size} local authorities`,
  });
  return { authorities: lists.size };
}
