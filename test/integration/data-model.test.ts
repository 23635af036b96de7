import { beforeAll, describe, expect, it } from "vitest";
import { Audit, ConflictError, Cycle, Keys, People, Region, StateError, Submission, ValidationError } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import { demoContactsCsv } from "../../local/seed";
import { testDeps } from "./helpers";

const lead: Audit.Actor = { kind: "person", id: "p-lead", name: "Morgan Lee" };
const alex: Audit.Actor = { kind: "person", id: "p-alex", name: "Alex Patel" };
const sam: Audit.Actor = { kind: "person", id: "p-sam", name: "Sam Hughes" };

let deps: AwsDeps;
beforeAll(async () => {
  deps = await testDeps();
  await Region.loadReference(deps);
});

describe("reference data", () => {
  it("has nine regions whose authority counts sum to 153, each listable with its authorities", async () => {
    deps.ddbCalls.reset();
    const regions = await Region.list(deps);
    expect(deps.ddbCalls.total).toBe(1); // one Query on gsi1, never a Scan
    expect(regions).toHaveLength(9);
    expect(regions.reduce((n, r) => n + r.authorityCount, 0)).toBe(153);
    for (const r of regions) expect(await Region.authorities(deps, r.id)).toHaveLength(r.authorityCount);
    expect(deps.ddbCalls.byCommand.Scan).toBeUndefined();
  });

  it("loads again without writing anything, and keeps settings a region changed", async () => {
    const em = await Region.get(deps, "east-midlands");
    await Region.updateSettings(deps, {
      regionId: "east-midlands",
      expectedVersion: em.version,
      settings: { ...em.settings, reviewersPerLa: 3 },
      actor: lead,
    });
    deps.ddbCalls.reset();
    expect(await Region.loadReference(deps)).toEqual({ created: 0, updated: 0 });
    expect(deps.ddbCalls.byCommand.PutItem ?? 0).toBe(0);
    expect((await Region.get(deps, "east-midlands")).settings.reviewersPerLa).toBe(3);
  });

  it("finds an authority by ONS code and refuses unknown ones", async () => {
    expect(await Region.authority(deps, "E06000015")).toMatchObject({ name: "Derby", regionId: "east-midlands" });
    await expect(Region.authority(deps, "E99999999")).rejects.toThrow(/no local authority/);
  });

  it("refuses invalid settings, naming each problem, and changes nothing", async () => {
    const before = await Region.get(deps, "london");
    const err = await Region.updateSettings(deps, {
      regionId: "london",
      expectedVersion: before.version,
      settings: { ...before.settings, reviewersPerLa: 0, themes: [] },
      actor: lead,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(["reviewersPerLa", "themes"]),
    );
    expect(await Region.get(deps, "london")).toEqual(before);
  });

  it("refuses a stale settings update with a conflict", async () => {
    const r = await Region.get(deps, "south-west");
    await Region.updateSettings(deps, {
      regionId: "south-west",
      expectedVersion: r.version,
      settings: { ...r.settings, commonPriorityThreshold: 4 },
      actor: lead,
    });
    await expect(
      Region.updateSettings(deps, {
        regionId: "south-west",
        expectedVersion: r.version,
        settings: { ...r.settings, commonPriorityThreshold: 5 },
        actor: sam,
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await Region.get(deps, "south-west")).settings.commonPriorityThreshold).toBe(4);
  });
});

describe("contacts import", () => {
  it("imports a region's contacts, finds them by region, LA, role and email, and re-imports idempotently", async () => {
    const las = await Region.authorities(deps, "east-midlands");
    const csv = demoContactsCsv(las);
    expect(await People.importContacts(deps, { regionId: "east-midlands", csv, actor: lead })).toEqual({
      rows: 33,
      created: 33,
      updated: 0,
      unchanged: 0,
    });
    expect(await People.importContacts(deps, { regionId: "east-midlands", csv, actor: lead })).toEqual({
      rows: 33,
      created: 0,
      updated: 0,
      unchanged: 33,
    });
    expect(await People.listByRegion(deps, "east-midlands")).toHaveLength(33);
    const derby = await People.listByAuthority(deps, "E06000015");
    expect(derby.map((p) => p.email).sort()).toEqual([
      "dcs@derby.example.org",
      "improvement@derby.example.org",
      "performance@derby.example.org",
    ]);
    expect((await People.listRegional(deps, "east-midlands")).map((p) => p.roles[0]).sort()).toEqual([
      "dfe-adviser",
      "lga-adviser",
      "regional-lead",
    ]);
    expect(await People.findByEmail(deps, "east-midlands", "DCS@Derby.Example.org")).toMatchObject({
      name: expect.any(String),
      roles: ["dcs"],
    });
  });

  it("updates a changed row, versions it and audits the change against the LA", async () => {
    const csv = "name,email,authority,roles,job_title\nPat Jones,pat@rutland.example.org,Rutland,officer,Analyst\n";
    await People.importContacts(deps, { regionId: "east-midlands", csv, actor: lead });
    const changed = csv.replace("officer,Analyst", "officer;reviewer,Senior Analyst");
    expect(await People.importContacts(deps, { regionId: "east-midlands", csv: changed, actor: lead })).toMatchObject({
      updated: 1,
    });
    const pat = (await People.findByEmail(deps, "east-midlands", "pat@rutland.example.org"))!;
    expect(pat).toMatchObject({
      version: 2,
      roles: ["officer", "reviewer"],
      jobTitle: "Senior Analyst",
      authority: "E06000017",
    });
    const { items } = await Audit.listForAuthority(deps, "E06000017");
    expect(items[0]).toMatchObject({
      action: "person.updated",
      actor: { id: "p-lead" },
      before: { roles: ["officer"] },
      after: { roles: ["officer", "reviewer"] },
    });
  });

  it("reports every bad row with its line number and writes nothing", async () => {
    const csv = [
      "Name,Email,Authority,Roles,Job title",
      "Valid Person,valid.person@derby.example.org,Derby,officer,",
      "X,not-an-email,Derby,officer,",
      "Kim Lo,kim@x.example.org,Narnia,dcs,",
      "Lee Ray,lee@x.example.org,Derby,wizard,",
      "Dup One,valid.person@derby.example.org,Derby,officer,",
      '"Quoted, Name",quoted@derby.example.org,,officer,',
      "Short,row",
    ].join("\r\n");
    const before = await People.listByRegion(deps, "east-midlands");
    const err = (await People.importContacts(deps, { regionId: "east-midlands", csv, actor: lead }).catch(
      (e: unknown) => e,
    )) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    const lines = err.issues.map((i) => `${i.path}: ${i.message}`);
    expect(lines).toEqual([
      expect.stringMatching(/^line 3: name: Enter the person's full name/),
      expect.stringMatching(/^line 3: email: Enter an email address/),
      'line 4: "Narnia" is not a local authority in East Midlands',
      expect.stringMatching(/^line 5: Unknown role "wizard"/),
      expect.stringMatching(/^line 5: roles: Give at least one role/),
      "line 6: valid.person@derby.example.org is already on line 2",
      expect.stringMatching(/^line 7: Give the local authority for the role\(s\) officer/),
      "line 8: Expected 5 values, found 2",
    ]);
    expect(await People.listByRegion(deps, "east-midlands")).toEqual(before);
  });

  it("refuses a file with a wrong header or broken quoting", async () => {
    await expect(
      People.importContacts(deps, { regionId: "east-midlands", csv: "who,email\nA,b@c.org\n", actor: lead }),
    ).rejects.toMatchObject({
      issues: expect.arrayContaining([{ path: "line 1", message: 'Add a "name" column' }]),
    });
    await expect(
      People.importContacts(deps, {
        regionId: "east-midlands",
        csv: 'name,email,authority,roles\n"Open,a@b.org,,dcs\n',
        actor: lead,
      }),
    ).rejects.toMatchObject({ issues: [{ path: "line 2", message: "A quoted field is never closed" }] });
  });
});

describe("cycles", () => {
  it("creates a cycle from the region's calendar, once, and lists it", async () => {
    const cycle = await Cycle.create(deps, { regionId: "north-east", year: 2026, actor: lead });
    expect(cycle.phases.map((p) => [p.step, p.opensAt.slice(0, 10), p.deadline.slice(0, 10)])).toEqual([
      ["self-evaluation", "2026-09-01", "2026-10-31"],
      ["peer-scrutiny", "2026-11-01", "2026-11-30"],
      ["development-plan", "2026-12-01", "2027-01-31"],
      ["peer-challenge", "2027-02-01", "2027-02-28"],
      ["support-menu", "2027-03-01", "2027-03-31"],
      ["regional-plan", "2027-04-01", "2027-04-30"],
    ]);
    await expect(Cycle.create(deps, { regionId: "north-east", year: 2026, actor: lead })).rejects.toThrow(
      /already has a 2026 cycle/,
    );
    await Cycle.create(deps, { regionId: "north-east", year: 2025, actor: lead });
    expect((await Cycle.listForRegion(deps, "north-east")).map((c) => c.id)).toEqual([
      "north-east-2026",
      "north-east-2025",
    ]);
    expect((await Audit.listForScope(deps, Audit.cycleScope("north-east-2026"))).items[0]).toMatchObject({
      action: "cycle.created",
    });
  });
});

describe("submissions", () => {
  const base = {
    cycleId: "west-midlands-2026",
    regionId: "west-midlands",
    form: "self-evaluation" as const,
    templateVersion: 1,
  };

  it("opens one draft per LA and form even when opened concurrently", async () => {
    const opened = await Promise.all([1, 2, 3].map(() => Submission.open(deps, { ...base, authority: "E08000025" })));
    expect(new Set(opened.map((s) => s.id)).size).toBe(1);
    expect((await Submission.listForCycle(deps, base.cycleId, "self-evaluation")).map((s) => s.authority)).toEqual([
      "E08000025",
    ]);
  });

  it("merges two officers saving different answers at the same moment: no lost update", async () => {
    const sub = await Submission.open(deps, { ...base, authority: "E08000026" });
    await Promise.all([
      Submission.saveDraft(deps, {
        id: sub.id,
        expectedVersion: sub.version,
        answers: { strengths: "Stable workforce" },
        actor: alex,
      }),
      Submission.saveDraft(deps, {
        id: sub.id,
        expectedVersion: sub.version,
        answers: { areas: "Timeliness of assessments" },
        actor: sam,
      }),
    ]);
    const after = await Submission.get(deps, sub.id);
    expect(after.answers).toEqual({ strengths: "Stable workforce", areas: "Timeliness of assessments" });
    expect(after.version).toBe(sub.version + 2);
    expect(Object.keys(after.contributors).sort()).toEqual(["p-alex", "p-sam"]);
  });

  it("refuses the second of two concurrent saves of the same answer, saying which and by whom, and keeps the first", async () => {
    const sub = await Submission.open(deps, { ...base, authority: "E08000027" });
    const results = await Promise.allSettled([
      Submission.saveDraft(deps, {
        id: sub.id,
        expectedVersion: sub.version,
        answers: { strengths: "Alex's words" },
        actor: alex,
      }),
      Submission.saveDraft(deps, {
        id: sub.id,
        expectedVersion: sub.version,
        answers: { strengths: "Sam's words" },
        actor: sam,
      }),
    ]);
    const rejected = results.filter((r) => r.status === "rejected");
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    const reason = (rejected[0] as PromiseRejectedResult).reason as ConflictError;
    expect(reason).toBeInstanceOf(ConflictError);
    expect(reason.detail).toMatchObject({ questions: ["strengths"] });
    const winner = (fulfilled[0] as PromiseFulfilledResult<Submission.Submission>).value.answers.strengths;
    expect((await Submission.get(deps, sub.id)).answers.strengths).toBe(winner);
  });

  it("saves in one round trip, submits in two, then is read-only until reopened; history keeps each submitted copy", async () => {
    const sub = await Submission.open(deps, { ...base, authority: "E08000028" });
    deps.ddbCalls.reset();
    const saved = await Submission.saveDraft(deps, {
      id: sub.id,
      expectedVersion: sub.version,
      answers: { strengths: "v1" },
      actor: alex,
    });
    expect(deps.ddbCalls.total).toBe(1); // one conditional UpdateItem (draft edits are tracked in the item)
    deps.ddbCalls.reset();
    const submitted = await Submission.submit(deps, { id: sub.id, expectedVersion: saved.version, actor: alex });
    expect(deps.ddbCalls.total).toBe(2); // UpdateItem + one BatchWriteItem (history copy and audit entry)
    expect(submitted).toMatchObject({ status: "submitted", reference: expect.stringMatching(/^[0-9A-F]{8}$/) });
    await expect(
      Submission.saveDraft(deps, {
        id: sub.id,
        expectedVersion: submitted.version,
        answers: { strengths: "late edit" },
        actor: sam,
      }),
    ).rejects.toBeInstanceOf(StateError);
    await expect(
      Submission.submit(deps, { id: sub.id, expectedVersion: submitted.version, actor: alex }),
    ).rejects.toBeInstanceOf(StateError);
    await expect(Submission.reopen(deps, { id: sub.id, reason: "", actor: lead })).rejects.toBeInstanceOf(
      ValidationError,
    );
    const reopened = await Submission.reopen(deps, { id: sub.id, reason: "Evidence section incomplete", actor: lead });
    expect(reopened.status).toBe("reopened");
    const again = await Submission.saveDraft(deps, {
      id: sub.id,
      expectedVersion: reopened.version,
      answers: { strengths: "v2" },
      actor: alex,
    });
    await Submission.submit(deps, { id: sub.id, expectedVersion: again.version, actor: alex });
    const history = await Submission.history(deps, sub.id);
    // Every submit and every reopening keeps a copy: submitted v1, v1 as it stood when reopened (with the reason), v2.
    expect(history.map((h) => [h.answers.strengths, h.status])).toEqual([
      ["v1", "submitted"],
      ["v1", "reopened"],
      ["v2", "submitted"],
    ]);
    expect(history[1]!.note).toBe("Evidence section incomplete");
    // (The test clock stands still, so entries share a timestamp: compare them as a set.)
    const actions = (await Audit.listForAuthority(deps, "E08000028")).items.map((a) => `${a.action} by ${a.actor.id}`);
    expect(actions.sort()).toEqual([
      "submission.reopened by p-lead",
      "submission.submitted by p-alex",
      "submission.submitted by p-alex",
    ]);
    // Draft edits are recorded in the item: who last changed each answer, and when.
    expect((await Submission.get(deps, sub.id)).answerMeta.strengths).toMatchObject({ by: "p-alex" });
  });

  it("finds last year's submitted answers for carrying forward, and marks them until changed", async () => {
    const last = await Submission.open(deps, { ...base, cycleId: "west-midlands-2025", authority: "E08000029" });
    const s1 = await Submission.saveDraft(deps, {
      id: last.id,
      expectedVersion: 1,
      answers: { strengths: "Old", areas: "Old areas" },
      actor: alex,
    });
    await Submission.submit(deps, { id: last.id, expectedVersion: s1.version, actor: alex });
    const prev = await Submission.lastSubmitted(deps, {
      regionId: "west-midlands",
      year: 2026,
      form: "self-evaluation",
      authority: "E08000029",
    });
    expect(prev?.answers).toEqual({ strengths: "Old", areas: "Old areas" });
    const next = await Submission.open(deps, { ...base, authority: "E08000029", carryForward: prev!.answers });
    expect(next.carriedForward.sort()).toEqual(["areas", "strengths"]);
    const edited = await Submission.saveDraft(deps, {
      id: next.id,
      expectedVersion: next.version,
      answers: { strengths: "New" },
      actor: sam,
    });
    expect(edited.carriedForward).toEqual(["areas"]);
  });

  it("refuses answers with invalid question ids and changes nothing", async () => {
    const sub = await Submission.open(deps, { ...base, authority: "E08000030" });
    await expect(
      Submission.saveDraft(deps, { id: sub.id, expectedVersion: 1, answers: { "bad.id": "x" }, actor: alex }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await deps.store.get(Keys.submission(base.cycleId, "self-evaluation", "E08000030"))).toMatchObject({
      version: 1,
      answers: {},
    });
  });
});
