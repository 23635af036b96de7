import { acceptKnownFindings } from "./nag";
import { ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import { HostedZone } from "aws-cdk-lib/aws-route53";
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  ReceiptRuleSet,
  SuppressionReasons,
  TlsPolicy,
} from "aws-cdk-lib/aws-ses";
import * as actions from "aws-cdk-lib/aws-ses-actions";
import { Function, Topic, use, type StackContext } from "sst/constructs";
import { Api } from "./Api";
import { ALL_ITEM_ACTIONS, objects, sendEmail, tableItems } from "./defaults";
import { runtimeEnvironment } from "./runtime";
import { BUCKET_PREFIXES, Storage } from "./Storage";

/** Every item action but DeleteItem: no inbound path deletes an item. */
const INBOUND_ITEM_ACTIONS = ALL_ITEM_ACTIONS.filter((a) => a !== "DeleteItem");

/**
 * Mail: the sending identity, a configuration set whose bounces and complaints go to an encrypted
 * SNS topic (→ feedback function), and a receipt rule set that stores inbound mail under
 * `inbound/` in the bucket and then invokes the inbound function.
 *
 * After the first deploy, activate the rule set once (SES allows one active set per account and
 * region): `aws ses set-active-receipt-rule-set --rule-set-name <RuleSetName output>`.
 */
export function Email({ stack, app }: StackContext) {
  const { table, bucket } = use(Storage);
  const { params, config, configurationSet: configurationSetName } = use(Api);
  const env = runtimeEnvironment({ stage: app.stage, table, bucket, config, configurationSet: configurationSetName });

  const configurationSet = new ConfigurationSet(stack, "MailConfig", {
    configurationSetName,
    reputationMetrics: true,
    suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
  });

  const identity = new EmailIdentity(stack, "Sender", {
    identity: config.hostedZone
      ? Identity.publicHostedZone(HostedZone.fromLookup(stack, "Zone", { domainName: config.hostedZone }))
      : Identity.domain(config.mailDomain),
    configurationSet,
  });

  const feedback = feedbackTopic(stack, table, env, params);
  configurationSet.addEventDestination("Feedback", {
    destination: EventDestination.snsTopic(feedback.cdk.topic),
    events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.SEND], // SEND settles uncertain mail
  });

  const inbound = new Function(stack, "Inbound", {
    handler: "functions/src/inbound.handler",
    description: "riia: records replies received by SES",
    environment: env,
    bind: params,
    // Reads the raw message SES stored; writes quarantined copies and reply files; lists nothing. The table: a reply
    // can decide, decline (asking a reserve) or approve a sign-off, so every item action but DeleteItem: no inbound
    // path deletes an item (README, "Least privilege").
    permissions: [
      ...tableItems(table.cdk.table, INBOUND_ITEM_ACTIONS, { indexes: true }),
      objects(bucket.cdk.bucket, ["GetObject"], [BUCKET_PREFIXES.inbound]),
      // inbound/: an oversized message is cut to the file limit once handled (README, "Stored files").
      objects(
        bucket.cdk.bucket,
        ["PutObject"],
        [BUCKET_PREFIXES.inbound, BUCKET_PREFIXES.quarantine, BUCKET_PREFIXES.replyFiles],
      ),
      sendEmail(stack, config.mailDomain, configurationSetName),
    ],
  });

  const ruleSet = new ReceiptRuleSet(stack, "InboundRules", {
    rules: [
      {
        recipients: [config.inboundDomain],
        scanEnabled: true,
        tlsPolicy: TlsPolicy.REQUIRE,
        actions: [
          new actions.S3({ bucket: bucket.cdk.bucket, objectKeyPrefix: BUCKET_PREFIXES.inbound }),
          new actions.Lambda({ function: inbound, invocationType: actions.LambdaInvocationType.EVENT }),
        ],
      },
    ],
  });

  stack.addOutputs({ RuleSetName: ruleSet.receiptRuleSetName, SenderIdentity: identity.emailIdentityName });
  acceptKnownFindings(stack);
  return { identity, configurationSet, feedback, inbound, ruleSet };
}

/** SES's bounce, complaint and send events: an encrypted topic and the function that reads them. */
function feedbackTopic(
  stack: StackContext["stack"],
  table: ReturnType<typeof Storage>["table"],
  env: ReturnType<typeof runtimeEnvironment>,
  params: ReturnType<typeof Api>["params"],
) {
  // Bounce and complaint notifications name people: encrypt them with a key SES may use.
  const feedbackKey = new Key(stack, "MailFeedbackKey", {
    enableKeyRotation: true,
    description: "Encrypts SES bounce and complaint notifications",
  });
  feedbackKey.grant(new ServicePrincipal("ses.amazonaws.com"), "kms:GenerateDataKey*", "kms:Decrypt");

  return new Topic(stack, "MailFeedback", {
    cdk: { topic: { masterKey: feedbackKey, enforceSSL: true } },
    subscribers: {
      feedback: {
        function: {
          handler: "functions/src/feedback.handler",
          description: "riia: marks bounced and complaining addresses suppressed, and settles sends SES confirms",
          environment: env,
          bind: params,
          // It marks addresses suppressed (PutItem on suppression items) and, on SES's Send event, settles an
          // uncertain send in the mail ledger (UpdateItem on mail items): each held to its keys (dynamodb:LeadingKeys).
          permissions: [
            ...tableItems(table.cdk.table, ["PutItem"], { leadingKeys: ["SUPPRESSED#*"] }),
            ...tableItems(table.cdk.table, ["UpdateItem"], { leadingKeys: ["MAIL#*"] }),
          ],
        },
      },
    },
  });
}
