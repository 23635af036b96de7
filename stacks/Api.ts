import { acceptKnownFindings } from "./nag";
import { Api as SstApi, Config, Function, use, type StackContext } from "sst/constructs";
import { configurationSetName, deployConfig } from "./config";
import { bucketAccess, sendMail, tableReadWrite } from "./defaults";
import { runtimeEnvironment } from "./runtime";
import { BUCKET_PREFIXES, Storage } from "./Storage";

/**
 * The HTTP API: one Lambda running the one Hono app behind API Gateway's `$default` route, and
 * the app's runtime parameters (mail addresses and its public URL), which other stacks bind too.
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

  const http = new Function(stack, "Http", {
    handler: "functions/src/http.handler",
    description: "riia HTTP: pages, forms and JSON API (Hono)",
    // Pages render GOV.UK Frontend's own Nunjucks macros and serve its assets: ship both with the code.
    copyFiles: [
      { from: "node_modules/govuk-frontend/dist/govuk", to: "govuk" },
      { from: "node_modules/swagger-ui-dist", to: "swagger-ui" },
    ],
    environment: runtimeEnvironment({ stage: app.stage, table, bucket, config, configurationSet }),
    permissions: [
      tableReadWrite(table.cdk.table),
      // Uploads (presigned POST, check, move) and attachment downloads only: never inbound mail or quarantine.
      ...bucketAccess(
        bucket.cdk.bucket,
        ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        [`${BUCKET_PREFIXES.pendingUploads}*`, `${BUCKET_PREFIXES.attachments}*`],
      ),
      ...sendMail(stack, config.mailDomain, configurationSet),
    ],
  });

  const api = new SstApi(stack, "Api", {
    routes: { $default: { function: http } },
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
  http.bind(params);

  stack.addOutputs({ ApiUrl: api.customDomainUrl ?? api.url });
  acceptKnownFindings(stack);
  return { api, http, params, config, configurationSet };
}
