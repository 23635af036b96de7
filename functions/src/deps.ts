import { loadConfig, type Config } from "@riia/core";
import { createAwsDeps, type AwsDeps } from "@riia/core/adapters";

/**
 * SST `Config` names → our environment variable names. On AWS, parameters arrive as
 * `SST_Parameter_value_<NAME>` and the secret is fetched from SSM by `sst/node/config`; this is
 * the one place that knows it.
 */
const SST_CONFIG = {
  APP_SECRET: "RIIA_APP_SECRET",
  MAIL_FROM: "RIIA_MAIL_FROM",
  INBOUND_DOMAIN: "RIIA_INBOUND_DOMAIN",
  BASE_URL: "RIIA_BASE_URL",
} as const;

async function readEnvironment(): Promise<Record<string, string | undefined>> {
  const env: Record<string, string | undefined> = { ...process.env };
  if (process.env.SST_APP) {
    const { Config } = await import("sst/node/config");
    const values = Config as unknown as Record<string, string | undefined>;
    for (const [sstName, envName] of Object.entries(SST_CONFIG)) {
      env[envName] ??= values[sstName];
    }
  }
  return env;
}

let cached: Promise<AwsDeps> | undefined;

/** Configuration and adapters for this Lambda process: read once, fail fast. */
export function lambdaDeps(): Promise<AwsDeps> {
  cached ??= readEnvironment().then((env) => createAwsDeps(loadConfig(env)));
  return cached;
}

export type { Config };
