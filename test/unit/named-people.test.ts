/**
 * Whom an email names (mail/named-people.ts): full names as written, between word boundaries, any case; addresses
 * whole; short or one-word names that could be ordinary words are not matched by name. The directory is read once
 * per store while kept, and read again once forgotten.
 */
import { describe, expect, it } from "vitest";
import { Keys, People, type Item, type QueryInput, type Store } from "@riia/core";
import { distinctive, mentions, peopleNamed, scopesOf } from "../../packages/core/src/mail/named-people";

const alex = { name: "Alex Patel", email: "dcs@derby.example.org" };

describe("mentions", () => {
  it("finds a full name in any case and spacing, and a whole address", () => {
    expect(mentions("Alex Patel, your director, has approved it.", alex)).toBe(true);
    expect(mentions("ALEX PATEL approved", alex)).toBe(true);
    expect(mentions("Alex\n  Patel approved", alex)).toBe(true);
    expect(mentions("Write to DCS@Derby.example.org.", alex)).toBe(true);
    expect(mentions("(dcs@derby.example.org)", alex)).toBe(true);
  });

  it("does not match part of a longer name or address, or the name's parts alone", () => {
    expect(mentions("Alex Patelson approved", alex)).toBe(false);
    expect(mentions("Malex Patel approved", alex)).toBe(false);
    expect(mentions("Alex approved; Patel agreed", alex)).toBe(false);
    expect(mentions("deputy.dcs@derby.example.org", alex)).toBe(false);
    expect(mentions("dcs@derby.example.org.uk", alex)).toBe(false);
    expect(mentions("old-dcs@derby.example.org", alex)).toBe(false);
  });

  it("matches names with apostrophes and hyphens as written", () => {
    const p = { name: "Siobhan O'Brien-Hart", email: "s@x.example.org" };
    expect(mentions("Siobhan O'Brien-Hart has returned it", p)).toBe(true);
    expect(mentions("Siobhan O'Brien has returned it", p)).toBe(false);
  });

  it("matches a one-word name only when it cannot be an ordinary word", () => {
    expect(distinctive("Will")).toBe(false);
    expect(distinctive("Grace")).toBe(false);
    expect(distinctive("Oluwaseun")).toBe(true);
    expect(distinctive("Jo Li")).toBe(true);
    expect(mentions("We will review it with grace.", { name: "Will", email: "w@x.example.org" })).toBe(false);
    expect(mentions("Ask will@x.example.org", { name: "Will", email: "will@x.example.org" })).toBe(true);
  });
});

/** The region's people partition and the national one, counting the queries made. */
function countingStore(people: Record<string, { id: string; name: string; email: string }[]>) {
  const queries: string[] = [];
  const store = {
    async query(input: QueryInput) {
      queries.push(input.pk);
      const scope = Object.keys(people).find((s) => Keys.peopleOfRegion(s) === input.pk);
      return { items: (scope ? people[scope]! : []).map((p) => ({ pk: "x", sk: "y", kind: "person", ...p }) as Item) };
    },
  } as unknown as Store;
  return { store, queries };
}

describe("peopleNamed", () => {
  it("names the region's and the national list's people the email names, never its recipient", async () => {
    const { store, queries } = countingStore({
      "east-midlands": [
        { id: "p1", ...alex },
        { id: "p2", name: "Sam Hughes", email: "performance@derby.example.org" },
        { id: "p3", name: "Jo Okafor", email: "improvement@derby.example.org" },
      ],
      national: [{ id: "n1", name: "Ruth Adebayo", email: "adviser@dfe.example.org" }],
    });
    const mail = {
      to: "performance@derby.example.org",
      regionId: "east-midlands",
      subject: "Derby's self-evaluation has been approved",
      text: "Dear Sam Hughes,\n\nAlex Patel has approved it. Ruth Adebayo (adviser@dfe.example.org) is told.",
    };
    expect((await peopleNamed({ store }, mail)).sort()).toEqual(["adviser@dfe.example.org", "dcs@derby.example.org"]);
    // A second email (its region found from its cycle) reads nothing more while the names are kept.
    const second = { ...mail, regionId: undefined, cycleId: "east-midlands-2026", text: "Jo Okafor asked." };
    expect(await peopleNamed({ store }, second)).toEqual(["improvement@derby.example.org"]);
    expect(queries).toEqual([Keys.peopleOfRegion("east-midlands"), Keys.peopleOfRegion("national")]);
    // The directory changed in this process: read again.
    People.forgetNames();
    await peopleNamed({ store }, mail);
    expect(queries).toHaveLength(4);
  });
});

describe("a namesake of the recipient", () => {
  it("is named by address only: 'Dear <name>' is the recipient", async () => {
    const { store } = countingStore({
      "east-midlands": [
        { id: "a", name: "Sam Hughes", email: "performance@derby.example.org" },
        { id: "b", name: "Sam Hughes", email: "dcs@rutland.example.org" },
      ],
    });
    const mail = { to: "performance@derby.example.org", regionId: "east-midlands", subject: "Reminder" };
    expect(await peopleNamed({ store }, { ...mail, text: "Dear Sam Hughes," })).toEqual([]);
    expect(await peopleNamed({ store }, { ...mail, text: "Dear Sam Hughes, ask dcs@rutland.example.org." })).toEqual([
      "dcs@rutland.example.org",
    ]);
  });
});

describe("scopesOf", () => {
  it("gives the region's audit scope, and the cycle's when the email belongs to one of the region's cycles", () => {
    expect(scopesOf({ regionId: "east-midlands", cycleId: "east-midlands-2026" })).toEqual([
      "region:east-midlands",
      "cycle:east-midlands-2026",
    ]);
    expect(scopesOf({ regionId: "east-midlands", cycleId: "concern-E06000015-1" })).toEqual(["region:east-midlands"]);
    expect(scopesOf({ cycleId: "london-2026" })).toEqual(["region:london", "cycle:london-2026"]);
    expect(scopesOf({ regionId: "national", cycleId: "-" })).toEqual([]);
    expect(scopesOf({ cycleId: "-" })).toEqual([]);
  });
});
