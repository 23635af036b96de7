import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IBucket } from "aws-cdk-lib/aws-s3";

/**
 * Erasure deletes a person's files for good in the versioned bucket (adapters/aws/s3-purge.ts): it lists the key's
 * versions and delete markers (ListBucketVersions, only under the given prefixes: `s3:prefix`) and deletes each by
 * version id (DeleteObjectVersion, only on objects under those prefixes).
 */
export function purgeVersions(bucket: IBucket, prefixes: string[]) {
  return [
    new PolicyStatement({
      actions: ["s3:ListBucketVersions"],
      resources: [bucket.bucketArn],
      conditions: { StringLike: { "s3:prefix": prefixes.map((p) => `${p}*`) } },
    }),
    new PolicyStatement({
      actions: ["s3:DeleteObjectVersion"],
      resources: prefixes.map((p) => `${bucket.bucketArn}/${p}*`),
    }),
  ];
}
