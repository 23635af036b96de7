/**
 * Assignment solve times: every region at its default k = 2 (the slowest reported) and the
 * national instance (153 LAs, k = 3), with strengths, areas for development and last year's pairs
 * generated deterministically. HiGHS runs with a zero optimality gap, so "optimal" is exact.
 * Region and national times are for a process whose solver has finished warming up; `regionColdMs` is the largest
 * region solved first thing in fresh processes with no warm-up (what a lead waits for in a new environment).
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Matching } from "@riia/core";
import reference from "../packages/core/data/reference.json";
import { instance } from "./assignment-instances";
import { median } from "./results";

/** CPU milliseconds (user + system, every thread) since the call. */
function cpuSince(): () => number {
  const start = process.cpuUsage();
  return () => {
    const d = process.cpuUsage(start);
    return Math.round((d.user + d.system) / 1000);
  };
}

/** The largest region solved first thing in fresh processes (median of three): no warm-up, HiGHS loaded on demand. */
function coldRegion(runs = 3) {
  const script = fileURLToPath(new URL("./assignment-cold.ts", import.meta.url));
  const root = fileURLToPath(new URL("../", import.meta.url));
  const ms = Array.from({ length: runs }, () => {
    const out = execFileSync(process.execPath, ["--import", "tsx", script], { cwd: root });
    return (JSON.parse(out.toString()) as { ms: number }).ms;
  });
  return Math.round(median(ms));
}

export async function benchAssignment() {
  const regionColdMs = coldRegion();
  // Cold: the first solve in a process starts the solver thread and loads HiGHS.
  const coldStarted = performance.now();
  await Matching.warmUp();
  const coldStartMs = Math.round(performance.now() - coldStarted);
  const regions: { id: string; n: number; ms: number; cpuMs: number }[] = [];
  for (const [i, region] of reference.regions.entries()) {
    const codes = region.authorities.map((a) => a.code);
    const cpu = cpuSince();
    const solved = await Matching.solveAssignment(instance(codes, 2, 100 + i));
    regions.push({ id: region.id, n: codes.length, ms: solved.ms, cpuMs: cpu() });
  }
  const nationalCpu = cpuSince();
  const national = await Matching.solveAssignment(
    instance(
      reference.regions.flatMap((r) => r.authorities.map((a) => a.code)),
      3,
      7,
    ),
  );
  const nationalCpuMs = nationalCpu();
  return {
    coldStartMs,
    regions,
    assignment: {
      regionMaxMs: Math.round(Math.max(...regions.map((r) => r.ms))),
      nationalMs: Math.round(national.ms),
      // CPU time of this process (all threads, the solver's included): what the machine's neighbours do not add to.
      regionMaxCpuMs: Math.max(...regions.map((r) => r.cpuMs)),
      nationalCpuMs,
      regionColdMs,
      gap: national.optimal ? 0 : null,
    },
  };
}
