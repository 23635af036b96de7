import type { S3Client } from "@aws-sdk/client-s3";
import type { createPresignedPost as CreatePresignedPost } from "@aws-sdk/s3-presigned-post";
import type { BlobHead, Blobs, PresignedPost } from "../../shared";
import { purgeObject } from "./s3-purge";

// The S3 SDK and its presigners load on first use (see AwsClients.s3).
const sdk = () => import("@aws-sdk/client-s3");

/** The prefix the health check lists (nothing is ever stored there). */
export const HEALTH_PREFIX = "health/";

const isMissing = (err: unknown) =>
  ["NoSuchKey", "NotFound"].includes((err as { name?: string })?.name ?? "") ||
  (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 404;

/** `Blobs` on S3 (and on s3rver locally). */
export class S3Blobs implements Blobs {
  constructor(
    private readonly client: () => Promise<S3Client>,
    private readonly bucket: string,
  ) {}

  private load() {
    return Promise.all([this.client(), sdk()]);
  }

  async put(
    key: string,
    body: Uint8Array | string,
    options: { contentType?: string; metadata?: Record<string, string> } = {},
  ) {
    const [s3, m] = await this.load();
    await s3.send(
      new m.PutObjectCommand({
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
      const [s3, m] = await this.load();
      const out = await s3.send(new m.GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async head(key: string): Promise<BlobHead | undefined> {
    try {
      const [s3, m] = await this.load();
      const out = await s3.send(new m.HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: out.ContentLength ?? 0, contentType: out.ContentType, metadata: out.Metadata ?? {} };
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async delete(key: string) {
    const [s3, m] = await this.load();
    await s3.send(new m.DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async purge(key: string, options?: { keepCurrent?: boolean }) {
    return purgeObject(await this.client(), this.bucket, key, options);
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const [s3, m] = await this.load();
      const out = await s3.send(
        new m.ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      keys.push(...(out.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  async presignPost(
    key: string,
    options: {
      maxBytes: number;
      expiresInSeconds: number;
      successRedirect?: string;
      contentType?: string;
      keyStartsWith?: string;
    },
  ): Promise<PresignedPost> {
    const fields: Record<string, string> = {};
    const conditions: Parameters<typeof CreatePresignedPost>[1]["Conditions"] = [
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
    const { createPresignedPost } = await import("@aws-sdk/s3-presigned-post");
    const out = await createPresignedPost(await this.client(), {
      Bucket: this.bucket,
      Key: key,
      Conditions: conditions,
      Fields: fields,
      Expires: options.expiresInSeconds,
    });
    return { url: out.url, fields: out.fields };
  }

  async presignGet(key: string, options: { expiresInSeconds: number; filename?: string }): Promise<string> {
    const [{ getSignedUrl }, { GetObjectCommand }, s3] = await Promise.all([
      import("@aws-sdk/s3-request-presigner"),
      sdk(),
      this.client(),
    ]);
    return getSignedUrl(
      s3,
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

  /**
   * A listing of the empty `health/` prefix proves the bucket answers and the role may use it: HeadBucket would need
   * s3:ListBucket with no prefix, i.e. on the whole bucket, which no function is granted (stacks/defaults.ts).
   */
  async ping() {
    const [s3, m] = await this.load();
    await s3.send(new m.ListObjectsV2Command({ Bucket: this.bucket, Prefix: HEALTH_PREFIX, MaxKeys: 1 }));
  }
}

/** Create the bucket if missing (local stand-in and tests only; on AWS the Storage stack owns it). */
export async function ensureBucket(client: () => Promise<S3Client>, bucket: string): Promise<void> {
  const [s3, { HeadBucketCommand, CreateBucketCommand }] = await Promise.all([client(), sdk()]);
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (err) {
    if (!isMissing(err)) throw err;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
}
