/** Email in: recording each message once, screening it, and routing replies to what they answer. */
import { ConditionFailedError, NotFoundError, type Deps, type Item } from "../shared";
import { createHash } from "node:crypto";
import { simpleParser, type ParsedMail } from "mailparser";
import { Emails, Replies, ReplyText } from "../mail";
import { Submission } from "../submissions";
import { ConcernLadder } from "../concerns";
import * as Trust from "./trust";
import { alignmentOf } from "./alignment";
import { keepWithinLimit, withinFileLimit } from "./stored-size";
import { InboundInput, inboundKey, type InboundMessage, type Outcome } from "./types";
import { messageNumber, sendNow } from "./notify";
import { isAutoReply, isBounce } from "./screen";
import { answerAssignment } from "./assignment-reply";
import { decodeLegacyText } from "./charset";
import { recordSender } from "./held";
import { Work, type ReviewLabels } from "../peer-review";
import { Impact } from "../impact";

// The first SES message carrying an RFC Message-ID claims it (an inbound record of its own kind).
const rfcClaimKey = (rfcId: string) => inboundKey(`rfc-${createHash("sha256").update(rfcId).digest("hex")}`);

/** The words of a message, decoded right even when the sender's charset was wrong or missing. */
export async function parseMessage(raw: Uint8Array): Promise<ParsedMail> {
  const mail = await simpleParser(Buffer.from(raw), { skipHtmlToText: true, skipTextToHtml: true });
  return decodeLegacyText(mail, raw);
}

/**
 * Take in one raw message stored in the bucket: parse it and record it. Re-running for the same
 * message id is harmless (the record is written only if absent), and a message delivered twice
 * under the same RFC Message-ID is recorded and answered once.
 */
export async function receive(
  deps: Deps,
  input: InboundInput,
  forms?: ReviewLabels.ReviewForms,
): Promise<InboundMessage> {
  const parsedInput = InboundInput.parse(input);
  const raw = await deps.blobs.get(parsedInput.key);
  if (!raw) throw new NotFoundError(`No stored message at ${parsedInput.key}`);
  const mail = await parseMessage(raw);
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
    ...(mail.messageId ? { rfcMessageId: mail.messageId.slice(0, 400) } : {}),
    textLength: (mail.text ?? (typeof mail.html === "string" ? mail.html : "")).length,
    attachments: mail.attachments.length,
  };
  try {
    await deps.store.put(record, { condition: { op: "notExists" } });
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    const existing = await deps.store.get<InboundMessage>(inboundKey(parsedInput.messageId), { consistent: true });
    if (existing && existing.status !== "received") {
      deps.log.info({ messageId: record.messageId, status: existing.status }, "inbound message already handled");
      return existing;
    }
  }
  // A re-run after a crash lands here too: every step below is idempotent.
  await recordSender(deps, record);
  const outcome = await Trust.handled(deps, record, await route(deps, record, mail, raw, parsedInput.envelope, forms));
  const done = await deps.store.update<InboundMessage>(inboundKey(record.messageId), { set: outcome });
  // Only once the message is handled (a re-run reads the whole message until then): the kept copy fits the file limit.
  const keptBytes = await keepWithinLimit(deps, parsedInput.key, raw);
  if (keptBytes !== undefined) {
    await deps.store.update(inboundKey(record.messageId), { set: { rawBytes: raw.length, keptBytes } });
    deps.log.warn(
      { messageId: record.messageId, bytes: raw.length, keptBytes },
      "oversized message: kept its beginning",
    );
  }
  deps.log.info({ messageId: record.messageId, status: done.status, reason: done.reason }, "inbound message handled");
  return done;
}

/** Claim the RFC Message-ID (for one reply address) for this SES message; the earlier SES id when another delivery came first. */
async function firstDelivery(deps: Deps, record: InboundMessage, handleId: string): Promise<string | undefined> {
  if (!record.rfcMessageId) return undefined;
  const key = rfcClaimKey(`${handleId} ${record.rfcMessageId}`);
  try {
    await deps.store.put(
      { ...key, kind: "inbound-rfc", messageId: record.messageId },
      { condition: { op: "notExists" } },
    );
    return undefined;
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    const claim = await deps.store.get<Item & { messageId: string }>(key, { consistent: true });
    return claim && claim.messageId !== record.messageId ? claim.messageId : undefined;
  }
}

async function route(
  deps: Deps,
  record: InboundMessage,
  mail: ParsedMail,
  raw: Uint8Array,
  envelope: { from?: string | undefined; to: string[] } | undefined,
  forms: ReviewLabels.ReviewForms | undefined,
): Promise<Outcome> {
  const quarantine = async (reason: string): Promise<Outcome> => {
    await deps.blobs.put(`quarantine/${record.messageId}`, withinFileLimit(raw).body, {
      contentType: "message/rfc822",
    });
    return { status: "quarantined", reason };
  };
  const trust = Trust.assess(record.verdicts, alignmentOf(mail, envelope?.from));
  if (!trust.trusted) return quarantine(trust.reason);
  if (isBounce(mail, envelope?.from)) return { status: "bounce", reason: "delivery report or null sender" };
  if (isAutoReply(mail)) return { status: "auto-reply", reason: "automatic reply" };

  const headerList = (name: string) => {
    const v = mail.headers.get(name);
    const list = Array.isArray(v) ? v : v ? [v] : [];
    return list.flatMap((x) =>
      typeof x === "string" ? [x] : ((x as { value?: { address?: string }[] }).value ?? []).map((a) => a.address ?? ""),
    );
  };
  const addresses = (v: typeof mail.to) =>
    (Array.isArray(v) ? v : v ? [v] : []).flatMap((a) => a.value.map((x) => x.address ?? ""));
  const recipients = [
    ...addresses(mail.to),
    ...addresses(mail.cc),
    ...headerList("delivered-to"),
    ...headerList("x-original-to"),
    ...(envelope?.to ?? []),
  ].filter(Boolean);
  const resolved = await Replies.resolve(deps, recipients);
  if (!resolved.ok) {
    const why = {
      "no-token": "we could not tell which request it answers",
      "bad-token": "the address it was sent to is not one we gave out",
      unknown: "the address it was sent to is not one we gave out",
      expired: "the request it answers has closed",
    }[resolved.why];
    await helpReply(deps, record, why);
    if (resolved.why === "no-token") return { status: "unrecognised", reason: why };
    return quarantine(`reply address refused: ${resolved.why}`);
  }
  const earlier = await firstDelivery(deps, record, resolved.handle.id);
  if (earlier) return { status: "duplicate", reason: `same Message-ID as ${earlier}` };
  if (resolved.handle.purpose === "assignment")
    return answerAssignment(deps, { record, mail, handle: resolved.handle, quarantine, forms });
  if (resolved.handle.purpose === Submission.SIGN_OFF_PURPOSE)
    return answerSignOff(deps, { record, mail, handle: resolved.handle, quarantine });
  if (resolved.handle.purpose === "concern") {
    // A DCS answering a concern under the MoU: the reply is the response (the lead reviews it).
    const text = ReplyText.ownWords(mail).text;
    const concern = await ConcernLadder.recordReply(deps, resolved.handle, {
      from: record.from,
      text: text.slice(0, 20_000),
    });
    return { status: "recorded", answered: concern.id };
  }
  if (resolved.handle.purpose === Impact.REPLY_PURPOSE) return answerFeedback(deps, record, mail, resolved.handle);
  return quarantine(`no handler for replies about ${resolved.handle.purpose}`);
}

/** A DCS's reply to a sign-off request: approve or return, else asked again; anyone else is told why not. */
async function answerSignOff(
  deps: Deps,
  input: {
    record: InboundMessage;
    mail: ParsedMail;
    handle: Replies.ReplyHandle;
    quarantine: (reason: string) => Promise<Outcome>;
  },
): Promise<Outcome> {
  const { record, mail, handle, quarantine } = input;
  const text = ReplyText.ownWords(mail).text;
  const r = await Submission.recordReply(deps, {
    ...handle,
    handleId: handle.id,
    messageId: record.messageId,
    from: record.from,
    text,
  });
  if (!r.ok) {
    // An authenticated sender who may not decide is told why (an officer answering for the DCS).
    await helpReply(deps, record, r.reason);
    return quarantine(r.reason);
  }
  if (r.decision === "approve") await Work.whenSubmitted(deps, await Submission.get(deps, handle.subject));
  return {
    status: "recorded",
    answered: handle.subject,
    ...(r.decision === "asked" ? { reason: `no decision (${r.reason}); the director was asked again` } : {}),
  };
}

/** Feedback on a brokered solution by reply: recorded, or the sender told what is missing (nothing recorded). */
async function answerFeedback(deps: Deps, record: InboundMessage, mail: ParsedMail, handle: Replies.ReplyHandle) {
  const r = await Impact.recordReply(deps, handle, { from: record.from, text: ReplyText.ownWords(mail).text });
  if (r.ok) return { status: "recorded", answered: handle.subject } satisfies Outcome;
  await helpReply(deps, record, r.reason);
  return { status: "unrecognised", reason: r.reason } satisfies Outcome;
}

/** A polite reply saying how to respond, queued once per message (never to automatic mail). */
async function helpReply(deps: Deps, record: InboundMessage, reason: string) {
  if (!record.from) return;
  await sendNow(deps, {
    key: { step: "inbound", recipient: record.from, purpose: "reply-help", n: messageNumber(record.messageId) },
    to: record.from,
    message: Emails.render("replyHelp", { reason }),
  });
}
