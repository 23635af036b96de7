/**
 * HiGHS (WebAssembly) in one long-lived worker thread, so solves never block the event loop.
 * Loading HiGHS takes longer than solving a region, and its WebAssembly runs slowly until V8 has
 * optimised it, so the thread warms itself on a realistic model as soon as it starts: the first
 * real solve then runs at full speed. The thread does not keep the process alive when idle.
 */
import { createRequire } from "node:module";
import type * as WorkerThreads from "node:worker_threads";

/** A mixed-integer model as arrays (the shape `highs.withModel` takes); the matrix is column-wise. */
export interface MipModel {
  numCols: number;
  numRows: number;
  /** 1 minimise, -1 maximise. */
  sense: 1 | -1;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  matrix: { starts: Int32Array; indices: Int32Array; values: Float64Array };
  /** 1 = integer for every column here; absent: the LP relaxation (row duals are returned). */
  integrality?: Int32Array;
  /** An LP's starting basis (HiGHS' status codes: 0 at lower bound, 1 basic), e.g. the last round's, extended. */
  basis?: Basis;
}

export interface Basis {
  colStatus: Int32Array;
  rowStatus: Int32Array;
}

export interface MipResult {
  /** HiGHS' model status name (`Optimal`, `Infeasible`, `Time limit reached`, …). */
  status: string;
  objective: number;
  /** Relative gap between the solution and HiGHS' proven bound: 0 is a proof of optimality. */
  gap: number;
  colValue: Float64Array;
  /** Row duals and the final basis, for an LP (a model without integrality) solved to optimality. */
  rowDual?: Float64Array;
  basis?: Basis;
  /** How optimality was proven: a whole-numbered optimum of the relaxation, a branch-and-bound search, or an LP. */
  provedBy?: "relaxation" | "search" | "lp";
}

export interface RawSolution {
  Status: string;
  ObjectiveValue: number;
  Columns: Record<string, { Primal: number }>;
}

type Reply = { id: number; ok: boolean; value?: unknown; error?: string };

const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const ready = require(workerData.highsPath)();
const EXACT = { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 0 };
const NAMES = ["Not set", "Load error", "Model error", "Presolve error", "Solve error", "Postsolve error", "Empty",
  "Optimal", "Infeasible", "Primal infeasible or unbounded", "Unbounded", "Bound on objective reached",
  "Target for objective reached", "Time limit reached", "Iteration limit reached", "Unknown", "Solution limit reached",
  "Interrupted"];
function run(highs, { basis, ...model }, options) {
  return highs.withModel({ ...model, matrix: { format: "csc", numRows: model.numRows, numCols: model.numCols, ...model.matrix } }, (m) => {
    m.options.set({ ...EXACT, ...options });
    // A carried-over basis is primal feasible (new columns start at zero): the primal simplex resumes from it, where
    // the dual simplex would first flip every new column with a negative reduced cost and start far away.
    if (basis && !model.integrality) {
      m.setBasis(basis);
      m.options.set({ simplex_strategy: 4 });
    }
    const run = m.run();
    const status = NAMES[run.modelStatus] || String(run.modelStatus);
    const optimal = status === "Optimal";
    const solution = optimal ? m.getSolution() : undefined;
    const colValue = solution ? Float64Array.from(solution.colValue) : new Float64Array(0);
    const lp = optimal && !model.integrality;
    const rowDual = lp ? Float64Array.from(solution.rowDual) : undefined;
    const end = lp ? m.getBasis() : undefined;
    const gap = optimal ? (model.integrality ? (m.info.get("mip_gap") ?? 0) : 0) : Infinity;
    return { status, objective: optimal ? m.getObjectiveValue() : NaN, gap, colValue, rowDual,
      basis: end && { colStatus: Int32Array.from(end.colStatus), rowStatus: Int32Array.from(end.rowStatus) } };
  });
}
// An optimal vertex of the relaxation that is already whole is an optimum of the integer model (the relaxation's
// optimum bounds it from below), so branch and bound only runs when the relaxation ends fractional.
function integral(values) {
  for (const v of values) if (Math.abs(v - Math.round(v)) > 1e-9) return false;
  return true;
}
function solveModel(highs, model, timeLimit, relaxFirst) {
  if (model.integrality && relaxFirst) {
    const { integrality, ...relaxation } = model;
    const lp = run(highs, relaxation, { presolve: "off", time_limit: timeLimit });
    if (lp.status === "Optimal" && integral(lp.colValue))
      return { ...lp, colValue: lp.colValue.map(Math.round), rowDual: undefined, basis: undefined, provedBy: "relaxation" };
  }
  const presolve = model.integrality ? "choose" : "off";
  return { ...run(highs, model, { presolve, time_limit: timeLimit }), provedBy: model.integrality ? "search" : "lp" };
}
function solveLp(highs, lp, timeLimit) {
  const r = highs.solve(lp, { ...EXACT, presolve: "off", time_limit: timeLimit });
  const cols = {};
  for (const [k, c] of Object.entries(r.Columns || {})) if (c.Primal > 0.5) cols[k] = { Primal: c.Primal };
  return { Status: r.Status, ObjectiveValue: r.ObjectiveValue, Columns: cols };
}
parentPort.on("message", async ({ id, lp, model, timeLimit, relaxFirst }) => {
  try {
    const highs = await ready;
    const value = model ? solveModel(highs, model, timeLimit, relaxFirst) : solveLp(highs, lp, timeLimit);
    const moved = [value.colValue, value.rowDual, value.basis?.colStatus, value.basis?.rowStatus].filter(Boolean).map((a) => a.buffer);
    parentPort.postMessage({ id, ok: true, value }, moved);
  } catch (e) {
    parentPort.postMessage({ id, ok: false, error: String((e && e.message) || e) });
  }
});`;

interface SolverThread {
  worker: WorkerThreads.Worker;
  next: number;
  pending: Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>;
  warm: Promise<unknown>;
  /** Real solves asked for so far: once there is one, the warm-up stops posting solves. */
  asked: number;
}

let thread: SolverThread | undefined;
/**
 * Warm-up solves when the thread starts. The first solves run HiGHS' code unoptimised while V8's optimising tier
 * catches up, function by function; compiling HiGHS with that tier up front (--no-liftoff) took 15–20 s, far worse.
 * A real solve waits behind at most the one warm-up solve already running: the rest are skipped.
 */
const WARM_UP_SOLVES = 6;
let warmModel: (() => MipModel) | undefined;

/** The model the thread warms itself on (set by the assignment solver: a region-sized instance). */
export function setWarmUpModel(build: () => MipModel) {
  warmModel = build;
}

interface Message {
  lp?: string;
  model?: MipModel;
  timeLimit: number;
  relaxFirst?: boolean;
}

function post(s: SolverThread, message: Message): Promise<unknown> {
  const id = s.next++;
  return new Promise((resolve, reject) => {
    s.pending.set(id, { resolve, reject });
    s.worker.ref(); // keep the process alive while a solve is outstanding
    s.worker.postMessage({ id, ...message });
  });
}

async function warmThread(s: SolverThread) {
  const model = warmModel?.();
  if (!model) return post(s, { lp: "Minimize\n obj: x\nSubject To\n c: x >= 0\nEnd", timeLimit: 5 });
  for (let i = 0; i < WARM_UP_SOLVES && s.asked === 0; i++) await post(s, { model, timeLimit: 5, relaxFirst: true });
}

function solverThread(): SolverThread {
  if (thread) return thread;
  const require = createRequire(import.meta.url);
  const highsPath = require.resolve("highs");
  // Loaded on the first solve: most cold starts never solve, and loading worker threads costs them ~4 ms of init.
  const threads = require("node:worker_threads") as typeof WorkerThreads;
  const worker = new threads.Worker(WORKER, { eval: true, workerData: { highsPath } });
  worker.unref();
  const s: SolverThread = { worker, next: 1, pending: new Map(), warm: Promise.resolve(), asked: 0 };
  worker.on("message", (m: Reply) => {
    const p = s.pending.get(m.id);
    s.pending.delete(m.id);
    if (s.pending.size === 0) worker.unref();
    if (m.ok) p?.resolve(m.value);
    else p?.reject(new Error(`HiGHS failed: ${m.error}`));
  });
  const fail = (err: Error) => {
    for (const p of s.pending.values()) p.reject(err);
    s.pending.clear();
    thread = undefined;
  };
  worker.on("error", fail);
  worker.on("exit", () => fail(new Error("The solver stopped")));
  thread = s;
  s.warm = warmThread(s);
  s.warm.catch(() => undefined);
  return s;
}

function ask(message: Message): Promise<unknown> {
  const s = solverThread();
  s.asked++;
  return post(s, message);
}

/**
 * Start the solver thread, load HiGHS and warm it, without waiting (call at start-up: a solve asked for meanwhile
 * cuts the warm-up short). The promise settles when the warm-up ends.
 */
export async function warmUp(): Promise<void> {
  await solverThread().warm;
}

/**
 * Solve a model given as arrays, exactly (zero gap), in the solver thread. An integer model is first solved as its
 * relaxation (`relaxFirst`, the default): a whole-numbered optimum of that is proven optimal without a search.
 */
export function solveModel(
  model: MipModel,
  timeLimitSeconds = 30,
  options: { relaxFirst?: boolean } = {},
): Promise<MipResult> {
  return ask({ model, timeLimit: timeLimitSeconds, relaxFirst: options.relaxFirst ?? true }) as Promise<MipResult>;
}

/** Run HiGHS on LP text in the solver thread (columns with a value above ½ are returned). */
export function solveLp(lp: string, timeLimitSeconds = 30): Promise<RawSolution> {
  return ask({ lp, timeLimit: timeLimitSeconds }) as Promise<RawSolution>;
}
