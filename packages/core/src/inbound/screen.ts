/**
 * Mail that must never be read as an answer nor answered: bounces and other null-sender mail (a
 * reply would be backscatter), automatic replies (RFC 3834 headers), and out-of-office or leaver
 * notices sent by hand or by systems that add no headers.
 */
import type { ParsedMail } from "mailparser";

/** Out-of-office and other automatic replies (RFC 3834 and common practice). */
export function isAutoReply(mail: Pick<ParsedMail, "headers" | "subject">): boolean {
  const h = (name: string) => String(mail.headers.get(name) ?? "").toLowerCase();
  const auto = h("auto-submitted");
  if (auto && auto !== "no") return true;
  if (h("x-autoreply") || h("x-autorespond") || h("x-auto-response-suppress").includes("all")) return true;
  if (["auto_reply", "bulk", "junk", "list"].includes(h("precedence"))) return true;
  return /^(out of (the )?office|automatic reply|auto(matic)?[- ]?reply|autoreply|away from (the )?office|on leave|absence|abwesend|absent)\b/i.test(
    mail.subject ?? "",
  );
}

/** A delivery report or mail with a null sender: nothing may be sent back to it. */
export function isBounce(mail: Pick<ParsedMail, "headers" | "from">, envelopeFrom?: string): boolean {
  if (envelopeFrom !== undefined && envelopeFrom.trim() === "") return true;
  const returnPath = String(mail.headers.get("return-path") ?? "").trim();
  if (mail.headers.has("return-path") && /^<?\s*>?$/.test(returnPath)) return true;
  const type = mail.headers.get("content-type") as { value?: string; params?: Record<string, string> } | undefined;
  if (type?.value === "multipart/report") return true;
  const from = mail.from?.value[0]?.address?.toLowerCase() ?? "";
  return /^(mailer-daemon|postmaster|mail-daemon|noreply-dmarc-support)@/.test(from) || from === "";
}

// An absence or leaver notice, when it opens the message (a reply that merely mentions leave is not one).
const ABSENCE =
  /\b(i am|i'm|i will be) (currently )?(out of (the )?office|away|on (annual |parental |maternity |sick )?leave|not in the office)\b|\b(no longer (work|works|working|employed|with)|(has|have) (now )?left (the|leicester|this)|this (mailbox|email address|inbox) is (no longer|not) (monitored|in use|active))\b/i;

export function isAbsenceNotice(ownText: string): boolean {
  return ABSENCE.test(ownText.replace(/[\u2018\u2019]/g, "'").slice(0, 300));
}
