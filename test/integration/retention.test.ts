/**
 * Retention and data protection, each rule proved: the scheduled step deletes a cycle's records
 * N years after the cycle and old audit entries (and keeps what is still due); sessions and
 * inbound mail carry their TTL; a lead exports everything held about a person and erases them
 * over HTTP, and the audit trail still holds every entry, with the name anonymised.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Access, Audit, Cycle, fixedClock, Keys, People, Retention, Sessions, Submission, type Deps } from "@riia/core";
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

describe("TTL rules", () => {
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
