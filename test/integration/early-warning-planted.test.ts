/**
 * Planted series over 20 quarters, imported through the API as a region's data team would, and
 * the concerns and mail that follow under the default MoU rules: a sustained shift and a point far
 * beyond the limits each open a concern (its words give the numbers), emailed to the DCS; a spiral
 * opens an urgent one, emailed to the DCS and the regional lead the same day; a steady LA gets
 * nothing red and no concern; an improvement of the same size is good news and opens nothing.
 * A second import of the same file opens nothing new.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Concerns, fixedClock, Quarters, type Deps, type OutboundEmail } from "@riia/core";
import type { App } from "@riia/functions/app";
import { readEarlyWarning } from "./east-midlands";
import { seededApp } from "./page-world";
import { signInByPage } from "./sign-in";

const clock = fixedClock("2026-07-20T09:00:00Z");
const REGION = "east-midlands";
const [DERBY, LEICESTER, RUTLAND, NOTTINGHAM, LINCOLNSHIRE] = [
  "E06000015",
  "E06000016",
  "E06000017",
  "E06000018",
  "E10000019",
];
const NAMES: Record<string, string> = {
  [DERBY]: "Derby",
  [LEICESTER]: "Leicester",
  [RUTLAND]: "Rutland",
  [NOTTINGHAM]: "Nottingham",
  [LINCOLNSHIRE]: "Lincolnshire",
};
const QUARTERS = Quarters.window("2026-Q2", 20);
const IDS = ["re-referrals", "care-leavers-eet", "cpp-second", "sw-turnover", "sw-agency", "cla-3-placements"];
const LEVEL: Record<string, number> = {
  "re-referrals": 22,
  "care-leavers-eet": 56,
  "cpp-second": 24,
  "sw-turnover": 16,
  "sw-agency": 18,
  "cla-3-placements": 10,
};
/** Quarter-to-quarter noise that never runs 6 one way nor 7 to one side: a steady process. */
const NOISE = [0, 1, -1, 0.5, -0.5, 1, -1, 0, 0.5, -0.5, 1, -0.5, 0, -1, 0.5, 1, -1, 0.5, 0, -0.5];
const round1 = (v: number) => Math.round(v * 10) / 10;
/** A steady series around an indicator's level, its noise about 3 % of the level, with `from` quarters on stepped by `step`. */
const series = (id: string, step = 0, from = 20) =>
  NOISE.map((w, i) => round1(LEVEL[id]! * (1 + 0.03 * w) + (i >= from ? step : 0)));
const steady = () => Object.fromEntries(IDS.map((id) => [id, series(id)]));

const PLANTED: Record<string, Record<string, number[]>> = {
  [DERBY]: steady(),
  // Re-referrals (lower is better) up by 4 points for the last 8 quarters: a sustained shift of concern.
  [LEICESTER]: { ...steady(), "re-referrals": series("re-referrals", 4, 12) },
  // Agency social workers (lower is better) at 30 % in the latest quarter, from about 18 %: beyond the limit.
  [RUTLAND]: { ...steady(), "sw-agency": [...series("sw-agency").slice(0, 19), 30] },
  // Three indicators far worse in the latest quarter: a spiral.
  [NOTTINGHAM]: {
    ...steady(),
    "cpp-second": [...series("cpp-second").slice(0, 19), 34],
    "sw-turnover": [...series("sw-turnover").slice(0, 19), 24],
    "cla-3-placements": [...series("cla-3-placements").slice(0, 19), 15],
  },
  // Care leavers in education, employment or training (higher is better) up 6 points for 8 quarters: an improvement.
  [LINCOLNSHIRE]: { ...steady(), "care-leavers-eet": series("care-leavers-eet", 6, 12) },
};

function csvOf(planted: Record<string, Record<string, number[]>>) {
  const lines = [`time_period,time_identifier,geographic_level,new_la_code,old_la_code,la_name,${IDS.join(",")}`];
  for (const [code, s] of Object.entries(planted))
    QUARTERS.forEach((q, i) => {
      const { year, n } = Quarters.parse(q);
      lines.push(
        [year, `Quarter ${n}`, "Local authority", code, "", NAMES[code], ...IDS.map((id) => s[id]![i])].join(","),
      );
    });
  return `${lines.join("\n")}\n`;
}

let deps: Deps;
let app: App;
let sent: OutboundEmail[];
const importCsv = () =>
  app.request(`/api/regions/${REGION}/dataset/import`, {
    method: "POST",
    body: JSON.stringify({ csv: csvOf(PLANTED) }),
    headers: { authorization: `Bearer ${deps.config.appSecret}`, "content-type": "application/json" },
  });
const mailFor = (to: string, subject: RegExp) => sent.filter((m) => m.to[0] === to && subject.test(m.subject));
const concerns = async () => (await Concerns.list(deps, REGION)).filter((c) => c.source === "early-warning");
const concernOf = async (code: string) => (await concerns()).filter((c) => c.authority === code);

beforeAll(async () => {
  ({ deps, sent, app } = await seededApp(clock));
  const res = await importCsv();
  expect(res.status).toBe(200);
}, 120_000);

describe("planted series over 20 quarters, imported through the API, under the default MoU rules", () => {
  it("a sustained shift opens a concern whose words give the run and the averages, emailed to the DCS", async () => {
    const [c, ...more] = await concernOf(LEICESTER);
    expect(more).toEqual([]);
    expect(c).toMatchObject({ themes: ["front-door"], quarter: "2026-Q2", status: "awaiting-response" });
    expect(c!.because!.find((b) => b.includes("a shift of concern"))).toMatch(
      /Leicester: re-referrals within 12 months has been above the average of the 12 quarters before them \(22%\) for 8 quarters in a row, at 26% on average: a sustained shift, too large to be chance; it is 25\.7% in April to June 2026/,
    );
    const mail = mailFor("dcs@leicester.example.org", /^East Midlands: a concern about Leicester's figures$/);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toContain("for 8 quarters in a row");
  });

  it("a point far beyond the limits opens a concern (red), emailed to the DCS", async () => {
    const [c, ...more] = await concernOf(RUTLAND);
    expect(more).toEqual([]);
    expect(c!.themes).toEqual(["workforce"]);
    expect(c!.because!.join("\n")).toMatch(
      /a point beyond the process limits on the worse side\. Rutland: agency social workers is 30% in April to June 2026, beyond its upper process limit of [\d.]+% \(its average over 19 baseline quarters is 18/,
    );
    expect(mailFor("dcs@rutland.example.org", /a concern about Rutland's figures$/)).toHaveLength(1);
  });

  it("a spiral opens an urgent concern, emailed to the DCS and the regional lead the same day", async () => {
    const [c, ...more] = await concernOf(NOTTINGHAM);
    expect(more).toEqual([]);
    expect(c).toMatchObject({ urgent: true, openedAt: "2026-07-20T09:00:00.000Z" });
    expect(c!.evidence[0]).toMatch(
      /^Nottingham: 3 indicators have turned worse since last quarter|^Nottingham: 3 indicators have turned worse within the last two quarters/,
    );
    expect(mailFor("dcs@nottingham.example.org", /a concern about Nottingham's figures$/)).toHaveLength(1);
    const lead = mailFor("lead@em-riia.example.org", /^Escalation: concern about Nottingham$/);
    expect(lead).toHaveLength(1);
    expect(lead[0]!.text).toContain("This is an urgent concern, opened at once");
  });

  it("the steady LA has nothing red and no concern; the improvement is good news and opens nothing", async () => {
    expect(await concernOf(DERBY)).toEqual([]);
    expect(await concernOf(LINCOLNSHIRE)).toEqual([]);
    expect(mailFor("dcs@derby.example.org", /concern/)).toEqual([]);
    expect(mailFor("dcs@lincolnshire.example.org", /concern/)).toEqual([]);
    const api = await readEarlyWarning(app, deps, REGION, "2026-Q2");
    const of = (code: string) => api.authorities.find((a) => a.authority === code)!.signals;
    expect(of(DERBY).filter((s) => s.rule.startsWith("spc-") || s.rule === "spiral")).toEqual([]);
    expect(of(DERBY).filter((s) => s.severity === "red")).toEqual([]);
    const good = of(LINCOLNSHIRE).filter((s) => s.indicator === "care-leavers-eet");
    expect(good.map((s) => [s.rule, s.variation, s.severity])).toContainEqual(["spc-shift", "improvement", "good"]);
    expect(good.filter((s) => s.variation === "concern")).toEqual([]);
  });

  it("the LA's chart shades the baseline, draws mean and limits, rings every quarter of the shift, beside neighbours and England", async () => {
    const cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
    const html = await (
      await app.request(`/lead/dataset/${REGION}/la/${LEICESTER}?quarter=2026-Q2`, { headers: { cookie } })
    ).text();
    const section = html.slice(
      html.indexOf('id="re-referrals"'),
      html.indexOf("</figure>", html.indexOf('id="re-referrals"')),
    );
    expect(section).toContain('class="baseline-band"');
    for (const line of ["SPC mean", "SPC upper limit", "SPC lower limit", "Neighbours", "England"])
      expect(section, line).toContain(line);
    expect(section.match(/class="signal-point"/g)).toHaveLength(8);
    expect(section).toMatch(
      /Process limits from a baseline of 19 quarters \(July to September 2021 to January to March 2026\): mean [\d.]+%, limits/,
    );
    expect(section).toContain("a ring marks each quarter of a signal (8)");
    // The steady LA's chart rings nothing.
    const derby = await (
      await app.request(`/lead/dataset/${REGION}/la/${DERBY}?quarter=2026-Q2`, { headers: { cookie } })
    ).text();
    expect(derby).toContain('class="baseline-band"');
    expect(derby).not.toContain('class="signal-point"');
  });

  it("importing the same file again opens nothing new and sends nothing", async () => {
    const before = { concerns: (await concerns()).length, mail: sent.length };
    expect((await importCsv()).status).toBe(200);
    expect((await concerns()).length).toBe(before.concerns);
    expect(sent.length).toBe(before.mail);
    expect((await concerns()).map((c) => c.authority).sort()).toEqual([LEICESTER, NOTTINGHAM, RUTLAND].sort());
  });
});
