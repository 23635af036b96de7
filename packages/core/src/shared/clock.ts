import type { Clock } from "./ports";

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock fixed at `at` that tests can move. */
export function fixedClock(at: Date | string): Clock & { set(at: Date | string): void; advance(ms: number): void } {
  let t = new Date(at).getTime();
  return {
    now: () => new Date(t),
    set: (next) => {
      t = new Date(next).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/**
 * A clock that runs in real time from a shifted origin: used locally to simulate dates
 * (`npm run tick -- --at <date>`) while still letting time pass.
 */
export function offsetClock(offsetMs: () => number): Clock {
  return { now: () => new Date(Date.now() + offsetMs()) };
}
