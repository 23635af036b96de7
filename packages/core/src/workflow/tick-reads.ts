/**
 * One tick's reads, batched. The scheduled step acts on up to hundreds of due tasks, and each task's domain
 * functions read the same few things one item at a time: the task itself, the submission it waits for, the LA,
 * the LA's people. This store wrapper lets the step read those in bulk first — a page of tasks and their
 * submissions with one BatchGetItem each, a region's authorities and people with one Query each — and then serves
 * the per-item reads the domain functions make from what it holds. It lives for one run of the step; every write
 * passes straight through and forgets the item written, so nothing served is older than the run.
 */
import type { Item, Key, Page, QueryInput, Store, Update, Condition } from "../shared";

const id = (k: Key) => `${k.pk}\u0000${k.sk}`;
const partitionId = (index: string | undefined, pk: string) => `${index ?? ""}\u0000${pk}`;

export class TickReads implements Store {
  private readonly items = new Map<string, Item>();
  private readonly absent = new Set<string>();
  /** Whole index partitions read, in sort-key order: prefix queries on them are answered from here. */
  private readonly partitions = new Map<string, Item[]>();
  /** Which partition each item held from a partition came in. */
  private readonly partitionOf = new Map<string, string>();

  constructor(private readonly store: Store) {}

  /** Read many items now (one round trip per 100 keys); later gets and batch gets of them are answered here. */
  async prefetch(keys: Key[], options: { consistent?: boolean } = {}): Promise<void> {
    const wanted = keys.filter((k) => !this.items.has(id(k)) && !this.absent.has(id(k)));
    if (!wanted.length) return;
    const found = await this.store.batchGet(wanted, options);
    for (const item of found) this.items.set(id(item), item);
    for (const k of wanted) if (!this.items.has(id(k))) this.absent.add(id(k));
  }

  /** Read a whole partition (of the table, or of an index) now; its items are also answered by key. */
  async prefetchPartition(index: "gsi1" | undefined, pk: string): Promise<void> {
    if (this.partitions.has(partitionId(index, pk))) return;
    const all: Item[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.store.query({ index, pk, cursor });
      all.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    this.partitions.set(partitionId(index, pk), all);
    for (const item of all) {
      this.items.set(id(item), item);
      this.partitionOf.set(id(item), partitionId(index, pk));
    }
  }

  /** A prefetched item, or undefined when it is known not to exist; `miss` when this run has not read it. */
  private held<T extends Item>(key: Key): T | undefined | "miss" {
    if (this.items.has(id(key))) return this.items.get(id(key)) as T;
    return this.absent.has(id(key)) ? undefined : "miss";
  }

  private forget(key: Key) {
    this.items.delete(id(key));
    this.absent.delete(id(key));
    // A written item may belong to a partition read earlier: read the partition afresh if asked again.
    const pid = this.partitionOf.get(id(key));
    if (pid) this.partitions.delete(pid);
  }

  async get<T extends Item = Item>(key: Key, options?: { consistent?: boolean }): Promise<T | undefined> {
    const held = this.held<T>(key);
    return held === "miss" ? this.store.get<T>(key, options) : held;
  }

  async batchGet<T extends Item = Item>(keys: Key[], options?: { consistent?: boolean }): Promise<T[]> {
    const missing = keys.filter((k) => this.held(k) === "miss");
    const fetched = missing.length ? await this.store.batchGet<T>(missing, options) : [];
    const held = keys.map((k) => this.held<T>(k)).filter((i): i is T => i !== undefined && i !== "miss");
    return [...held, ...fetched];
  }

  async query<T extends Item = Item>(input: QueryInput): Promise<Page<T>> {
    const whole = this.partitions.get(partitionId(input.index, input.pk));
    const sk = input.sk;
    const servable = whole && !input.cursor && !input.limit && !input.reverse && !input.consistent;
    if (servable && (!sk || "beginsWith" in sk)) {
      const prefix = sk && "beginsWith" in sk ? sk.beginsWith : "";
      const skAttr = input.index ? `${input.index}sk` : "sk";
      return { items: whole.filter((i) => String(i[skAttr] ?? "").startsWith(prefix)) as T[] };
    }
    return this.store.query<T>(input);
  }

  async batchPut(items: Item[]): Promise<void> {
    items.forEach((i) => this.forget(i));
    await this.store.batchPut(items);
  }

  async put(item: Item, options?: { condition?: Condition }): Promise<void> {
    this.forget(item);
    await this.store.put(item, options);
  }

  async update<T extends Item = Item>(key: Key, update: Update, options?: { condition?: Condition }): Promise<T> {
    this.forget(key);
    return this.store.update<T>(key, update, options);
  }

  async delete(key: Key, options?: { condition?: Condition }): Promise<void> {
    this.forget(key);
    await this.store.delete(key, options);
  }

  ping(): Promise<void> {
    return this.store.ping();
  }
}
