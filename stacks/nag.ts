import { NagSuppressions, type NagPackSuppression } from "cdk-nag";
import { Stack } from "aws-cdk-lib";
import { Policy } from "aws-cdk-lib/aws-iam";

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
    appliesTo: [{ regex: "/^Resource::<FilesBucket[A-Za-z0-9]*\\.Arn>\\/([a-z-]+\\/)*\\*$/g" }],
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

/**
 * The only actions allowed on `Resource: "*"`: each supports no resource-level permission.
 * ses:GetSendQuota (health check), X-Ray segments (tracing), and CDK's log-retention helper.
 */
export const WILDCARD_RESOURCE_ACTIONS = new Set([
  "ses:GetSendQuota",
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "logs:PutRetentionPolicy",
  "logs:DeleteRetentionPolicy",
]);

interface ResolvedStatement {
  Action?: string | string[];
  Resource?: unknown;
}

/**
 * `Resource::*` is suppressed per policy, not stack-wide: only on a policy whose every statement
 * on "*" uses nothing but WILDCARD_RESOURCE_ACTIONS. Any other action on "*" keeps its finding and
 * fails the infra test.
 */
function scopeWildcardResources(stack: Stack) {
  for (const node of stack.node.findAll()) {
    if (!(node instanceof Policy)) continue;
    const doc = Stack.of(node).resolve(node.document.toJSON()) as { Statement?: ResolvedStatement[] } | undefined;
    const onStar = (doc?.Statement ?? []).filter((st) => [st.Resource].flat().includes("*"));
    const actions = onStar.flatMap((st) => [st.Action ?? []].flat());
    if (!actions.length || !actions.every((a) => WILDCARD_RESOURCE_ACTIONS.has(a))) continue;
    NagSuppressions.addResourceSuppressions(node, [
      {
        id: "AwsSolutions-IAM5",
        reason: `Only ${[...new Set(actions)].sort().join(", ")} on "*": these actions support no resource-level permissions.`,
        appliesTo: ["Resource::*"],
      },
    ]);
  }
}

/** Apply the accepted suppressions to a stack. */
export function acceptKnownFindings(stack: Stack, extra: NagPackSuppression[] = []) {
  NagSuppressions.addStackSuppressions(stack, [...SUPPRESSIONS, ...extra], true);
  scopeWildcardResources(stack);
}
