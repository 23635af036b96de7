/**
 * The scheduled step's batched reads (packages/core/src/workflow/tick-reads.ts) against dynalite: what it holds
 * is answered without a round trip, what it does not hold is read from the table, and a write through it is never
 * answered from what it held before. A page's held writes reach the table only on flush, in batches; the tasks
 * step's lease (tick-lease.ts) keeps it to one run at a time.
 */
import { describe, expect, it } from "vitest";
import { Keys, People, Region, Audit, ConditionFailedError, fixedClock } from "@riia/core";
import { TickReads } from "../../packages/core/src/workflow/tick-reads";
import * as TickLease from "../../packages/core/src/workflow/tick-lease";
import { testDeps } from "./helpers";

const csv = (la: string) =>
  [
    "name,email,authority,roles,job_title",
    `Dee Cee,dcs@${la}.example.org,${la},dcs,DCS`,
    `Ola Officer,officer@${la}.example.org,${la},officer,Officer`,
    `Lee Lead,lead@${la}.example.org,,regional-lead,Lead`,
  ].join("\n") + "\n";

describe("a tick's batched reads", () => {
  it("answers gets, batch gets and prefix queries from one partition read and one batch read", async () => {
    const deps = await testDeps();
    await Region.loadReference(deps);
    const region = (await Region.list(deps))[0]!;
    const la = (await Region.authorities(deps, region.id))[0]!;
    await People.importContacts(deps, { regionId: region.id, csv: csv(la.code), actor: Audit.systemActor("test") });
    const expected = await People.listByAuthority(deps, la.code);
    const reads = new TickReads(deps.store);
    const batched = { ...deps, store: reads };
    deps.ddbCalls.reset();
    await reads.prefetchPartition("gsi1", Keys.authoritiesOfRegion(region.id));
    await reads.prefetchPartition("gsi1", Keys.peopleOfRegion(region.id));
    const missing = Keys.submission("no-cycle", "self-evaluation", la.code);
    await reads.prefetch([Keys.authority(la.code), missing], { consistent: true });
    expect(deps.ddbCalls.total).toBe(3);
    deps.ddbCalls.reset();
    // The same answers the table gives, with no round trip.
    expect(await People.listByAuthority(batched, la.code)).toEqual(expected);
    expect((await Region.authority(batched, la.code)).code).toBe(la.code);
    expect(await reads.get(missing)).toBeUndefined();
    expect(await reads.batchGet([missing, Keys.authority(la.code)])).toHaveLength(1);
    expect(deps.ddbCalls.total).toBe(0);
    // Something it does not hold is read from the table.
    expect((await Region.get(batched, region.id)).id).toBe(region.id);
    expect(deps.ddbCalls.total).toBe(1);
  });

  it("never answers from what it held before a write through it", async () => {
    const deps = await testDeps();
    await Region.loadReference(deps);
    const region = (await Region.list(deps))[0]!;
    const reads = new TickReads(deps.store);
    const key = { pk: `TEST#${crypto.randomUUID()}`, sk: "X" };
    await reads.prefetch([key]);
    expect(await reads.get(key)).toBeUndefined();
    await reads.put({ ...key, n: 1 });
    expect(await reads.get(key)).toMatchObject({ n: 1 });
    await reads.prefetch([key]);
    await reads.update(key, { set: { n: 2 } });
    expect(await reads.get(key)).toMatchObject({ n: 2 });
    // A partition read whole is read again once one of its items is written.
    await reads.prefetchPartition("gsi1", Keys.authoritiesOfRegion(region.id));
    const [first] = (await reads.query({ index: "gsi1", pk: Keys.authoritiesOfRegion(region.id) })).items;
    await reads.update(first!, { set: { note: "changed" } });
    deps.ddbCalls.reset();
    const again = await reads.query({ index: "gsi1", pk: Keys.authoritiesOfRegion(region.id) });
    expect(deps.ddbCalls.total).toBe(1);
    expect(again.items.find((i) => i.pk === first!.pk)).toMatchObject({ note: "changed" });
  });
});

describe("a page's held writes", () => {
  it("writes nothing until flush, then plain puts and creates in batches; a create of an item it saw is refused at once", async () => {
    const deps = await testDeps();
    const reads = new TickReads(deps.store);
    const run = crypto.randomUUID();
    const link = { pk: `TEST#${run}#link`, sk: "X", n: 1 };
    const email = { pk: `TEST#${run}#mail`, sk: "X", n: 2 };
    const seen = { pk: `TEST#${run}#seen`, sk: "X", n: 3 };
    const unread = { pk: `TEST#${run}#unread`, sk: "X", n: 4 };
    await deps.store.put(seen);
    await reads.prefetch([email, seen], { consistent: true });
    reads.holdWrites({ exclusive: true });
    deps.ddbCalls.reset();
    await reads.put(link);
    await reads.put(email, { condition: { op: "notExists" } });
    await expect(reads.put({ ...seen, n: 9 }, { condition: { op: "notExists" } })).rejects.toBeInstanceOf(
      ConditionFailedError,
    );
    expect(deps.ddbCalls.total).toBe(0);
    expect(await reads.get(link)).toMatchObject({ n: 1 }); // answered from what it holds
    expect(await deps.store.get(link)).toBeUndefined(); // not yet in the table
    deps.ddbCalls.reset();
    // A create of an item no consistent read of this run saw is made at once, conditionally.
    await reads.put(unread, { condition: { op: "notExists" } });
    expect(deps.ddbCalls.total).toBe(1);
    deps.ddbCalls.reset();
    await reads.flush();
    expect(deps.ddbCalls.byCommand).toEqual({ BatchWriteItem: 2 });
    expect(await deps.store.get(link)).toMatchObject({ n: 1 });
    expect(await deps.store.get(email)).toMatchObject({ n: 2 });
    expect(await deps.store.get(seen)).toMatchObject({ n: 3 });
  });

  it("holds no create without the step's lease", async () => {
    const deps = await testDeps();
    const reads = new TickReads(deps.store);
    const email = { pk: `TEST#${crypto.randomUUID()}`, sk: "X" };
    await reads.prefetch([email], { consistent: true });
    reads.holdWrites({ exclusive: false });
    deps.ddbCalls.reset();
    await reads.put(email, { condition: { op: "notExists" } });
    expect(deps.ddbCalls.byCommand).toEqual({ PutItem: 1 });
  });
});

describe("the tasks step's lease", () => {
  it("is held by one run at a time, free again once released or lapsed, and a run that lost it stops", async () => {
    const clock = fixedClock("2026-10-01T09:00:00Z");
    const deps = await testDeps({ clock });
    const step = `test-${crypto.randomUUID()}`;
    const first = await TickLease.acquire(deps, step);
    expect(first).toBeDefined();
    expect(await TickLease.acquire(deps, step)).toBeUndefined();
    await first!.release();
    const second = await TickLease.acquire(deps, step);
    expect(second).toBeDefined();
    clock.advance(TickLease.LEASE_MS + 1000); // its holder stalled
    const third = await TickLease.acquire(deps, step);
    expect(third).toBeDefined();
    await expect(second!.renew()).rejects.toBeInstanceOf(TickLease.LeaseLostError);
    await third!.renew();
    await second!.release(); // releasing a lost lease leaves the new holder's alone
    expect(await TickLease.acquire(deps, step)).toBeUndefined();
  });
});
