/** Quarters are calendar quarters, written `2026-Q1` (January to March 2026). */
import { ValidationError } from "../shared";

export type Quarter = string;
const RE = /^(\d{4})-Q([1-4])$/;

export function parse(q: Quarter): { year: number; n: number } {
  const m = RE.exec(q);
  if (!m) throw new ValidationError(`"${q}" is not a quarter; write it like 2026-Q1.`);
  return { year: Number(m[1]), n: Number(m[2]) };
}
export const isQuarter = (q: string) => RE.test(q);
export const of = (year: number, n: number): Quarter => `${year}-Q${n}`;

/** The quarter `by` quarters after (negative: before) `q`. */
export function shift(q: Quarter, by: number): Quarter {
  const { year, n } = parse(q);
  const idx = year * 4 + (n - 1) + by;
  return of(Math.floor(idx / 4), (idx % 4) + 1);
}

/** The last `count` quarters ending at `q`, oldest first. */
export const window = (q: Quarter, count: number): Quarter[] =>
  Array.from({ length: count }, (_, i) => shift(q, i - count + 1));

export const start = (q: Quarter) => {
  const { year, n } = parse(q);
  return new Date(Date.UTC(year, (n - 1) * 3, 1));
};
/** The first instant after the quarter. */
export const end = (q: Quarter) => start(shift(q, 1));

/** The quarter containing a date. */
export const containing = (d: Date): Quarter => of(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) + 1);

/** The last quarter that has ended by `d`. */
export const lastEnded = (d: Date): Quarter => shift(containing(d), -1);

const MONTHS = ["January", "April", "July", "October"];
const ENDS = ["March", "June", "September", "December"];
export function label(q: Quarter): string {
  const { year, n } = parse(q);
  return `${MONTHS[n - 1]} to ${ENDS[n - 1]} ${year}`;
}
