/**
 * The whole table and the whole bucket, read as a probe reads them after an erasure (a test may Scan; the functions
 * never do), and the search for a person's traces in them.
 */
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { AwsDeps } from "@riia/core/adapters";

export async function scanTable(deps: AwsDeps) {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await deps.clients.dynamodb.send(
      new ScanCommand({ TableName: deps.config.tableName, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Every object in the bucket, key and body (the adapter's listing with no prefix is the whole bucket). */
export async function scanBucket(deps: AwsDeps) {
  const objects: { key: string; body: string }[] = [];
  for (const key of await deps.blobs.list(""))
    objects.push({ key, body: Buffer.from((await deps.blobs.get(key)) ?? new Uint8Array()).toString("latin1") });
  return objects;
}

/** Where any of `traces` (names, addresses, hashes) is left: table items as JSON, bucket keys and bodies. */
export async function tracesLeft(deps: AwsDeps, traces: string[]) {
  const found = (text: string) => traces.some((t) => text.toLowerCase().includes(t.toLowerCase()));
  return {
    table: (await scanTable(deps)).map((i) => JSON.stringify(i)).filter(found),
    bucket: (await scanBucket(deps)).filter((o) => found(o.key) || found(o.body)).map((o) => o.key),
  };
}
