/**
 * Evidence from other LAs, through the API and the pages: 11 quarters of figures for all ten East
 * Midlands LAs, imported as a region's data team would. Leicester's agency social workers step up
 * about 2.5 sd for the last 7 quarters: its own 4 quarters before cannot tell that from chance, but
 * with how much the other nine LAs' figures move it is a shift, and a concern is opened and emailed.
 * Every LA's re-referrals rise 15 % together for the last 8 quarters (a national change): each
 * LA's chart shows it as a shared change, and no concern is opened for it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Concerns, fixedClock, Quarters, Spc, type Deps, type OutboundEmail } from "@riia/core";
import type { App } from "@riia/functions/app";
import { seededRandom } from "../../local/seeded-random";
import { seededApp } from "./page-world";
import { signInByPage } from "./sign-in";
import { EAST_MIDLANDS, EAST_MIDLANDS_LAS, eesCsv, readEarlyWarning } from "./east-midlands";

const clock = fixedClock("2026-07-20T09:00:00Z");
const REGION = EAST_MIDLANDS;
const LAS = EAST_MIDLANDS_LAS;
const LEICESTER = "E06000016";
const QUARTERS = Quarters.window("2026-Q2", 11);
const IDS = ["re-referrals", "sw-agency", "care-leavers-eet"] as const;
const LEVEL = { "re-referrals": 22, "sw-agency": 18, "care-leavers-eet": 56 };
const round1 = (v: number) => Math.round(v * 10) / 10;

/** Each LA: its own level, noise about 3 % of it; re-referrals 15 % up for everyone over the last 8; Leicester's agency step. */
function planted() {
  const rand = seededRandom(2708);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  return new Map(
    LAS.map(([code], j) => {
      const own = Object.fromEntries(
        IDS.map((id) => {
          const level = LEVEL[id] * (0.9 + 0.02 * j);
          const xs = QUARTERS.map((_, i) => {
            const national = id === "re-referrals" && i >= 3 ? 1.15 : 1;
            const step = id === "sw-agency" && code === LEICESTER && i >= 4 ? 2.5 : 0;
            return round1(level * national * (1 + 0.03 * (normal() + step)));
          });
          return [id, xs];
        }),
      );
      return [code, own];
    }),
  );
}
const PLANTED = planted();

const csv = () => eesCsv(IDS, QUARTERS, LAS, (code, _name, id, i) => PLANTED.get(code)![id]![i]!);

let deps: Deps;
let app: App;
let sent: OutboundEmail[];
const concerns = async () => (await Concerns.list(deps, REGION)).filter((c) => c.source === "early-warning");

beforeAll(async () => {
  ({ deps, sent, app } = await seededApp(clock));
  const res = await app.request(`/api/regions/${REGION}/dataset/import`, {
    method: "POST",
    body: JSON.stringify({ csv: csv() }),
    headers: { authorization: `Bearer ${deps.config.appSecret}`, "content-type": "application/json" },
  });
  expect(res.status).toBe(200);
}, 120_000);

describe("11 quarters for a region's ten LAs: other LAs' figures as evidence, under the default MoU rules", () => {
  it("a shift its own few quarters cannot show opens a concern, in words that say what evidence was used, emailed to the DCS", async () => {
    // On Leicester's own quarters alone the step is not told from chance.
    expect(Spc.shiftAt(PLANTED.get(LEICESTER)!["sw-agency"]!)).toBeNull();
    const mine = (await concerns()).filter((c) => c.authority === LEICESTER);
    expect(mine).toHaveLength(1);
    const because = mine[0]!.because!.find((b) => b.includes("a shift of concern"))!;
    expect(because).toMatch(
      /Leicester: agency social workers has been above the average of the \d quarters before them/,
    );
    expect(because).toContain("how much other LAs' figures move from quarter to quarter, typically ±");
    const mail = sent.filter(
      (m) => m.to[0] === "dcs@leicester.example.org" && /a concern about Leicester's figures$/.test(m.subject),
    );
    expect(mail).toHaveLength(1);
  });

  it("a rise every LA shares opens no concern: each chart shows it as a shared change, with the numbers", async () => {
    expect((await concerns()).map((c) => c.authority)).toEqual([LEICESTER]);
    expect(sent.filter((m) => /concern about (?!Leicester)/.test(m.subject))).toEqual([]);
    // Shown on every chart where the LA's own figures shifted: as a shared change, neither concern nor improvement.
    const api = await readEarlyWarning(app, deps, REGION, "2026-Q2");
    const shifted = api.authorities.filter((a) =>
      a.signals.some((s) => s.indicator === "re-referrals" && s.rule === "spc-shift"),
    );
    expect(shifted.length).toBeGreaterThanOrEqual(5);
    for (const a of shifted)
      expect(a.signals.filter((s) => s.indicator === "re-referrals" && s.rule === "spc-shift")).toEqual([
        expect.objectContaining({ variation: "neither", severity: "info" }),
      ]);
    const code = shifted[0]!.authority;
    const name = LAS.find(([c]) => c === code)![1];
    const cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
    const html = await (
      await app.request(`/lead/dataset/${REGION}/la/${code}?quarter=2026-Q2`, { headers: { cookie } })
    ).text();
    const section = html.slice(
      html.indexOf('id="re-referrals"'),
      html.indexOf("</figure>", html.indexOf('id="re-referrals"')),
    );
    expect(section).toContain(
      `govuk-tag--grey">Shared change</strong> ${name}: re-referrals within 12 months has been above`,
    );
    expect(section).toMatch(
      /But the 10 LAs judged with it moved the same way: over the same quarters the typical LA&#39;s re-referrals within 12 months went [\d.]+% up/,
    );
    expect(section).not.toContain("govuk-warning-text");
    // The limits say what they rest on: its own quarters and the other LAs' quarter-to-quarter movement.
    expect(section).toMatch(
      /Process limits from a baseline of 10 quarters .* together with how much other LAs&#39; figures for this indicator move from quarter to quarter \(typically ±[\d.]+%/,
    );
  });
});
