import { ValidationError, type Deps } from "@riia/core";
import * as z from "@riia/core/zod";
import * as Inbound from "@riia/core/inbound";
import { lambdaDeps } from "./deps";
import { reviewForms } from "./review-forms";

const verdict = z.optional(z.object({ status: z.string() }));

/** The part of an SES receipt event we rely on. */
export const SesReceiptEvent = z.object({
  Records: z
    .array(
      z.object({
        eventSource: z.literal("aws:ses"),
        ses: z.object({
          mail: z.object({ messageId: z.string(), timestamp: z.string(), source: z.optional(z.string()) }),
          receipt: z.object({
            timestamp: z.string(),
            recipients: z.optional(z.array(z.string())),
            spfVerdict: verdict,
            dkimVerdict: verdict,
            dmarcVerdict: verdict,
            /** Present only when DMARC failed: what the From domain asks for (a string, or `{ status }`). */
            dmarcPolicy: z.optional(z.union([z.string(), z.object({ status: z.string() })])),
            spamVerdict: verdict,
            virusVerdict: verdict,
          }),
        }),
      }),
    )
    .check(z.minLength(1)),
});
export type SesReceiptEvent = z.infer<typeof SesReceiptEvent>;

/** Where the receipt rule's S3 action stores each raw message. */
export const INBOUND_PREFIX = "inbound/";

/**
 * Handle an SES receipt event: each record's raw MIME is already in the bucket under
 * `inbound/<messageId>`. The local SMTP server builds the same event, so both paths share this.
 */
export async function processSesEvent(deps: Deps, event: unknown) {
  const parsed = SesReceiptEvent.safeParse(event);
  if (!parsed.success) {
    throw new ValidationError(
      "Not an SES receipt event",
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  }
  const results = [];
  for (const record of parsed.data.Records) {
    const { mail, receipt } = record.ses;
    const v = (x: { status: string } | undefined) => x?.status ?? "PROCESSING_FAILED";
    const policy = typeof receipt.dmarcPolicy === "string" ? receipt.dmarcPolicy : receipt.dmarcPolicy?.status;
    results.push(
      await Inbound.receive(
        deps,
        {
          messageId: mail.messageId,
          key: `${INBOUND_PREFIX}${mail.messageId}`,
          receivedAt: new Date(receipt.timestamp).toISOString(),
          ...(receipt.recipients ? { envelope: { from: mail.source, to: receipt.recipients } } : {}),
          verdicts: {
            spf: v(receipt.spfVerdict),
            dkim: v(receipt.dkimVerdict),
            // No DMARC verdict at all is read as no DMARC policy (trust then asks SPF and DKIM to align).
            dmarc: receipt.dmarcVerdict?.status ?? "NONE",
            ...(policy ? { dmarcPolicy: policy } : {}),
            spam: v(receipt.spamVerdict),
            virus: v(receipt.virusVerdict),
          },
        },
        reviewForms(deps),
      ),
    );
  }
  return results;
}

/** Lambda entry point for the SES receipt rule. */
export const handler = async (event: unknown) => {
  const deps = await lambdaDeps();
  const results = await processSesEvent(deps, event);
  return { recorded: results.map((r) => r.messageId) };
};
