import type { Bucket, Table } from "sst/constructs";
import type { DeployConfig } from "./config";

/**
 * Environment every function shares (read by `loadConfig` in @riia/core). Values that are SST
 * `Config` (the secret, mail and URL parameters) arrive through `bind` instead.
 */
export function runtimeEnvironment(opts: {
  stage: string;
  table: Table;
  bucket: Bucket;
  config: DeployConfig;
  configurationSet: string;
}): Record<string, string> {
  return {
    RIIA_STAGE: opts.stage,
    RIIA_TABLE: opts.table.tableName,
    RIIA_BUCKET: opts.bucket.bucketName,
    RIIA_SES_MAX_SEND_RATE: String(opts.config.sesMaxSendRate),
    RIIA_SES_CONFIGURATION_SET: opts.configurationSet,
    LOG_LEVEL: opts.config.logLevel,
  };
}
