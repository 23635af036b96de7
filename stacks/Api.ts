import { acceptKnownFindings } from "./nag";
import { Api as SstApi, Config, Function, use, type StackContext } from "sst/constructs";
import { configurationSetName, deployConfig } from "./config";
import { bucketAccess, sendMail, tableReadWrite, withWordExports } from "./defaults";
import { runtimeEnvironment } from "./runtime";
import { BUCKET_PREFIXES, Storage } from "./Storage";
import { API_PATHS, CONSOLE_PATHS } from "../functions/src/api-paths";

/**
 * The HTTP API: three Lambdas built from the same Hono route modules behind one API Gateway — the pages people reach
 * from emailed links (and the public pages and static files) on `$default`, the lead console and the JSON API on
 * their own paths, each bundle carrying only what it serves — and the app's runtime parameters (mail addresses and
 * its public URL), which other stacks bind too.
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
  const permissions = [
    tableReadWrite(table.cdk.table),
    // Uploads (presigned POST, check, move) and attachment downloads only: never inbound mail or quarantine.
    ...bucketAccess(
      bucket.cdk.bucket,
      ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      [`${BUCKET_PREFIXES.pendingUploads}*`, `${BUCKET_PREFIXES.attachments}*`],
    ),
    ...sendMail(stack, config.mailDomain, configurationSet),
  ];
  // Both page functions render GOV.UK Frontend's macros (precompiled into the bundle); the pages function serves the
  // static files (GOV.UK Frontend's), which the console's pages link to as well.
  const staticFiles = [{ from: "node_modules/govuk-frontend/dist/govuk", to: "govuk" }];
  const pages = new Function(stack, "Http", {
    handler: "functions/src/pages.handler",
    description: "riia HTTP pages from emailed links: forms, sign-off, reviews, returns, support; public pages (Hono)",
    copyFiles: staticFiles,
    environment,
    permissions,
  });
  const leadConsole = new Function(stack, "HttpConsole", {
    handler: "functions/src/console.handler",
    description: "riia lead console: sign-in, cycle board, steps, editors, exports, privacy (Hono)",
    copyFiles: staticFiles,
    nodejs: withWordExports,
    environment,
    permissions,
  });
  const json = new Function(stack, "HttpApi", {
    handler: "functions/src/api.handler",
    description: "riia HTTP API: JSON API, health and the OpenAPI document (Hono)",
    nodejs: withWordExports,
    environment,
    permissions,
  });

  const api = new SstApi(stack, "Api", {
    routes: {
      $default: { function: pages },
      ...Object.fromEntries(API_PATHS.map((path) => [`ANY ${path}`, { function: json }])),
      ...Object.fromEntries(CONSOLE_PATHS.map((path) => [`ANY ${path}`, { function: leadConsole }])),
    },
    defaults: { throttle: { ...API_THROTTLE } },
    customDomain: config.domain ? { domainName: config.domain, hostedZone: config.hostedZone } : undefined,
    accessLog: true,
  });

  const mailFrom = new Config.Parameter(stack, "MAIL_FROM", { value: config.mailFrom });
  const inboundDomain = new Config.Parameter(stack, "INBOUND_DOMAIN", { value: config.inboundDomain });
  const baseUrl = new Config.Parameter(stack, "BASE_URL", {
    value: config.domain ? `https://${config.domain}` : api.url,
  });
  const params = [appSecret, mailFrom, inboundDomain, baseUrl];
  for (const fn of [pages, leadConsole, json]) fn.bind(params);

  stack.addOutputs({ ApiUrl: api.customDomainUrl ?? api.url });
  acceptKnownFindings(stack);
  return { api, pages, leadConsole, json, params, config, configurationSet };
}
