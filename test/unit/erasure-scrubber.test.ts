/**
 * Erasure's rewrite of a record naming someone (retention/held.ts `scrubber`): their address and their name, also as
 * an email's HTML part writes it (an apostrophe is `&#39;` there).
 */
import { describe, expect, it } from "vitest";
import { scrubber } from "../../packages/core/src/retention/held";

describe("scrubber", () => {
  it("replaces the name as written and as HTML writes it, and the address, anywhere in a record", () => {
    const fix = scrubber({ id: "p-1", name: "Siobhan O'Brien", email: "sob@derby.example.org" }, "Erased person");
    expect(
      fix({
        text: "Siobhan O'Brien (SOB@derby.example.org) approved it.",
        html: "<p>Siobhan O&#39;Brien, your director, approved it.</p>",
        list: ["siobhan o'brien"],
      }),
    ).toEqual({
      text: "Erased person (erased:p-1) approved it.",
      html: "<p>Erased person, your director, approved it.</p>",
      list: ["Erased person"],
    });
  });
});
