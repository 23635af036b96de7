import { acceptKnownFindings } from "./nag";
import { Config, Function, use, type StackContext } from "sst/constructs";
import { configurationSetName, deployConfig } from "./config";
import { ALL_ITEM_ACTIONS, listing, objects, sendEmail, sendQuota, tableItems, withWordExports } from "./defaults";
import { purgeVersions } from "./purge-grants";
import { publicUrl, restApi } from "./rest-api";
import { runtimeEnvironment } from "./runtime";
import { BUCKET_PREFIXES, Storage } from "./Storage";

/**
 * The web API: three Lambdas built from the same Hono route modules behind one API Gateway — the pages people reach
 * from emailed links (and the public pages and static files) on every other path, the lead console and the JSON API
 * on their own paths, each bundle carrying only what it serves — and the app's runtime parameters (mail addresses
 * and its public URL), which other stacks bind too.
 *
 * A REST API (API Gateway v1, `rest-api.ts`), not an HTTP API, because AWS WAF attaches only to a REST API's stage
 * (or CloudFront, an ALB…): its web ACL (`waf.ts`) limits requests per source address before any Lambda runs.
 * CloudFront in front of the HTTP API was the other way; it was not taken because its web ACL and certificate must
 * live in us-east-1 (a second-region stack), the HTTP API's own URL would stay open beside it, and the app would
 * see CloudFront's addresses instead of the client's (its own per-address limits read the source address).
 */
/**
 * Stage-wide throttling at API Gateway, before any Lambda runs: a steady rate and a burst well above
 * what 153 LAs and nine regions' leads need, low enough that a flood costs little and cannot starve
 * the scheduled step of table capacity or SES quota.
 */
export const API_THROTTLE = { rate: 50, burst: 100 } as const;

export function Api({ stack, app }: StackContext) {
  const { table, bucket, appSecret } = use(Storage);
  const config = deployConfig(app.stage);
  const configurationSet = configurationSetName(app.name, app.stage);

  const environment = runtimeEnvironment({ stage: app.stage, table, bucket, config, configurationSet });
  const grants = httpGrants(stack, { table, bucket }, config.mailDomain, configurationSet);
  // Both page functions render GOV.UK Frontend's macros (parsed into the bundle); the pages function serves the
  // static files (GOV.UK Frontend's), which the console's pages link to as well.
  const staticFiles = [{ from: "node_modules/govuk-frontend/dist/govuk", to: "govuk" }];
  const pages = new Function(stack, "Http", {
    handler: "functions/src/pages.handler",
    description: "riia HTTP pages from emailed links: forms, sign-off, reviews, returns, support; public pages (Hono)",
    copyFiles: staticFiles,
    environment,
    permissions: grants.pages,
  });
  const leadConsole = new Function(stack, "HttpConsole", {
    handler: "functions/src/console.handler",
    description: "riia lead console: sign-in, cycle board, steps, editors, exports, privacy (Hono)",
    copyFiles: staticFiles,
    nodejs: withWordExports,
    environment,
    permissions: grants.console,
  });
  const json = new Function(stack, "HttpApi", {
    handler: "functions/src/api.handler",
    description: "riia HTTP API: JSON API, health and the OpenAPI document (Hono)",
    nodejs: withWordExports,
    environment,
    permissions: grants.api,
  });

  const { api, firewall } = restApi(stack, {
    fns: { pages, leadConsole, json },
    config,
    throttle: API_THROTTLE,
    stageName: app.stage,
  });

  const mailFrom = new Config.Parameter(stack, "MAIL_FROM", { value: config.mailFrom });
  const inboundDomain = new Config.Parameter(stack, "INBOUND_DOMAIN", { value: config.inboundDomain });
  const baseUrl = new Config.Parameter(stack, "BASE_URL", {
    value: publicUrl(api, app.stage, config.domain),
  });
  const params = [appSecret, mailFrom, inboundDomain, baseUrl];
  for (const fn of [pages, leadConsole, json]) fn.bind(params);

  stack.addOutputs({ ApiUrl: api.customDomainUrl ?? api.url, FirewallArn: firewall.webAcl.attrArn });
  acceptKnownFindings(stack);
  return { api, firewall, pages, leadConsole, json, params, config, configurationSet };
}

/**
 * Each HTTP function's grants, following the calls it makes (test/infra/iam-from-calls.test.ts records them). The
 * table: every item action, since the three serve every resource between them (README, "Least privilege").
 */
function httpGrants(
  stack: StackContext["stack"],
  { table, bucket }: Pick<ReturnType<typeof Storage>, "table" | "bucket">,
  mailDomain: string,
  configurationSet: string,
) {
  const items = tableItems(table.cdk.table, ALL_ITEM_ACTIONS, { indexes: true });
  const files = bucket.cdk.bucket;
  const P = BUCKET_PREFIXES;
  const send = sendEmail(stack, mailDomain, configurationSet);
  return {
    // Emailed links: forms' uploads (presigned POST, checked, moved under attachments/) and downloads.
    pages: [
      ...items,
      objects(files, ["GetObject", "PutObject"], [P.pendingUploads, P.attachments]),
      objects(files, ["DeleteObject"], [P.pendingUploads]),
      send,
    ],
    // The console: downloads, the figures and neighbours imports, and erasure (raw and quarantined mail, reply files).
    console: [
      ...items,
      objects(files, ["GetObject"], [P.attachments, P.datasetImports, P.neighbourImports]),
      objects(files, ["PutObject"], [P.replyFiles, P.datasetImports, P.neighbourImports]),
      objects(files, ["DeleteObject"], [P.inbound, P.quarantine, P.replyFiles]),
      ...purgeVersions(files, [P.inbound, P.quarantine, P.replyFiles]),
      listing(files, [P.replyFiles]),
      send,
    ],
    // The JSON API: erasure and subject access as the console does them, and the health check.
    api: [
      ...items,
      objects(files, ["GetObject", "PutObject", "DeleteObject"], [P.replyFiles]),
      objects(files, ["DeleteObject"], [P.inbound, P.quarantine]),
      ...purgeVersions(files, [P.inbound, P.quarantine, P.replyFiles]),
      listing(files, [P.replyFiles, P.health]),
      send,
      sendQuota(),
    ],
  };
}
