/**
 * Issue 28, item 4: erasure in the versioned bucket deletes every version and delete marker of a person's files (a
 * plain delete only adds a marker, and old versions stay up to 90 days); a store without versions (s3rver, 405) is
 * handled by the plain delete. S3 is aws-sdk-client-mock here, answering as a versioned bucket does.
 */
import { S3Client, type ListObjectVersionsCommandInput } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { S3Blobs } from "@riia/core/adapters";

/**
 * The adapter loads its own copy of the S3 SDK (packages/core's), whose command classes are not this file's: match
 * commands by class name, as the IAM recorder does.
 */
const named = (name: string) =>
  class {
    static [Symbol.hasInstance](v: unknown) {
      return (v as { constructor?: { name?: string } })?.constructor?.name === name;
    }
  };
const DeleteObjectCommand = named("DeleteObjectCommand");
const ListObjectVersionsCommand = named("ListObjectVersionsCommand");

/** The part of aws-sdk-client-mock's stub used here (two copies of the SDK's types do not line up). */
interface Stub {
  reset(): void;
  on(command: unknown): {
    callsFake(f: (input: never) => object): void;
    rejects(e: Error): void;
  };
  commandCalls(command: unknown): { args: [{ input: { Key?: string; VersionId?: string; Prefix?: string } }] }[];
}

const client = new S3Client({ region: "eu-west-2", credentials: { accessKeyId: "x", secretAccessKey: "y" } });
const s3 = mockClient(client as never) as unknown as Stub;
const blobs = new S3Blobs(async () => client as never, "files");

/** A versioned bucket's state: versions and delete markers per key, newest first. */
let bucket: Map<string, { id: string; marker: boolean }[]>;

const listing = (input: ListObjectVersionsCommandInput) => {
  const entries = [...bucket.entries()]
    .filter(([k]) => k.startsWith(input.Prefix ?? ""))
    .flatMap(([Key, vs]) => vs.map((v, i) => ({ Key, VersionId: v.id, IsLatest: i === 0, marker: v.marker })));
  // Two pages, so the paging is exercised.
  const page = input.KeyMarker ? entries.slice(2) : entries.slice(0, 2);
  return {
    Versions: page.filter((e) => !e.marker).map(({ marker: _m, ...v }) => v),
    DeleteMarkers: page.filter((e) => e.marker).map(({ marker: _m, ...v }) => v),
    IsTruncated: !input.KeyMarker && entries.length > 2,
    ...(!input.KeyMarker && entries.length > 2 ? { NextKeyMarker: "k", NextVersionIdMarker: "v" } : {}),
  };
};

beforeEach(() => {
  s3.reset();
  bucket = new Map([
    [
      "inbound/m1",
      [
        { id: "v3", marker: false },
        { id: "v2", marker: false },
        { id: "v1", marker: false },
      ],
    ],
    ["inbound/m1-other", [{ id: "w1", marker: false }]],
  ]);
  s3.on(ListObjectVersionsCommand).callsFake(listing);
  s3.on(DeleteObjectCommand).callsFake((input: { Key: string; VersionId?: string }) => {
    const vs = bucket.get(input.Key) ?? [];
    if (input.VersionId)
      bucket.set(
        input.Key,
        vs.filter((v) => v.id !== input.VersionId),
      );
    // A plain delete on a versioned bucket adds a delete marker: the versions stay.
    else bucket.set(input.Key, [{ id: `marker-${vs.length}`, marker: true }, ...vs]);
    return {};
  });
});

const deletedVersions = () =>
  s3
    .commandCalls(DeleteObjectCommand)
    .map((c) => c.args[0].input)
    .filter((i) => i.VersionId)
    .map((i) => `${i.Key}@${i.VersionId}`);

describe("purging an object from the versioned bucket", () => {
  it("a plain delete leaves every old version behind (why purge exists)", async () => {
    await blobs.delete("inbound/m1");
    expect(bucket.get("inbound/m1")!.filter((v) => !v.marker)).toHaveLength(3);
  });

  it("deletes the object, its delete marker and every old version, and nothing under a longer key", async () => {
    expect(await blobs.purge("inbound/m1")).toBe(4);
    expect(bucket.get("inbound/m1")).toEqual([]);
    expect(bucket.get("inbound/m1-other")).toHaveLength(1);
    expect(deletedVersions().sort()).toEqual([
      "inbound/m1@marker-3",
      "inbound/m1@v1",
      "inbound/m1@v2",
      "inbound/m1@v3",
    ]);
    expect(s3.commandCalls(ListObjectVersionsCommand).every((c) => c.args[0].input.Prefix === "inbound/m1")).toBe(true);
  });

  it("with keepCurrent, keeps the rewritten file and deletes only the versions before it", async () => {
    expect(await blobs.purge("inbound/m1", { keepCurrent: true })).toBe(2);
    expect(bucket.get("inbound/m1")).toEqual([{ id: "v3", marker: false }]);
    expect(s3.commandCalls(DeleteObjectCommand).every((c) => c.args[0].input.VersionId)).toBe(true);
  });

  it("falls back to the plain delete where the store keeps no versions (s3rver answers 405)", async () => {
    s3.on(ListObjectVersionsCommand).rejects(
      Object.assign(new Error("The specified method is not allowed"), {
        name: "MethodNotAllowed",
        $metadata: { httpStatusCode: 405 },
      }),
    );
    expect(await blobs.purge("inbound/m1")).toBe(1);
    expect(s3.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: "files", Key: "inbound/m1" },
    ]);
  });

  it("still fails loudly on any other error (a denied listing must not pass as done)", async () => {
    s3.on(ListObjectVersionsCommand).rejects(
      Object.assign(new Error("Access Denied"), { name: "AccessDenied", $metadata: { httpStatusCode: 403 } }),
    );
    await expect(blobs.purge("inbound/m1")).rejects.toThrow("Access Denied");
  });
});
