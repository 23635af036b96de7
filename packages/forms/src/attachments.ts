/**
 * Attachments. The browser uploads straight to the bucket with a presigned POST; S3 then redirects
 * back here. The local S3 stand-in enforces no POST policy, so *this* check is what protects: the
 * object must be under this submission's upload prefix (with a state we signed), within the size
 * limit, of an allowed type by extension *and* by its first bytes. Only then is it moved under
 * `attachments/` and attached. Downloads are short-lived presigned GETs for people with the link.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { ForbiddenError, NotFoundError, Submission, ValidationError, type Deps } from "@riia/core";
import type { FormSession } from "./service";

export const MAX_BYTES = 10 * 1024 * 1024;

/** Allowed types: extension → content type and a check of the file's first bytes. */
const TYPES: Record<string, { type: string; magic: (b: Uint8Array) => boolean }> = {
  pdf: { type: "application/pdf", magic: (b) => ascii(b, 0, 5) === "%PDF-" },
  docx: { type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", magic: zip },
  xlsx: { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", magic: zip },
  png: { type: "image/png", magic: (b) => b[0] === 0x89 && ascii(b, 1, 4) === "PNG" },
  jpg: { type: "image/jpeg", magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  jpeg: { type: "image/jpeg", magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  csv: { type: "text/csv", magic: (b) => !b.subarray(0, 4096).includes(0) && isUtf8(b.subarray(0, 4096)) },
};
function ascii(b: Uint8Array, from: number, to: number) {
  return Buffer.from(b.subarray(from, to)).toString("latin1");
}
function zip(b: Uint8Array) {
  return b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}
function isUtf8(b: Uint8Array) {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(b.subarray(0, Math.max(0, b.length - 4)));
    return true;
  } catch {
    return false;
  }
}

const pendingPrefix = (submissionId: string, uploadId: string) => `uploads/pending/${submissionId}/${uploadId}/`;
const stateFor = (deps: Deps, submissionId: string, question: string, uploadId: string) =>
  createHmac("sha256", deps.config.appSecret)
    .update(`upload|${submissionId}|${question}|${uploadId}`)
    .digest("base64url")
    .slice(0, 32);

/** A presigned POST for one upload, redirecting back to `/f/<token>/uploaded` with a signed state. */
export async function presign(deps: Deps, session: FormSession, question: string, uploadId: string, origin: string) {
  if (Object.keys(session.submission.attachments ?? {}).length >= Submission.MAX_ATTACHMENTS) {
    throw new ValidationError(`A form can have at most ${Submission.MAX_ATTACHMENTS} files.`, [
      { path: "file", message: "Remove a file before uploading another" },
    ]);
  }
  const state = `${question}.${uploadId}.${stateFor(deps, session.submission.id, question, uploadId)}`;
  return deps.blobs.presignPost(`${pendingPrefix(session.submission.id, uploadId)}\${filename}`, {
    maxBytes: MAX_BYTES,
    expiresInSeconds: 15 * 60,
    successRedirect: `${origin}/f/${session.token}/uploaded?u=${encodeURIComponent(state)}`,
    keyStartsWith: pendingPrefix(session.submission.id, uploadId),
  });
}

/** Check an uploaded object and attach it. Returns the id of the section holding the file question. */
export async function accept(deps: Deps, session: FormSession, input: { key: string; state: string }): Promise<string> {
  const [question, uploadId, mac, ...rest] = input.state.split(".");
  const refuse = (why: string) => new ForbiddenError(`That upload cannot be accepted: ${why}.`);
  if (!question || !uploadId || !mac || rest.length) throw refuse("the upload link is not valid");
  const expected = Buffer.from(stateFor(deps, session.submission.id, question, uploadId));
  if (Buffer.from(mac).length !== expected.length || !timingSafeEqual(Buffer.from(mac), expected))
    throw refuse("the upload link is not valid");
  const prefix = pendingPrefix(session.submission.id, uploadId);
  if (!input.key.startsWith(prefix) || input.key.includes("..") || input.key.length > prefix.length + 200)
    throw refuse("the file is not part of this form");
  const section = session.template.sections.find((s) =>
    s.questions.some((q) => q.id === question && q.type === "file"),
  );
  if (!section) throw new NotFoundError("There is no file question here.");
  // S3 puts the browser's file name where the policy's key says `${filename}`. The local stand-in
  // (s3rver) leaves the placeholder as it is; then the name is derived from the content below.
  const rawName = input.key.slice(prefix.length);
  const nameUnknown = rawName === "${filename}";
  const fail = async (message: string) => {
    await deps.blobs.delete(input.key);
    return new ValidationError(message, [{ path: question, message }]);
  };
  const head = await deps.blobs.head(input.key);
  if (!head) throw refuse("the file did not arrive; try uploading it again");
  if (head.size === 0) throw await fail("The selected file is empty");
  if (head.size > MAX_BYTES) throw await fail("The selected file must be smaller than 10MB");
  const bytes = await deps.blobs.get(input.key);
  if (!bytes || bytes.length !== head.size) throw refuse("the file changed while it was being checked");
  const name = nameUnknown
    ? `upload.${Object.keys(TYPES).find((e) => e !== "csv" && TYPES[e]!.magic(bytes)) ?? "csv"}`
    : rawName;
  const ext = name.toLowerCase().split(".").pop() ?? "";
  const kind = TYPES[ext];
  if (!kind || !/^[^/\\]{1,150}$/.test(name))
    throw await fail("The selected file must be a PDF, Word, Excel, CSV, PNG or JPG");
  if (!kind.magic(bytes)) throw await fail(`The selected file is not a real ${ext.toUpperCase()} file`);
  const key = `attachments/${session.submission.id}/${uploadId}/${name}`;
  await deps.blobs.put(key, bytes, { contentType: kind.type });
  await Submission.attach(deps, {
    id: session.submission.id,
    attachment: {
      id: uploadId,
      question,
      name,
      size: head.size,
      type: kind.type,
      key,
      by: session.person.id,
      at: deps.clock.now().toISOString(),
    },
  });
  await deps.blobs.delete(input.key);
  return section.id;
}

/** A one-minute download link for a file of this submission. */
export async function downloadUrl(deps: Deps, session: FormSession, id: string): Promise<string> {
  const a = session.submission.attachments?.[id];
  if (!a) throw new NotFoundError("There is no such file on this form.");
  return deps.blobs.presignGet(a.key, { expiresInSeconds: 60, filename: a.name });
}
