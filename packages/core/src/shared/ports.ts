/**
 * Ports: the interfaces the domain needs from the outside world. Domain modules depend on these
 * only; the AWS SDK lives behind them in `adapters/`.
 */
import type { Config } from "./config";
import type { Logger } from "./logger";

/** Primary key of an item in the single table. */
export interface Key {
  pk: string;
  sk: string;
}

/** Any stored item. Index attributes (`gsi1pk`, `gsi1sk`, `gsi2pk`, `gsi2sk`) and `expiresAt` are optional. */
export type Item = Key & Record<string, unknown>;

/** The table's global secondary indexes (see `packages/core/README.md`). */
export type IndexName = "gsi1" | "gsi2";

/**
 * Condition on a single-item write. DynamoDB conditions compile from this; the local stand-in
 * (dynalite) supports all of them, and no operation needs a transaction.
 */
export type Condition =
  | { op: "notExists" }
  | { op: "exists" }
  | { op: "attrNotExists"; attr: string }
  | { op: "attrExists"; attr: string }
  | { op: "eq" | "ne" | "lt" | "le" | "gt" | "ge"; attr: string; value: unknown }
  | { op: "and" | "or"; of: Condition[] };

/** Sort-key condition for a query. */
export type SortCondition =
  | { beginsWith: string }
  | { between: [string, string] }
  | { lt: string }
  | { le: string }
  | { gt: string }
  | { ge: string };

export interface QueryInput {
  index?: IndexName;
  pk: string;
  sk?: SortCondition;
  limit?: number;
  /** Newest first (descending sort key). */
  reverse?: boolean;
  /** Opaque cursor from a previous page. */
  cursor?: string;
  /** Strongly consistent read (base table only). */
  consistent?: boolean;
}

export interface Page<T> {
  items: T[];
  cursor?: string;
}

/** Partial update of one item. Keys of `set`/`remove` may be map paths (`answers.q1`); segments never contain dots. */
export interface Update {
  set?: Record<string, unknown>;
  remove?: string[];
  /** Atomic numeric increments. */
  add?: Record<string, number>;
}

/** The single-table store. Every write is a single item, optionally conditional. */
export interface Store {
  get<T extends Item = Item>(key: Key, options?: { consistent?: boolean }): Promise<T | undefined>;
  /** Fetch many items by key (any order; missing keys are omitted). */
  batchGet<T extends Item = Item>(keys: Key[], options?: { consistent?: boolean }): Promise<T[]>;
  /** Write several whole items in one round trip, unconditionally (for deterministic, idempotent items). */
  batchPut(items: Item[]): Promise<void>;
  /** Delete many items by key in few round trips, unconditionally (for records past keeping). */
  batchDelete(keys: Key[]): Promise<void>;
  /** Write a whole item. Throws `ConditionFailedError` if `condition` fails. */
  put(item: Item, options?: { condition?: Condition }): Promise<void>;
  /** Update attributes of an item and return the new item. Throws `ConditionFailedError` if `condition` fails. */
  update<T extends Item = Item>(key: Key, update: Update, options?: { condition?: Condition }): Promise<T>;
  delete(key: Key, options?: { condition?: Condition }): Promise<void>;
  query<T extends Item = Item>(input: QueryInput): Promise<Page<T>>;
  /** Cheap round trip that proves the table answers. */
  ping(): Promise<void>;
}

export interface BlobHead {
  size: number;
  contentType?: string;
  metadata: Record<string, string>;
}

export interface PresignedPost {
  url: string;
  fields: Record<string, string>;
}

/** Object storage (the bucket). */
export interface Blobs {
  put(
    key: string,
    body: Uint8Array | string,
    options?: { contentType?: string; metadata?: Record<string, string> },
  ): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
  head(key: string): Promise<BlobHead | undefined>;
  delete(key: string): Promise<void>;
  /**
   * Delete for good: the object and every earlier version the versioned bucket keeps (erasure). With `keepCurrent`,
   * only the versions before the current one (a file just rewritten). Returns how many versions went.
   */
  purge(key: string, options?: { keepCurrent?: boolean }): Promise<number>;
  list(prefix: string): Promise<string[]>;
  /** A browser form POST straight to the bucket. */
  presignPost(
    key: string,
    options: {
      maxBytes: number;
      expiresInSeconds: number;
      successRedirect?: string;
      contentType?: string;
      keyStartsWith?: string;
    },
  ): Promise<PresignedPost>;
  presignGet(key: string, options: { expiresInSeconds: number; filename?: string }): Promise<string>;
  ping(): Promise<void>;
}

export interface OutboundEmail {
  to: string[];
  from: string;
  replyTo?: string[];
  subject: string;
  text: string;
  html: string;
  /** Message tags (SES), e.g. purpose. */
  tags?: Record<string, string>;
}

/** Sends mail (SES). Errors are thrown as they come: the ledger decides whether to retry. */
export interface Mailer {
  send(email: OutboundEmail): Promise<{ messageId: string }>;
  ping(): Promise<void>;
}

/** Time, injectable so schedules can be simulated. */
export interface Clock {
  now(): Date;
}

/** Everything a domain operation may need. Built once per process. */
export interface Deps {
  config: Config;
  store: Store;
  blobs: Blobs;
  mailer: Mailer;
  clock: Clock;
  log: Logger;
}
