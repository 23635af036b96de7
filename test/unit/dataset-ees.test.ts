/** EES vocabulary: time identifiers to calendar quarters, LA codes old and new, and the symbols for figures not published. */
import { describe, expect, it } from "vitest";
import { Ees, Indicators, LaCodes } from "@riia/core";
import reference from "../../packages/core/data/reference.json";

const ind = (id: string) => Indicators.DEFAULT_INDICATORS.find((i) => i.id === id)!;

describe("time_period and time_identifier", () => {
  it.each([
    ["2026", "Quarter 1", "2026-Q1"],
    ["2026", "Calendar year Q4", "2026-Q4"],
    ["2026", "July to September", "2026-Q3"],
    ["202526", "Financial year Q1", "2025-Q2"],
    ["2025-26", "Financial year Q2", "2025-Q3"],
    ["202526", "Financial year Q4", "2026-Q1"],
    ["202425", "Financial year", "2025-Q1"],
    ["202425", "Academic year", "2025-Q3"],
    ["2025", "Calendar year", "2025-Q4"],
    ["2025", "Reporting year", "2025-Q1"],
  ])("%s %s is %s", (period, identifier, quarter) => {
    expect(Ees.when(period, identifier)).toMatchObject({ quarter });
  });

  it.each([
    ["2026", "Quarter 5"],
    ["202526", "Quarter 1"],
    ["2025", "Financial year Q1"],
    ["202527", "Financial year Q1"],
    ["202526", "Academic year Q2"],
    ["2026", "Week 4"],
  ])("%s %s is refused with why", (period, identifier) => {
    expect(Ees.when(period, identifier)).toHaveProperty("why");
  });
});

describe("LA codes", () => {
  const codes = reference.regions.flatMap((r) => r.authorities.map((a) => a.code));

  it("gives every one of the 153 authorities one old code, none shared", () => {
    expect(Object.keys(LaCodes.OLD_CODES).sort()).toEqual([...codes].sort());
    expect(new Set(Object.values(LaCodes.OLD_CODES)).size).toBe(153);
  });

  it("resolves old, new and retired codes, and says why it cannot", () => {
    expect(LaCodes.resolve("", "830")).toEqual({ code: "E10000007", note: undefined });
    expect(LaCodes.resolve("E10000007", "830")).toMatchObject({ code: "E10000007" });
    expect(LaCodes.resolve("E10000023", "")).toMatchObject({ code: "E06000065" });
    expect(LaCodes.resolve("", "835")).toMatchObject({ code: "E06000059" });
    expect(LaCodes.resolve("E10000021", "928").why).toMatch(/split into North and West Northamptonshire/);
    expect(LaCodes.resolve("E06000028", "").why).toMatch(/merged into Bournemouth, Christchurch and Poole/);
    expect(LaCodes.resolve("E10000007", "831").why).toMatch(/name different local authorities/);
    expect(LaCodes.resolve("", "999").why).toMatch(/old LA code "999"/);
  });
});

describe("figure cells", () => {
  it("reads every EES symbol, bracketed or not, and a blank, as not published with why", () => {
    for (const s of ["c", "x", "z", "low", "u", "k", "[c]", "[low]", "", " "])
      expect(Ees.readFigure(ind("re-referrals"), s)).toMatchObject({ kind: "withheld" });
    expect(Ees.readFigure(ind("re-referrals"), "c")).toMatchObject({ why: expect.stringMatching(/confidential/) });
    expect(Ees.readFigure(ind("re-referrals"), "22.5%")).toEqual({ kind: "figure", value: 22.5 });
    expect(Ees.readFigure(ind("re-referrals"), "n/a")).toMatchObject({ kind: "error" });
  });

  it("finds a column by id, snake_case form or alias", () => {
    const names = Ees.indicatorNames([{ ...ind("sw-turnover"), aliases: ["Social worker churn"] }]);
    for (const col of ["sw-turnover", "sw_turnover", "SW_TURNOVER", "social_worker_churn", "Social worker churn"])
      expect(Ees.lookup(names, col)?.id).toBe("sw-turnover");
  });
});
