import { loadConfig, type Config } from "@riia/core";
import { createAwsDeps, readSsmParameters, type AwsDeps } from "@riia/core/adapters";

/**
 * SST `Config` names → our environment variable names. SST passes a bound parameter's value in
 * `SST_Parameter_value_<NAME>` and marks a secret `SST_Secret_value_<NAME>=__FETCH_FROM_SSM__`;
 * this is the one place that knows it. We read those variables ourselves rather than through
 * `sst/node/config`, which imports the SSM SDK at start-up in every function (≈ 270 ms of init);
 * SSM is asked only for the values that really live there.
 */
const SST_CONFIG = {
  APP_SECRET: "RIIA_APP_SECRET",
  MAIL_FROM: "RIIA_MAIL_FROM",
  INBOUND_DOMAIN: "RIIA_INBOUND_DOMAIN",
  BASE_URL: "RIIA_BASE_URL",
} as const;

const FROM_SSM = "__FETCH_FROM_SSM__";

/** Where SST stores a value in SSM: the stage's own path, then the app-wide fallback for secrets. */
function ssmPaths(env: Record<string, string | undefined>, kind: string, name: string) {
  return {
    primary: `${env.SST_SSM_PREFIX ?? ""}${kind}/${name}/value`,
    fallback: kind === "Secret" ? `/sst/${env.SST_APP}/.fallback/${kind}/${name}/value` : undefined,
  };
}

export async function readEnvironment(
  source: Record<string, string | undefined> = process.env,
  readSsm = readSsmParameters,
): Promise<Record<string, string | undefined>> {
  const env: Record<string, string | undefined> = { ...source };
  const wanted: { envName: string; primary: string; fallback?: string }[] = [];
  for (const [sstName, envName] of Object.entries(SST_CONFIG)) {
    if (env[envName] !== undefined) continue;
    for (const kind of ["Parameter", "Secret"]) {
      const value = source[`SST_${kind}_value_${sstName}`];
      if (value === FROM_SSM) wanted.push({ envName, ...ssmPaths(source, kind, sstName) });
      else if (value !== undefined) env[envName] = value;
    }
  }
  if (wanted.length === 0) return env;
  const region = source.SST_REGION ?? source.AWS_REGION;
  const first = await readSsm(
    wanted.map((w) => w.primary),
    region,
  );
  const retry = wanted.filter((w) => first.values[w.primary] === undefined && w.fallback);
  const second = retry.length
    ? await readSsm(
        retry.map((w) => w.fallback!),
        region,
      )
    : { values: {} as Record<string, string> };
  for (const w of wanted) env[w.envName] = first.values[w.primary] ?? second.values[w.fallback ?? ""];
  return env;
}

let cached: Promise<AwsDeps> | undefined;

/** Configuration and adapters for this Lambda process: read once, fail fast. */
export function lambdaDeps(): Promise<AwsDeps> {
  cached ??= readEnvironment().then((env) => createAwsDeps(loadConfig(env)));
  return cached;
}

export type { Config };
