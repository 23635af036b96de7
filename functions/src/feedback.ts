import { Mail, Suppression, type Deps } from "@riia/core";
import * as z from "@riia/core/zod";
import { lambdaDeps } from "./deps";

/** An SES event (bounce, complaint, or the Send event that proves SES accepted a message) as delivered through SNS. */
const SesNotification = z.object({
  eventType: z.optional(z.enum(["Bounce", "Complaint", "Send", "Delivery"])),
  notificationType: z.optional(z.enum(["Bounce", "Complaint", "Delivery"])),
  mail: z.object({
    messageId: z.string(),
    timestamp: z.string(),
    /** Event publishing's message tags, each a list of values (we tag every send with its ledger id). */
    tags: z.optional(z.record(z.string(), z.array(z.string()))),
  }),
  bounce: z.optional(
    z.object({
      bounceType: z.string(),
      bouncedRecipients: z.array(z.object({ emailAddress: z.string() })),
      timestamp: z.string(),
    }),
  ),
  complaint: z.optional(
    z.object({ complainedRecipients: z.array(z.object({ emailAddress: z.string() })), timestamp: z.string() }),
  ),
});

const SnsEvent = z.object({ Records: z.array(z.object({ Sns: z.object({ Message: z.string() }) })) });

/**
 * Mark each bounced (permanent bounces only) or complaining address suppressed. Transient bounces
 * are left alone: SES retries those itself.
 */
export async function processFeedback(deps: Deps, event: unknown) {
  const sns = SnsEvent.parse(event);
  let suppressed = 0;
  for (const record of sns.Records) {
    const parsed = SesNotification.safeParse(JSON.parse(record.Sns.Message));
    if (!parsed.success) {
      deps.log.warn({ issues: parsed.error.issues.length }, "ignored unrecognised SES notification");
      continue;
    }
    const n = parsed.data;
    const type = n.eventType ?? n.notificationType;
    // Any event about a message proves SES accepted it: an email left uncertain is settled without a second send.
    const mailId = n.mail.tags?.[Mail.MAIL_ID_TAG]?.[0];
    if (mailId && type) await Mail.recordSendEvidence(deps, { mailId, messageId: n.mail.messageId, event: type });
    const recipients =
      type === "Bounce" && n.bounce?.bounceType === "Permanent"
        ? n.bounce.bouncedRecipients
        : type === "Complaint"
          ? (n.complaint?.complainedRecipients ?? [])
          : [];
    for (const r of recipients) {
      await Suppression.suppress(deps, {
        email: r.emailAddress,
        reason: type === "Bounce" ? "bounce" : "complaint",
        messageId: n.mail.messageId,
      });
      suppressed++;
    }
  }
  return { suppressed };
}

/** Lambda entry point for the bounce/complaint topic. */
export const handler = async (event: unknown) => processFeedback(await lambdaDeps(), event);
