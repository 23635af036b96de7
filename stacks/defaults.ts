import type { App, FunctionProps } from "sst/constructs";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { Stack } from "aws-cdk-lib";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { apiZodMini } from "./esbuild/api-zod-mini";
import { assetManifestFile } from "./esbuild/asset-manifest";
import { openApiFile } from "./esbuild/openapi-document";
import { precompiledViews } from "./esbuild/precompiled-views";
import { startChunk } from "./esbuild/start-chunk";
import { zodEnglishOnly } from "./esbuild/zod-english-only";

/**
 * Function defaults for every Lambda: Node 24 on arm64, ESM, minified. The AWS SDK v3 is left
 * out of bundles (`@aws-sdk/*` external) because the Node 24 runtime ships it; that keeps the
 * HTTP bundles smaller and their cold starts shorter (see `npm run bench`).
 */
export const functionDefaults: FunctionProps = {
  runtime: "nodejs24.x",
  // No module compile cache (module.enableCompileCache) beside the bundles, and arm64 kept. `npm run bench http`
  // measures one: it cuts init to 0.74–0.80 of plain here (pages, console, API; #32). But Node files its cache under
  // `v<node version>-<arch>-<V8 tag>-<uid>` (bench/.out/<fn>/<fn>.cache/v24.22.3-x64-964aae3f-0/), and reads only the
  // folder matching itself: a cache made on the x64 deploy machine by root is never read by Lambda's arm64 Node
  // running as its sandbox user, nor after Lambda updates nodejs24.x's patch version, which it does unannounced.
  // Moving to x86_64 would fix the arch alone, so the measured gain gives no reason to switch; the code directory is
  // read-only and /tmp does not outlive an instance, so Lambda cannot keep a cache of its own either.
  architecture: "arm_64",
  memorySize: "1024 MB",
  timeout: "30 seconds",
  logRetention: "three_months",
  tracing: "active",
  nodejs: {
    format: "esm",
    minify: true,
    sourcemap: true,
    // Code splitting: a function's route groups (functions/src/lazy-app.ts) are chunks beside its entry, loaded by
    // `import()` on the first request for their paths, so a start compiles and runs only the entry's code.
    splitting: true,
    // chokidar is nunjucks' optional file watcher, never used in a function.
    esbuild: {
      external: ["@aws-sdk/*", "chokidar"],
      plugins: [zodEnglishOnly, precompiledViews, assetManifestFile, openApiFile, apiZodMini, startChunk],
    },
    // HiGHS loads its WebAssembly from beside its script (found at run time, so every function has it), and is
    // installed next to the bundle rather than bundled; docx only where Word exports are (`withWordExports`).
    install: ["highs"],
  },
};

/**
 * Bundling for the functions that export Word documents (the console and the API): docx is loaded on first export
 * and installed next to the bundle. The other functions do not carry it (docx 9.15 installs 24 MB). SST replaces
 * `nodejs` as a whole when a function sets it, so this is the defaults plus docx. SST installs the versions that
 * functions/package.json names (the newest, when it names none), so docx and highs are pinned there.
 */
export const withWordExports: FunctionProps["nodejs"] = {
  ...functionDefaults.nodejs,
  install: [...(functionDefaults.nodejs?.install ?? []), "docx"],
};

export function applyDefaults(app: App) {
  app.setDefaultFunctionProps(functionDefaults);
}

/** Item-level DynamoDB access only: no Scan, no table management. */
export function tableReadWrite(table: ITable) {
  return new PolicyStatement({
    actions: [
      "dynamodb:GetItem",
      "dynamodb:BatchGetItem",
      "dynamodb:BatchWriteItem",
      "dynamodb:Query",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:ConditionCheckItem",
    ],
    resources: [table.tableArn, `${table.tableArn}/index/*`],
  });
}

/** Objects under the given prefixes, plus ListBucket (which HeadBucket in the health check needs). */
export function bucketAccess(bucket: IBucket, objectActions: string[], prefixes: string[] = ["*"]) {
  return [
    new PolicyStatement({
      actions: objectActions,
      resources: prefixes.map((p) => `${bucket.bucketArn}/${p}`),
    }),
    new PolicyStatement({ actions: ["s3:ListBucket"], resources: [bucket.bucketArn] }),
  ];
}

/** Send from the verified identity through the stage's configuration set only. */
export function sendMail(stack: Stack, mailDomain: string, configurationSet: string) {
  const arn = (resource: string) => Stack.of(stack).formatArn({ service: "ses", resource });
  return [
    new PolicyStatement({
      actions: ["ses:SendEmail", "ses:SendRawEmail"],
      resources: [arn(`identity/${mailDomain}`), arn(`configuration-set/${configurationSet}`)],
    }),
    // GetSendQuota (the health check) has no resource-level permissions: it must be "*".
    new PolicyStatement({ actions: ["ses:GetSendQuota"], resources: ["*"] }),
  ];
}

// ---- least privilege from what each function does (test/infra/iam-from-calls.test.ts records the calls)

/** The store's item actions (packages/core/src/adapters/aws/dynamo-store.ts): no Scan, no transactions. */
export type ItemAction =
  "GetItem" | "BatchGetItem" | "BatchWriteItem" | "Query" | "PutItem" | "UpdateItem" | "DeleteItem";

/** Every item action the store uses. */
export const ALL_ITEM_ACTIONS: ItemAction[] = [
  "GetItem",
  "BatchGetItem",
  "BatchWriteItem",
  "Query",
  "PutItem",
  "UpdateItem",
  "DeleteItem",
];

/**
 * Item-level access to the table: `actions` on its items; Query on the indexes (gsi1, gsi2) when `indexes` (no
 * other action applies to an index); and, when `leadingKeys` is given, only items whose partition key matches one
 * of them (dynamodb:LeadingKeys).
 */
export function tableItems(
  table: ITable,
  actions: ItemAction[],
  options: { indexes?: boolean; leadingKeys?: string[] } = {},
) {
  const conditions = options.leadingKeys
    ? { conditions: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": options.leadingKeys } } }
    : {};
  return [
    new PolicyStatement({ actions: actions.map((a) => `dynamodb:${a}`), resources: [table.tableArn], ...conditions }),
    ...(options.indexes
      ? [new PolicyStatement({ actions: ["dynamodb:Query"], resources: [`${table.tableArn}/index/*`], ...conditions })]
      : []),
  ];
}

/** Object actions under the given prefixes only. */
export function objects(bucket: IBucket, actions: ("GetObject" | "PutObject" | "DeleteObject")[], prefixes: string[]) {
  return new PolicyStatement({
    actions: actions.map((a) => `s3:${a}`),
    resources: prefixes.map((p) => `${bucket.bucketArn}/${p}*`),
  });
}

/** ListBucket for listings under the given prefixes only (s3:prefix); never the whole bucket. */
export function listing(bucket: IBucket, prefixes: string[]) {
  return new PolicyStatement({
    actions: ["s3:ListBucket"],
    resources: [bucket.bucketArn],
    conditions: { StringLike: { "s3:prefix": prefixes.map((p) => `${p}*`) } },
  });
}

/** SendEmail (the adapter never sends raw) from the verified identity through the stage's configuration set. */
export function sendEmail(stack: Stack, mailDomain: string, configurationSet: string) {
  const arn = (resource: string) => Stack.of(stack).formatArn({ service: "ses", resource });
  return new PolicyStatement({
    actions: ["ses:SendEmail"],
    resources: [arn(`identity/${mailDomain}`), arn(`configuration-set/${configurationSet}`)],
  });
}

/** GetSendQuota, for the health check only; it has no resource-level permissions, so it must be "*". */
export const sendQuota = () => new PolicyStatement({ actions: ["ses:GetSendQuota"], resources: ["*"] });
