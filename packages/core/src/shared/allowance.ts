/**
 * Allowances counted in the table: at most `limit` uses of one key in a fixed window, so a limit holds across
 * Lambda instances. dynalite has no TTL and no transactions, so each use is a single-item conditional write and
 * the window's end (`expiresAt`, also the table's TTL attribute) is checked on every use.
 */
import { createHash } from "node:crypto";
import { ConditionFailedError } from "./errors";
import type { Clock, Item, Key, Store } from "./ports";

export interface AllowanceRule {
  /** The item's kind, e.g. "new-link-limit". */
  kind: string;
  limit: number;
  windowSeconds: number;
  /** Extra attributes written when a window starts (what the count is for). */
  fields?: Record<string, unknown>;
}

export interface Allowance {
  allowed: boolean;
  /** Seconds until the current window ends (when a refused caller may try again). */
  retryAfterSeconds: number;
}

interface AllowanceItem extends Item {
  count: number;
  expiresAt: number;
}

/** A stable, non-reversible name for a secret or personal value (a bearer token, an email address) in a key. */
export const subjectHash = (purpose: string, value: string) =>
  createHash("sha256").update(`${purpose}\n${value}`).digest("base64url").slice(0, 32);

/**
 * Take one use of `key`'s allowance. Add to a live window below the limit; else start a new window over an ended
 * one (or none); when another request began the window first, try adding to it again.
 */
export async function take(deps: { store: Store; clock: Clock }, key: Key, rule: AllowanceRule): Promise<Allowance> {
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  const live = { op: "gt", attr: "expiresAt", value: now } as const;
  for (let attempt = 0; attempt < 3; attempt++) {
    const added = await deps.store
      .update<AllowanceItem>(
        key,
        { add: { count: 1 } },
        { condition: { op: "and", of: [{ op: "exists" }, live, { op: "lt", attr: "count", value: rule.limit }] } },
      )
      .then((item) => ({ allowed: true, retryAfterSeconds: Math.max(1, item.expiresAt - now) }), failedCondition);
    if (added) return added;
    const fresh = { ...rule.fields, ...key, kind: rule.kind, count: 1, expiresAt: now + rule.windowSeconds };
    const started = await deps.store
      .put(fresh, { condition: { op: "or", of: [{ op: "notExists" }, { op: "le", attr: "expiresAt", value: now }] } })
      .then(() => ({ allowed: true, retryAfterSeconds: rule.windowSeconds }), failedCondition);
    if (started) return started;
    // Neither: the window is live and full, or another request has just begun it (then add to it).
    const current = await deps.store.get<AllowanceItem>(key, { consistent: true });
    if (current && current.expiresAt > now && current.count >= rule.limit)
      return { allowed: false, retryAfterSeconds: Math.max(1, current.expiresAt - now) };
  }
  return { allowed: false, retryAfterSeconds: rule.windowSeconds };
}

const failedCondition = (err: unknown) => {
  if (err instanceof ConditionFailedError) return undefined;
  throw err;
};
