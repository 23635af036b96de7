import { Stack } from "aws-cdk-lib";
import { EndpointType, MethodLoggingLevel } from "aws-cdk-lib/aws-apigateway";
import { NagSuppressions } from "cdk-nag";
import { ApiGatewayV1Api, type Function, type StackContext } from "sst/constructs";
import type { DeployConfig } from "./config";
import { restRoutes } from "./rest-routes";
import { apiFirewall } from "./waf";

/**
 * Every request body reaches the Lambdas base64-encoded (and every response marked base64 is sent as bytes): the
 * console's CSV imports are multipart uploads, and downloads (Word, files) and static images are
 * binary. hono/aws-lambda decodes bodies flagged `isBase64Encoded` and encodes binary responses.
 */
export const BINARY_MEDIA_TYPES = ["*/*"];

interface RestApiOptions {
  fns: { pages: Function; leadConsole: Function; json: Function };
  config: Pick<DeployConfig, "domain" | "hostedZone">;
  throttle: { rate: number; burst: number };
  /** The stage's name (SST names it after the app's stage). */
  stageName: string;
}

/**
 * The REST API (API Gateway v1) in front of the three functions, regional, with AWS WAF on its stage (`waf.ts`):
 * WAF cannot attach to an HTTP API. Throttling is stage-wide on every method; access logs (with the source
 * address) are kept as long as the functions' logs. With a custom domain the execute-api endpoint is switched off,
 * so the domain (and its WAF) is the one way in.
 */
export function restApi(stack: StackContext["stack"], { fns, config, throttle, stageName }: RestApiOptions) {
  const api = new ApiGatewayV1Api(stack, "Api", {
    routes: restRoutes(fns),
    // Same-origin pages and a token-authorised API: no CORS preflight methods or headers.
    cors: false,
    accessLog: { retention: "three_months" },
    customDomain: config.domain
      ? { domainName: config.domain, hostedZone: config.hostedZone, endpointType: "regional" }
      : undefined,
    cdk: {
      restApi: {
        endpointConfiguration: { types: [EndpointType.REGIONAL] },
        binaryMediaTypes: BINARY_MEDIA_TYPES,
        disableExecuteApiEndpoint: Boolean(config.domain),
        deployOptions: {
          stageName,
          throttlingRateLimit: throttle.rate,
          throttlingBurstLimit: throttle.burst,
          metricsEnabled: true,
          // Execution logs for errors only: bodies and headers (tokens, addresses) are never logged.
          loggingLevel: MethodLoggingLevel.ERROR,
          dataTraceEnabled: false,
        },
      },
    },
  });
  acceptRestApiFindings(api);
  const stage = api.cdk.restApi.deploymentStage;
  const pathPrefix = config.domain ? "" : `/${stageName}`;
  const firewall = apiFirewall(stack, stage, `${stack.stackName}-firewall`, pathPrefix);
  return { api, firewall };
}

/** cdk-nag's findings on the REST API that riia accepts, each with its reason, on the REST API's resources only. */
function acceptRestApiFindings(api: ApiGatewayV1Api) {
  NagSuppressions.addResourceSuppressions(
    api.cdk.restApi,
    [
      {
        id: "AwsSolutions-COG4",
        reason:
          "The app authorises every request itself: signed, expiring emailed links for forms and magic-link sessions for leads and advisers; public pages carry no data. No one has a Cognito account.",
      },
      {
        id: "AwsSolutions-APIG2",
        reason:
          "Every method is a Lambda proxy: the app validates each body, query and path at its edge (zod, valibot) and answers with a GOV.UK error or problem details; API Gateway models would duplicate the OpenAPI document and answer with a bare 400.",
      },
      {
        id: "AwsSolutions-IAM4",
        reason:
          "The account's API Gateway logging role (CDK's CloudWatchRole) needs AmazonAPIGatewayPushToCloudWatchLogs: REST APIs write access and execution logs only through it.",
        appliesTo: ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"],
      },
    ],
    true,
  );
}

/**
 * The app's public URL, which emailed links start with: the custom domain, or the stage's invoke URL
 * (`https://<id>.execute-api.<region>.amazonaws.com/<stage>`, without the trailing slash SST's `url` has). Built
 * from the stage's name, not the Stage resource, which depends on the functions that bind this URL.
 */
export function publicUrl(api: ApiGatewayV1Api, stageName: string, domain?: string) {
  if (domain) return `https://${domain}`;
  const { restApi } = api.cdk;
  const { region, urlSuffix } = Stack.of(restApi);
  return `https://${restApi.restApiId}.execute-api.${region}.${urlSuffix}/${stageName}`;
}
