import { NagSuppressions } from "cdk-nag";
import { acceptKnownFindings } from "./nag";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { BlockPublicAccess, BucketEncryption, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import { Bucket, Config, Table, type StackContext } from "sst/constructs";
import { Retention } from "@riia/core";

/** Prefixes in the bucket, and how long objects under them live. */
export const BUCKET_PREFIXES = {
  /** Raw inbound mail from SES receipt rules. Replies are recorded in the table; the raw copy is kept 90 days. */
  inbound: "inbound/",
  /** Browser uploads land here first; the server checks and moves them, so anything left is abandoned. */
  pendingUploads: "uploads/pending/",
  /** Checked uploads attached to submissions, and attachments of recorded replies (`attachments/replies/`). */
  attachments: "attachments/",
  /** Inbound mail refused by the trust checks, held for the lead to review (retention schedule: 30 days). */
  quarantine: "quarantine/",
  /** Files and long texts of recorded replies (under `attachments/`): the inbound function writes only here. */
  replyFiles: "attachments/replies/",
  /** CSV files a lead uploads to import figures and statistical neighbours (the console previews, then imports). */
  datasetImports: "dataset-imports/",
  neighbourImports: "neighbour-imports/",
  /** Never written: the health check lists it to prove the bucket answers (s3-blobs.ts). */
  health: "health/",
} as const;

type Stack = StackContext["stack"];
type Lifetime = { retain: boolean; removalPolicy: RemovalPolicy };

/** The files bucket's lifecycle: each prefix's retention (from the retention schedule), and old versions. */
const FILE_LIFECYCLE = [
  {
    id: "inbound-mail",
    prefix: BUCKET_PREFIXES.inbound,
    expiration: Duration.days(Retention.PERIODS.inboundDays),
    noncurrentVersionExpiration: Duration.days(1),
  },
  {
    id: "quarantined-mail",
    prefix: BUCKET_PREFIXES.quarantine,
    expiration: Duration.days(Retention.PERIODS.quarantineDays),
    noncurrentVersionExpiration: Duration.days(1),
  },
  {
    id: "abandoned-uploads",
    prefix: BUCKET_PREFIXES.pendingUploads,
    expiration: Duration.days(1),
    noncurrentVersionExpiration: Duration.days(1),
  },
  {
    id: "old-versions",
    noncurrentVersionExpiration: Duration.days(90),
    abortIncompleteMultipartUploadAfter: Duration.days(1),
  },
];

function dataTable(stack: Stack, { retain, removalPolicy }: Lifetime) {
  return new Table(stack, "Data", {
    fields: { pk: "string", sk: "string", gsi1pk: "string", gsi1sk: "string", gsi2pk: "string", gsi2sk: "string" },
    primaryIndex: { partitionKey: "pk", sortKey: "sk" },
    globalIndexes: {
      gsi1: { partitionKey: "gsi1pk", sortKey: "gsi1sk" },
      gsi2: { partitionKey: "gsi2pk", sortKey: "gsi2sk" },
    },
    timeToLiveAttribute: "expiresAt",
    stream: "new_and_old_images",
    cdk: {
      table: {
        pointInTimeRecovery: true,
        deletionProtection: retain,
        removalPolicy,
      },
    },
  });
}

/** Server access logs for the files bucket: who fetched which submission's attachments, and when. */
function accessLogBucket(stack: Stack, { retain, removalPolicy }: Lifetime) {
  const accessLogs = new Bucket(stack, "AccessLogs", {
    cors: false,
    blockPublicACLs: true,
    cdk: {
      bucket: {
        blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
        objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
        encryption: BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        removalPolicy,
        autoDeleteObjects: !retain,
        lifecycleRules: [{ id: "expire-logs", expiration: Duration.days(400) }],
      },
    },
  });
  NagSuppressions.addResourceSuppressions(accessLogs.cdk.bucket, [
    { id: "AwsSolutions-S1", reason: "This is the access-log bucket itself; logging it to itself would loop." },
  ]);
  return accessLogs;
}

function filesBucket(stack: Stack, accessLogs: Bucket, { retain, removalPolicy }: Lifetime) {
  return new Bucket(stack, "Files", {
    cors: false,
    blockPublicACLs: true,
    cdk: {
      bucket: {
        blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
        objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
        encryption: BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        versioned: true,
        serverAccessLogsBucket: accessLogs.cdk.bucket,
        serverAccessLogsPrefix: "files/",
        removalPolicy,
        autoDeleteObjects: !retain,
        lifecycleRules: FILE_LIFECYCLE,
      },
    },
  });
}

/**
 * The table (single-table design, see packages/core/README.md) and the bucket. Both are
 * retained on the `prod` stage and destroyed with other stages.
 */
export function Storage({ stack, app }: StackContext) {
  const retain = app.stage === "prod";
  const lifetime = { retain, removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY };
  const table = dataTable(stack, lifetime);
  const accessLogs = accessLogBucket(stack, lifetime);
  const bucket = filesBucket(stack, accessLogs, lifetime);

  /** Signs emailed links and sessions. Set with `npx sst secrets set APP_SECRET <value> --stage <stage>`. */
  const appSecret = new Config.Secret(stack, "APP_SECRET");

  stack.addOutputs({ TableName: table.tableName, BucketName: bucket.bucketName });
  acceptKnownFindings(stack);
  return { table, bucket, appSecret };
}
