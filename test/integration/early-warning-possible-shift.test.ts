/**
 * The possible shift, through the API and the pages: 11 quarters for the East Midlands' ten LAs,
 * imported as a region's data team would. Derby's re-referrals sit a little above their first 4
 * quarters for the last 7: Making Data Count's run of 7, but too small a step for the shift's t test.
 * It is shown amber on Derby's page, in words with the numbers and rings on the chart, and opens no
 * concern and sends no mail under the default MoU. Leicester's re-referrals step up far more: a
 * shift, a concern and a mail, and no possible shift beside it. Lincolnshire's care leavers in work
 * or education (higher is better) run the better way: good news. A lead who opts in on the rules
 * page makes Derby's possible shift open a concern at the next daily run.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Concerns, DatasetStore, fixedClock, Quarters, type Deps, type OutboundEmail } from "@riia/core";
import type { App } from "@riia/functions/app";
import { seededRandom } from "../../local/seeded-random";
import { formsOf } from "../form-page";
import { seededApp } from "./page-world";
import { signInByPage } from "./sign-in";
import {
  EAST_MIDLANDS,
  EAST_MIDLANDS_LAS,
  eesCsv,
  openRoundThenRunNextMorning,
  readEarlyWarning,
} from "./east-midlands";

const clock = fixedClock("2026-07-20T09:00:00Z");
const REGION = EAST_MIDLANDS;
const LAS = EAST_MIDLANDS_LAS;
const [DERBY, LEICESTER, LINCOLNSHIRE] = ["E06000015", "E06000016", "E10000019"];
const QUARTERS = Quarters.window("2026-Q2", 11);
const IDS = ["re-referrals", "care-leavers-eet", "sw-agency"] as const;
const LEVEL = { "re-referrals": 22, "care-leavers-eet": 56, "sw-agency": 18 };
const round1 = (v: number) => Math.round(v * 10) / 10;
/** 4 quarters about the level, then 7 a little above it (by about 1.6 times other LAs' typical movement). */
const BEFORE = [0, 0.6, -0.5, -0.1];
const RUN = [1.0, 0.7, 1.3, 0.8, 1.1, 0.6, 1.2];
const stepped = (level: number, scale: number, extra = 0) => [
  ...BEFORE.map((d) => round1(level + d * scale)),
  ...RUN.map((d) => round1(level + (d + extra) * scale)),
];

/** Every LA: noise about 3 % of its level; Derby's and Leicester's re-referrals and Lincolnshire's care leavers planted. */
function planted() {
  const rand = seededRandom(2727);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const data = new Map(
    LAS.map(([, name], j) => [
      name,
      Object.fromEntries(
        IDS.map((id) => [id, QUARTERS.map(() => round1(LEVEL[id] * (0.9 + 0.02 * j) * (1 + 0.03 * normal())))]),
      ),
    ]),
  );
  data.get("Derby")!["re-referrals"] = stepped(22, 1);
  data.get("Leicester")!["re-referrals"] = stepped(22, 1, 3);
  data.get("Lincolnshire")!["care-leavers-eet"] = stepped(56, 56 / 22);
  return data;
}
const PLANTED = planted();

const csv = () => eesCsv(IDS, QUARTERS, LAS, (_code, name, id, i) => PLANTED.get(name)![id]![i]!);

let deps: Deps;
let app: App;
let sent: OutboundEmail[];
let cookie: string;
const importCsv = () =>
  app.request(`/api/regions/${REGION}/dataset/import`, {
    method: "POST",
    body: JSON.stringify({ csv: csv() }),
    headers: { authorization: `Bearer ${deps.config.appSecret}`, "content-type": "application/json" },
  });
const concernsOf = async (code: string) =>
  (await Concerns.list(deps, REGION)).filter((c) => c.source === "early-warning" && c.authority === code);
const mailAbout = (name: string) => sent.filter((m) => m.subject.includes(name) || m.text.includes(`${name}:`));
const signalsOf = async (code: string, indicator: string) => {
  const api = await readEarlyWarning(app, deps, REGION, "2026-Q2");
  return api.authorities.find((a) => a.authority === code)!.signals.filter((s) => s.indicator === indicator);
};
const sectionOf = async (code: string, id: string) => {
  const html = await (
    await app.request(`/lead/dataset/${REGION}/la/${code}?quarter=2026-Q2`, { headers: { cookie } })
  ).text();
  return html.slice(html.indexOf(`id="${id}"`), html.indexOf("</figure>", html.indexOf(`id="${id}"`)));
};

beforeAll(async () => {
  ({ deps, sent, app } = await seededApp(clock));
  expect((await importCsv()).status).toBe(200);
  cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
}, 120_000);

describe("a possible shift (a run of 7 the t test cannot yet confirm), under the default MoU rules", () => {
  it("is shown amber on the LA's page, in words with the numbers, its 7 quarters ringed on the chart", async () => {
    expect(await signalsOf(DERBY, "re-referrals")).toEqual([
      expect.objectContaining({ rule: "spc-run", variation: "concern", severity: "amber" }),
    ]);
    const section = await sectionOf(DERBY, "re-referrals");
    expect(section).toMatch(
      /govuk-tag--yellow">Possible shift<\/strong> Derby: re-referrals within 12 months has been above the average of the 4 quarters before them \(22%\) for 7 quarters in a row, at 23% on average; it is 23\.2% in April to June 2026\. A possible shift, not yet clear of chance/,
    );
    expect(section).toMatch(
      /what chance can do is judged from its own quarters and from how much other LAs&#39; figures move from quarter to quarter, typically ±[\d.]+%/,
    );
    expect(section).not.toContain("govuk-warning-text");
    expect(section).toContain("a ring marks each quarter of a signal (7)");
    expect(section.match(/class="signal-point"/g)).toHaveLength(7);
  });

  it("opens no concern and sends no mail", async () => {
    expect(await concernsOf(DERBY)).toEqual([]);
    expect(mailAbout("Derby")).toEqual([]);
    expect(sent.filter((m) => m.to[0] === "dcs@derby.example.org")).toEqual([]);
  });

  it("a big step is a shift instead: a concern, emailed to the DCS, and no possible shift beside it", async () => {
    const signals = await signalsOf(LEICESTER, "re-referrals");
    expect(signals.map((s) => s.rule)).toContain("spc-shift");
    expect(signals.map((s) => s.rule)).not.toContain("spc-run");
    const [c, ...more] = await concernsOf(LEICESTER);
    expect(more).toEqual([]);
    expect(c!.because!.join("\n")).toContain("a sustained shift, too large to be chance");
    expect(
      sent.filter(
        (m) => m.to[0] === "dcs@leicester.example.org" && /a concern about Leicester's figures$/.test(m.subject),
      ),
    ).toHaveLength(1);
    expect(await sectionOf(LEICESTER, "re-referrals")).not.toContain("Possible shift");
  });

  it("a run the better way is good news, and opens nothing", async () => {
    expect(await signalsOf(LINCOLNSHIRE, "care-leavers-eet")).toEqual([
      expect.objectContaining({ rule: "spc-run", variation: "improvement", severity: "good" }),
    ]);
    const section = await sectionOf(LINCOLNSHIRE, "care-leavers-eet");
    expect(section).toMatch(
      /govuk-tag--green">Improvement<\/strong> Lincolnshire: care leavers .* not yet clear of chance.*If it holds, this is an improvement\./,
    );
    expect(await concernsOf(LINCOLNSHIRE)).toEqual([]);
  });

  it("a region may opt in on its rules page: then the daily run opens a concern for it, emailed to the DCS", async () => {
    const page = await (await app.request(`/lead/dataset/${REGION}/rules`, { headers: { cookie } })).text();
    expect(page).toMatch(
      /a possible shift of concern \([^)]*not yet clear of chance\)<\/th>\s*<td[^>]*>\s*Shown, does not open a concern/,
    );
    const post = (body: URLSearchParams) =>
      app.request(`/lead/dataset/${REGION}/rules`, {
        method: "POST",
        body,
        headers: { cookie, "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
      });
    const action = `/lead/dataset/${REGION}/rules`;
    const formOf = (html: string) => formsOf(html).find((f) => f.action === action)!;
    const change = formOf(page).set({
      scope: "all",
      rule: "run",
      open: "yes",
      reason: "We want to hear of possible shifts early this year.",
    });
    const check = await (await post(change.body())).text();
    expect(check).toContain("Open a concern for a possible shift of concern");
    expect((await DatasetStore.settings(deps, REGION)).mou.open.run).toBe(false);
    expect((await post(formOf(check).body())).status).toBe(303);
    expect((await DatasetStore.settings(deps, REGION)).mou.open.run).toBe(true);

    // Nothing changes until the checks run again: the region's daily run, once a round for the quarter is open.
    expect(await concernsOf(DERBY)).toEqual([]);
    await openRoundThenRunNextMorning(app, deps, clock, REGION, "2026-Q2");
    const [c, ...more] = await concernsOf(DERBY);
    expect(more).toEqual([]);
    expect(c!.because!.join("\n")).toMatch(
      /^The MoU opens a concern for a possible shift of concern .*Derby: re-referrals within 12 months has been above/,
    );
    expect(
      sent.filter((m) => m.to[0] === "dcs@derby.example.org" && /a concern about Derby's figures$/.test(m.subject)),
    ).toHaveLength(1);
    // An improvement still opens nothing.
    expect(await concernsOf(LINCOLNSHIRE)).toEqual([]);
  });
});
