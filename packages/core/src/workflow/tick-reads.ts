/**
 * One tick's reads, batched. The scheduled step acts on up to hundreds of due tasks, and each task's domain
 * functions read the same few things one item at a time: the task itself, the submission it waits for, the LA,
 * the LA's people. This store wrapper lets the step read those in bulk first — a page of tasks and their
 * submissions with one BatchGetItem each, a region's authorities and people with one Query each — and then serves
 * the per-item reads the domain functions make from what it holds. It lives for one run of the step; every write
 * passes straight through and forgets the item written, so nothing served is older than the run.
 *
 * While `holdWrites` is on (one page of tasks), whole-item writes are held and written by `flush` in batches: plain
 * puts (links, reply handles, audit entries) first, then creates (the emails), so an email never reaches the table
 * before the link it carries. A create (a put on condition the item does not exist) is held only when a strongly
 * consistent read of this run found the item absent and the caller holds the step's lease, so that nobody else can
 * create it in between; otherwise it is made at once, conditionally, as without this wrapper.
 */
import {
  ConditionFailedError,
  type Item,
  type Key,
  type Page,
  type QueryInput,
  type Store,
  type Update,
  type Condition,
} from "../shared";

const id = (k: Key) => `${k.pk}\u0000${k.sk}`;
const partitionId = (index: string | undefined, pk: string) => `${index ?? ""}\u0000${pk}`;

export class TickReads implements Store {
  private readonly items = new Map<string, Item>();
  private readonly absent = new Set<string>();
  /** Keys a strongly consistent read of this run found absent (and nothing has written since). */
  private readonly surelyAbsent = new Set<string>();
  /** Held writes, by key (a later write of the same key replaces an earlier one, as it would in the table). */
  private heldPuts: Map<string, Item> | undefined;
  private heldCreates: Map<string, Item> | undefined;
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
    for (const k of wanted)
      if (!this.items.has(id(k))) {
        this.absent.add(id(k));
        if (options.consistent) this.surelyAbsent.add(id(k));
      }
  }

  /** Hold whole-item writes until `flush` (see the top of this file); `exclusive`: the caller holds the step's lease. */
  holdWrites(options: { exclusive: boolean }): void {
    this.heldPuts = new Map();
    this.heldCreates = options.exclusive ? new Map() : undefined;
  }

  /** Write what is held, in batches: plain puts, then creates. Holding stops. */
  async flush(): Promise<void> {
    const puts = [...(this.heldPuts?.values() ?? [])];
    const creates = [...(this.heldCreates?.values() ?? [])];
    this.heldPuts = undefined;
    this.heldCreates = undefined;
    if (puts.length) await this.store.batchPut(puts);
    if (creates.length) await this.store.batchPut(creates);
  }

  /** Keep a held write, answering later reads of its key from it. */
  private hold(into: Map<string, Item>, item: Item) {
    this.forget(item);
    into.set(id(item), item);
    this.items.set(id(item), item);
  }

  /** A write that is not held must not overtake a held one of the same item. */
  private async flushIfHeld(key: Key) {
    if (this.heldPuts?.has(id(key)) || this.heldCreates?.has(id(key))) {
      const exclusive = Boolean(this.heldCreates);
      await this.flush();
      this.holdWrites({ exclusive });
    }
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
    this.surelyAbsent.delete(id(key));
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
    for (const i of items) await this.flushIfHeld(i);
    items.forEach((i) => this.forget(i));
    await this.store.batchPut(items);
  }

  async batchDelete(keys: Key[]): Promise<void> {
    for (const k of keys) await this.flushIfHeld(k);
    keys.forEach((k) => this.forget(k));
    await this.store.batchDelete(keys);
  }

  async put(item: Item, options?: { condition?: Condition }): Promise<void> {
    if (this.heldPuts && !options?.condition) return this.hold(this.heldPuts, item);
    if (this.heldCreates && options?.condition?.op === "notExists") {
      if (this.items.has(id(item))) throw new ConditionFailedError();
      if (this.surelyAbsent.has(id(item))) return this.hold(this.heldCreates, item);
    }
    await this.flushIfHeld(item);
    this.forget(item);
    await this.store.put(item, options);
  }

  async update<T extends Item = Item>(key: Key, update: Update, options?: { condition?: Condition }): Promise<T> {
    await this.flushIfHeld(key);
    this.forget(key);
    return this.store.update<T>(key, update, options);
  }

  async delete(key: Key, options?: { condition?: Condition }): Promise<void> {
    await this.flushIfHeld(key);
    this.forget(key);
    await this.store.delete(key, options);
  }

  ping(): Promise<void> {
    return this.store.ping();
  }
}
