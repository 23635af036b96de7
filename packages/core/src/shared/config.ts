import * as z from "zod/mini";
import { ConfigError } from "./errors";

/**
 * Runtime configuration, read from the environment once per process (see `loadConfig`).
 *
 * On AWS the stacks set these variables on each function; SST `Config` parameters arrive as
 * `SST_Parameter_value_*` and the app secret as an SST `Config.Secret` (resolved by the caller,
 * see `functions/src/deps.ts`). Locally `local/start.ts` sets them.
 */
export const ConfigSchema = z.object({
  stage: z.string().check(z.minLength(1)),
  region: z.string().check(z.minLength(1)),
  tableName: z.string().check(z.minLength(3)),
  bucketName: z.string().check(z.minLength(3)),
  /** Signs emailed links and sessions. At least 32 characters. */
  appSecret: z.string().check(z.minLength(32, "must be at least 32 characters")),
  /** The address mail is sent from, e.g. `riia@mail.example.gov.uk`. */
  mailFrom: z.email(),
  /** Replies go to `reply+<token>@<inboundDomain>`. */
  inboundDomain: z.string().check(z.regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, "must be a domain name")),
  /** Public base URL of the app, used to build links in emails. */
  baseUrl: z.url(),
  /** SES maximum send rate (messages per second) that dispatch must never exceed. */
  sesMaxSendRate: z.coerce.number().check(z.positive(), z.maximum(1000)),
  /** Optional SES configuration set (bounce/complaint events). */
  sesConfigurationSet: z.optional(z.string()),
  logLevel: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]),
  /** Limits per person and per client, counted in the table so they hold across instances (see shared/allowance.ts). */
  limits: z.object({
    /** Sign-in emails one address may be sent in an hour. */
    signInPerHour: z.coerce.number().check(z.int(), z.positive()),
    /** API requests one bearer token or session may make in a minute. */
    apiPerTokenPerMinute: z.coerce.number().check(z.int(), z.positive()),
    /** API requests one client IP address may make in a minute. */
    apiPerIpPerMinute: z.coerce.number().check(z.int(), z.positive()),
  }),
  /** Local stand-in endpoints; unset on AWS. */
  endpoints: z.object({
    dynamodb: z.optional(z.url()),
    s3: z.optional(z.url()),
    ses: z.optional(z.url()),
  }),
});

/** The validated configuration every adapter and handler reads. */
export type Config = z.infer<typeof ConfigSchema>;

/** Names of the environment variables, in one place. */
export const ENV = {
  stage: "RIIA_STAGE",
  region: "AWS_REGION",
  tableName: "RIIA_TABLE",
  bucketName: "RIIA_BUCKET",
  appSecret: "RIIA_APP_SECRET",
  mailFrom: "RIIA_MAIL_FROM",
  inboundDomain: "RIIA_INBOUND_DOMAIN",
  baseUrl: "RIIA_BASE_URL",
  sesMaxSendRate: "RIIA_SES_MAX_SEND_RATE",
  sesConfigurationSet: "RIIA_SES_CONFIGURATION_SET",
  logLevel: "LOG_LEVEL",
  signInPerHour: "RIIA_LIMIT_SIGN_IN_PER_HOUR",
  apiPerTokenPerMinute: "RIIA_LIMIT_API_PER_TOKEN_PER_MINUTE",
  apiPerIpPerMinute: "RIIA_LIMIT_API_PER_IP_PER_MINUTE",
  dynamodbEndpoint: "RIIA_DYNAMODB_ENDPOINT",
  s3Endpoint: "RIIA_S3_ENDPOINT",
  sesEndpoint: "RIIA_SES_ENDPOINT",
} as const;

/**
 * Read and validate configuration from an environment map. Throws a `ConfigError` listing every
 * problem at once, so a misconfigured deployment fails on its first cold start with a clear message.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const blank = (v: string | undefined) => (v === undefined || v === "" ? undefined : v);
  const raw = {
    stage: blank(env[ENV.stage]),
    region: blank(env[ENV.region]) ?? blank(env.AWS_DEFAULT_REGION) ?? "eu-west-2",
    tableName: blank(env[ENV.tableName]),
    bucketName: blank(env[ENV.bucketName]),
    appSecret: blank(env[ENV.appSecret]),
    mailFrom: blank(env[ENV.mailFrom]),
    inboundDomain: blank(env[ENV.inboundDomain]),
    baseUrl: blank(env[ENV.baseUrl]),
    sesMaxSendRate: blank(env[ENV.sesMaxSendRate]) ?? "14",
    sesConfigurationSet: blank(env[ENV.sesConfigurationSet]),
    logLevel: blank(env[ENV.logLevel]) ?? "info",
    limits: {
      signInPerHour: blank(env[ENV.signInPerHour]) ?? "5",
      apiPerTokenPerMinute: blank(env[ENV.apiPerTokenPerMinute]) ?? "300",
      apiPerIpPerMinute: blank(env[ENV.apiPerIpPerMinute]) ?? "600",
    },
    endpoints: {
      dynamodb: blank(env[ENV.dynamodbEndpoint]),
      s3: blank(env[ENV.s3Endpoint]),
      ses: blank(env[ENV.sesEndpoint]),
    },
  };
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const names: Record<string, string> = { ...ENV, endpoints: "RIIA_*_ENDPOINT" };
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const key = String((i.path[0] === "limits" ? i.path[1] : i.path[0]) ?? "");
        return `${names[key] ?? key}: ${i.message}`;
      }),
    );
  }
  return parsed.data;
}
