/**
 * IAM from recorded calls: what a function's AWS calls need (recorded through the adapters with aws-sdk-client-mock,
 * passing each call through to the stand-ins so the paths run for real) and what its synthesised policy allows.
 * A small evaluator of the statements riia writes: actions, resources with `*`, and the two conditions riia uses
 * (`s3:prefix` on ListBucket, `dynamodb:LeadingKeys`).
 */
import { mockClient } from "aws-sdk-client-mock";
import type { Template } from "aws-cdk-lib/assertions";
import type { AwsDeps } from "@riia/core/adapters";

/** The version id the recorder's versioned bucket lists for every key. */
const OLDER_VERSION = "older-version";

/** An SDK command matched by class name: the adapters load packages/core's own copy of the SDK, not this file's. */
const named = (name: string) =>
  class {
    static [Symbol.hasInstance](v: unknown) {
      return (v as { constructor?: { name?: string } })?.constructor?.name === name;
    }
  };
/** The part of aws-sdk-client-mock's stub used here, typed loosely (the command classes above are stand-ins). */
interface S3Stub {
  on(
    command: unknown,
    input?: object,
  ): { callsFake(f: (input: { Prefix?: string }) => object): void; resolves(v: object): void };
}

/** One permission a recorded call needs. Resources are named as the policies below are: `table`, `bucket/<key>`. */
export interface Need {
  action: string;
  resource: string;
  /** ListBucket's prefix; a table call's partition key (DynamoDB's leading key). */
  prefix?: string;
  leadingKey?: string;
}

interface Call {
  command: string;
  input: Record<string, unknown>;
}

const pkOfQuery = (input: Record<string, unknown>) => {
  const expr = String(input.KeyConditionExpression ?? "");
  const placeholder = /=\s*(:\w+)/.exec(expr)?.[1] ?? "";
  return String((input.ExpressionAttributeValues as Record<string, unknown>)?.[placeholder] ?? "");
};

/** The IAM permissions one SDK call needs. */
export function needsOf({ command, input }: Call): Need[] {
  const item = (action: string, keys: unknown[], resource = "table") =>
    keys.map((k) => ({ action: `dynamodb:${action}`, resource, leadingKey: String(k) }));
  switch (command) {
    case "GetCommand":
      return item("GetItem", [(input.Key as { pk: string }).pk]);
    case "PutCommand":
      return item("PutItem", [(input.Item as { pk: string }).pk]);
    case "UpdateCommand":
      return item("UpdateItem", [(input.Key as { pk: string }).pk]);
    case "DeleteCommand":
      return item("DeleteItem", [(input.Key as { pk: string }).pk]);
    case "QueryCommand":
      return item("Query", [pkOfQuery(input)], input.IndexName ? `table/index/${String(input.IndexName)}` : "table");
    case "BatchGetCommand":
      return Object.values(input.RequestItems as Record<string, { Keys: { pk: string }[] }>).flatMap((r) =>
        item(
          "BatchGetItem",
          r.Keys.map((k) => k.pk),
        ),
      );
    case "BatchWriteCommand":
      return Object.values(
        input.RequestItems as Record<
          string,
          { PutRequest?: { Item: { pk: string } }; DeleteRequest?: { Key: { pk: string } } }[]
        >,
      ).flatMap((rs) =>
        item(
          "BatchWriteItem",
          rs.map((r) => r.PutRequest?.Item.pk ?? r.DeleteRequest?.Key.pk),
        ),
      );
    case "GetObjectCommand":
    case "HeadObjectCommand":
    case "PresignGet":
      return [{ action: "s3:GetObject", resource: `bucket/${String(input.Key)}` }];
    case "PutObjectCommand":
    case "PresignPost":
      return [{ action: "s3:PutObject", resource: `bucket/${String(input.Key)}` }];
    case "DeleteObjectCommand":
      // With a version id, S3 authorises the version's deletion (erasure in the versioned bucket: s3-purge.ts).
      return [
        {
          action: input.VersionId ? "s3:DeleteObjectVersion" : "s3:DeleteObject",
          resource: `bucket/${String(input.Key)}`,
        },
      ];
    case "ListObjectsV2Command":
      return [{ action: "s3:ListBucket", resource: "bucket", prefix: String(input.Prefix ?? "") }];
    case "ListObjectVersionsCommand":
      return [{ action: "s3:ListBucketVersions", resource: "bucket", prefix: String(input.Prefix ?? "") }];
    case "SendEmailCommand":
      return [
        { action: "ses:SendEmail", resource: "ses:identity" },
        { action: "ses:SendEmail", resource: "ses:configuration-set" },
      ];
    case "GetSendQuotaCommand":
      return [{ action: "ses:GetSendQuota", resource: "*" }];
    default:
      throw new Error(`No IAM mapping for ${command}: add one (the test must know every call a function makes)`);
  }
}

/** Record every call the deps' clients make (passed through to the stand-ins), and the presigned requests. */
export async function recordCalls(deps: AwsDeps) {
  const clients = [deps.clients.doc, await deps.clients.s3(), await deps.clients.ses()];
  const mocks = clients.map((c) => {
    const m = mockClient(c as never);
    m.send.callThrough();
    return m;
  });
  // The bucket is versioned in AWS and s3rver keeps no versions: the recorder answers the version listing as a
  // versioned bucket would (one older version of each key), so erasure's deletion of old versions runs and is recorded.
  const s3 = mocks[1] as unknown as S3Stub;
  s3.on(named("ListObjectVersionsCommand")).callsFake((input: { Prefix?: string }) => ({
    Versions: [{ Key: input.Prefix, VersionId: OLDER_VERSION, IsLatest: false }],
    DeleteMarkers: [],
  }));
  s3.on(named("DeleteObjectCommand"), { VersionId: OLDER_VERSION }).resolves({});
  const presigned: Call[] = [];
  const { presignPost, presignGet } = deps.blobs;
  deps.blobs.presignPost = (key, options) => {
    presigned.push({ command: "PresignPost", input: { Key: options.keyStartsWith ?? key } });
    return presignPost.call(deps.blobs, key, options);
  };
  deps.blobs.presignGet = (key, options) => {
    presigned.push({ command: "PresignGet", input: { Key: key } });
    return presignGet.call(deps.blobs, key, options);
  };
  const calls = (): Call[] => [
    ...mocks.flatMap((m) =>
      m.calls().map((c) => {
        const cmd = c.args[0] as unknown as { constructor: { name: string }; input: Record<string, unknown> };
        return { command: cmd.constructor.name, input: cmd.input };
      }),
    ),
    ...presigned,
  ];
  return {
    /** The needs of every call since the last `take`. */
    take(): Need[] {
      const out = calls().flatMap(needsOf);
      for (const m of mocks) m.resetHistory();
      presigned.length = 0;
      return out;
    },
    restore: () => mocks.forEach((m) => m.restore()),
  };
}

// ---- the synthesised side

export interface Statement {
  actions: string[];
  resources: string[];
  prefixes?: string[];
  leadingKeys?: string[];
}

/** A CloudFormation value as the names above: the table's and bucket's ARNs become `table` and `bucket`. */
function resolve(v: unknown): string {
  if (typeof v === "string") return v;
  const o = v as Record<string, unknown>;
  if (o["Fn::ImportValue"] || o["Fn::GetAtt"]) {
    const s = JSON.stringify(o);
    if (s.includes("DataTable")) return "table";
    if (s.includes("FilesBucket")) return "bucket";
    return `?${s}`;
  }
  if (o.Ref === "AWS::Partition") return "aws";
  if (o["Fn::Join"]) {
    const [sep, parts] = o["Fn::Join"] as [string, unknown[]];
    return parts.map(resolve).join(sep);
  }
  return `?${JSON.stringify(o)}`;
}

/** riia's SES resources by kind (the identity and the configuration set), as the needs name them. */
const sesKind = (r: string) =>
  /:ses:.*:identity\//.test(r) ? "ses:identity" : /:ses:.*:configuration-set\//.test(r) ? "ses:configuration-set" : r;

/** The statements of the policies attached to the role whose logical id starts with `rolePrefix`. */
export function statementsOf(template: Template, rolePrefix: string): Statement[] {
  const policies = Object.values(template.findResources("AWS::IAM::Policy")).filter((p) =>
    (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref.startsWith(rolePrefix)),
  );
  if (!policies.length) throw new Error(`no policy for ${rolePrefix}`);
  return policies.flatMap((p) =>
    (p.Properties.PolicyDocument.Statement as Record<string, unknown>[]).map((st) => {
      const cond = (st.Condition ?? {}) as Record<string, Record<string, string | string[]>>;
      const list = (x: string | string[] | undefined) => (x === undefined ? undefined : [x].flat());
      return {
        actions: [st.Action as string | string[]].flat(),
        resources: [st.Resource].flat().map(resolve).map(sesKind),
        prefixes: list(cond.StringLike?.["s3:prefix"]),
        leadingKeys: list(cond["ForAllValues:StringLike"]?.["dynamodb:LeadingKeys"]),
      };
    }),
  );
}

const glob = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  );

/** Does this statement allow the need? */
export const allows = (st: Statement, need: Need) =>
  st.actions.some((a) => glob(a).test(need.action)) &&
  st.resources.some((r) => glob(r).test(need.resource)) &&
  (!st.prefixes || (need.prefix !== undefined && st.prefixes.some((p) => glob(p).test(need.prefix!)))) &&
  (!st.leadingKeys || (need.leadingKey !== undefined && st.leadingKeys.some((k) => glob(k).test(need.leadingKey!))));

/** Only the statements about riia's own table, bucket and mail (X-Ray, SSM and logs are SST's and CDK's). */
export const ours = (st: Statement) =>
  st.resources.some((r) => /^(table|bucket|ses:)/.test(r)) || st.actions.every((a) => a.startsWith("ses:"));

/**
 * Every single grant of the statement: one action on one resource (and, with a condition, one of its values), so a
 * grant no call used can be named.
 */
export function grantsOf(st: Statement): Statement[] {
  return st.actions.flatMap((a) =>
    st.resources.flatMap((r) => {
      if (st.prefixes) return st.prefixes.map((p) => ({ actions: [a], resources: [r], prefixes: [p] }));
      if (st.leadingKeys) return st.leadingKeys.map((k) => ({ actions: [a], resources: [r], leadingKeys: [k] }));
      return [{ actions: [a], resources: [r] }];
    }),
  );
}

export const describeGrant = (g: Statement) =>
  `${g.actions[0]} ${g.resources[0]}${g.prefixes ? ` prefix ${g.prefixes[0]}` : ""}${g.leadingKeys ? ` key ${g.leadingKeys[0]}` : ""}`;
export const describeNeed = (n: Need) =>
  `${n.action} ${n.resource}${n.prefix !== undefined ? ` prefix ${n.prefix}` : ""}${n.leadingKey ? ` key ${n.leadingKey}` : ""}`;
