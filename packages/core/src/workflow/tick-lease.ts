/**
 * A scheduled step's lease: while one run holds it, another run of the step (a Cron firing while the last is still
 * going, `npm run tick` beside the local interval) skips the step instead of acting on the same items. The tasks
 * step needs it because it creates its emails with unconditional batch writes (see tick-reads.ts): the lease is what
 * makes "absent when this run read it" still true when the batch is written.
 *
 * The lease lasts LEASE_MS, far longer than a run (the function times out after 5 minutes), and the holder renews it
 * before each page of writes, so it cannot lapse between a page's reads and its writes unless the process stalls
 * for minutes; a run that finds it has lost the lease stops with an error and leaves the rest to the next tick.
 */
import { randomUUID } from "node:crypto";
import { ConditionFailedError, Keys, type Deps } from "../shared";

export const LEASE_MS = 10 * 60 * 1000;

export class LeaseLostError extends Error {
  constructor(step: string) {
    super(`Another run took over the ${step} step's lease`);
    this.name = "LeaseLostError";
  }
}

export interface Lease {
  /** Extend the lease from now; throws LeaseLostError if another run holds it now. */
  renew(): Promise<void>;
  release(): Promise<void>;
}

/** Take the step's lease if it is free or has lapsed; undefined when another run holds it. */
export async function acquire(deps: Pick<Deps, "store" | "clock">, step: string): Promise<Lease | undefined> {
  const holder = randomUUID();
  const key = Keys.lease(step);
  const take = async (free: boolean) => {
    const now = deps.clock.now().getTime();
    const until = new Date(now + LEASE_MS).toISOString();
    const mine = { op: "eq" as const, attr: "holder", value: holder };
    const lapsed = {
      op: "or" as const,
      of: [
        { op: "attrNotExists" as const, attr: "holder" },
        { op: "lt" as const, attr: "until", value: new Date(now).toISOString() },
      ],
    };
    await deps.store.update(key, { set: { holder, until } }, { condition: free ? lapsed : mine });
  };
  try {
    await take(true);
  } catch (err) {
    if (err instanceof ConditionFailedError) return undefined;
    throw err;
  }
  return {
    async renew() {
      try {
        await take(false);
      } catch (err) {
        if (err instanceof ConditionFailedError) throw new LeaseLostError(step);
        throw err;
      }
    },
    async release() {
      try {
        await deps.store.delete(key, { condition: { op: "eq", attr: "holder", value: holder } });
      } catch (err) {
        if (!(err instanceof ConditionFailedError)) throw err;
      }
    },
  };
}
