/**
 * A seeded pseudo-random sequence in [0, 1) (a linear congruential generator): the same seed gives the same demo
 * history, bench instance or test pool on every machine and every run.
 */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}
