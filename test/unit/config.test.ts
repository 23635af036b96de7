import { describe, expect, it } from "vitest";
import { ConfigError, ENV, loadConfig, redactPath } from "@riia/core";
import * as z from "@riia/core/zod";

const valid = {
  RIIA_STAGE: "dev",
  RIIA_TABLE: "riia-dev",
  RIIA_BUCKET: "riia-dev",
  RIIA_APP_SECRET: "s".repeat(32),
  RIIA_MAIL_FROM: "riia@mail.example.org",
  RIIA_INBOUND_DOMAIN: "reply.example.org",
  RIIA_BASE_URL: "https://riia.example.org",
};

describe("loadConfig", () => {
  it("reads a complete environment with defaults", () => {
    expect(loadConfig(valid)).toMatchObject({
      stage: "dev",
      region: "eu-west-2",
      sesMaxSendRate: 14,
      logLevel: "info",
      endpoints: {},
    });
  });

  it("fails fast naming every missing or invalid variable at once", () => {
    const err = (() => {
      try {
        loadConfig({ ...valid, RIIA_TABLE: "", RIIA_APP_SECRET: "short", RIIA_MAIL_FROM: "not-an-email" });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as ConfigError).message;
    expect(message).toContain("RIIA_TABLE");
    expect(message).toContain("RIIA_APP_SECRET: must be at least 32 characters");
    expect(message).toContain("RIIA_MAIL_FROM");
    expect(message).not.toContain("short"); // the secret's value is never echoed
  });
});

/**
 * The schema the configuration was checked with before its checks were written out (zod's construction was 17 M
 * instructions of every start): each variable must be accepted or refused exactly as this accepts or refuses it.
 */
const zodSchema = {
  [ENV.stage]: z.string().check(z.minLength(1)),
  [ENV.tableName]: z.string().check(z.minLength(3)),
  [ENV.appSecret]: z.string().check(z.minLength(32)),
  [ENV.mailFrom]: z.email(),
  [ENV.inboundDomain]: z.string().check(z.regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i)),
  [ENV.baseUrl]: z.url(),
  [ENV.sesMaxSendRate]: z.coerce.number().check(z.positive(), z.maximum(1000)),
  [ENV.logLevel]: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]),
  [ENV.signInPerHour]: z.coerce.number().check(z.int(), z.positive()),
  [ENV.dynamodbEndpoint]: z.url(),
} as const;

const tried: Record<keyof typeof zodSchema, string[]> = {
  [ENV.stage]: ["d", "prod"],
  [ENV.tableName]: ["ab", "abc", "riia-prod"],
  [ENV.appSecret]: ["s".repeat(31), "s".repeat(32), "x".repeat(64)],
  [ENV.mailFrom]: [
    "riia@mail.example.org",
    "a.b+c@x.co",
    "no-at.example.org",
    "a@b",
    "a..b@x.org",
    ".a@x.org",
    "a@x.o",
  ],
  [ENV.inboundDomain]: ["reply.example.org", "reply", "reply.example.o", "REPLY.EXAMPLE.ORG", "re ply.org"],
  [ENV.baseUrl]: ["https://riia.example.org", "http://127.0.0.1:3000", "riia.example.org", "https://", "mailto:x@y.z"],
  [ENV.sesMaxSendRate]: ["14", "0.5", "0", "-1", "1000", "1001", "ten", " 7 ", "Infinity"],
  [ENV.logLevel]: ["info", "silent", "INFO", "verbose"],
  [ENV.signInPerHour]: ["5", "1", "0", "2.5", "-3", "five", "1e3"],
  [ENV.dynamodbEndpoint]: ["http://127.0.0.1:8000", "localhost:8000", "not a url"],
};

describe("loadConfig's checks", () => {
  for (const [name, values] of Object.entries(tried) as [keyof typeof zodSchema, string[]][]) {
    it(`accept and refuse ${name} as zod's schema did, naming the variable`, () => {
      for (const value of values) {
        const zodAccepts = zodSchema[name].safeParse(value).success;
        const problems = (() => {
          try {
            loadConfig({ ...valid, [name]: value });
            return [];
          } catch (e) {
            return (e as ConfigError).problems;
          }
        })();
        expect({ value, accepted: problems.length === 0 }).toEqual({ value, accepted: zodAccepts });
        if (!zodAccepts) expect(problems).toEqual([expect.stringMatching(new RegExp(`^${name}: `))]);
      }
    });
  }

  it("reads numbers and defaults as the functions use them", () => {
    const config = loadConfig({
      ...valid,
      RIIA_SES_MAX_SEND_RATE: "7",
      RIIA_DYNAMODB_ENDPOINT: "http://127.0.0.1:8000",
    });
    expect(config.sesMaxSendRate).toBe(7);
    expect(config.limits).toEqual({ signInPerHour: 5, apiPerTokenPerMinute: 300, apiPerIpPerMinute: 600 });
    expect(config.endpoints).toEqual({ dynamodb: "http://127.0.0.1:8000", s3: undefined, ses: undefined });
    expect(config.sesConfigurationSet).toBeUndefined();
    expect(loadConfig({ ...valid, AWS_REGION: "", AWS_DEFAULT_REGION: "eu-west-1" }).region).toBe("eu-west-1");
  });
});

describe("redactPath", () => {
  it("removes link tokens from paths and query strings", () => {
    expect(redactPath("/f/eyJpIjoiYWJjZGVm.c2lnbmF0dXJlLXNpZ25hdHVyZQ/section/2")).toBe("/f/:token/section/2");
    expect(redactPath("/s/xyz?token=secret&x=1")).toBe("/s/xyz?token=[redacted]&x=1");
    expect(redactPath("/health")).toBe("/health");
  });
});
