import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NotFound,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { createPresignedPost } from "@aws-sdk/s3-presigned-post";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { BlobHead, Blobs, PresignedPost } from "../ports";

const isMissing = (err: unknown) =>
  err instanceof NoSuchKey ||
  err instanceof NotFound ||
  ["NoSuchKey", "NotFound"].includes((err as { name?: string })?.name ?? "") ||
  (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 404;

/** `Blobs` on S3 (and on s3rver locally). */
export class S3Blobs implements Blobs {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: Uint8Array | string, options: { contentType?: string; metadata?: Record<string, string> } = {}) {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: options.contentType,
        Metadata: options.metadata,
      }),
    );
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async head(key: string): Promise<BlobHead | undefined> {
    try {
      const out = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: out.ContentLength ?? 0, contentType: out.ContentType, metadata: out.Metadata ?? {} };
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async delete(key: string) {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const out = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      keys.push(...(out.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  async presignPost(
    key: string,
    options: { maxBytes: number; expiresInSeconds: number; successRedirect?: string; contentType?: string; keyStartsWith?: string },
  ): Promise<PresignedPost> {
    const fields: Record<string, string> = {};
    const conditions: Parameters<typeof createPresignedPost>[1]["Conditions"] = [
      ["content-length-range", 1, options.maxBytes],
      // With `${filename}` in the key, S3 fills in the browser's file name: the policy fixes the prefix.
      options.keyStartsWith ? ["starts-with", "$key", options.keyStartsWith] : ["eq", "$key", key],
    ];
    if (options.successRedirect) {
      fields.success_action_redirect = options.successRedirect;
      conditions.push(["eq", "$success_action_redirect", options.successRedirect]);
    }
    if (options.contentType) {
      fields["Content-Type"] = options.contentType;
      conditions.push(["eq", "$Content-Type", options.contentType]);
    }
    const out = await createPresignedPost(this.s3, {
      Bucket: this.bucket,
      Key: key,
      Conditions: conditions,
      Fields: fields,
      Expires: options.expiresInSeconds,
    });
    return { url: out.url, fields: out.fields };
  }

  async presignGet(key: string, options: { expiresInSeconds: number; filename?: string }): Promise<string> {
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ResponseContentDisposition: options.filename
          ? `attachment; filename="${options.filename.replace(/["\\\r\n]/g, "_")}"`
          : undefined,
      }),
      { expiresIn: options.expiresInSeconds },
    );
  }

  async ping() {
    await this.s3.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }
}

/** Create the bucket if missing (local stand-in and tests only; on AWS the Storage stack owns it). */
export async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (err) {
    if (!isMissing(err)) throw err;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
}
