/**
 * No stored file is larger than the file limit (10 MB). SES keeps every message it receives whole
 * (up to 40 MB) under `inbound/`, and a held message was copied whole to `quarantine/`; a 20 MB body
 * left a 21 MB file past the limit. The copy we keep of an oversized message is its beginning (the
 * headers and the start of the body, which is all anyone reads) under a note saying what was cut.
 */
import type { Deps } from "../shared";
import { MAX_ATTACHMENT_BYTES } from "./attachments";

/** The file limit, the same as for a file sent with a reply. */
export const MAX_STORED_BYTES = MAX_ATTACHMENT_BYTES;

/** The message as stored: whole when within the limit, else its beginning under an `X-Riia-Truncated` note. */
export function withinFileLimit(raw: Uint8Array): { body: Uint8Array; keptBytes?: number } {
  if (raw.length <= MAX_STORED_BYTES) return { body: raw };
  const note = (kept: number) =>
    `X-Riia-Truncated: this copy keeps the first ${kept} of ${raw.length} bytes of the message; ` +
    `no stored file is larger than ${MAX_STORED_BYTES / 1024 / 1024} MB\r\n`;
  const keptBytes = MAX_STORED_BYTES - Buffer.byteLength(note(MAX_STORED_BYTES));
  return { body: Buffer.concat([Buffer.from(note(keptBytes)), Buffer.from(raw).subarray(0, keptBytes)]), keptBytes };
}

/** Replace a stored raw message with its copy within the limit (nothing to do when it is within it already). */
export async function keepWithinLimit(deps: Pick<Deps, "blobs">, key: string, raw: Uint8Array) {
  const { body, keptBytes } = withinFileLimit(raw);
  if (keptBytes !== undefined) await deps.blobs.put(key, body, { contentType: "message/rfc822" });
  return keptBytes;
}
