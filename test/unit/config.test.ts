import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, redactPath } from "@riia/core";

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

describe("redactPath", () => {
  it("removes link tokens from paths and query strings", () => {
    expect(redactPath("/f/eyJpIjoiYWJjZGVm.c2lnbmF0dXJlLXNpZ25hdHVyZQ/section/2")).toBe("/f/:token/section/2");
    expect(redactPath("/s/xyz?token=secret&x=1")).toBe("/s/xyz?token=[redacted]&x=1");
    expect(redactPath("/health")).toBe("/health");
  });
});
