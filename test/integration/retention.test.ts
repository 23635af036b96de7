/**
 * Retention and data protection, each rule proved: the scheduled step deletes a cycle's records
 * N years after the cycle, with its files in the bucket, and old audit entries (and keeps what is
 * still due); sessions, the mail ledger and inbound mail carry their TTL; a lead exports everything held about a person and erases them
 * over HTTP, and the audit trail still holds every entry, with the name anonymised.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  Access,
  Assignments,
  Audit,
  Cycle,
  fixedClock,
  Keys,
  Mail,
  People,
  Region,
  Retention,
  Sessions,
  Submission,
  type Deps,
} from "@riia/core";
import { createApp, type App } from "@riia/functions/app";
import { scheduledSteps } from "@riia/functions/steps";
import { seed } from "../../local/seed";
import { testDeps } from "./helpers";

const clock = fixedClock("2026-09-15T10:00:00Z");
let deps: Deps;
let app: App;
const api = { kind: "api" as const, id: "api" };
const bearer = () => ({ authorization: `Bearer ${deps.config.appSecret}` });

beforeAll(async () => {
  deps = await testDeps({ clock });
  await seed(deps);
  app = createApp(deps);
});

describe("the scheduled retention step", () => {
  it("is registered in the tick, deletes a cycle's records 6 years after it and old audit, keeps the rest", async () => {
    expect(Object.keys(scheduledSteps)).toContain("retention");
    const old = await Cycle.create(deps, { regionId: "east-midlands", year: 2020, actor: api });
    const kept = await Cycle.create(deps, { regionId: "east-midlands", year: 2022, actor: api });
    for (const c of [old, kept]) {
      const s = await Submission.open(deps, {
        cycleId: c.id,
        regionId: "east-midlands",
        form: "core-dataset",
        authority: "E06000015",
        templateVersion: 1,
      });
      await Submission.submit(deps, { id: s.id, expectedVersion: s.version, actor: api });
    }
    const oldAudit = await Audit.record(deps, {
      scope: Audit.regionScope("east-midlands"),
      actor: api,
      action: "test.old",
      entity: { type: "test", id: "old" },
      summary: "written long ago",
      at: "2021-01-01T00:00:00.000Z",
    });
    // 2020's cycle year ends 31 August 2021; six years on, the step run on 1 September 2027 deletes it.
    const sept2027 = { ...deps, clock: fixedClock("2027-09-01T09:00:00Z") };
    await scheduledSteps.retention!(deps, clock.now());
    expect((await Cycle.get(deps, old.id)).year).toBe(2020); // not yet due in 2026
    await scheduledSteps.retention!(sept2027, sept2027.clock.now());
    await expect(Cycle.get(deps, old.id)).rejects.toThrow();
    expect(await Submission.listForCycle(deps, old.id)).toEqual([]);
    expect(await deps.store.get({ pk: oldAudit.pk, sk: oldAudit.sk })).toBeUndefined();
    expect((await Audit.listForScope(deps, Audit.regionScope("east-midlands"))).items.length).toBeGreaterThan(0);
    expect((await Cycle.get(deps, kept.id)).year).toBe(2022);
    expect(await Submission.listForCycle(deps, kept.id)).toHaveLength(1);
    // Re-running finds nothing more to do.
    expect(await Retention.sweep(sept2027)).toMatchObject({ cyclesDeleted: [], auditDeleted: 0 });
  });
});

describe("the step's rhythm", () => {
  it("sweeps once a UTC day though the tick runs every 15 minutes, and again the next day", async () => {
    const at = (iso: string) => ({ ...deps, clock: fixedClock(iso) });
    const first = at("2027-03-03T00:05:00Z");
    expect(await scheduledSteps.retention!(first, first.clock.now())).toMatchObject({ cyclesDeleted: [] });
    const later = at("2027-03-03T23:50:00Z");
    expect(await scheduledSteps.retention!(later, later.clock.now())).toEqual({
      skipped: "already swept on 2027-03-03",
    });
    const next = at("2027-03-04T00:05:00Z");
    expect(await scheduledSteps.retention!(next, next.clock.now())).toMatchObject({ auditDeleted: expect.any(Number) });
  });
});

describe("what the sweep reads", () => {
  it("grows with what is due, not with the years kept: cycles not yet due cost no round trip", async () => {
    const fresh = await testDeps({ clock: fixedClock("2026-09-15T10:00:00Z") });
    await Region.loadReference(fresh);
    await Cycle.create(fresh, { regionId: "london", year: 2024, actor: api });
    const day = (iso: string) => ({ ...fresh, clock: fixedClock(iso) });
    const callsOf = async (iso: string) => {
      fresh.ddbCalls.reset();
      await Retention.sweep(day(iso));
      return fresh.ddbCalls.total;
    };
    const oneYear = await callsOf("2027-03-03T01:00:00Z");
    for (const year of [2021, 2022, 2023]) await Cycle.create(fresh, { regionId: "london", year, actor: api });
    expect(await callsOf("2027-03-04T01:00:00Z")).toBe(oneYear);
    // 2021's records are past keeping on 1 September 2028: that day it is read and deleted, and only it.
    expect(await Retention.sweep(day("2028-09-01T01:00:00Z"))).toMatchObject({ cyclesDeleted: ["london-2021"] });
    expect((await Cycle.get(fresh, "london-2022")).year).toBe(2022);
  });

  it("marks, once, a cycle stored without a marker, and sweeps it when due", async () => {
    const fresh = await testDeps({ clock: fixedClock("2026-09-15T10:00:00Z") });
    await Region.loadReference(fresh);
    const old = await Cycle.create(fresh, { regionId: "london", year: 2020, actor: api });
    await fresh.store.delete(Keys.retentionMarker(Audit.cycleScope(old.id)));
    const sept2027 = { ...fresh, clock: fixedClock("2027-09-02T01:00:00Z") };
    expect(await scheduledSteps.retention!(sept2027, sept2027.clock.now())).toMatchObject({
      cyclesDeleted: [old.id],
    });
    await expect(Cycle.get(fresh, old.id)).rejects.toThrow();
  });
});

describe("files in the bucket", () => {
  it("go with their expired cycle: form attachments, reply attachments and long reply texts; a kept cycle keeps its own", async () => {
    const old = await Cycle.create(deps, { regionId: "london", year: 2020, actor: api });
    const kept = await Cycle.create(deps, { regionId: "london", year: 2022, actor: api });
    const filesOf = async (cycleId: string) => {
      const s = await Submission.open(deps, {
        cycleId,
        regionId: "london",
        form: "self-evaluation",
        authority: "E09000007",
        templateVersion: 1,
      });
      const key = `attachments/${s.id}/u1/evidence.pdf`;
      await deps.blobs.put(key, "%PDF-1.4 test", { contentType: "application/pdf" });
      await Submission.attach(deps, {
        id: s.id,
        attachment: {
          id: "u1",
          question: "evidence",
          name: "evidence.pdf",
          size: 13,
          type: "application/pdf",
          key,
          by: "p",
          at: clock.now().toISOString(),
        },
      });
      const orphan = `attachments/${s.id}/u2/never-attached.pdf`;
      await deps.blobs.put(orphan, "%PDF-1.4 orphan");
      const id = Assignments.assignmentId(cycleId, "peer-scrutiny", "E09000007", "E09000001");
      await deps.store.put({
        ...Assignments.assignmentKey(id),
        kind: "assignment",
        id,
        cycleId,
        regionId: "london",
        step: "peer-scrutiny",
        reviewee: "E09000007",
        reviewer: "E09000001",
        rank: 0,
        status: "sent",
        replies: {},
        version: 1,
      });
      const replyFile = `attachments/replies/msg-${cycleId}/1-notes.docx`;
      const replyText = `attachments/replies/msg-${cycleId}/reply-text.txt`;
      await deps.blobs.put(replyFile, "docx");
      await deps.blobs.put(replyText, "a long reply");
      await Assignments.recordReply(deps, {
        id,
        by: "p",
        reply: {
          messageId: `msg-${cycleId}`,
          from: "r@example.org",
          at: clock.now().toISOString(),
          decision: "accept",
          text: "Yes",
          textKey: replyText,
          attachments: [{ name: "notes.docx", key: replyFile, size: 4 }],
        },
      });
      return [key, orphan, replyFile, replyText];
    };
    const oldFiles = await filesOf(old.id);
    const keptFiles = await filesOf(kept.id);
    const sept2027 = { ...deps, clock: fixedClock("2027-09-01T09:00:00Z") };
    expect((await Retention.sweep(sept2027)).filesDeleted).toBeGreaterThanOrEqual(4);
    for (const k of oldFiles) expect(await deps.blobs.head(k), k).toBeUndefined();
    for (const k of keptFiles) expect(await deps.blobs.head(k), k).toBeDefined();
    expect(await Retention.sweep(sept2027)).toMatchObject({ cyclesDeleted: [], filesDeleted: 0 });
  });
});

describe("TTL rules", () => {
  it("gives every email in the ledger the table's TTL attribute, two years after it was queued", async () => {
    const { item } = await Mail.enqueue(deps, {
      key: {
        cycleId: "east-midlands-2026",
        step: "self-evaluation",
        recipient: "ttl@example.org",
        purpose: "invitation",
        n: 1,
      },
      to: "ttl@example.org",
      message: { subject: "s", text: "t", html: "<p>t</p>" },
    });
    const stored = await deps.store.get<{ pk: string; sk: string; expiresAt: number }>({ pk: item.pk, sk: item.sk });
    expect(stored!.expiresAt).toBe(Math.floor(clock.now().getTime() / 1000) + 730 * 86_400);
    expect(Retention.SCHEDULE.some((r) => /Emails riia sent/.test(r.record) && /2 years/.test(r.kept))).toBe(true);
  });

  it("gives every session the table's TTL attribute at its expiry", async () => {
    const person = (await People.findByEmail(deps, "east-midlands", "lead@em-riia.example.org"))!;
    const id = await Sessions.start(deps, person, Access.SESSION_HOURS);
    const [s] = (await Sessions.listFor(deps, person.id)).filter((x) => x.createdAt === clock.now().toISOString());
    expect(s!.expiresAt).toBe(Math.floor(clock.now().getTime() / 1000) + 8 * 3600);
    expect(await Sessions.find(deps, id)).toBeDefined();
    const later = { ...deps, clock: fixedClock("2026-09-15T18:00:01Z") };
    expect(await Sessions.find(later, id)).toBeUndefined(); // refused even before TTL deletion runs
  });
});

describe("subject access and erasure over HTTP", () => {
  it("exports everything held about a person, then erases them without breaking the audit trail", async () => {
    const person = (await People.findByEmail(deps, "east-midlands", "performance@derby.example.org"))!;
    const actor = { kind: "person" as const, id: person.id, name: person.name };
    const s = await Submission.open(deps, {
      cycleId: "east-midlands-2026",
      regionId: "east-midlands",
      form: "core-dataset",
      authority: person.authority!,
      templateVersion: 1,
    });
    await Submission.submit(deps, { id: s.id, expectedVersion: s.version, actor });
    await Sessions.start(deps, person, 8);

    const exported = await app.request(`/api/privacy/people/${person.id}/export`, { headers: bearer() });
    expect(exported.status).toBe(200);
    const doc = (await exported.json()) as Record<string, unknown[]> & { person: { email: string } };
    expect(doc.person.email).toBe(person.email);
    expect(doc.sessions).toHaveLength(1);
    expect(doc.actionsTaken!.length).toBeGreaterThan(0);
    expect(JSON.stringify(doc.submissionsLastChangedOrSubmitted)).toContain(s.id);

    const before = await Audit.listForScope(deps, Audit.cycleScope("east-midlands-2026"), { limit: 1000 });
    const theirs = before.items.filter((e) => e.actor.id === person.id);
    expect(theirs.length).toBeGreaterThan(0);

    const noReason = await app.request(`/api/privacy/people/${person.id}/erase`, {
      method: "POST",
      headers: { ...bearer(), "content-type": "application/json" },
      body: "{}",
    });
    expect(noReason.status).toBe(400);
    expect(await deps.store.get(Keys.person(person.id))).toBeDefined();

    const erased = await app.request(`/api/privacy/people/${person.id}/erase`, {
      method: "POST",
      headers: { ...bearer(), "content-type": "application/json" },
      body: JSON.stringify({ reason: "Left Derby in August" }),
    });
    expect(erased.status).toBe(200);
    expect(await deps.store.get(Keys.person(person.id))).toBeUndefined();
    expect(await Sessions.listFor(deps, person.id)).toEqual([]);
    const after = await Audit.listForScope(deps, Audit.cycleScope("east-midlands-2026"), { limit: 1000 });
    expect(after.items.map((e) => e.id)).toEqual(before.items.map((e) => e.id)); // every entry still there
    for (const e of after.items.filter((x) => x.actor.id === person.id))
      expect(e.actor.name).toBe(Retention.ERASED_NAME);
    expect(JSON.stringify(after.items)).not.toContain(person.name);
    const region = await Audit.listForScope(deps, Audit.regionScope("east-midlands"));
    expect(region.items.find((e) => e.action === "person.erased" && e.entity.id === person.id)).toBeDefined();
    expect((await app.request(`/api/privacy/people/${person.id}/export`, { headers: bearer() })).status).toBe(404);
  });

  it("refuses export and erasure to an adviser and to other regions", async () => {
    const person = (await People.findByEmail(deps, "east-midlands", "performance@leicester.example.org"))!;
    expect((await app.request(`/api/privacy/people/${person.id}/export`)).status).toBe(401);
    const adviser = (await People.findByEmail(deps, "east-midlands", "adviser@dfe.example.org"))!;
    const session = await Sessions.start(deps, adviser, 8);
    const res = await app.request(`/api/privacy/people/${person.id}/export`, {
      headers: { cookie: `riia_session=${session}` },
    });
    expect(res.status).toBe(404);
  });
});
