/**
 * Checking one LA's figures for one quarter against the catalogue: numbers, ranges, one figure not
 * above another (numerator above denominator, plans above children in need), and sharp moves from
 * last quarter that the LA must confirm with a note. Shared by the return form and the CSV import.
 */
import { formatValue, type Indicator } from "./indicators";
import type { Values } from "./benchmarks";

/** Codes published statistics use for a figure withheld or not available: kept as "not available", never zero. */
export const SUPPRESSION = new Set(["c", "x", "z", "low", "u", "k", ":", "..", "[c]", "[x]", "[z]", "[low]"]);

export interface Issue {
  indicator: string;
  message: string;
}

/** Read one cell: undefined for blank (not given), null for a suppression code, a number, or an error. */
export function readCell(ind: Indicator, raw: string): { value?: number | null; error?: string } {
  const text = raw.trim().replace(/,/g, "").replace(/%$/, "");
  if (text === "") return {};
  if (SUPPRESSION.has(text.toLowerCase())) return { value: null };
  if (!/^-?\d+(\.\d+)?$/.test(text)) return { error: `${ind.name} must be a number, like 12.5` };
  const value = Number(text);
  if (value < ind.min || value > ind.max)
    return {
      error: `${ind.name} must be between ${formatValue(ind, ind.min)} and ${formatValue(ind, ind.max)}`,
    };
  return { value };
}

/** Figures that break "not above" rules in the catalogue. */
export function crossChecks(catalogue: Indicator[], values: Values): Issue[] {
  const byId = new Map(catalogue.map((i) => [i.id, i]));
  const issues: Issue[] = [];
  for (const ind of catalogue) {
    const cap = ind.notAbove ? byId.get(ind.notAbove) : undefined;
    const v = values[ind.id];
    const c = cap ? values[cap.id] : undefined;
    if (cap && typeof v === "number" && typeof c === "number" && v > c)
      issues.push({
        indicator: ind.id,
        message: `${ind.name} (${formatValue(ind, v)}) cannot be more than ${cap.name.toLowerCase()} (${formatValue(cap, c)})`,
      });
  }
  return issues;
}

/** Figures that moved sharply from last quarter: the LA confirms each with a note or corrects it. */
export function sharpMoves(catalogue: Indicator[], values: Values, previous: Values | undefined): Issue[] {
  if (!previous) return [];
  return catalogue.flatMap((ind) => {
    const v = values[ind.id];
    const p = previous[ind.id];
    if (typeof v !== "number" || typeof p !== "number" || p === 0) return [];
    const move = (v - p) / Math.abs(p);
    if (Math.abs(move) <= ind.sharpMove) return [];
    return [
      {
        indicator: ind.id,
        message: `Check this figure: ${ind.name.toLowerCase()} moved from ${formatValue(ind, p)} last quarter to ${formatValue(ind, v)} (${move > 0 ? "up" : "down"} ${Math.round(Math.abs(move) * 100)}%). If it is right, say why in the note.`,
      },
    ];
  });
}
