/** What comes in (an SES receipt, or the local SMTP server's) and what the store keeps about it. */
import * as z from "../zod";
import { Keys, type Item } from "../shared";
import type { Assignments } from "../peer-review";

/** SES receipt verdicts (`PASS`, `FAIL`, `GRAY`, `PROCESSING_FAILED`, or `DISABLED`). */
export const Verdicts = z.object({
  spf: z.string(),
  dkim: z.string(),
  dmarc: z.string(),
  /** SES's dmarcPolicy (none, quarantine, reject): present only when DMARC failed. */
  dmarcPolicy: z.optional(z.string()),
  spam: z.string(),
  virus: z.string(),
});
export type Verdicts = z.infer<typeof Verdicts>;

/** A received message, as the bucket and SES (or the local SMTP server) describe it. */
export const InboundInput = z.object({
  messageId: z.string().check(z.regex(/^[A-Za-z0-9._-]{1,200}$/, "message id must be a plain token")),
  key: z.string().check(z.startsWith("inbound/")),
  verdicts: Verdicts,
  receivedAt: z.iso.datetime(),
  /** The SMTP envelope: MAIL FROM ("" for a bounce) and RCPT TO (where a Bcc'd reply address shows). */
  envelope: z.optional(z.object({ from: z.optional(z.string()), to: z._default(z.array(z.string()), []) })),
});
export type InboundInput = z.input<typeof InboundInput>;

/** What the store keeps about one received message. */
export interface InboundMessage extends Item {
  kind: "inbound";
  messageId: string;
  key: string;
  from: string;
  to: string[];
  subject: string;
  receivedAt: string;
  verdicts: Verdicts;
  status: "received" | "recorded" | "quarantined" | "auto-reply" | "unrecognised" | "bounce" | "duplicate" | "held";
  /** Why it was quarantined or not used. */
  reason?: string;
  /** What the reply answered (e.g. an assignment id) and what it said. */
  answered?: string;
  decision?: Assignments.Reply["decision"];
  /** The RFC 5322 Message-ID header, by which a message sent twice is recognised. */
  rfcMessageId?: string;
  textLength: number;
  attachments: number;
  /** For a message larger than the file limit: its size, and how much of it the stored copy keeps. */
  rawBytes?: number;
  keptBytes?: number;
}

export const inboundKey = Keys.inbound;

export type Outcome = Pick<InboundMessage, "status"> &
  Partial<Pick<InboundMessage, "reason" | "answered" | "decision">>;
