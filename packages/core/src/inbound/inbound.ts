import { Keys, ConditionFailedError, NotFoundError, type Deps, type Item } from "../shared";
import { createHash } from "node:crypto";
import EmailReplyParserModule from "email-reply-parser";
import { simpleParser, type ParsedMail } from "mailparser";
import { Assignments, Review } from "../peer-review";
import { ConcernLadder } from "../concerns";
import { Emails, Mail, Replies } from "../mail";
import { People, Region } from "../directory";
import { z } from "zod";

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
  status: "received" | "recorded" | "quarantined" | "auto-reply" | "unrecognised";
  /** Why it was quarantined or not used. */
  reason?: string;
  /** What the reply answered (e.g. an assignment id) and what it said. */
  answered?: string;
  decision?: Assignments.Reply["decision"];
  textLength: number;
  attachments: number;
}

// email-reply-parser is CommonJS with a default export; normalise for both Node and bundlers.
const EmailReplyParser =
  (EmailReplyParserModule as unknown as { default?: typeof EmailReplyParserModule }).default ?? EmailReplyParserModule;

const FAILING = new Set(["FAIL"]);
const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** Out-of-office and other automatic replies must never count as an answer (RFC 3834 and common practice). */
export function isAutoReply(mail: Pick<ParsedMail, "headers" | "subject">): boolean {
  const h = (name: string) => String(mail.headers.get(name) ?? "").toLowerCase();
  const auto = h("auto-submitted");
  if (auto && auto !== "no") return true;
  if (h("x-autoreply") || h("x-autorespond") || h("x-auto-response-suppress").includes("all")) return true;
  if (["auto_reply", "bulk", "junk", "list"].includes(h("precedence"))) return true;
  return /^(out of (the )?office|automatic reply|auto(matic)?[- ]?reply|autoreply|away from (the )?office|on leave)\b/i.test(
    mail.subject ?? "",
  );
}

/** The words the person wrote, without quoted history or signature. */
export function visibleText(mail: Pick<ParsedMail, "text" | "html">): string {
  const text = (mail.text ?? (typeof mail.html === "string" ? htmlToText(mail.html) : "")).replace(/\r\n/g, "\n");
  // Outlook separates the quoted message with a rule (a line of dashes or underscores) rather than quote marks.
  const [beforeRule] = text.split(/\n[ \t]*[-_]{10,}[ \t]*\n/);
  return new EmailReplyParser().parseReply(beforeRule ?? "").trim();
}

function htmlToText(html: string): string {
  return html
    .replace(/<(style|script)[\s\S]*?<\/\1>/gi, "")
    .replace(/<blockquote[\s\S]*?<\/blockquote>/gi, "\n")
    .replace(/<div class="gmail_quote[\s\S]*$/i, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|li|h\d)>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&quot;/g, '"');
}

export const inboundKey = Keys.inbound;

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
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    const existing = await deps.store.get<InboundMessage>(inboundKey(parsedInput.messageId), { consistent: true });
    if (existing && existing.status !== "received") {
      deps.log.info({ messageId: record.messageId, status: existing.status }, "inbound message already handled");
      return existing;
    }
  }
  // A re-run after a crash lands here too: every step below is idempotent.
  const outcome = await route(deps, record, mail, raw);
  const done = await deps.store.update<InboundMessage>(inboundKey(record.messageId), { set: outcome });
  deps.log.info({ messageId: record.messageId, status: done.status, reason: done.reason }, "inbound message handled");
  return done;
}

type Outcome = Pick<InboundMessage, "status"> & Partial<Pick<InboundMessage, "reason" | "answered" | "decision">>;

async function route(deps: Deps, record: InboundMessage, mail: ParsedMail, raw: Uint8Array): Promise<Outcome> {
  const quarantine = async (reason: string): Promise<Outcome> => {
    await deps.blobs.put(`quarantine/${record.messageId}`, raw, { contentType: "message/rfc822" });
    return { status: "quarantined", reason };
  };
  const failed = Object.entries(record.verdicts).filter(([, v]) => FAILING.has(v.toUpperCase()));
  if (failed.length) return quarantine(`${failed.map(([k]) => k).join(", ")} check failed`);
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
  const handle = resolved.handle;
  const person = await deps.store.get<People.Person>(Keys.person(handle.personId));
  const allowed =
    person?.email === record.from ||
    (await People.listByAuthority(deps, handle.authority)).some((p) => p.email === record.from);
  if (!allowed) return quarantine("sender is neither the person asked nor a contact of their local authority");

  const text = visibleText(mail);
  const decision = Assignments.decisionOf(text);
  const attachments = [];
  for (const [i, a] of mail.attachments.slice(0, 10).entries()) {
    if (a.size > MAX_ATTACHMENT_BYTES || a.contentDisposition === "inline") continue;
    const name = (a.filename ?? `attachment-${i + 1}`).replace(/[^\w. -]/g, "_").slice(0, 120);
    const key = `attachments/replies/${record.messageId}/${i + 1}-${name}`;
    await deps.blobs.put(key, a.content, { contentType: a.contentType });
    attachments.push({ name, key, size: a.size });
  }
  if (handle.purpose === "assignment") {
    const reply = {
      messageId: record.messageId,
      from: record.from,
      at: record.receivedAt,
      decision,
      text: text.slice(0, 20_000),
      attachments,
    };
    const { assignment } = await Assignments.recordReply(deps, { id: handle.subject, reply, by: record.from });
    if (assignment.status === "declined") await Review.replaceDeclined(deps, assignment.id);
    const sender =
      person?.email === record.from
        ? person
        : ((await People.findByEmail(deps, handle.regionId, record.from)) ?? person);
    const { item } = await Mail.enqueue(deps, {
      key: {
        cycleId: handle.cycleId,
        step: assignment.step,
        recipient: record.from,
        purpose: "reply-ack",
        n: parseInt(createHash("sha256").update(record.messageId).digest("hex").slice(0, 8), 16),
      },
      to: record.from,
      regionId: handle.regionId,
      message: Emails.render("replyAcknowledged", {
        name: sender?.name ?? record.from,
        reviewee: (await Region.authority(deps, assignment.reviewee)).name,
        decision,
      }),
    });
    await Mail.dispatch(deps, item.id, Mail.storeRateLimiter(deps, deps.config.sesMaxSendRate), {
      inProcessRetries: 1,
    }).catch((err: unknown) =>
      deps.log.warn({ err, mail: item.id }, "acknowledgement not sent now; the scheduled step will send it"),
    );
    return { status: "recorded", answered: assignment.id, decision };
  }
  if (handle.purpose === "concern") {
    // A DCS answering a concern under the MoU: the reply is the response (the lead reviews it).
    const concern = await ConcernLadder.recordReply(deps, handle, { from: record.from, text: text.slice(0, 20_000) });
    return { status: "recorded", answered: concern.id };
  }
  return quarantine(`no handler for replies about ${handle.purpose}`);
}

/** A polite reply saying how to respond, queued once per message (never to automatic mail). */
async function helpReply(deps: Deps, record: InboundMessage, reason: string) {
  if (!record.from) return;
  const { item } = await Mail.enqueue(deps, {
    key: {
      step: "inbound",
      recipient: record.from,
      purpose: "reply-help",
      n: parseInt(createHash("sha256").update(record.messageId).digest("hex").slice(0, 8), 16),
    },
    to: record.from,
    message: Emails.render("replyHelp", { reason }),
  });
  await Mail.dispatch(deps, item.id, Mail.storeRateLimiter(deps, deps.config.sesMaxSendRate), {
    inProcessRetries: 1,
  }).catch((err: unknown) =>
    deps.log.warn({ err, mail: item.id }, "help reply not sent now; the scheduled step will send it"),
  );
}
