/**
 * Assignment solve times: every region at its default k = 2 (the slowest reported) and the
 * national instance (153 LAs, k = 3), with strengths, areas for development and last year's pairs
 * generated deterministically. HiGHS runs with a zero optimality gap, so "optimal" is exact.
 */
import { Matching } from "@riia/core";
import reference from "../packages/core/data/reference.json";

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}
const THEMES = [
  "early-help",
  "front-door",
  "child-protection",
  "children-in-care",
  "care-leavers",
  "sufficiency",
  "workforce",
  "exploitation",
  "send",
  "education",
  "youth-justice",
  "quality-assurance",
  "leadership",
  "voice",
];

function instance(codes: string[], k: number, seed: number): Matching.AssignmentInstance {
  const r = rng(seed);
  const pick = () => THEMES.filter(() => r() < 0.25);
  const shuffled = [...codes].sort(() => r() - 0.5);
  return {
    authorities: codes,
    k,
    lastYear: shuffled.flatMap((a, i) =>
      Array.from({ length: k }, (_, j) => [a, shuffled[(i + j + 1) % shuffled.length]!] as [string, string]),
    ),
    strengths: Object.fromEntries(codes.map((c) => [c, pick()])),
    areas: Object.fromEntries(codes.map((c) => [c, pick()])),
  };
}

/** CPU milliseconds (user + system, every thread) since the call. */
function cpuSince(): () => number {
  const start = process.cpuUsage();
  return () => {
    const d = process.cpuUsage(start);
    return Math.round((d.user + d.system) / 1000);
  };
}

export async function benchAssignment() {
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
      gap: national.optimal ? 0 : null,
    },
  };
}
