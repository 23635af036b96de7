/**
 * Files sent with a reply: each kept in the bucket, or refused with a reason the sender is told
 * (too large, too many). Only images embedded in the HTML body (a logo, a signature picture) are
 * left out, as part of the body rather than files sent.
 */
import type { ParsedMail } from "mailparser";
import type { Deps } from "../shared";

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 10;
const LIMIT = `up to ${MAX_ATTACHMENTS} files of up to ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB each`;

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

export async function keepAttachments(deps: Pick<Deps, "blobs">, messageId: string, mail: ParsedMail) {
  const kept: { name: string; key: string; size: number; type: string }[] = [];
  const refused: string[] = [];
  const files = mail.attachments.filter(
    (a) => !(a.contentDisposition === "inline" && a.contentType.startsWith("image/") && a.related),
  );
  for (const [i, a] of files.entries()) {
    const name = (a.filename ?? `attachment-${i + 1}`).replace(/[^\w. -]/g, "_").slice(0, 120);
    if (a.size > MAX_ATTACHMENT_BYTES) {
      refused.push(`${name} (${mb(a.size)}): larger than ${mb(MAX_ATTACHMENT_BYTES)}`);
      continue;
    }
    if (kept.length >= MAX_ATTACHMENTS) {
      refused.push(`${name}: more than ${MAX_ATTACHMENTS} files in one email`);
      continue;
    }
    const key = `attachments/replies/${messageId}/${i + 1}-${name}`;
    await deps.blobs.put(key, a.content, { contentType: a.contentType });
    kept.push({ name, key, size: a.size, type: a.contentType });
  }
  return { kept, refused, limit: LIMIT };
}
