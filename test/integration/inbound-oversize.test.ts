/**
 * A 20 MB email, sent over SMTP as a mail client would: no file it leaves in the bucket is larger than
 * the 10 MB file limit. A reply is still read (its decision applied, its text kept up to the reply
 * limit and the sender told what was not kept); the stored copy of the message, and of a held one in
 * quarantine, is its beginning under a note saying how much was cut.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Assignments, type People } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import { MAX_STORED_BYTES } from "@riia/core/inbound";
import type { LocalSmtp } from "../../local/smtp-inbound";
import { assignment, deliver, mailAbout, plainReply, replyWorld } from "./replies-support";

const REVIEWER = "E06000016"; // Leicester
let deps: AwsDeps;
let smtp: LocalSmtp;
let person: People.Person;
let next: () => string;

beforeAll(async () => {
  ({ deps, smtp, person, next } = await replyWorld(REVIEWER, "performance@leicester.example.org"));
});
afterAll(() => smtp?.stop());

/** About 20 MB of words after a decision. */
const huge = () =>
  `Decline, sorry.\r\n\r\n${`${"We have looked at the dates again and again. ".repeat(24)}\r\n`.repeat(19_000)}`;

async function everyObject() {
  const out: { key: string; size: number }[] = [];
  for (const prefix of ["inbound/", "quarantine/", "attachments/"])
    for (const key of await deps.blobs.list(prefix)) out.push({ key, size: (await deps.blobs.head(key))?.size ?? 0 });
  return out;
}

const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString("latin1");

describe("a 20 MB email", () => {
  it("is read as a reply, and every file it leaves is within the 10 MB limit", async () => {
    const a = await assignment(deps, { reviewee: next(), reviewer: REVIEWER, person });
    const raw = plainReply({ from: person.email, to: a.address, text: huge() });
    expect(raw.length).toBeGreaterThan(20_000_000);
    const record = await deliver(deps, smtp, raw, { from: person.email, to: [a.address] });
    expect(record).toMatchObject({ status: "recorded", decision: "decline", answered: a.id });
    expect(record.rawBytes).toBeGreaterThan(20_000_000);
    expect(record.keptBytes).toBeLessThan(MAX_STORED_BYTES);
    expect((await Assignments.get(deps, a.id)).status).toBe("declined");

    const objects = await everyObject();
    expect(objects.filter((o) => o.key.includes(record.messageId)).length).toBeGreaterThanOrEqual(2);
    for (const o of objects) expect(o.size, o.key).toBeLessThanOrEqual(MAX_STORED_BYTES);
    // The kept copy says what it is: the beginning of the message, and how much was cut.
    const kept = text(await deps.blobs.get(record.key));
    expect(kept).toMatch(/^X-Riia-Truncated: this copy keeps the first \d+ of \d+ bytes/);
    expect(kept).toContain(`To: <${a.address}>`);
    // The sender is told what of their words was not kept.
    const [told] = await mailAbout(person.email, `Some of what you sent about ${a.name} was not kept`);
    expect(told!.body.text).toMatch(/after the first 250,000 characters/);
  }, 300_000);

  it("held in quarantine, is kept within the limit too, with the note", async () => {
    const to = "reply+not-one-of-ours@reply.riia.example.org";
    const record = await deliver(deps, smtp, plainReply({ from: person.email, to, text: huge() }), {
      from: person.email,
      to: [to],
    });
    expect(record.status).toBe("quarantined");
    const copy = await deps.blobs.get(`quarantine/${record.messageId}`);
    expect(copy!.length).toBeLessThanOrEqual(MAX_STORED_BYTES);
    expect(text(copy)).toMatch(/^X-Riia-Truncated: /);
    for (const o of await everyObject()) expect(o.size, o.key).toBeLessThanOrEqual(MAX_STORED_BYTES);
  }, 300_000);
});
