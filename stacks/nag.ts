import { NagSuppressions, type NagPackSuppression } from "cdk-nag";
import type { Stack } from "aws-cdk-lib";

/**
 * cdk-nag (AwsSolutions) findings we accept, each with its reason. Granular findings are
 * suppressed only for the exact resources listed in `appliesTo`, so a new wildcard elsewhere
 * still fails the infra test.
 */
const SUPPRESSIONS: NagPackSuppression[] = [
  {
    id: "AwsSolutions-IAM4",
    reason:
      "AWSLambdaBasicExecutionRole only lets a function write its own CloudWatch logs; it is the standard execution policy.",
    appliesTo: ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
  },
  {
    id: "AwsSolutions-IAM5",
    reason:
      "Querying the table's global secondary indexes needs the index ARN pattern; access is item-level (no Scan).",
    appliesTo: [{ regex: "/^Resource::<DataTable[A-Za-z0-9]*\\.Arn>\\/index\\/\\*$/g" }],
  },
  {
    id: "AwsSolutions-IAM5",
    reason:
      "Object keys are generated per cycle, submission and message, so object access is granted by prefix within the one bucket.",
    appliesTo: [{ regex: "/^Resource::<FilesBucket[A-Za-z0-9]*\\.Arn>\\/([a-z]+\\/)?\\*$/g" }],
  },
  {
    id: "AwsSolutions-IAM5",
    reason:
      "ses:GetSendQuota (health check) and X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions; log retention (CDK) needs logs:* on function log groups.",
    appliesTo: ["Resource::*"],
  },
  {
    id: "AwsSolutions-L1",
    reason:
      "Node.js 20 is the project's decided runtime (DEVELOPERS.md); SST's own custom-resource functions follow its runtime.",
  },
  {
    id: "AwsSolutions-APIG4",
    reason:
      "The app authorises every request itself: signed, expiring emailed links for forms and magic-link sessions for leads and advisers; public pages carry no data.",
  },
];

/** Apply the accepted suppressions to a stack. */
export function acceptKnownFindings(stack: Stack, extra: NagPackSuppression[] = []) {
  NagSuppressions.addStackSuppressions(stack, [...SUPPRESSIONS, ...extra], true);
}
