/**
 * The Authentication-Results header SES prepends to every message it receives, written by the local
 * stand-in the same way, so local mail reaches the same alignment check as mail on AWS. SES names the
 * envelope sender SPF checked and each passing DKIM signature's domain; the local stand-in takes the
 * DKIM domains from the message's own DKIM-Signature headers (d=), or, when it has none, the From
 * domain (demo mail comes from this machine, signed as its sender).
 */
import { TRUSTED_AUTHSERV_ID } from "@riia/core/inbound";

type Verdict = { status: string } | undefined;

/** The header block of a raw message, unfolded into lines. */
function headLines(raw: Buffer): string[] {
  const head = raw.toString("latin1").split(/\r?\n\r?\n/, 1)[0] ?? "";
  return head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/);
}

const domainOf = (address: string) => (/@([^@\s>;"]+)\s*>?\s*$/.exec(address.trim())?.[1] ?? "").toLowerCase();

/** SES's word for each verdict in the header (a verdict left out is left out of the header too). */
const RESULT: Record<string, string> = { PASS: "pass", FAIL: "fail", GRAY: "none", PROCESSING_FAILED: "temperror" };

/** `Authentication-Results: amazonses.com; spf=…; dkim=…; dmarc=…;` for a message and its verdicts. */
export function sesAuthenticationResults(
  raw: Buffer,
  verdicts: { spf: Verdict; dkim: Verdict; dmarc: Verdict },
  mailFrom: string,
): string {
  const lines = headLines(raw);
  const fromLine = lines.find((l) => /^from:/i.test(l)) ?? "";
  const fromDomain = domainOf(/<([^>]*)>/.exec(fromLine)?.[1] ?? fromLine.replace(/^from:/i, ""));
  const signed = lines
    .filter((l) => /^dkim-signature:/i.test(l))
    .map((l) => /(?:^|[;\s])d=([^;\s]+)/i.exec(l.replace(/^dkim-signature:/i, ""))?.[1]?.toLowerCase() ?? "")
    .filter(Boolean);
  const word = (v: Verdict) => (v ? (RESULT[v.status.toUpperCase()] ?? v.status.toLowerCase()) : undefined);
  const clauses: string[] = [];
  const spf = word(verdicts.spf);
  if (spf) clauses.push(`spf=${spf} envelope-from=${mailFrom || "<>"}`);
  const dkim = word(verdicts.dkim);
  if (dkim) for (const d of signed.length ? signed : [fromDomain]) clauses.push(`dkim=${dkim} header.i=@${d}`);
  const dmarc = word(verdicts.dmarc);
  if (dmarc) clauses.push(`dmarc=${dmarc} header.from=${fromDomain}`);
  return `Authentication-Results: ${TRUSTED_AUTHSERV_ID};${clauses.map((c) => `\r\n ${c};`).join("")}\r\n`;
}
