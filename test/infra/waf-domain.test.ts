/**
 * With a custom domain, the domain is the one way in: the execute-api endpoint is off, so every request passes the
 * web ACL on the stage with the paths the app sees, and emailed links start with the domain.
 */
import type { Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { synthesise } from "./synth";

const DOMAIN_ENV = { RIIA_DOMAIN: "riia.example.gov.uk", RIIA_HOSTED_ZONE: "example.gov.uk" };

describe("a stage with a custom domain", () => {
  let t: Template;
  const saved = { ...process.env };
  beforeAll(async () => {
    Object.assign(process.env, DOMAIN_ENV);
    t = (await synthesise("domain", false)).templates.api;
  });
  afterAll(() => {
    process.env = saved;
  });

  it("serves the API on a regional custom domain and switches the execute-api endpoint off", () => {
    t.hasResourceProperties("AWS::ApiGateway::RestApi", { DisableExecuteApiEndpoint: true });
    t.hasResourceProperties("AWS::ApiGateway::DomainName", {
      DomainName: DOMAIN_ENV.RIIA_DOMAIN,
      EndpointConfiguration: { Types: ["REGIONAL"] },
    });
    expect(Object.keys(t.findResources("AWS::ApiGateway::BasePathMapping"))).toHaveLength(1);
  });

  it("matches the JSON API's paths as the domain sends them, without a stage", () => {
    const acl = Object.values(t.findResources("AWS::WAFv2::WebACL"))[0]!;
    const rules = acl.Properties.Rules as { Name: string; Statement: unknown }[];
    const api = rules.find((r) => r.Name === "per-ip-rate-api");
    expect(JSON.stringify(api?.Statement)).toContain('"SearchString":"/api/"');
    expect(Object.keys(t.findResources("AWS::WAFv2::WebACLAssociation"))).toHaveLength(1);
  });

  it("gives the functions the domain as BASE_URL", () => {
    t.hasResourceProperties("AWS::SSM::Parameter", {
      Name: "/sst/riia/domain/Parameter/BASE_URL/value",
      Value: `https://${DOMAIN_ENV.RIIA_DOMAIN}`,
    });
  });
});
