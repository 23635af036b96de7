/**
 * Peer-review assignment as an integer programme, solved exactly by HiGHS (WebAssembly) in a
 * worker thread so the event loop stays free.
 *
 * Variables x[r,e] ∈ {0,1}: reviewer LA r reviews LA e. Constraints: every LA gets exactly k
 * reviewers and gives exactly k reviews (balanced; total demand equals total supply); never
 * itself; never both directions of a pair (x[a,b] + x[b,a] ≤ 1) — the rule plain min-cost flow
 * cannot express; declared conflicts have no variable at all. Objective (minimised): a base cost
 * per review, a large penalty for repeating last year's pair, and a reward for each of the
 * reviewee's areas for development that the reviewer lists as a strength.
 */
import { ValidationError } from "../shared";
import { setWarmUpModel, solveModel, type MipModel, type MipResult } from "./highs";
import { solveByPricing } from "./pricing";

export { solveLp, warmUp, type RawSolution } from "./highs";

export interface AssignmentInstance {
  /** LA codes in the pool. */
  authorities: string[];
  /** Reviewers per LA. */
  k: number;
  /** Pairs that must never review each other (either way). */
  conflicts?: [string, string][];
  /** Last year's [reviewer, reviewee] pairs (avoided, not forbidden). */
  lastYear?: [string, string][];
  /** Themes each LA is strong in. */
  strengths?: Record<string, string[]>;
  /** Themes each LA needs to develop. */
  areas?: Record<string, string[]>;
}

export interface AssignmentSolution {
  /** [reviewer, reviewee] pairs. */
  pairs: [string, string][];
  cost: number;
  /** Proven optimal by the solver. */
  optimal: boolean;
  ms: number;
}

export const COST = { base: 100, repeat: 1000, matchReward: 15, maxMatches: 4 } as const;

const key = (a: string, b: string) => `${a}|${b}`;

/**
 * Every pair's cost by LA index (`r * n + e`), with themes numbered once so a pair costs a few array reads rather
 * than string-set look-ups: the national pool has 23,256 pairs, and a request waits for all of them.
 */
function pairCosts(inst: AssignmentInstance): { index: Map<string, number>; cost: Float64Array } {
  const n = inst.authorities.length;
  const index = new Map(inst.authorities.map((a, i) => [a, i]));
  const themeIds = new Map<string, number>();
  const themeId = (t: string) => themeIds.get(t) ?? themeIds.set(t, themeIds.size).get(t)!;
  const strong = inst.authorities.map((a) => [...new Set((inst.strengths?.[a] ?? []).map(themeId))]);
  // The LAs with each theme as an area (an LA listing an area twice appears twice: it counts twice).
  const wanting: number[][] = [];
  inst.authorities.forEach((a, e) => (inst.areas?.[a] ?? []).forEach((t) => (wanting[themeId(t)] ??= []).push(e)));
  // Matches counted theme by theme, touching only the pairs that share one rather than every pair's every area.
  const matches = new Uint8Array(n * n);
  strong.forEach((ids, r) => ids.forEach((t) => wanting[t]?.forEach((e) => matches[r * n + e]!++)));
  const repeats = new Uint8Array(n * n);
  for (const [a, b] of inst.lastYear ?? []) {
    const i = index.get(a);
    const j = index.get(b);
    if (i !== undefined && j !== undefined) repeats[i * n + j] = 1;
  }
  const cost = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) {
    const m = matches[i]! < COST.maxMatches ? matches[i]! : COST.maxMatches;
    cost[i] = COST.base + repeats[i]! * COST.repeat - COST.matchReward * m;
  }
  return { index, cost };
}

/** Cost of reviewer r reviewing e (lower is better). */
export function pairCost(inst: AssignmentInstance, r: string, e: string): number {
  return costTable(inst)(r, e);
}

/** Pair costs computed once, for looking up many pairs of one instance. */
export function costTable(inst: AssignmentInstance): (r: string, e: string) => number {
  const { index, cost } = pairCosts(inst);
  const n = inst.authorities.length;
  return (r, e) => cost[index.get(r)! * n + index.get(e)!]!;
}

/** Declared conflicts as reviewee → the reviewers it must not have (both ways). */
function conflictsOf(inst: AssignmentInstance): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (a: string, b: string) => (out.get(a) ?? out.set(a, new Set()).get(a)!).add(b);
  for (const [a, b] of inst.conflicts ?? []) {
    add(a, b);
    add(b, a);
  }
  return out;
}

/** Candidate reviewers of each LA after excluding itself and declared conflicts. */
export function candidates(inst: AssignmentInstance): Map<string, string[]> {
  const conflicted = conflictsOf(inst);
  return new Map(
    inst.authorities.map((e) => {
      const no = conflicted.get(e);
      return [e, inst.authorities.filter((r) => r !== e && !no?.has(r))];
    }),
  );
}

/**
 * Say why an instance cannot be solved, before trying: each LA needs k reviewers and gives k
 * reviews with no reciprocal pairs, so the pool needs at least 2k + 1 LAs, and every LA needs k
 * candidates after conflicts.
 */
export function explainImpossible(inst: AssignmentInstance): string[] {
  const problems: string[] = [];
  const n = inst.authorities.length;
  if (new Set(inst.authorities).size !== n) problems.push("An LA appears twice in the pool.");
  if (!Number.isInteger(inst.k) || inst.k < 1)
    problems.push("The number of reviewers per LA must be a whole number of at least 1.");
  else if (n < 2 * inst.k + 1) {
    problems.push(
      `With no reciprocal pairs, ${inst.k} reviewer${inst.k === 1 ? "" : "s"} per LA need at least ${2 * inst.k + 1} LAs in the pool; there ${n === 1 ? "is" : "are"} ${n}. Lower the number of reviewers per LA to ${Math.max(1, Math.floor((n - 1) / 2))} or add LAs.`,
    );
  }
  for (const [e, rs] of candidates(inst)) {
    if (rs.length < inst.k)
      problems.push(
        `${e} has only ${rs.length} possible reviewer${rs.length === 1 ? "" : "s"} after conflicts; it needs ${inst.k}.`,
      );
  }
  // Each review uses one pair of LAs, and a pair can be used only one way: there must be at least n·k usable pairs.
  const conflictPairs = new Set(
    (inst.conflicts ?? []).filter(([a, b]) => a !== b).map(([a, b]) => [a, b].sort().join("|")),
  ).size;
  const usable = (n * (n - 1)) / 2 - conflictPairs;
  if (!problems.length && usable < n * inst.k) {
    problems.push(
      `${n} LAs with ${inst.k} reviewers each need ${n * inst.k} pairs of LAs that can review one way; after ${conflictPairs} declared conflict${conflictPairs === 1 ? "" : "s"} only ${usable} remain. Remove a conflict, add LAs or lower the number of reviewers per LA.`,
    );
  }
  return problems;
}

/** The assignment as arrays: one binary column per (reviewer, reviewee) candidate pair. */
export interface AssignmentModel {
  model: MipModel;
  /** Column c is reviewer `reviewer[c]` reviewing `reviewee[c]` (indexes into `authorities`). */
  reviewer: Int32Array;
  reviewee: Int32Array;
}

/**
 * Build the integer programme with index maps (no per-row scans): rows 0..n-1 are "LA e receives
 * k reviews", n..2n-1 "LA r gives k reviews", then one "not both ways" row per pair of LAs with
 * both directions allowed. Each column has 2 or 3 entries, in increasing row order.
 */
export function buildModel(inst: AssignmentInstance): AssignmentModel {
  const n = inst.authorities.length;
  const { index, cost } = pairCosts(inst);
  const blocked = new Uint8Array(n * n);
  for (const [a, b] of inst.conflicts ?? []) {
    const i = index.get(a);
    const j = index.get(b);
    if (i !== undefined && j !== undefined) blocked[i * n + j] = blocked[j * n + i] = 1;
  }
  const { reviewer, reviewee, colCost, column } = columnsOf(n, cost, blocked);
  const numCols = reviewer.length;
  const { starts, indices, numRows } = matrixOf(n, reviewer, reviewee, column);
  const rowLower = new Float64Array(numRows);
  const rowUpper = new Float64Array(numRows).fill(1);
  rowLower.fill(inst.k, 0, 2 * n);
  rowUpper.fill(inst.k, 0, 2 * n);
  return {
    model: {
      numCols,
      numRows,
      sense: 1,
      colCost,
      colLower: new Float64Array(numCols),
      colUpper: new Float64Array(numCols).fill(1),
      rowLower,
      rowUpper,
      matrix: { starts, indices, values: new Float64Array(indices.length).fill(1) },
      integrality: new Int32Array(numCols).fill(1),
    },
    reviewer,
    reviewee,
  };
}

/** One column per allowed (reviewer, reviewee) pair, reviewee by reviewee; typed arrays sized once, not grown. */
function columnsOf(n: number, cost: Float64Array, blocked: Uint8Array) {
  const reviewer = new Int32Array(n * n);
  const reviewee = new Int32Array(n * n);
  const colCost = new Float64Array(n * n);
  const column = new Int32Array(n * n).fill(-1); // r * n + e → column
  let c = 0;
  for (let e = 0; e < n; e++) {
    for (let r = 0; r < n; r++) {
      if (r === e || blocked[r * n + e]) continue;
      column[r * n + e] = c;
      reviewer[c] = r;
      reviewee[c] = e;
      colCost[c++] = cost[r * n + e]!;
    }
  }
  return { reviewer: reviewer.slice(0, c), reviewee: reviewee.slice(0, c), colCost: colCost.slice(0, c), column };
}

/** The column-wise matrix: each column in its "receives" and "gives" rows, and its pair's "not both ways" row. */
function matrixOf(n: number, reviewer: Int32Array, reviewee: Int32Array, column: Int32Array) {
  const numCols = reviewer.length;
  const reciprocal = new Int32Array(numCols).fill(-1);
  let numRows = 2 * n;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = column[i * n + j]!;
      const b = column[j * n + i]!;
      if (a >= 0 && b >= 0) reciprocal[a] = reciprocal[b] = numRows++;
    }
  }
  const starts = new Int32Array(numCols + 1);
  const indices = new Int32Array(3 * numCols);
  let nz = 0;
  for (let c = 0; c < numCols; c++) {
    starts[c] = nz;
    indices[nz++] = reviewee[c]!;
    indices[nz++] = n + reviewer[c]!;
    if (reciprocal[c]! >= 0) indices[nz++] = reciprocal[c]!;
  }
  starts[numCols] = nz;
  return { starts, indices: indices.slice(0, nz), numRows };
}

/** A region-sized instance (33 LAs, k = 2, varied costs) for warming the solver thread. */
function warmUpInstance(): AssignmentInstance {
  const authorities = Array.from({ length: 33 }, (_, i) => `W${i}`);
  const themes = ["a", "b", "c", "d", "e", "f"];
  return {
    authorities,
    k: 2,
    lastYear: authorities.map((a, i) => [a, authorities[(i + 1) % 33]!]),
    strengths: Object.fromEntries(authorities.map((a, i) => [a, themes.filter((_, t) => (i + t) % 3 === 0)])),
    areas: Object.fromEntries(authorities.map((a, i) => [a, themes.filter((_, t) => (i * t) % 4 === 1)])),
  };
}
setWarmUpModel(() => buildModel(warmUpInstance()).model);

/** Pools above this size are solved on their cheapest pairs with a pricing proof (pricing.ts); regions whole. */
const PRICING_FROM_LAS = 40;

async function solveBuilt(inst: AssignmentInstance, built: AssignmentModel, timeLimit: number): Promise<MipResult> {
  if (inst.authorities.length > PRICING_FROM_LAS) {
    const solve = (model: MipModel, options?: { relaxFirst?: boolean }) => solveModel(model, timeLimit, options);
    const priced = await solveByPricing(built, inst.authorities.length, inst.k, solve);
    if (priced) return { status: "Optimal", objective: priced.objective, gap: 0, colValue: priced.colValue };
  }
  return solveModel(built.model, timeLimit);
}

/** Solve an assignment instance to proven optimality, or explain why it cannot be done. */
export async function solveAssignment(
  inst: AssignmentInstance,
  options: { timeLimitSeconds?: number } = {},
): Promise<AssignmentSolution> {
  // Timed from the call: checking the pool and building the model are part of what a lead waits for.
  const started = performance.now();
  const problems = explainImpossible(inst);
  if (problems.length)
    throw new ValidationError(
      "These LAs cannot be assigned reviewers as asked.",
      problems.map((message) => ({ path: "assignment", message })),
    );
  const built = buildModel(inst);
  const raw = await solveBuilt(inst, built, options.timeLimitSeconds ?? 30);
  if (raw.status === "Infeasible") {
    throw new ValidationError("These LAs cannot be assigned reviewers as asked.", [
      {
        path: "assignment",
        message:
          "Declared conflicts leave no way to give every LA its reviewers without a reciprocal pair. Remove a conflict or lower the number of reviewers per LA.",
      },
    ]);
  }
  // Optimal with a zero gap between the solution and HiGHS' proven bound: nothing better exists.
  if (raw.status !== "Optimal" || raw.gap > 1e-9)
    throw new Error(`The assignment solver stopped without an optimum (${raw.status}).`);
  const pairs: [string, string][] = [];
  let cost = 0;
  raw.colValue.forEach((x, c) => {
    if (x <= 0.5) return;
    pairs.push([inst.authorities[built.reviewer[c]!]!, inst.authorities[built.reviewee[c]!]!]);
    cost += built.model.colCost[c]!;
  });
  return { pairs, cost, optimal: true, ms: performance.now() - started };
}

/** Check a set of pairs against every rule (used for swaps, and by tests). */
export function violations(inst: AssignmentInstance, pairs: [string, string][]): string[] {
  const out: string[] = [];
  const set = new Set(pairs.map(([r, e]) => key(r, e)));
  const allowed = candidates(inst);
  for (const [r, e] of pairs) {
    if (r === e) out.push(`${r} cannot review itself`);
    else if (!allowed.get(e)?.includes(r)) out.push(`${r} has a declared conflict with ${e}`);
    if (set.has(key(e, r))) out.push(`${r} and ${e} would review each other`);
  }
  if (set.size !== pairs.length) out.push("a pair appears twice");
  return [...new Set(out)];
}

/** Exhaustive search for the optimum (small instances only): the reference the tests hold HiGHS to. */
export function bruteForce(inst: AssignmentInstance): { cost: number; pairs: [string, string][] } | undefined {
  const n = inst.authorities.length;
  const cands = candidates(inst);
  const given = new Map(inst.authorities.map((a) => [a, 0]));
  const chosen: [string, string][] = [];
  const chosenSet = new Set<string>();
  let best: { cost: number; pairs: [string, string][] } | undefined;
  const reviewees = inst.authorities;
  const cost = costTable(inst);
  const combos = (list: string[], k: number): string[][] => {
    if (k === 0) return [[]];
    const out: string[][] = [];
    list.forEach((x, i) => combos(list.slice(i + 1), k - 1).forEach((rest) => out.push([x, ...rest])));
    return out;
  };
  // Each LA's possible reviewer groups, listed once rather than at every node of the search.
  const groups = reviewees.map((e) => combos(cands.get(e)!, inst.k));
  // A lower bound on what the LAs from ei on still cost (each at its k cheapest reviewers): prunes early.
  const floor = reviewees.map((e) =>
    cands
      .get(e)!
      .map((r) => cost(r, e))
      .sort((a, b) => a - b)
      .slice(0, inst.k)
      .reduce((s, c) => s + c, 0),
  );
  const rest = floor.map((_, i) => floor.slice(i).reduce((s, c) => s + c, 0)).concat(0);
  const recurse = (ei: number, total: number) => {
    if (best && total + rest[ei]! >= best.cost) return;
    if (ei === n) {
      if ([...given.values()].every((g) => g === inst.k)) best = { cost: total, pairs: [...chosen] };
      return;
    }
    const e = reviewees[ei]!;
    for (const group of groups[ei]!) {
      if (group.some((r) => given.get(r)! >= inst.k || chosenSet.has(key(e, r)))) continue;
      for (const r of group) {
        given.set(r, given.get(r)! + 1);
        chosen.push([r, e]);
        chosenSet.add(key(r, e));
      }
      recurse(ei + 1, total + group.reduce((s, r) => s + cost(r, e), 0));
      for (const r of group) {
        given.set(r, given.get(r)! - 1);
        chosen.pop();
        chosenSet.delete(key(r, e));
      }
    }
  };
  recurse(0, 0);
  return best;
}
