/**
 * What is held about a person outside the directory and the audit trail: the emails sent to their address and the
 * messages they sent in (found through `Keys.heldAbout`, a hash of the address), and their capabilities (form links
 * and reply handles, through `Keys.capabilitiesOfPerson`). Subject access lists them; erasure removes them: ledger
 * entries and inbound records are deleted with the raw messages in the bucket; the files a reply carried are deleted
 * unless a recorded reply holds them as the review's work (then the text naming the person is rewritten); links are
 * revoked and reply handles deleted.
 */
import { Allowance, Keys, escapeRegExp, heldHash, normaliseEmail, queryAll, type Deps, type Item } from "../shared";
import { Mail } from "../mail";
import { People } from "../directory";
import { eraseNamed, listNamed } from "./named";
import { replacing } from "./rewrite";

/** The person as erasure sees them (the directory's record may already be gone). */
export interface Subject {
  id: string;
  name: string;
  email: string;
}

interface MailEntry extends Item {
  kind: "mail";
  id: string;
  purpose: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  status: string;
  key: { cycleId: string };
  regionId?: string;
  createdAt: string;
  sentAt?: string;
}

interface InboundRecord extends Item {
  kind: "inbound";
  messageId: string;
  key: string;
  from: string;
  subject: string;
  receivedAt: string;
  status: string;
  reason?: string;
}

/** Where a message's files are kept beside its record (inbound/attachments.ts, assignment-reply.ts). */
const replyFilesOf = (messageId: string) => `attachments/replies/${messageId}/`;
const quarantineOf = (messageId: string) => `quarantine/${messageId}`;

async function indexed(deps: Pick<Deps, "store">, email: string) {
  const entries = await queryAll<Item>(deps.store, { index: "gsi1", pk: Keys.heldAbout(heldHash(email)) });
  const mails = entries.filter((e): e is MailEntry => e.kind === "mail");
  const senders = entries.filter((e) => e.kind === "inbound-sender");
  const records = senders.length
    ? await deps.store.batchGet<InboundRecord>(senders.map((s) => Keys.inbound(String(s.messageId))))
    : [];
  return { mails, senders, records };
}

/**
 * The notices that told a region's leads an email to the person could not be sent: they name the person's address.
 * Their ledger keys are the ones mail/outbox.ts (`tellLeads`) gives them, for the region's leads of today.
 */
async function noticesAbout(deps: Pick<Deps, "store">, mails: MailEntry[]) {
  const keys = [];
  for (const m of mails.filter((x) => x.regionId && ["suppressed", "rejected"].includes(x.status))) {
    const leads = (await People.listRegional(deps, m.regionId!)).filter((p) => p.roles.includes("regional-lead"));
    for (const lead of leads)
      keys.push(
        Keys.mail(
          Mail.mailId({
            cycleId: m.key.cycleId,
            step: "mail",
            recipient: lead.email,
            purpose: `undeliverable:${m.id}`,
          }),
        ),
      );
  }
  return keys.length ? deps.store.batchGet<MailEntry>(keys) : [];
}

/** Subject access: the emails sent to them and the messages they sent in, with the files each message left. */
export async function listHeld(deps: Pick<Deps, "store" | "blobs">, person: Subject) {
  const { mails, records } = await indexed(deps, person.email);
  const inbound = [];
  for (const r of records)
    inbound.push({
      messageId: r.messageId,
      from: r.from,
      subject: r.subject,
      receivedAt: r.receivedAt,
      status: r.status,
      ...(r.reason ? { reason: r.reason } : {}),
      rawMessage: r.key,
      files: await deps.blobs.list(replyFilesOf(r.messageId)),
    });
  return {
    emailsSent: mails.map((m) => ({
      id: m.id,
      purpose: m.purpose,
      to: m.to,
      subject: m.subject,
      text: m.text,
      status: m.status,
      createdAt: m.createdAt,
      ...(m.sentAt ? { sentAt: m.sentAt } : {}),
    })),
    messagesReceived: inbound,
    // Records that name them without being about them: exchange requests, case studies, groups, others' emails.
    recordsNamingThem: await listNamed(deps, person),
  };
}

/** Replace the person's address and name in any value (strings, arrays, objects), as the audit trail does. */
export function scrubber(person: Subject, placeholder: string) {
  // The name as written, and as an email's HTML part writes it (O'Brien is O&#39;Brien there).
  const html = person.name.replace(
    /[&<>"']/g,
    (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "#39" }[c]};`,
  );
  const names = person.name.length >= 2 ? [...new Set([person.name, html])].map(escapeRegExp) : [];
  const words = [escapeRegExp(person.email), ...names];
  const pattern = new RegExp(words.join("|"), "giu");
  return replacing(pattern, person.id, placeholder);
}

/**
 * Erase one inbound message: its raw copies (as received, and quarantined), its files except `keep` (the files a
 * recorded reply holds as work, whose text is rewritten without the person), then its record and index entry.
 */
async function eraseMessage(
  deps: Pick<Deps, "store" | "blobs">,
  record: InboundRecord,
  keep: Set<string>,
  fix: (v: unknown) => unknown,
) {
  let files = 0;
  for (const key of await deps.blobs.list(replyFilesOf(record.messageId))) {
    if (!keep.has(key)) {
      // Every version: the bucket is versioned, and a plain delete would leave the old ones for months.
      await deps.blobs.purge(key);
      files++;
    } else if (key.endsWith(".txt")) {
      const body = await deps.blobs.get(key);
      if (body) {
        await deps.blobs.put(key, String(fix(Buffer.from(body).toString("utf8"))), {
          contentType: "text/plain; charset=utf-8",
        });
        // The version before the rewrite still names them.
        await deps.blobs.purge(key, { keepCurrent: true });
      }
    }
  }
  for (const key of [record.key, quarantineOf(record.messageId)]) await deps.blobs.purge(key);
  await deps.store.delete(Keys.inbound(record.messageId));
  return files + 2;
}

/**
 * Remove what is held about the person outside the directory and the audit trail. `keepFiles`: the bucket keys a
 * recorded reply holds as the review's work. Re-running is harmless: each step reads what is still there.
 */
export async function eraseHeld(
  deps: Pick<Deps, "store" | "blobs" | "clock">,
  person: Subject,
  input: { keepFiles: Set<string>; placeholder: string; erasedBy: string },
) {
  const fix = scrubber(person, input.placeholder);
  const { mails, senders, records } = await indexed(deps, person.email);
  let files = 0;
  for (const r of records) files += await eraseMessage(deps, r, input.keepFiles, fix);
  // Someone else's email that names them (a lead told their address could not be reached): kept, without them.
  const notices = await noticesAbout(deps, mails);
  for (const n of notices)
    await deps.store.update(Keys.mail(n.id), {
      set: { subject: fix(n.subject), text: fix(n.text), html: fix(n.html) },
    });
  await deps.store.batchDelete([...mails, ...senders].map(({ pk, sk }) => ({ pk, sk })));
  const named = await eraseNamed(deps, person, fix);

  const caps = await queryAll<Item>(deps.store, { index: "gsi1", pk: Keys.capabilitiesOfPerson(person.id) });
  const at = deps.clock.now().toISOString();
  for (const c of caps) {
    if (c.kind === "link")
      // Kept, revoked: the link then says it was withdrawn (a deleted one would read as mistyped).
      await deps.store.update(
        { pk: c.pk, sk: c.sk },
        {
          set: { revokedAt: c.revokedAt ?? at, revokedBy: c.revokedBy ?? input.erasedBy },
          remove: ["gsi1pk", "gsi1sk"],
        },
      );
    else await deps.store.delete({ pk: c.pk, sk: c.sk });
  }
  // Windows counting their requests and the suppression of their address: each names the address or the person.
  await deps.store.batchDelete([
    Keys.allowance("sign-in", Allowance.subjectHash("sign-in", normaliseEmail(person.email))),
    Keys.newLinkLimit(person.id),
    Keys.suppressed(person.email),
  ]);
  return {
    emails: mails.length,
    inboundMessages: records.length,
    noticesNamingThem: notices.length,
    ...named,
    files,
    links: caps.filter((c) => c.kind === "link").length,
    replyHandles: caps.filter((c) => c.kind !== "link").length,
  };
}
