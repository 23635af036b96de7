/**
 * The index of records that name a person other than their subject: beside the record (same partition) one small
 * item per address it names, in gsi1 under `Keys.heldAbout(heldHash(address))`. Erasure and subject access find
 * every such record with the one query they already make for the person's mail, never a Scan. The entry names the
 * address only by its hash; `scopes` are the audit scopes (outside the person's own region) where the act was
 * recorded, so erasure can reach those audit lines too.
 */
import { Keys, heldHash, normaliseEmail } from "./keys";
import type { Item, Key } from "./ports";

export const NAMING_KIND = "names";

export interface NamingEntry extends Item {
  kind: typeof NAMING_KIND;
  ref: Key;
  scopes: string[];
}

/** The entries for `ref` naming each address (blank and duplicate addresses skipped). */
export function namingEntries(
  ref: Key,
  addresses: (string | undefined)[],
  input: { at: string; scopes?: string[]; expiresAt?: number },
): NamingEntry[] {
  const hashes = new Set(
    addresses.filter((a): a is string => Boolean(a?.includes("@"))).map((a) => heldHash(normaliseEmail(a))),
  );
  return [...hashes].map((hash) => ({
    ...Keys.namesIn(ref.pk, hash),
    gsi1pk: Keys.heldAbout(hash),
    gsi1sk: `NAMED#${input.at}#${ref.pk}`,
    kind: NAMING_KIND,
    ref: { pk: ref.pk, sk: ref.sk },
    scopes: input.scopes ?? [],
    ...(input.expiresAt ? { expiresAt: input.expiresAt } : {}),
  }));
}
