import type { Item, QueryInput, Store } from "./ports";

/** Every item of a query, following the store's pages (for partitions known to be small and bounded). */
export async function queryAll<T extends Item>(
  store: Pick<Store, "query">,
  input: Omit<QueryInput, "cursor">,
): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.query<T>({ ...input, cursor });
    out.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return out;
}
