import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { S3Client } from "@aws-sdk/client-s3";
import type { SESClient } from "@aws-sdk/client-ses";
import type { Config } from "../../shared";

/** The one shared client per AWS service. */
export interface AwsClients {
  dynamodb: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  /**
   * S3 is loaded on first use: its SDK (with the presigners) takes longer to load than the rest of
   * the app, and most requests (form pages and saves) never touch the bucket.
   */
  s3: () => Promise<S3Client>;
  /** SES is loaded on first use too: only the requests and ticks that send mail need it. */
  ses: () => Promise<SESClient>;
}

/** Static credentials for the local stand-ins: they check no signatures, but the SDK must sign. */
const LOCAL_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

/**
 * Build the clients once per process. With local endpoints (stand-ins) the S3 client uses
 * path-style addressing and only computes checksums when an operation requires them, which s3rver
 * needs; on AWS the SDK defaults apply.
 */
export function createAwsClients(config: Pick<Config, "region" | "endpoints">): AwsClients {
  const { endpoints, region } = config;
  const dynamodb = new DynamoDBClient({
    region,
    ...(endpoints.dynamodb ? { endpoint: endpoints.dynamodb, credentials: LOCAL_CREDENTIALS } : {}),
  });
  const doc = DynamoDBDocumentClient.from(dynamodb, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  let s3Client: Promise<S3Client> | undefined;
  const s3 = () =>
    (s3Client ??= import("@aws-sdk/client-s3").then(
      ({ S3Client }) =>
        new S3Client({
          region,
          ...(endpoints.s3
            ? {
                endpoint: endpoints.s3,
                credentials: LOCAL_CREDENTIALS,
                forcePathStyle: true,
                requestChecksumCalculation: "WHEN_REQUIRED" as const,
                responseChecksumValidation: "WHEN_REQUIRED" as const,
              }
            : {}),
        }),
    ));
  let sesClient: Promise<SESClient> | undefined;
  const ses = () =>
    (sesClient ??= import("@aws-sdk/client-ses").then(
      ({ SESClient }) =>
        new SESClient({
          region,
          // One attempt per send: the SDK would otherwise re-send after a timeout, when SES may already have
          // the message. The ledger retries what SES refused and settles what it never answered (send-attempts.ts).
          maxAttempts: 1,
          requestHandler: { requestTimeout: 15_000, connectionTimeout: 5_000 },
          ...(endpoints.ses ? { endpoint: endpoints.ses, credentials: LOCAL_CREDENTIALS } : {}),
        }),
    ));
  return { dynamodb, doc, s3, ses };
}
