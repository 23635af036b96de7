/**
 * The names and addresses of a scope's people (a region, or the national list), read whole (one Query of the
 * region's people partition) and kept for a few seconds per store, so that the outbox can find whom each email
 * names (mail/named-people.ts) without reading the directory once per email. In the scheduled step the store is
 * that run's own (tick-reads.ts), so the people are read at most once per run and region; in the pages and the API
 * once per request (the few seconds cover one request). A change to the directory made in this process forgets
 * what is kept (`forgetNames`); a change made by another process is seen within `NAMES_KEPT_MS`.
 */
import { Keys, queryAll, type Deps, type Item } from "../shared";

/** How long a scope's names are kept (wall-clock time: a test's fixed clock must not keep them for ever). */
export const NAMES_KEPT_MS = 10_000;

export interface NamedPerson {
  id: string;
  name: string;
  email: string;
}

type Kept = Map<string, { until: number; people: Promise<NamedPerson[]> }>;
let kept = new WeakMap<object, Kept>();

/** Forget every scope's kept names (the directory changed in this process: a person added, changed or erased). */
export function forgetNames(): void {
  kept = new WeakMap();
}

/** Everyone listed in each scope (regions' ids, or "national"), read at most once per store every few seconds. */
export async function namesOf(deps: Pick<Deps, "store">, scopes: string[]): Promise<NamedPerson[]> {
  let byScope = kept.get(deps.store);
  if (!byScope) kept.set(deps.store, (byScope = new Map()));
  const now = Date.now();
  const lists = [...new Set(scopes)].map((scope) => {
    const hit = byScope.get(scope);
    if (hit && hit.until > now) return hit.people;
    const people = queryAll<Item & NamedPerson>(deps.store, {
      index: "gsi1",
      pk: Keys.peopleOfRegion(scope),
    }).then((items) => items.filter((p) => p.kind === "person").map(({ id, name, email }) => ({ id, name, email })));
    // A failed read is not kept: the next email reads again.
    people.catch(() => byScope.delete(scope));
    byScope.set(scope, { until: now + NAMES_KEPT_MS, people });
    return people;
  });
  return (await Promise.all(lists)).flat();
}
