import { CfnWebACL, CfnWebACLAssociation } from "aws-cdk-lib/aws-wafv2";
import type { Stage } from "aws-cdk-lib/aws-apigateway";
import type { Construct } from "constructs";

/**
 * Requests one source address may make in any five minutes before AWS WAF refuses it (before API Gateway, so before
 * any Lambda, table write or email). Sized from what riia's users need, with the busiest case being many people
 * behind one council's, region's or DfE's shared address:
 * - a person filling a form or working the console makes at most ~10 requests a minute (a page, its form post and,
 *   on a cold cache, a handful of static files), so a dozen officers at one LA on deadline day is ~600 in 5 minutes;
 * - a JSON API client is held by the app itself to 600 a minute per address (`apiPerIpPerMinute`), 3,000 in five;
 * so 3,000 is five times the busiest shared office and never below what the app already allows an API client, who
 * meets the app's own 429 first. It is an average of 10 a second: a fifth of the stage's 50 (API_THROTTLE), so no
 * one address can take everyone's capacity or the SES quota.
 */
export const WAF_RATE_LIMIT = { limit: 3000, windowSeconds: 300 } as const;

/** The managed common rule set's rules that read the request body, which people fill (see `managedCommonRules`). */
export const BODY_RULES_COUNTED = [
  "SizeRestrictions_BODY",
  "CrossSiteScripting_BODY",
  "GenericLFI_BODY",
  "GenericRFI_BODY",
  "EC2MetaDataSSRF_BODY",
] as const;

const RATE_RULE = "per-ip-rate";
const visibility = (metricName: string) => ({
  cloudWatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
});

const PAGE_BODY = [
  "<!DOCTYPE html>",
  '<html lang="en"><head><meta charset="utf-8"><title>Too many requests – riia</title></head>',
  "<body><main><h1>Too many requests</h1>",
  "<p>Too many requests have come from your network in the last few minutes.</p>",
  `<p>Wait ${WAF_RATE_LIMIT.windowSeconds / 60} minutes, then try again. Nothing you have saved is lost.</p>`,
  "</main></body></html>",
].join("");

const PROBLEM_BODY = JSON.stringify({
  type: "about:blank",
  title: "Too Many Requests",
  status: 429,
  detail: `Too many requests from this address. Try again in ${WAF_RATE_LIMIT.windowSeconds} seconds.`,
});

/** Block with 429 and Retry-After (WAF's own default is a bare 403), with a page or problem details as the body. */
const tooMany = (bodyKey: string): CfnWebACL.RuleActionProperty => ({
  block: {
    customResponse: {
      responseCode: 429,
      customResponseBodyKey: bodyKey,
      responseHeaders: [{ name: "Retry-After", value: String(WAF_RATE_LIMIT.windowSeconds) }],
    },
  },
});

/**
 * The per-address rate rule counts and labels; the two rules after it block what it labelled, the JSON API's paths
 * with problem details and everything else with a page, so one count covers the address however it is split.
 */
function rateRules(labelName: string, apiPrefix: string): CfnWebACL.RuleProperty[] {
  const labelled = { labelMatchStatement: { scope: "LABEL", key: labelName } };
  const apiPath = {
    byteMatchStatement: {
      fieldToMatch: { uriPath: {} },
      positionalConstraint: "STARTS_WITH",
      searchString: apiPrefix,
      textTransformations: [{ priority: 0, type: "NONE" }],
    },
  };
  return [
    {
      name: RATE_RULE,
      priority: 0,
      statement: {
        rateBasedStatement: {
          aggregateKeyType: "IP",
          limit: WAF_RATE_LIMIT.limit,
          evaluationWindowSec: WAF_RATE_LIMIT.windowSeconds,
        },
      },
      action: { count: {} },
      ruleLabels: [{ name: labelName }],
      visibilityConfig: visibility("riia-per-ip-rate"),
    },
    {
      name: "per-ip-rate-api",
      priority: 1,
      statement: { andStatement: { statements: [labelled, apiPath] } },
      action: tooMany("problem"),
      visibilityConfig: visibility("riia-per-ip-rate-api"),
    },
    {
      name: "per-ip-rate-pages",
      priority: 2,
      statement: labelled,
      action: tooMany("page"),
      visibilityConfig: visibility("riia-per-ip-rate-pages"),
    },
  ];
}

/**
 * AWS's common rule set (OWASP-style request patterns, bad bots, oversized headers and paths) blocks, except its
 * body rules, which only count: people type long answers and upload CSV and Word files, which its 8 KB body limit
 * and its patterns would refuse, and the app validates and escapes every body itself. Their matches are still in
 * the metrics and sampled requests, to be switched to block if they prove quiet.
 */
function managedCommonRules(): CfnWebACL.RuleProperty {
  return {
    name: "aws-common",
    priority: 3,
    statement: {
      managedRuleGroupStatement: {
        vendorName: "AWS",
        name: "AWSManagedRulesCommonRuleSet",
        ruleActionOverrides: BODY_RULES_COUNTED.map((name) => ({ name, actionToUse: { count: {} } })),
      },
    },
    overrideAction: { none: {} },
    visibilityConfig: visibility("riia-aws-common"),
  };
}

/**
 * A regional AWS WAF web ACL on the REST API's stage: the per-address rate rule and AWS's common rule set. Requests
 * that no rule blocks are allowed (the app authorises each itself). WAF sees the path as the client sent it:
 * `pathPrefix` is the stage's own (`/<stage>`) when the API is reached on its execute-api URL, blank on a domain.
 */
export function apiFirewall(scope: Construct, stage: Stage, name: string, pathPrefix: string) {
  const webAcl = new CfnWebACL(scope, "Firewall", {
    name,
    description: "riia: requests per source address, and AWS's common rule set",
    scope: "REGIONAL",
    defaultAction: { allow: {} },
    customResponseBodies: {
      page: { contentType: "TEXT_HTML", content: PAGE_BODY },
      problem: { contentType: "APPLICATION_JSON", content: PROBLEM_BODY },
    },
    rules: [...rateRules(`riia:${RATE_RULE}`, `${pathPrefix}/api/`), managedCommonRules()],
    visibilityConfig: visibility(name),
  });
  const association = new CfnWebACLAssociation(scope, "FirewallOnStage", {
    resourceArn: stage.stageArn,
    webAclArn: webAcl.attrArn,
  });
  // The stage must exist before WAF can attach to it.
  association.node.addDependency(stage);
  return { webAcl, association };
}
