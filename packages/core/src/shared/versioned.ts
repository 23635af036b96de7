import { ConditionFailedError, ConflictError } from "./errors";
import type { Deps, Item, Key } from "./ports";

/** An item under optimistic concurrency: every write names the version it read. */
export interface Versioned extends Item {
  version: number;
  updatedAt: string;
  updatedBy: string;
}

/** Create an item at version 1; fails with ConflictError if it already exists. */
export async function create<T extends Versioned>(deps: Pick<Deps, "store">, item: T): Promise<T> {
  try {
    await deps.store.put(item, { condition: { op: "notExists" } });
    return item;
  } catch (err) {
    if (err instanceof ConditionFailedError)
      throw new ConflictError("This record already exists.", { key: `${item.pk}/${item.sk}` });
    throw err;
  }
}

/**
 * Replace an item if (and only if) it is still at `expectedVersion`; the new item gets the next
 * version. On a lost race, throws ConflictError carrying who changed it and when.
 */
export async function replace<T extends Versioned>(
  deps: Pick<Deps, "store">,
  next: Omit<T, "version"> & { version?: number },
  expectedVersion: number,
): Promise<T> {
  const item = { ...next, version: expectedVersion + 1 } as T;
  try {
    await deps.store.put(item, { condition: { op: "eq", attr: "version", value: expectedVersion } });
    return item;
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    const current = await deps.store.get<T>({ pk: item.pk, sk: item.sk }, { consistent: true });
    throw new ConflictError(
      current
        ? `Someone else changed this (now version ${current.version}, by ${current.updatedBy} at ${current.updatedAt}).`
        : "This record no longer exists.",
      current ? { version: current.version, updatedBy: current.updatedBy, updatedAt: current.updatedAt } : undefined,
    );
  }
}

export async function getConsistent<T extends Item>(deps: Pick<Deps, "store">, key: Key): Promise<T | undefined> {
  return deps.store.get<T>(key, { consistent: true });
}
