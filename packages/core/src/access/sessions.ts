/**
 * Server-side sessions. The cookie carries a random id; the table holds only its hash (so a copy of
 * the table cannot be replayed as cookies), with the person, and a TTL. Ending a session deletes the
 * item, so sign-out and revocation take effect on the very next request.
 */
import { createHash, randomBytes } from "node:crypto";
import { Keys, queryAll, type Deps, type Item } from "../shared";

export interface Session extends Item {
  kind: "session";
  personId: string;
  regionId: string;
  createdAt: string;
  /** Epoch seconds: the table's TTL attribute, and checked on every read (TTL deletion lags). */
  expiresAt: number;
}

const ID = /^[A-Za-z0-9_-]{43}$/;
const hashOf = (id: string) => createHash("sha256").update(id).digest("base64url");

export async function start(
  deps: Pick<Deps, "store" | "clock">,
  person: { id: string; regionId: string },
  hours: number,
): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  const now = deps.clock.now();
  const item: Session = {
    ...Keys.session(hashOf(id)),
    gsi1pk: Keys.sessionsOfPerson(person.id),
    gsi1sk: now.toISOString(),
    kind: "session",
    personId: person.id,
    regionId: person.regionId,
    createdAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + hours * 3600,
  };
  await deps.store.put(item, { condition: { op: "notExists" } });
  return id;
}

/** The live session for a cookie value, if any. Malformed values never reach the store. */
export async function find(deps: Pick<Deps, "store" | "clock">, id: string | undefined): Promise<Session | undefined> {
  if (!id || !ID.test(id)) return undefined;
  const s = await deps.store.get<Session>(Keys.session(hashOf(id)), { consistent: true });
  if (!s || s.expiresAt * 1000 <= deps.clock.now().getTime()) return undefined;
  return s;
}

export async function end(deps: Pick<Deps, "store">, id: string): Promise<void> {
  if (ID.test(id)) await deps.store.delete(Keys.session(hashOf(id)));
}

/** End every session of one person; returns how many were live or lingering. */
export async function endAll(deps: Pick<Deps, "store">, personId: string): Promise<number> {
  const all = await queryAll<Session>(deps.store, { index: "gsi1", pk: Keys.sessionsOfPerson(personId) });
  for (const s of all) await deps.store.delete({ pk: s.pk, sk: s.sk });
  return all.length;
}

export const listFor = (deps: Pick<Deps, "store">, personId: string) =>
  queryAll<Session>(deps.store, { index: "gsi1", pk: Keys.sessionsOfPerson(personId) });
