import { ConfigError } from "./errors";
import { LOG_LEVELS, type LogLevel } from "./logger";

/**
 * Runtime configuration, read from the environment once per process (see `loadConfig`).
 *
 * On AWS the stacks set these variables on each function; SST `Config` parameters arrive as
 * `SST_Parameter_value_*` and the app secret as an SST `Config.Secret` (resolved by the caller,
 * see `functions/src/deps.ts`). Locally `local/start.ts` sets them.
 */
export interface Config {
  stage: string;
  region: string;
  tableName: string;
  bucketName: string;
  /** Signs emailed links and sessions. At least 32 characters. */
  appSecret: string;
  /** The address mail is sent from, e.g. `riia@mail.example.gov.uk`. */
  mailFrom: string;
  /** Replies go to `reply+<token>@<inboundDomain>`. */
  inboundDomain: string;
  /** Public base URL of the app, used to build links in emails. */
  baseUrl: string;
  /** SES maximum send rate (messages per second) that dispatch must never exceed. */
  sesMaxSendRate: number;
  /** Optional SES configuration set (bounce/complaint events). */
  sesConfigurationSet?: string;
  logLevel: LogLevel;
  /** Limits per person and per client, counted in the table so they hold across instances (see shared/allowance.ts). */
  limits: {
    /** Sign-in emails one address may be sent in an hour. */
    signInPerHour: number;
    /** API requests one bearer token or session may make in a minute. */
    apiPerTokenPerMinute: number;
    /** API requests one client IP address may make in a minute. */
    apiPerIpPerMinute: number;
  };
  /** Local stand-in endpoints; unset on AWS. */
  endpoints: { dynamodb?: string; s3?: string; ses?: string };
}

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
 * The environment's values checked one by one, every problem collected. Not a zod schema, though the house validates
 * its boundaries with zod: the environment is a fixed set of strings our own stacks set, and building and running
 * the schema was 17 M instructions of every function's start (about 3 % of a page function's init, measured by
 * callgrind), for 17 variables. The checks and messages are zod's.
 */
class Checks {
  readonly problems: [key: string, message: string][] = [];
  constructor(private readonly raw: Record<string, string | undefined>) {}

  /** Notes a problem; `placeholder` stands in for the value so the rest can still be checked. */
  private fail<T>(key: string, message: string, placeholder: T): T {
    this.problems.push([key, message]);
    return placeholder;
  }

  text(key: string, min: number, message = `Too small: expected string to have >=${min} characters`): string {
    const value = this.raw[key];
    if (value === undefined) return this.fail(key, "Invalid input: expected string, received undefined", "");
    return value.length >= min ? value : this.fail(key, message, value);
  }

  matching(key: string, pattern: RegExp, message: string): string {
    const value = this.raw[key];
    if (value === undefined) return this.text(key, 0);
    return pattern.test(value) ? value : this.fail(key, message, value);
  }

  url(key: string): string {
    const value = this.raw[key];
    if (value === undefined) return this.text(key, 0);
    return URL.canParse(value) ? value : this.fail(key, "Invalid URL", value);
  }

  optionalUrl(key: string): string | undefined {
    return this.raw[key] === undefined ? undefined : this.url(key);
  }

  number(key: string, { integer = false, max = Infinity } = {}): number {
    const value = Number(this.raw[key]);
    if (Number.isNaN(value)) return this.fail(key, "Invalid input: expected number, received NaN", 0);
    if (integer && !Number.isInteger(value)) return this.fail(key, "Invalid input: expected int, received number", 0);
    if (value <= 0) return this.fail(key, "Too small: expected number to be >0", 0);
    return value <= max ? value : this.fail(key, `Too big: expected number to be <=${max}`, 0);
  }

  oneOf<T extends string>(key: string, options: readonly T[]): T {
    const value = this.raw[key] as T;
    if (options.includes(value)) return value;
    return this.fail(key, `Invalid option: expected one of ${options.map((o) => `"${o}"`).join("|")}`, value);
  }
}

/** zod's own test for an email address (`z.regexes.email`), so the check is the one the schema made. */
const EMAIL = /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

/**
 * Read and validate configuration from an environment map. Throws a `ConfigError` listing every
 * problem at once, so a misconfigured deployment fails on its first cold start with a clear message.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const blank = (name: string) => {
    const v = env[name];
    return v === undefined || v === "" ? undefined : v;
  };
  const raw: Record<string, string | undefined> = Object.fromEntries(
    Object.entries(ENV).map(([key, name]) => [key, blank(name)]),
  );
  raw.region ??= blank("AWS_DEFAULT_REGION") ?? "eu-west-2";
  raw.sesMaxSendRate ??= "14";
  raw.logLevel ??= "info";
  raw.signInPerHour ??= "5";
  raw.apiPerTokenPerMinute ??= "300";
  raw.apiPerIpPerMinute ??= "600";
  const check = new Checks(raw);
  const config: Config = {
    stage: check.text("stage", 1),
    region: check.text("region", 1),
    tableName: check.text("tableName", 3),
    bucketName: check.text("bucketName", 3),
    appSecret: check.text("appSecret", 32, "must be at least 32 characters"),
    mailFrom: check.matching("mailFrom", EMAIL, "Invalid email address"),
    inboundDomain: check.matching("inboundDomain", /^[a-z0-9.-]+\.[a-z]{2,}$/i, "must be a domain name"),
    baseUrl: check.url("baseUrl"),
    sesMaxSendRate: check.number("sesMaxSendRate", { max: 1000 }),
    ...(raw.sesConfigurationSet === undefined ? {} : { sesConfigurationSet: raw.sesConfigurationSet }),
    logLevel: check.oneOf("logLevel", LOG_LEVELS),
    limits: {
      signInPerHour: check.number("signInPerHour", { integer: true }),
      apiPerTokenPerMinute: check.number("apiPerTokenPerMinute", { integer: true }),
      apiPerIpPerMinute: check.number("apiPerIpPerMinute", { integer: true }),
    },
    endpoints: {
      dynamodb: check.optionalUrl("dynamodbEndpoint"),
      s3: check.optionalUrl("s3Endpoint"),
      ses: check.optionalUrl("sesEndpoint"),
    },
  };
  if (check.problems.length) {
    const names: Record<string, string> = ENV;
    throw new ConfigError(check.problems.map(([key, message]) => `${names[key] ?? key}: ${message}`));
  }
  return config;
}
