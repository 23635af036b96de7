/** The catalogue draft, pure: edits as typed, every mistake named in words, and what changed from the published version. */
import { describe, expect, it } from "vitest";
import { CatalogueDraft, Indicators, Region } from "@riia/core";

const THEMES = Region.DEFAULT_THEMES.map((t) => t.id);
const label = (id: string) => Region.DEFAULT_THEMES.find((t) => t.id === id)?.label ?? id;
const published = Indicators.DEFAULT_INDICATORS;
const at = (id: string) => published.findIndex((i) => i.id === id);
const wording = (id: string) => {
  const i = published[at(id)]!;
  return {
    name: i.name,
    definition: i.definition,
    theme: i.theme,
    polarity: i.polarity,
    min: String(i.min),
    max: String(i.max),
  };
};

describe("the catalogue draft", () => {
  it("checks clean as published, and says there is nothing changed", () => {
    expect(CatalogueDraft.checkDraft(published, THEMES)).toMatchObject({ ok: true });
    expect(CatalogueDraft.changes(published, published, label)).toEqual([]);
  });

  it("keeps what was typed, names every mistake, and refuses an edit of a place that moved", () => {
    let draft: CatalogueDraft.DraftIndicator[] = published;
    draft = CatalogueDraft.applyEdit(draft, {
      op: "edit",
      at: at("cpp-second"),
      id: "cpp-second",
      ...wording("cpp-second"),
      min: "60",
      max: "ten",
    });
    draft = CatalogueDraft.applyEdit(draft, {
      op: "add",
      id: "Bad Id",
      unit: "stones",
      source: "imported",
      ...wording("cin"),
      theme: "nowhere",
      polarity: "up",
    });
    draft = CatalogueDraft.applyEdit(draft, { op: "remove", at: at("cin"), id: "cin" });
    const checked = CatalogueDraft.checkDraft(draft, THEMES);
    expect(checked.ok).toBe(false);
    expect(checked.ok ? [] : checked.problems.map((p) => p.message)).toEqual([
      '“Second or later child protection plan”: the highest valid value must be a number (not "ten")',
      '“Children in need (number)”: give an id in lower-case words joined by hyphens, like "care-leavers-eet" (not "Bad Id")',
      '“Children in need (number)”: "stones" is not a unit: choose rate per 10,000 children, %, count, days',
      "“Children in need (number)”: choose which way is better",
      '“Children in need (number)”: "nowhere" is not one of the region\'s themes',
      '“Child protection plans (number)” is checked against "cin", which is no longer in the catalogue: keep "cin"',
    ]);
    expect(() => CatalogueDraft.applyEdit(draft, { op: "remove", at: 0, id: "cin" })).toThrow(/changed since/);
  });

  it("says what changed in words, with a repeated id shown as an addition", () => {
    let draft: CatalogueDraft.DraftIndicator[] = published;
    draft = CatalogueDraft.applyEdit(draft, {
      op: "edit",
      at: at("sw-agency"),
      id: "sw-agency",
      ...wording("sw-agency"),
      name: "Agency social workers (FTE)",
      polarity: "neither",
      theme: "leadership",
      max: "1,000",
    });
    draft = CatalogueDraft.applyEdit(draft, {
      op: "add",
      id: "sw-agency",
      unit: "count",
      source: "x",
      ...wording("sw-agency"),
    });
    draft = CatalogueDraft.applyEdit(draft, { op: "remove", at: at("sw-vacancy"), id: "sw-vacancy" });
    expect(draft.find((i) => i.id === "sw-agency")).toMatchObject({ max: 1000 });
    expect(draft.at(-1)).toMatchObject({ source: "quarterly-return" });
    expect(CatalogueDraft.changes(published, draft, label)).toEqual([
      "Renamed “Agency social workers” to “Agency social workers (FTE)”",
      "Changed the valid range of “Agency social workers (FTE)” from 0 to 100 to 0 to 1000",
      "“Agency social workers (FTE)”: neither higher nor lower is better (was lower is better)",
      "Moved “Agency social workers (FTE)” from Workforce: recruitment, retention and practice to Leadership, governance and partnerships",
      "Added “Agency social workers” (count, Workforce: recruitment, retention and practice)",
      "Removed “Social worker vacancy rate”",
    ]);
    const checked = CatalogueDraft.checkDraft(draft, THEMES);
    expect(checked.ok ? [] : checked.problems.map((p) => p.message)).toEqual([
      'Two indicators have the id "sw-agency": each id must be different',
    ]);
  });
});
