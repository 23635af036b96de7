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
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { ValidationError } from "../shared";

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

/** Cost of reviewer r reviewing e (lower is better). */
export function pairCost(inst: AssignmentInstance, r: string, e: string): number {
  const repeat = inst.lastYear?.some(([a, b]) => a === r && b === e) ? COST.repeat : 0;
  const strengths = new Set(inst.strengths?.[r] ?? []);
  const matches = (inst.areas?.[e] ?? []).filter((t) => strengths.has(t)).length;
  return COST.base + repeat - COST.matchReward * Math.min(matches, COST.maxMatches);
}

/** Candidate reviewers of each LA after excluding itself and declared conflicts. */
export function candidates(inst: AssignmentInstance): Map<string, string[]> {
  const conflicted = new Set((inst.conflicts ?? []).flatMap(([a, b]) => [key(a, b), key(b, a)]));
  return new Map(
    inst.authorities.map((e) => [e, inst.authorities.filter((r) => r !== e && !conflicted.has(key(r, e)))]),
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

const v = (i: number, j: number) => `x_${i}_${j}`;

/** The instance in CPLEX LP format. */
export function toLp(inst: AssignmentInstance): string {
  const cands = candidates(inst);
  const idx = new Map(inst.authorities.map((a, i) => [a, i]));
  const vars: { name: string; r: number; e: number; cost: number }[] = [];
  for (const [e, rs] of cands)
    for (const r of rs)
      vars.push({ name: v(idx.get(r)!, idx.get(e)!), r: idx.get(r)!, e: idx.get(e)!, cost: pairCost(inst, r, e) });
  const exists = new Set(vars.map((x) => x.name));
  const lines: string[] = ["Minimize", ` obj: ${vars.map((x) => `${x.cost} ${x.name}`).join(" + ")}`, "Subject To"];
  inst.authorities.forEach((_, i) => {
    const incoming = vars.filter((x) => x.e === i).map((x) => x.name);
    const outgoing = vars.filter((x) => x.r === i).map((x) => x.name);
    lines.push(` in_${i}: ${incoming.join(" + ")} = ${inst.k}`);
    lines.push(` out_${i}: ${outgoing.join(" + ")} = ${inst.k}`);
  });
  for (let i = 0; i < inst.authorities.length; i++) {
    for (let j = i + 1; j < inst.authorities.length; j++) {
      if (exists.has(v(i, j)) && exists.has(v(j, i))) lines.push(` rec_${i}_${j}: ${v(i, j)} + ${v(j, i)} <= 1`);
    }
  }
  lines.push("Binary", ` ${vars.map((x) => x.name).join(" ")}`, "End");
  return lines.join("\n");
}

export interface RawSolution {
  Status: string;
  ObjectiveValue: number;
  Columns: Record<string, { Primal: number }>;
}

/**
 * One long-lived worker thread holds HiGHS (loading the WebAssembly takes longer than solving a
 * region), and solves one model at a time off the event loop. It does not keep the process alive.
 */
let solver:
  | {
      worker: Worker;
      next: number;
      pending: Map<number, { resolve: (r: RawSolution) => void; reject: (e: Error) => void }>;
    }
  | undefined;

function solverWorker() {
  if (solver) return solver;
  const highsPath = createRequire(import.meta.url).resolve("highs");
  const code = `
    const { parentPort, workerData } = require("node:worker_threads");
    const ready = require(workerData.highsPath)();
    parentPort.on("message", async ({ id, lp, timeLimit }) => {
      try {
        const highs = await ready;
        const r = highs.solve(lp, { presolve: "off", time_limit: timeLimit, output_flag: false, mip_rel_gap: 0, mip_abs_gap: 0 });
        const cols = {};
        for (const [k, c] of Object.entries(r.Columns || {})) if (c.Primal > 0.5) cols[k] = { Primal: c.Primal };
        parentPort.postMessage({ id, ok: true, value: { Status: r.Status, ObjectiveValue: r.ObjectiveValue, Columns: cols } });
      } catch (e) {
        parentPort.postMessage({ id, ok: false, error: String((e && e.message) || e) });
      }
    });`;
  const worker = new Worker(code, { eval: true, workerData: { highsPath } });
  worker.unref();
  const state = {
    worker,
    next: 1,
    pending: new Map<number, { resolve: (r: RawSolution) => void; reject: (e: Error) => void }>(),
  };
  worker.on("message", (m: { id: number; ok: boolean; value?: RawSolution; error?: string }) => {
    const p = state.pending.get(m.id);
    state.pending.delete(m.id);
    if (state.pending.size === 0) worker.unref();
    if (m.ok) p?.resolve(m.value!);
    else p?.reject(new Error(`HiGHS failed: ${m.error}`));
  });
  const fail = (err: Error) => {
    for (const p of state.pending.values()) p.reject(err);
    state.pending.clear();
    solver = undefined;
  };
  worker.on("error", fail);
  worker.on("exit", () => fail(new Error("The solver stopped")));
  solver = state;
  return state;
}

/** Run HiGHS on LP text in the solver thread. */
export function solveLp(lp: string, timeLimitSeconds = 30): Promise<RawSolution> {
  return solveInWorker(lp, timeLimitSeconds);
}

function solveInWorker(lp: string, timeLimitSeconds: number): Promise<RawSolution> {
  const s = solverWorker();
  const id = s.next++;
  return new Promise((resolve, reject) => {
    s.pending.set(id, { resolve, reject });
    s.worker.ref(); // keep the process alive while a solve is outstanding
    s.worker.postMessage({ id, lp, timeLimit: timeLimitSeconds });
  });
}

/** Start the solver thread and load HiGHS ahead of the first solve (e.g. at start-up). */
export async function warmUp(): Promise<void> {
  await solveInWorker("Minimize\n obj: x\nSubject To\n c: x >= 0\nEnd", 5);
}

/** Solve an assignment instance to proven optimality, or explain why it cannot be done. */
export async function solveAssignment(
  inst: AssignmentInstance,
  options: { timeLimitSeconds?: number } = {},
): Promise<AssignmentSolution> {
  const problems = explainImpossible(inst);
  if (problems.length)
    throw new ValidationError(
      "These LAs cannot be assigned reviewers as asked.",
      problems.map((message) => ({ path: "assignment", message })),
    );
  const started = performance.now();
  const raw = await solveInWorker(toLp(inst), options.timeLimitSeconds ?? 30);
  const ms = performance.now() - started;
  if (raw.Status === "Infeasible") {
    throw new ValidationError("These LAs cannot be assigned reviewers as asked.", [
      {
        path: "assignment",
        message:
          "Declared conflicts leave no way to give every LA its reviewers without a reciprocal pair. Remove a conflict or lower the number of reviewers per LA.",
      },
    ]);
  }
  if (raw.Status !== "Optimal") throw new Error(`The assignment solver stopped without an optimum (${raw.Status}).`);
  const pairs: [string, string][] = [];
  for (const [name, col] of Object.entries(raw.Columns)) {
    if (col.Primal > 0.5) {
      const [, i, j] = name.split("_");
      pairs.push([inst.authorities[Number(i)]!, inst.authorities[Number(j)]!]);
    }
  }
  const cost = pairs.reduce((s, [r, e]) => s + pairCost(inst, r, e), 0);
  return { pairs, cost, optimal: true, ms };
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
  const combos = (list: string[], k: number): string[][] => {
    if (k === 0) return [[]];
    const out: string[][] = [];
    list.forEach((x, i) => combos(list.slice(i + 1), k - 1).forEach((rest) => out.push([x, ...rest])));
    return out;
  };
  const recurse = (ei: number, cost: number) => {
    if (best && cost >= best.cost) return;
    if (ei === n) {
      if ([...given.values()].every((g) => g === inst.k)) best = { cost, pairs: [...chosen] };
      return;
    }
    const e = reviewees[ei]!;
    for (const group of combos(cands.get(e)!, inst.k)) {
      if (group.some((r) => given.get(r)! >= inst.k || chosenSet.has(key(e, r)))) continue;
      for (const r of group) {
        given.set(r, given.get(r)! + 1);
        chosen.push([r, e]);
        chosenSet.add(key(r, e));
      }
      recurse(ei + 1, cost + group.reduce((s, r) => s + pairCost(inst, r, e), 0));
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
