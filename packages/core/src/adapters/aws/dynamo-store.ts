import { ConditionalCheckFailedException, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from "@aws-sdk/lib-dynamodb";
import {
  ConditionFailedError,
  Keys,
  type Condition,
  type Item,
  type Key,
  type Page,
  type QueryInput,
  type SortCondition,
  type Store,
  type Update,
} from "../../shared";

/** Builds expression strings with placeholder names/values, so attribute names never clash with reserved words. */
class Expr {
  names: Record<string, string> = {};
  values: Record<string, unknown> = {};
  private n = 0;
  /** A top-level attribute or a map path (`answers.q1`): each segment gets its own placeholder. */
  path(attr: string): string {
    return attr
      .split(".")
      .map((segment) => this.name(segment))
      .join(".");
  }
  name(attr: string): string {
    const existing = Object.entries(this.names).find(([, v]) => v === attr);
    if (existing) return existing[0];
    const k = `#n${this.n++}`;
    this.names[k] = attr;
    return k;
  }
  value(v: unknown): string {
    const k = `:v${this.n++}`;
    this.values[k] = v;
    return k;
  }
  condition(c: Condition): string {
    switch (c.op) {
      case "notExists":
        return `attribute_not_exists(${this.name("pk")})`;
      case "exists":
        return `attribute_exists(${this.name("pk")})`;
      case "attrNotExists":
        return `attribute_not_exists(${this.name(c.attr)})`;
      case "attrExists":
        return `attribute_exists(${this.name(c.attr)})`;
      case "and":
      case "or":
        return `(${c.of.map((x) => this.condition(x)).join(` ${c.op.toUpperCase()} `)})`;
      default: {
        const ops = { eq: "=", ne: "<>", lt: "<", le: "<=", gt: ">", ge: ">=" } as const;
        return `${this.name(c.attr)} ${ops[c.op]} ${this.value(c.value)}`;
      }
    }
  }
  sort(attr: string, c: SortCondition): string {
    const a = this.name(attr);
    if ("beginsWith" in c) return `begins_with(${a}, ${this.value(c.beginsWith)})`;
    if ("between" in c) return `${a} BETWEEN ${this.value(c.between[0])} AND ${this.value(c.between[1])}`;
    if ("lt" in c) return `${a} < ${this.value(c.lt)}`;
    if ("le" in c) return `${a} <= ${this.value(c.le)}`;
    if ("gt" in c) return `${a} > ${this.value(c.gt)}`;
    return `${a} >= ${this.value(c.ge)}`;
  }
  out() {
    return {
      ExpressionAttributeNames: Object.keys(this.names).length ? this.names : undefined,
      ExpressionAttributeValues: Object.keys(this.values).length ? this.values : undefined,
    };
  }
}

function rethrow(err: unknown): never {
  if (
    err instanceof ConditionalCheckFailedException ||
    (err as { name?: string })?.name === "ConditionalCheckFailedException"
  ) {
    throw new ConditionFailedError();
  }
  throw err;
}

const encodeCursor = (k: Record<string, unknown> | undefined) =>
  k ? Buffer.from(JSON.stringify(k)).toString("base64url") : undefined;
const decodeCursor = (c: string | undefined) => {
  if (!c) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(c, "base64url").toString("utf8"));
    return v && typeof v === "object" ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Key } };

/** `Store` on DynamoDB (and on dynalite locally). */
export class DynamoStore implements Store {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get<T extends Item>(key: Key, options: { consistent?: boolean } = {}): Promise<T | undefined> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: key.pk, sk: key.sk },
        ConsistentRead: options.consistent,
      }),
    );
    return out.Item as T | undefined;
  }

  async batchGet<T extends Item>(keys: Key[], options: { consistent?: boolean } = {}): Promise<T[]> {
    const unique = [...new Map(keys.map((k) => [`${k.pk}\u0000${k.sk}`, { pk: k.pk, sk: k.sk }])).values()];
    const found: T[] = [];
    for (let i = 0; i < unique.length; i += 100) {
      let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead?: boolean }> | undefined = {
        [this.tableName]: { Keys: unique.slice(i, i + 100), ConsistentRead: options.consistent },
      };
      // Unprocessed keys are retried with a short backoff until none are left.
      for (let attempt = 0; request && Object.keys(request).length; attempt++) {
        const out: BatchGetCommandOutput = await this.doc.send(new BatchGetCommand({ RequestItems: request }));
        found.push(...((out.Responses?.[this.tableName] ?? []) as T[]));
        const rest: { Keys?: Record<string, unknown>[] } | undefined = out.UnprocessedKeys?.[this.tableName];
        request = rest?.Keys?.length
          ? { [this.tableName]: { Keys: rest.Keys, ConsistentRead: options.consistent } }
          : undefined;
        if (request) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      }
    }
    return found;
  }

  async batchPut(items: Item[]): Promise<void> {
    await this.batchWrite(items.map((Item) => ({ PutRequest: { Item } })));
  }

  async batchDelete(keys: Key[]): Promise<void> {
    const unique = [...new Map(keys.map((k) => [`${k.pk}\u0000${k.sk}`, { pk: k.pk, sk: k.sk }])).values()];
    await this.batchWrite(unique.map((Key) => ({ DeleteRequest: { Key } })));
  }

  /** BatchWriteItem, 25 requests at a time; unprocessed requests are retried with a short backoff until none are left. */
  private async batchWrite(all: WriteRequest[]): Promise<void> {
    for (let i = 0; i < all.length; i += 25) {
      let requests: WriteRequest[] | undefined = all.slice(i, i + 25);
      for (let attempt = 0; requests?.length; attempt++) {
        const out: BatchWriteCommandOutput = await this.doc.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
        );
        requests = out.UnprocessedItems?.[this.tableName] as WriteRequest[] | undefined;
        if (requests?.length) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      }
    }
  }

  async put(item: Item, options: { condition?: Condition } = {}): Promise<void> {
    const e = new Expr();
    const ConditionExpression = options.condition ? e.condition(options.condition) : undefined;
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression, ...e.out() }));
    } catch (err) {
      rethrow(err);
    }
  }

  async update<T extends Item>(key: Key, update: Update, options: { condition?: Condition } = {}): Promise<T> {
    const e = new Expr();
    const parts: string[] = [];
    const sets = Object.entries(update.set ?? {}).filter(([, v]) => v !== undefined);
    if (sets.length) parts.push(`SET ${sets.map(([k, v]) => `${e.path(k)} = ${e.value(v)}`).join(", ")}`);
    const adds = Object.entries(update.add ?? {});
    if (adds.length) parts.push(`ADD ${adds.map(([k, v]) => `${e.name(k)} ${e.value(v)}`).join(", ")}`);
    if (update.remove?.length) parts.push(`REMOVE ${update.remove.map((k) => e.path(k)).join(", ")}`);
    const ConditionExpression = options.condition ? e.condition(options.condition) : undefined;
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: key.pk, sk: key.sk },
          UpdateExpression: parts.join(" "),
          ConditionExpression,
          ReturnValues: "ALL_NEW",
          ...e.out(),
        }),
      );
      return out.Attributes as T;
    } catch (err) {
      rethrow(err);
    }
  }

  async delete(key: Key, options: { condition?: Condition } = {}): Promise<void> {
    const e = new Expr();
    const ConditionExpression = options.condition ? e.condition(options.condition) : undefined;
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: key.pk, sk: key.sk },
          ConditionExpression,
          ...e.out(),
        }),
      );
    } catch (err) {
      rethrow(err);
    }
  }

  async query<T extends Item>(input: QueryInput): Promise<Page<T>> {
    const e = new Expr();
    const pkAttr = input.index ? `${input.index}pk` : "pk";
    const skAttr = input.index ? `${input.index}sk` : "sk";
    let KeyConditionExpression = `${e.name(pkAttr)} = ${e.value(input.pk)}`;
    if (input.sk) KeyConditionExpression += ` AND ${e.sort(skAttr, input.sk)}`;
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: input.index,
        KeyConditionExpression,
        Limit: input.limit,
        ScanIndexForward: !input.reverse,
        ExclusiveStartKey: decodeCursor(input.cursor),
        ConsistentRead: input.index ? undefined : input.consistent,
        ...e.out(),
      }),
    );
    return { items: (out.Items ?? []) as T[], cursor: encodeCursor(out.LastEvaluatedKey) };
  }

  async ping(): Promise<void> {
    await this.get(Keys.ping());
  }
}

/** Counts DynamoDB round trips made through a client, by command name. Tests and the bench read it. */
export interface CallCounter {
  readonly total: number;
  readonly byCommand: Readonly<Record<string, number>>;
  reset(): void;
}

/**
 * Attach a call counter to a DynamoDB client (both the low-level client and any document client
 * built from it share its middleware stack). Counted at the `finalizeRequest` step after retries,
 * so every HTTP round trip — including retries — is one call.
 */
export function countDynamoCalls(client: DynamoDBClient): CallCounter {
  let total = 0;
  let byCommand: Record<string, number> = {};
  client.middlewareStack.add(
    (next, context) => async (args) => {
      total++;
      const name = String(context.commandName ?? "unknown").replace(/Command$/, "");
      byCommand[name] = (byCommand[name] ?? 0) + 1;
      return next(args);
    },
    { step: "finalizeRequest", priority: "low", name: "riiaCallCounter", override: true },
  );
  return {
    get total() {
      return total;
    },
    get byCommand() {
      return byCommand;
    },
    reset() {
      total = 0;
      byCommand = {};
    },
  };
}

/** Table key schema shared by the adapter, the stacks and local setup. */
export const TABLE_SCHEMA = {
  partitionKey: "pk",
  sortKey: "sk",
  indexes: { gsi1: { pk: "gsi1pk", sk: "gsi1sk" }, gsi2: { pk: "gsi2pk", sk: "gsi2sk" } },
  ttlAttribute: "expiresAt",
} as const;

/** Create the table if missing (local stand-in and integration tests only; on AWS the Storage stack owns it). */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const { CreateTableCommand, DescribeTableCommand, ResourceNotFoundException } =
    await import("@aws-sdk/client-dynamodb");
  try {
    const d = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (d.Table?.TableStatus === "ACTIVE") return;
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException) && (err as { name?: string }).name !== "ResourceNotFoundException")
      throw err;
    const { indexes } = TABLE_SCHEMA;
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: ["pk", "sk", indexes.gsi1.pk, indexes.gsi1.sk, indexes.gsi2.pk, indexes.gsi2.sk].map(
          (n) => ({
            AttributeName: n,
            AttributeType: "S",
          }),
        ),
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: (["gsi1", "gsi2"] as const).map((name) => ({
          IndexName: name,
          KeySchema: [
            { AttributeName: indexes[name].pk, KeyType: "HASH" },
            { AttributeName: indexes[name].sk, KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        })),
      }),
    );
  }
  // dynalite makes a table ACTIVE after a short delay; wait for it.
  for (let i = 0; i < 200; i++) {
    const d = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (d.Table?.TableStatus === "ACTIVE") return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`Table ${tableName} did not become active`);
}
