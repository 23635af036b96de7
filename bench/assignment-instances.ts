/** Assignment instances for the benches: every region's LAs with strengths, areas and last year's pairs. */
import type { Matching } from "@riia/core";
import { seededRandom } from "../local/seeded-random";

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

export function instance(codes: string[], k: number, seed: number): Matching.AssignmentInstance {
  const r = seededRandom(seed);
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
