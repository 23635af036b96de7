import { type Config, systemClock, createLogger, type Logger, type Clock, type Deps, type Mailer } from "../../shared";
import { createAwsClients, type AwsClients } from "./clients";
import { countDynamoCalls, DynamoStore, type CallCounter } from "./dynamo-store";
import { S3Blobs } from "./s3-blobs";
import { SesMailer } from "./ses-mailer";

export { createAwsClients, type AwsClients } from "./clients";
export { DynamoStore, countDynamoCalls, ensureTable, TABLE_SCHEMA, type CallCounter } from "./dynamo-store";
export { S3Blobs, ensureBucket } from "./s3-blobs";
export { SesMailer } from "./ses-mailer";
export { readSsmParameters } from "./ssm";

/** Deps plus the clients behind them (for local setup, tests and the bench). */
export interface AwsDeps extends Deps {
  clients: AwsClients;
  ddbCalls: CallCounter;
}

/**
 * Wire the AWS adapters for a configuration: one client per service, shared by every adapter.
 * `overrides` lets local wiring and tests swap the clock, logger or the mailer's health probe.
 */
export function createAwsDeps(
  config: Config,
  overrides: {
    clock?: Clock;
    log?: Logger;
    mailerPing?: () => Promise<void>;
    mailer?: Mailer;
    clients?: AwsClients;
  } = {},
): AwsDeps {
  const clients = overrides.clients ?? createAwsClients(config);
  const ddbCalls = countDynamoCalls(clients.dynamodb);
  return {
    config,
    clients,
    ddbCalls,
    store: new DynamoStore(clients.doc, config.tableName),
    blobs: new S3Blobs(clients.s3, config.bucketName),
    mailer:
      overrides.mailer ??
      new SesMailer(clients.ses, { configurationSet: config.sesConfigurationSet, ping: overrides.mailerPing }),
    clock: overrides.clock ?? systemClock,
    log: overrides.log ?? createLogger({ level: config.logLevel, base: { stage: config.stage } }),
  };
}
