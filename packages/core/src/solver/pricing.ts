/**
 * Large assignment instances (the national pool) solved on a few of their pairs, with a proof that the others
 * cannot help. The full model has a column for every ordered pair of LAs (23,256 nationally), yet an optimum uses
 * n·k of them and nearly all pairs cost the same base. So: solve the model restricted to each LA's cheapest pairs
 * (integer optimum z, LP relaxation bound L with row duals y), then price every pair left out: its reduced cost is
 * c − y[reviewee] − y[n + reviewer] (its "not both ways" row is absent, dual 0, which is dual-feasible). For any
 * solution x of the full model, cost(x) ≥ L + Σ reduced costs of the left-out pairs it uses; so if every left-out
 * pair's reduced cost is ≥ z − L − ½, any solution using one costs more than z − ½, hence (costs are whole numbers)
 * at least z. Pairs that fail the test join the restricted model and it is solved again; if the restricted model
 * is infeasible or the rounds run out, the full model is solved instead. Either way the answer is proven optimal.
 */
import type { Basis, MipModel, MipResult } from "./highs";

/** Pairs per LA (as reviewee and as reviewer) in the first restricted model, in multiples of k. */
const FIRST_PAIRS_PER_K = 3;
const MAX_ROUNDS = 20;

export interface FullColumns {
  model: MipModel;
  reviewer: Int32Array;
  reviewee: Int32Array;
}

type Solve = (model: MipModel, options?: { relaxFirst?: boolean }) => Promise<MipResult>;

/** Each LA's cheapest pairs, both ways; ties spread round the pool so every LA stays a candidate somewhere. */
export function firstColumns(full: FullColumns, n: number, k: number): Uint8Array {
  const { reviewer, reviewee, model } = full;
  const byReviewee: number[][] = Array.from({ length: n }, () => []);
  const byReviewer: number[][] = Array.from({ length: n }, () => []);
  for (let c = 0; c < model.numCols; c++) {
    byReviewee[reviewee[c]!]!.push(c);
    byReviewer[reviewer[c]!]!.push(c);
  }
  const include = new Uint8Array(model.numCols);
  const spread = (c: number) => (reviewer[c]! - reviewee[c]! + n) % n;
  const before = (a: number, b: number) =>
    model.colCost[a]! < model.colCost[b]! || (model.colCost[a] === model.colCost[b] && spread(a) < spread(b));
  for (const list of [...byReviewee, ...byReviewer])
    for (const c of cheapest(list, FIRST_PAIRS_PER_K * k, before)) include[c] = 1;
  return include;
}

/** The m first of a list in the order `before` gives (no two equal), kept in a short sorted buffer, not a sort. */
function cheapest(list: number[], m: number, before: (a: number, b: number) => boolean): number[] {
  const best: number[] = [];
  for (const c of list) {
    if (best.length < m) best.push(c);
    else if (before(c, best[m - 1]!)) best[m - 1] = c;
    else continue;
    for (let i = best.length - 1; i > 0 && before(best[i]!, best[i - 1]!); i--) {
      [best[i], best[i - 1]] = [best[i - 1]!, best[i]!];
    }
  }
  return best;
}

/** The model on the included columns only, with "not both ways" rows for pairs included both ways. */
export function restrictedModel(full: FullColumns, n: number, k: number, include: Uint8Array) {
  const cols: number[] = [];
  for (let c = 0; c < include.length; c++) if (include[c]) cols.push(c);
  const local = new Map<number, number>();
  cols.forEach((c, i) => local.set(full.reviewer[c]! * n + full.reviewee[c]!, i));
  const reciprocal = new Int32Array(cols.length).fill(-1);
  const pairOfRow: number[] = []; // "not both ways" row 2n + i is for the pair of LAs pairOfRow[i] (r * n + e, r < e)
  let rows = 2 * n;
  cols.forEach((c, i) => {
    const other = local.get(full.reviewee[c]! * n + full.reviewer[c]!);
    if (other !== undefined && other > i) {
      reciprocal[i] = reciprocal[other] = rows++;
      const [a, b] = [full.reviewer[c]!, full.reviewee[c]!].sort((x, y) => x - y);
      pairOfRow.push(a! * n + b!);
    }
  });
  const starts = new Int32Array(cols.length + 1);
  const indices: number[] = [];
  cols.forEach((c, i) => {
    starts[i] = indices.length;
    indices.push(full.reviewee[c]!, n + full.reviewer[c]!);
    if (reciprocal[i]! >= 0) indices.push(reciprocal[i]!);
  });
  starts[cols.length] = indices.length;
  const rowLower = new Float64Array(rows);
  const rowUpper = new Float64Array(rows).fill(1);
  rowLower.fill(k, 0, 2 * n);
  rowUpper.fill(k, 0, 2 * n);
  const model: MipModel = {
    numCols: cols.length,
    numRows: rows,
    sense: 1,
    colCost: Float64Array.from(cols, (c) => full.model.colCost[c]!),
    colLower: new Float64Array(cols.length),
    colUpper: new Float64Array(cols.length).fill(1),
    rowLower,
    rowUpper,
    matrix: { starts, indices: Int32Array.from(indices), values: new Float64Array(indices.length).fill(1) },
    integrality: new Int32Array(cols.length).fill(1),
  };
  return { model, cols, pairOfRow };
}

type Restricted = ReturnType<typeof restrictedModel>;

/**
 * The last round's final basis carried over to this round's larger model: its columns and rows keep their status,
 * new columns start at zero (nonbasic) and new "not both ways" rows basic, so the count of basic entries still
 * equals the number of rows and the simplex resumes where it stopped instead of starting again.
 */
function carryBasis(last: Restricted, basis: Basis, next: Restricted, n: number): Basis {
  const colStatus = new Int32Array(next.cols.length); // 0: nonbasic at its lower bound
  const at = new Map(last.cols.map((c, i) => [c, i]));
  next.cols.forEach((c, i) => {
    const j = at.get(c);
    if (j !== undefined) colStatus[i] = basis.colStatus[j]!;
  });
  const rowStatus = new Int32Array(next.model.numRows).fill(1); // 1: basic
  rowStatus.set(basis.rowStatus.subarray(0, 2 * n));
  const row = new Map(last.pairOfRow.map((p, i) => [p, 2 * n + i]));
  next.pairOfRow.forEach((p, i) => {
    const j = row.get(p);
    if (j !== undefined) rowStatus[2 * n + i] = basis.rowStatus[j]!;
  });
  return { colStatus, rowStatus };
}

function wholeNumbered(values: Float64Array): boolean {
  return values.every((v) => Math.abs(v - Math.round(v)) <= 1e-9);
}

/** Left-out pairs whose reduced cost could let a solution using them beat z (see the module comment). */
function pricedIn(full: FullColumns, n: number, include: Uint8Array, y: Float64Array, slack: number): number[] {
  const out: number[] = [];
  for (let c = 0; c < include.length; c++) {
    if (include[c]) continue;
    const reduced = full.model.colCost[c]! - y[full.reviewee[c]!]! - y[n + full.reviewer[c]!]!;
    if (reduced < slack) out.push(c);
  }
  return out;
}

/**
 * Solve the full model by pricing. Returns the optimum as a full-length column vector, or undefined when the
 * caller should solve the full model instead (restricted model infeasible, not solved to optimality, or no
 * proof within MAX_ROUNDS).
 */
export async function solveByPricing(
  full: FullColumns,
  n: number,
  k: number,
  solve: Solve,
): Promise<{ colValue: Float64Array; objective: number; rounds: number } | undefined> {
  const include = firstColumns(full, n, k);
  let last: { restricted: Restricted; basis: Basis } | undefined;
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const restricted = restrictedModel(full, n, k, include);
    const { model, cols } = restricted;
    const basis = last && carryBasis(last.restricted, last.basis, restricted, n);
    const lp = await solve({ ...model, integrality: undefined, basis });
    if (lp.status !== "Optimal" || !lp.rowDual) return undefined;
    if (lp.basis) last = { restricted, basis: lp.basis };
    // First make the relaxation optimal over every pair (cheap LP rounds), then solve the integer model once.
    let missing = pricedIn(full, n, include, lp.rowDual, -1e-9);
    if (missing.length === 0) {
      // The relaxation is now optimal over every pair: if its optimum is whole, no integer solution does better.
      const mip = wholeNumbered(lp.colValue) ? { ...lp, gap: 0 } : await solve(model, { relaxFirst: false });
      if (mip.status !== "Optimal" || mip.gap > 1e-9) return undefined;
      missing = pricedIn(full, n, include, lp.rowDual, mip.objective - lp.objective - 0.5);
      if (missing.length === 0) {
        const colValue = new Float64Array(full.model.numCols);
        cols.forEach((c, i) => (colValue[c] = Math.round(mip.colValue[i]!)));
        return { colValue, objective: mip.objective, rounds: round };
      }
    }
    for (const c of missing) include[c] = 1;
  }
  return undefined;
}
