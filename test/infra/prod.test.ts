import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployConfig } from "../../stacks/config";
import { synthesise, type Synthesised } from "./synth";

const PROD_ENV = {
  RIIA_MAIL_DOMAIN: "mail.riia.example.gov.uk",
  RIIA_INBOUND_DOMAIN: "reply.riia.example.gov.uk",
};

describe("prod stage", () => {
  let s: Synthesised;
  const saved = { ...process.env };
  beforeAll(async () => {
    Object.assign(process.env, PROD_ENV);
    s = await synthesise("prod", false);
  });
  afterAll(() => {
    process.env = saved;
  });

  it("retains the table and the bucket", () => {
    s.templates.storage.hasResource("AWS::DynamoDB::Table", {
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
    });
    const buckets = s.templates.storage.findResources("AWS::S3::Bucket");
    expect(Object.values(buckets).every((b) => b.DeletionPolicy === "Retain")).toBe(true);
    s.templates.storage.hasResourceProperties("AWS::DynamoDB::Table", { DeletionProtectionEnabled: true });
  });

  it("sends from the configured domain", () => {
    s.templates.email.hasResourceProperties("AWS::SES::EmailIdentity", { EmailIdentity: PROD_ENV.RIIA_MAIL_DOMAIN });
  });
});

describe("deploy configuration", () => {
  it("refuses a prod deploy without mail domains, naming each variable", () => {
    expect(() => deployConfig("prod", {})).toThrow(/RIIA_MAIL_DOMAIN[\s\S]*RIIA_INBOUND_DOMAIN/);
  });

  it("refuses a custom domain without its hosted zone", () => {
    expect(() => deployConfig("dev", { RIIA_DOMAIN: "riia.example.gov.uk" })).toThrow(/RIIA_HOSTED_ZONE/);
  });

  it("gives other stages example domains", () => {
    expect(deployConfig("alice", {})).toMatchObject({ mailDomain: "mail.alice.riia.example.org", sesMaxSendRate: 14 });
  });
});
