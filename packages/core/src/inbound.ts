import { simpleParser } from "mailparser";
import { z } from "zod";
import { ConditionFailedError, NotFoundError } from "./errors";
import type { Deps, Item } from "./ports";

/** SES receipt verdicts (`PASS`, `FAIL`, `GRAY`, `PROCESSING_FAILED`, or `DISABLED`). */
export const Verdicts = z.object({
  spf: z.string(),
  dkim: z.string(),
  dmarc: z.string(),
  spam: z.string(),
  virus: z.string(),
});
export type Verdicts = z.infer<typeof Verdicts>;

/** A received message, as the bucket and SES (or the local SMTP server) describe it. */
export const InboundInput = z.object({
  messageId: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/, "message id must be a plain token"),
  key: z.string().startsWith("inbound/"),
  verdicts: Verdicts,
  receivedAt: z.iso.datetime(),
});
export type InboundInput = z.infer<typeof InboundInput>;

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
  status: "received";
  textLength: number;
  attachments: number;
}

export const inboundKey = (messageId: string) => ({ pk: `INBOUND#${messageId}`, sk: "MESSAGE" });

/**
 * Take in one raw message stored in the bucket: parse it and record it. Re-running for the same
 * message id is harmless (the record is written only if absent). Later steps (reply routing) read
 * these records.
 */
export async function receive(deps: Deps, input: InboundInput): Promise<InboundMessage> {
  const parsedInput = InboundInput.parse(input);
  const raw = await deps.blobs.get(parsedInput.key);
  if (!raw) throw new NotFoundError(`No stored message at ${parsedInput.key}`);
  const mail = await simpleParser(Buffer.from(raw));
  const addresses = (v: typeof mail.to) =>
    (Array.isArray(v) ? v : v ? [v] : []).flatMap((a) => a.value.map((x) => (x.address ?? "").toLowerCase()));
  const record: InboundMessage = {
    ...inboundKey(parsedInput.messageId),
    kind: "inbound",
    messageId: parsedInput.messageId,
    key: parsedInput.key,
    from: mail.from?.value[0]?.address?.toLowerCase() ?? "",
    to: addresses(mail.to),
    subject: mail.subject ?? "",
    receivedAt: parsedInput.receivedAt,
    verdicts: parsedInput.verdicts,
    status: "received",
    textLength: (mail.text ?? "").length,
    attachments: mail.attachments.length,
  };
  try {
    await deps.store.put(record, { condition: { op: "notExists" } });
    deps.log.info({ messageId: record.messageId, attachments: record.attachments }, "inbound message recorded");
    return record;
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    const existing = await deps.store.get<InboundMessage>(inboundKey(parsedInput.messageId), { consistent: true });
    deps.log.info({ messageId: record.messageId }, "inbound message already recorded");
    return existing ?? record;
  }
}
