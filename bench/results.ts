import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const RESULTS_FILE = fileURLToPath(new URL("./results.json", import.meta.url));

export function readResults(): Record<string, unknown> {
  return existsSync(RESULTS_FILE) ? (JSON.parse(readFileSync(RESULTS_FILE, "utf8")) as Record<string, unknown>) : {};
}

/** Merge figures into bench/results.json (one key per figure; other benches keep theirs). */
export function recordResults(figures: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...readResults(), ...figures };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(merged, null, 2)}\n`);
  return merged;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function printTable(rows: [string, string | number, string?][]) {
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => String(r[1]).length));
  for (const [k, v, goal] of rows) {
    process.stdout.write(`  ${k.padEnd(w0)}  ${String(v).padStart(w1)}${goal ? `   (goal ${goal})` : ""}\n`);
  }
}
