/**
 * Text parts sent without a charset, or with a wrong one, are decoded by mailparser as UTF-8 and
 * come out with replacement characters. Such mail is nearly always Windows-1252 (Outlook and old
 * Windows clients), so a part whose UTF-8 reading fails is read again as Windows-1252.
 */
import type { ParsedMail } from "mailparser";

const CP1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

export function windows1252(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
  return out;
}

/** The body of the first text/plain part with no charset, as raw bytes, for an 8-bit single-part message. */
function undeclaredBody(raw: Uint8Array): Uint8Array | undefined {
  const buf = Buffer.from(raw);
  const end = buf.indexOf("\r\n\r\n") >= 0 ? buf.indexOf("\r\n\r\n") : buf.indexOf("\n\n");
  if (end < 0) return undefined;
  const head = buf.subarray(0, end).toString("latin1");
  const type = /^content-type:\s*([^;\r\n]+)([^\r\n]*(\r?\n[ \t][^\r\n]*)*)/im.exec(head);
  if (type && !/^text\//i.test(type[1]!.trim())) return undefined;
  if (type && /charset\s*=\s*"?(utf-?8|us-ascii)"?/i.test(type[2] ?? "")) return undefined;
  if (/^content-transfer-encoding:\s*(base64|quoted-printable)/im.test(head)) return undefined;
  return buf.subarray(end + (buf[end] === 13 ? 4 : 2));
}

export function decodeLegacyText(mail: ParsedMail, raw: Uint8Array): ParsedMail {
  // Labelled ISO-8859-1 but written in Windows-1252: curly quotes and dashes arrive as C1 controls.
  const c1 = (s: string) => s.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
  if (mail.text) mail.text = c1(mail.text);
  if (typeof mail.html === "string") mail.html = c1(mail.html);
  if (!mail.text || !mail.text.includes("\ufffd")) return mail;
  const body = undeclaredBody(raw);
  if (!body) return mail;
  return Object.assign(mail, { text: windows1252(body).replace(/\r\n/g, "\n") });
}
