/**
 * Rewriting a stored record without a person, field by field: the one loop erasure runs over the records that name
 * them (named.ts), their region's working records (region-held.ts) and the forms they worked on
 * (submissions-held.ts). The record's keys and kind are never rewritten.
 */
import type { Item } from "../shared";

/** The table's key attributes: never rewritten, and never shown in a subject-access download. */
export const KEY_FIELDS: ReadonlySet<string> = new Set(["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk"]);

/** The record without its key attributes. */
export const withoutKeys = (item: Item) => Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_FIELDS.has(k)));

/** The fields `fix` changes (their new values): empty when the record does not name the person. */
export function rewrittenFields(item: Item, fix: (v: unknown) => unknown): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) {
    if (KEY_FIELDS.has(k) || k === "kind") continue;
    const next = fix(v);
    if (JSON.stringify(next) !== JSON.stringify(v)) set[k] = next;
  }
  return set;
}

/**
 * Replace `pattern`'s matches in any value (strings, and arrays' and objects' strings at any depth): an address by
 * the person's erased id, a name by `placeholder`.
 */
export function replacing(pattern: RegExp, personId: string, placeholder: string) {
  const fix = (v: unknown): unknown =>
    typeof v === "string"
      ? v.replace(pattern, (m) => (m.includes("@") ? `erased:${personId}` : placeholder))
      : Array.isArray(v)
        ? v.map(fix)
        : v && typeof v === "object"
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fix(x)]))
          : v;
  return fix;
}
