/**
 * The scheduled step's batched reads (packages/core/src/workflow/tick-reads.ts) against dynalite: what it holds
 * is answered without a round trip, what it does not hold is read from the table, and a write through it is never
 * answered from what it held before.
 */
import { describe, expect, it } from "vitest";
import { Keys, People, Region, Audit } from "@riia/core";
import { TickReads } from "../../packages/core/src/workflow/tick-reads";
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
