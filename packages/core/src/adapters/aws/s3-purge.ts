/**
 * Removing an object for good from a versioned bucket. A plain DeleteObject on a versioned bucket only adds a delete
 * marker: every earlier version stays until lifecycle removes it (90 days under most prefixes), so erasure lists the
 * key's versions and delete markers (ListObjectVersions, prefix = the key) and deletes each by VersionId. A store
 * that keeps no versions (s3rver, an unversioned bucket) answers the listing with an error or nothing: the plain
 * delete already removed the object there.
 */
import type { S3Client } from "@aws-sdk/client-s3";

const sdk = () => import("@aws-sdk/client-s3");

/** The listing is not supported here (s3rver answers 405 MethodNotAllowed; some stores 501 NotImplemented). */
const unsupported = (err: unknown) =>
  ["MethodNotAllowed", "NotImplemented"].includes((err as { name?: string })?.name ?? "") ||
  [405, 501].includes((err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode ?? 0);

interface Version {
  versionId: string;
  isLatest: boolean;
  marker: boolean;
}

/** Every version and delete marker of exactly `key` (the listing is by prefix, so longer keys are left out). */
async function versionsOf(s3: S3Client, bucket: string, key: string): Promise<Version[] | undefined> {
  const m = await sdk();
  const out: Version[] = [];
  let keyMarker: string | undefined;
  let versionMarker: string | undefined;
  do {
    let page;
    try {
      page = await s3.send(
        new m.ListObjectVersionsCommand({
          Bucket: bucket,
          Prefix: key,
          KeyMarker: keyMarker,
          VersionIdMarker: versionMarker,
        }),
      );
    } catch (err) {
      if (unsupported(err)) return undefined;
      throw err;
    }
    for (const [list, marker] of [
      [page.Versions ?? [], false],
      [page.DeleteMarkers ?? [], true],
    ] as const)
      for (const v of list)
        // Objects written before versioning was turned on have the version id "null", which deletes them too.
        if (v.Key === key) out.push({ versionId: v.VersionId ?? "null", isLatest: Boolean(v.IsLatest), marker });
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker);
  return out;
}

/**
 * Delete `key` and every earlier version of it; with `keepCurrent`, keep the current version (a file just rewritten
 * without a person's name) and delete only the versions before it. Returns how many versions and markers went.
 */
export async function purgeObject(
  s3: S3Client,
  bucket: string,
  key: string,
  options: { keepCurrent?: boolean } = {},
): Promise<number> {
  const m = await sdk();
  if (!options.keepCurrent) await s3.send(new m.DeleteObjectCommand({ Bucket: bucket, Key: key }));
  const versions = await versionsOf(s3, bucket, key);
  if (!versions) return options.keepCurrent ? 0 : 1;
  let removed = 0;
  for (const v of versions) {
    if (options.keepCurrent && v.isLatest && !v.marker) continue;
    await s3.send(new m.DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: v.versionId }));
    removed++;
  }
  return removed;
}
