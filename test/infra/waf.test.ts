/**
 * The Api stack's REST API and the AWS WAF web ACL on its stage (#28: a WAF rate-based rule), read from the
 * synthesised template of a stage without a custom domain (`waf-domain.test.ts` has one with).
 */
import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { BODY_RULES_COUNTED, WAF_RATE_LIMIT } from "../../stacks/waf";
import { synthesise, type Synthesised } from "./synth";

let s: Synthesised;
let t: Template;
beforeAll(async () => {
  s = await synthesise("test");
  t = s.templates.api;
});

interface Rule {
  Name: string;
  Priority: number;
  Statement: Record<string, unknown>;
  Action?: Record<string, unknown>;
  OverrideAction?: Record<string, unknown>;
  RuleLabels?: { Name: string }[];
}

const only = (type: string) => {
  const found = t.findResources(type);
  expect(Object.keys(found)).toHaveLength(1);
  const [[id, resource]] = Object.entries(found) as [[string, { Properties: Record<string, unknown> }]];
  return { id, props: resource.Properties };
};
const rules = () => only("AWS::WAFv2::WebACL").props.Rules as Rule[];
const rule = (name: string) => {
  const found = rules().find((r) => r.Name === name);
  if (!found) throw new Error(`no rule ${name}`);
  return found;
};

describe("the WAF web ACL", () => {
  it("is regional and lets through whatever no rule blocks", () => {
    const { props } = only("AWS::WAFv2::WebACL");
    expect(props.Scope).toBe("REGIONAL");
    expect(props.DefaultAction).toEqual({ Allow: {} });
  });

  it("counts requests per source address over five minutes and labels an address over the limit", () => {
    const rate = rule("per-ip-rate");
    expect(rate.Priority).toBe(0);
    expect(rate.Statement).toEqual({
      RateBasedStatement: { AggregateKeyType: "IP", Limit: 3000, EvaluationWindowSec: 300 },
    });
    expect(WAF_RATE_LIMIT).toEqual({ limit: 3000, windowSeconds: 300 });
    expect(rate.Action).toEqual({ Count: {} });
    expect(rate.RuleLabels).toEqual([{ Name: "riia:per-ip-rate" }]);
  });

  it("blocks a labelled address with 429 and Retry-After: problem details on the JSON API, a page elsewhere", () => {
    const { props } = only("AWS::WAFv2::WebACL");
    const bodies = props.CustomResponseBodies as Record<string, { ContentType: string; Content: string }>;
    const blockedWith = (name: string) => {
      const r = rule(name);
      const response = (r.Action as { Block: { CustomResponse: Record<string, unknown> } }).Block.CustomResponse;
      expect(response.ResponseCode).toBe(429);
      expect(response.ResponseHeaders).toEqual([{ Name: "Retry-After", Value: "300" }]);
      return { rule: r, body: bodies[String(response.CustomResponseBodyKey)]! };
    };
    const labelled = { LabelMatchStatement: { Scope: "LABEL", Key: "riia:per-ip-rate" } };
    const api = blockedWith("per-ip-rate-api");
    expect(api.rule.Priority).toBe(1);
    expect(api.rule.Statement).toEqual({
      AndStatement: {
        Statements: [
          labelled,
          {
            ByteMatchStatement: expect.objectContaining({
              FieldToMatch: { UriPath: {} },
              PositionalConstraint: "STARTS_WITH",
              // WAF sees the execute-api URL's path, stage included.
              SearchString: "/test/api/",
            }),
          },
        ],
      },
    });
    expect(api.body.ContentType).toBe("APPLICATION_JSON");
    expect(JSON.parse(api.body.Content)).toMatchObject({ status: 429, title: "Too Many Requests" });
    const pages = blockedWith("per-ip-rate-pages");
    expect(pages.rule.Priority).toBe(2);
    expect(pages.rule.Statement).toEqual(labelled);
    expect(pages.body.ContentType).toBe("TEXT_HTML");
    expect(pages.body.Content).toContain("<h1>Too many requests</h1>");
    expect(pages.body.Content).toContain("Wait 5 minutes");
  });

  it("runs AWS's common rule set after the rate rules, blocking, with only its body rules counted", () => {
    const common = rule("aws-common");
    expect(common.Priority).toBeGreaterThan(2);
    expect(common.OverrideAction).toEqual({ None: {} });
    const group = (common.Statement as { ManagedRuleGroupStatement: Record<string, unknown> })
      .ManagedRuleGroupStatement;
    expect(group).toMatchObject({ VendorName: "AWS", Name: "AWSManagedRulesCommonRuleSet" });
    const counted = (group.RuleActionOverrides as { Name: string; ActionToUse: unknown }[]).map((o) => {
      expect(o.ActionToUse).toEqual({ Count: {} });
      return o.Name;
    });
    expect(counted.sort()).toEqual([...BODY_RULES_COUNTED].sort());
    expect(counted.every((name) => name.endsWith("_BODY"))).toBe(true);
  });

  it("is attached to the REST API's stage", () => {
    const acl = only("AWS::WAFv2::WebACL");
    const stage = only("AWS::ApiGateway::Stage");
    const api = only("AWS::ApiGateway::RestApi");
    const { props } = only("AWS::WAFv2::WebACLAssociation");
    expect(props.WebACLArn).toEqual({ "Fn::GetAtt": [acl.id, "Arn"] });
    const arn = JSON.stringify(props.ResourceArn);
    expect(arn).toContain(":apigateway:eu-west-2::/restapis/");
    expect(arn).toContain(JSON.stringify({ Ref: api.id }));
    expect(arn).toContain(`"/stages/",${JSON.stringify({ Ref: stage.id })}`);
  });

  it("leaves cdk-nag nothing to say about the API (no WAF warning, no error)", () => {
    expect(s.nag.warnings.filter((w) => w.includes("-Api/"))).toEqual([]);
    expect(s.nag.errors).toEqual([]);
  });
});

describe("the REST API", () => {
  it("is regional and passes every body and binary response through as bytes", () => {
    const { props } = only("AWS::ApiGateway::RestApi");
    expect(props.EndpointConfiguration).toEqual({ Types: ["REGIONAL"] });
    expect(props.BinaryMediaTypes).toEqual(["*/*"]);
    // Without a custom domain the execute-api URL is the app's address.
    expect(props.DisableExecuteApiEndpoint).toBe(false);
  });

  it("logs each request's access line for 90 days, and execution errors without bodies", () => {
    const stage = only("AWS::ApiGateway::Stage").props;
    const logs = t.findResources("AWS::Logs::LogGroup");
    const [logId] = Object.keys(logs);
    expect((stage.AccessLogSetting as { DestinationArn: unknown }).DestinationArn).toEqual({
      "Fn::GetAtt": [logId, "Arn"],
    });
    expect(String((stage.AccessLogSetting as { Format: string }).Format)).toContain("$context.identity.sourceIp");
    expect(logs[logId!]!.Properties.RetentionInDays).toBe(90);
    expect(stage.MethodSettings).toEqual([
      expect.objectContaining({ LoggingLevel: "ERROR", DataTraceEnabled: false, MetricsEnabled: true }),
    ]);
  });

  it("adds no CORS preflight methods: every method is ANY to a function", () => {
    const methods = Object.values(t.findResources("AWS::ApiGateway::Method"));
    expect(methods.map((m) => m.Properties.HttpMethod as string).filter((m) => m !== "ANY")).toEqual([]);
    expect(methods.every((m) => m.Properties.Integration.Type === "AWS_PROXY")).toBe(true);
  });

  it("gives the functions the stage's invoke URL, without a trailing slash, as BASE_URL", () => {
    const api = only("AWS::ApiGateway::RestApi");
    t.hasResourceProperties("AWS::SSM::Parameter", {
      Name: "/sst/riia/test/Parameter/BASE_URL/value",
      Value: {
        "Fn::Join": ["", ["https://", { Ref: api.id }, ".execute-api.eu-west-2.", { Ref: "AWS::URLSuffix" }, "/test"]],
      },
    });
  });
});
