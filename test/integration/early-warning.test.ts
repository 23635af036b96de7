/**
 * Early warning you can trust, end to end: a regional lead imports 11 quarters of planted series on
 * the import page (upload, preview, confirm), and the checks run at once for the LAs it touched.
 * A steady worsening over 7 quarters opens a concern whose words say 7; a stable LA (one series flat
 * at the median) gets none; an improvement opens none and is shown as good news; several indicators
 * turning worse at once (a spiral) opens an urgent concern, emailed to the DCS and the lead the
 * same day. A later import through the API never duplicates a concern.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  Audit,
  Concerns,
  DatasetStore,
  fixedClock,
  Indicators,
  Quarters,
  type Deps,
  type OutboundEmail,
} from "@riia/core";
import type { App } from "@riia/functions/app";
import { seededApp } from "./page-world";
import { visitor, visitorPost } from "./visitor";
import { openRoundThenRunNextMorning, readEarlyWarning } from "./east-midlands";

const clock = fixedClock("2026-07-20T09:00:00Z");
const REGION = "east-midlands";
const [DERBY, LEICESTER, RUTLAND, NOTTINGHAM] = ["E06000015", "E06000016", "E06000017", "E06000018"];
const LINCOLNSHIRE = "E10000019";
const NAMES: Record<string, string> = {
  [DERBY]: "Derby",
  [LEICESTER]: "Leicester",
  [RUTLAND]: "Rutland",
  [NOTTINGHAM]: "Nottingham",
  [LINCOLNSHIRE]: "Lincolnshire",
};
const QUARTERS = Quarters.window("2026-Q2", 11);
const IDS = ["re-referrals", "care-leavers-eet", "cpp-second", "sw-turnover", "sw-agency", "cla-3-placements"];
let deps: Deps;
let app: App;
let sent: OutboundEmail[];

/** A stable series: the England figure with a small wiggle that never runs to one side. */
const WIGGLE = [0, 1, -1, 0.5, -0.5, 1, -1, 0, 0.5, -0.5, 0];
const stable = (id: string) =>
  WIGGLE.map((w) => Math.round(Indicators.ENGLAND_TYPICAL[id]! * (1 + w / 100) * 100) / 100);

const PLANTED: Record<string, Record<string, number[]>> = {
  // Stable on everything; re-referrals flat at 22% (the England median) for all 11 quarters.
  [DERBY]: { ...Object.fromEntries(IDS.map((id) => [id, stable(id)])), "re-referrals": Array(11).fill(22) },
  // Re-referrals (lower is better) worse in each of the last 7 quarters: 22% then 23% … 29.6%.
  [LEICESTER]: {
    ...Object.fromEntries(IDS.map((id) => [id, stable(id)])),
    "re-referrals": [21.6, 22.3, 22.4, 22, 23, 24.1, 25.2, 26.3, 27.4, 28.5, 29.6],
  },
  // Care leavers in education, employment or training (higher is better) up 7 quarters: an improvement.
  [RUTLAND]: {
    ...Object.fromEntries(IDS.map((id) => [id, stable(id)])),
    "care-leavers-eet": [56, 56.5, 56.6, 56.2, 57.2, 58.2, 59.2, 60.2, 61.2, 62.2, 63.2],
  },
  // Re-referrals above the 2-sigma line (24.37%, from the 10 quarters before) in 2 of the last 3, inside the limit (27.13%): shown, but
  // the default rules open no concern for it.
  [LINCOLNSHIRE]: {
    ...Object.fromEntries(IDS.map((id) => [id, stable(id)])),
    "re-referrals": [21.5, 22.5, 21.5, 22.5, 21.5, 22.5, 21.5, 22.5, 24.6, 24, 24.6],
  },
  // Four indicators turning worse in the last two quarters.
  [NOTTINGHAM]: {
    ...Object.fromEntries(IDS.map((id) => [id, stable(id)])),
    "cpp-second": [...stable("cpp-second").slice(0, 9), 26, 29],
    "sw-turnover": [...stable("sw-turnover").slice(0, 9), 17, 20.5],
    "sw-agency": [...stable("sw-agency").slice(0, 9), 20, 23.5],
    "cla-3-placements": [...stable("cla-3-placements").slice(0, 10), 13.5],
  },
};

function csvOf(planted: Record<string, Record<string, number[]>>, quarters: string[]) {
  const lines = [`time_period,time_identifier,geographic_level,new_la_code,old_la_code,la_name,${IDS.join(",")}`];
  for (const [code, series] of Object.entries(planted))
    quarters.forEach((q, i) => {
      const { year, n } = Quarters.parse(q);
      lines.push(
        [year, `Quarter ${n}`, "Local authority", code, "", NAMES[code], ...IDS.map((id) => series[id]![i])].join(","),
      );
    });
  return `${lines.join("\n")}\n`;
}

async function signIn(email: string) {
  const v = await visitor(app);
  const before = sent.length;
  await visitorPost(app, v, "/sign-in", { region: REGION, email });
  const mail = sent.slice(before).find((m) => m.to[0] === email)!;
  const path = /http:\/\/riia\.test(\/s\/[\w.-]+)/.exec(mail.text)![1]!;
  const done = await visitorPost(app, v, path, {});
  return done.headers.get("set-cookie")!.split(";")[0]!;
}
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1]!;
const mailFor = (to: string, subject: RegExp) => sent.filter((m) => m.to[0] === to && subject.test(m.subject));
const concerns = async () => (await Concerns.list(deps, REGION)).filter((c) => c.source === "early-warning");

let cookie: string;
let importDone: string;

beforeAll(async () => {
  ({ deps, sent, app } = await seededApp(clock));
  cookie = await signIn("lead@em-riia.example.org");
  const html = await (await app.request(`/lead/dataset/${REGION}/import`, { headers: { cookie } })).text();
  const upload = new FormData();
  upload.set("csrf", csrfOf(html));
  upload.set("file", new File([csvOf(PLANTED, QUARTERS)], "planted.csv", { type: "text/csv" }));
  const preview = await (
    await app.request(`/lead/dataset/${REGION}/import`, {
      method: "POST",
      body: upload,
      headers: { cookie, origin: "http://localhost" },
    })
  ).text();
  expect(preview).toContain("Check before importing");
  // The preview changes nothing and opens nothing.
  expect(await concerns()).toEqual([]);
  const confirm = new FormData();
  for (const m of preview
    .slice(preview.lastIndexOf("<form"))
    .matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g))
    confirm.set(m[1]!, m[2]!);
  const done = await app.request(`/lead/dataset/${REGION}/import`, {
    method: "POST",
    body: confirm,
    headers: { cookie, origin: "http://localhost" },
  });
  expect(done.status).toBe(200);
  importDone = await done.text();
}, 120_000);

describe("an import runs the checks for the LAs it touched, under the default MoU rules", () => {
  it("opens a concern about the steady worsening over 7 quarters, and its words say 7", async () => {
    expect(importDone).toMatch(
      /The early-warning checks opened 2 concerns: (Leicester, Nottingham \(urgent\)|Nottingham \(urgent\), Leicester)\./,
    );
    const [c] = (await concerns()).filter((x) => x.authority === LEICESTER);
    expect(c).toMatchObject({ themes: ["front-door"], quarter: "2026-Q2", status: "awaiting-response" });
    expect(c!.urgent).toBeUndefined();
    expect(c!.evidence.join("\n")).toContain(
      "Leicester: re-referrals within 12 months has got worse 7 quarters in a row: each of the last 7 quarters higher than the one before, from 22% in July to September 2024 to 29.6% in April to June 2026 (its average over 10 baseline quarters is 24.3%",
    );
    expect(c!.because!.find((b) => b.includes("a trend"))).toMatch(
      /^The MoU opens a concern for a trend of concern \(6 or more quarters in a row, each worse than the one before\)\. Leicester: re-referrals/,
    );
    const mail = mailFor("dcs@leicester.example.org", /^East Midlands: a concern about Leicester's figures$/);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toContain("has got worse 7 quarters in a row");
    // The concern page says why it was opened, with the numbers.
    const page = await (
      await app.request(`/lead/concerns/${REGION}/${encodeURIComponent(c!.id)}`, { headers: { cookie } })
    ).text();
    expect(page).toContain("Opened because…");
    expect(page).toMatch(
      /a trend of concern .* has got worse 7 quarters in a row: each of the last 7 quarters higher than the one before, from 22% in July to September 2024 to 29.6%/,
    );
  });

  it("opens none about the stable LA, whose re-referrals sit flat at the median: nothing red", async () => {
    expect((await concerns()).filter((x) => x.authority === DERBY)).toEqual([]);
    expect(mailFor("dcs@derby.example.org", /concern/)).toEqual([]);
    const api = await readEarlyWarning(app, deps, REGION, "2026-Q2");
    const derby = api.authorities.find((a) => a.authority === DERBY)!;
    expect(derby.signals.filter((s) => s.severity === "red" || s.severity === "amber")).toEqual([]);
    expect(derby.concernThemes).toEqual([]);
  });

  it("opens none for an improvement, and shows it as good news on the LA page", async () => {
    expect((await concerns()).filter((x) => x.authority === RUTLAND)).toEqual([]);
    expect(mailFor("dcs@rutland.example.org", /concern/)).toEqual([]);
    const html = await (
      await app.request(`/lead/dataset/${REGION}/la/${RUTLAND}?quarter=2026-Q2`, { headers: { cookie } })
    ).text();
    expect(html).toContain("No early-warning signals of concern this quarter.");
    const good = html.slice(
      html.indexOf('id="improvements"'),
      html.indexOf("</ul>", html.indexOf('id="improvements"')),
    );
    expect(good).toMatch(/care leavers in education, employment or training has got better 7 quarters in a row/);
    expect(html).toMatch(/govuk-tag--green">Improvement<\/strong> Rutland: care leavers/);
    expect(html).not.toMatch(/govuk-warning-text[\s\S]{0,300}care leavers in education/);
    // The chart shows the baseline's limits and rings the signal point.
    expect(html).toMatch(
      /Process limits from a baseline of 10 quarters \(October to December 2023 to January to March 2026\): mean 58.4%, limits 47.1% to 69.6% \(wider than 2.66 × the average moving range of 0.8%: from 10 quarters sigma is uncertain, and these are the limits a steady series crosses only 1 quarter in 2,000 on each side\)/,
    );
    expect(html).toContain('class="signal-point"');
  });

  it("opens an urgent concern for a spiral, emailed to the DCS and the regional lead the same day", async () => {
    const [c] = (await concerns()).filter((x) => x.authority === NOTTINGHAM);
    expect(c).toMatchObject({ urgent: true, level: 0 });
    expect(c!.openedAt.slice(0, 10)).toBe("2026-07-20");
    expect(c!.because![0]).toMatch(/^The MoU opens a concern for a spiral \(several indicators turning worse/);
    expect(c!.evidence[0]).toMatch(
      /^Nottingham: 4 indicators have turned worse within the last two quarters, .*\(second or later child protection plan, three or more placements in the year, social worker turnover, agency social workers\)/,
    );
    const dcs = mailFor("dcs@nottingham.example.org", /^East Midlands: a concern about Nottingham's figures$/);
    const lead = mailFor("lead@em-riia.example.org", /^Escalation: concern about Nottingham$/);
    expect(dcs).toHaveLength(1);
    expect(lead).toHaveLength(1);
    expect(lead[0]!.text).toContain("This is an urgent concern, opened at once");
    expect(c!.themes).toEqual(expect.arrayContaining(["child-protection", "workforce"]));
  });

  it("never duplicates: a further quarter through the API, worse and now a spiral, makes the open concern urgent", async () => {
    clock.set("2026-10-20T09:00:00Z");
    const q3 = {
      ...Object.fromEntries(IDS.map((id) => [id, [stable(id)[0]!]])),
      "re-referrals": [30.7],
      "cpp-second": [29],
      "sw-turnover": [20.5],
      "sw-agency": [23.5],
    };
    const res = await app.request(`/api/regions/${REGION}/dataset/import`, {
      method: "POST",
      body: JSON.stringify({ csv: csvOf({ [LEICESTER]: q3 }, ["2026-Q3"]) }),
      headers: { authorization: `Bearer ${deps.config.appSecret}`, "content-type": "application/json" },
    });
    expect(res.status).toBe(200);
    const mine = (await concerns()).filter((x) => x.authority === LEICESTER);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ urgent: true, quarter: "2026-Q2" });
    expect(mine[0]!.evidence[0]).toMatch(/^Leicester: 3 indicators have turned worse within the last two quarters/);
    expect(mine[0]!.history.map((h) => h.action)).toEqual(["opened", "made urgent"]);
    expect(mailFor("dcs@leicester.example.org", /a concern about Leicester/)).toHaveLength(1);
    for (const to of ["lead@em-riia.example.org", "dcs@leicester.example.org"]) {
      const urgent = mailFor(to, /^Escalation: concern about Leicester$/);
      expect(urgent).toHaveLength(1);
      expect(urgent[0]!.text).toContain("This concern is now urgent");
    }
  });
});

describe("the region's rules, on a page", () => {
  const form = (fields: Record<string, string>) =>
    app.request(`/lead/dataset/${REGION}/rules`, {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: { cookie, "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
    });

  it("shows the rules and what opens a concern; a change is confirmed first, then versioned and audited", async () => {
    cookie = await signIn("lead@em-riia.example.org"); // the clock has moved on past the first session
    const html = await (await app.request(`/lead/dataset/${REGION}/rules`, { headers: { cookie } })).text();
    expect(html).toContain("Version 1.");
    expect(html).toMatch(
      /a trend of concern \(6 or more quarters in a row, each worse than the one before\)<\/th>\s*<td[^>]*>\s*Opens a concern/,
    );
    expect(html).toMatch(
      /2 of the last 3 quarters beyond the 2-sigma line on the worse side<\/th>\s*<td[^>]*>\s*Shown, does not open a concern/,
    );
    const csrf = csrfOf(html);

    const bad = await form({ csrf, scope: "indicator", indicator: "nope", rule: "trend", open: "no", reason: "" });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("There is a problem");
    expect(badHtml).toContain('href="#indicator">Choose an indicator');
    expect(badHtml).toContain('href="#reason">Give the reason for the change in a sentence');

    const fields = {
      csrf,
      scope: "indicator",
      indicator: "sw-agency",
      rule: "two-of-three",
      open: "yes",
      reason: "Agency reliance is the board's first risk this year.",
    };
    const check = await (await form(fields)).text();
    expect(check).toContain("Check the change");
    expect(check).toContain(
      "Open a concern for 2 of the last 3 quarters beyond the 2-sigma line on the worse side on the indicator Agency social workers.",
    );
    expect((await DatasetStore.settings(deps, REGION)).mou.version).toBe(1);

    const done = await form({ ...fields, confirm: "yes" });
    expect(done.status).toBe(303);
    const mou = (await DatasetStore.settings(deps, REGION)).mou;
    expect(mou.version).toBe(2);
    expect(mou.overrides).toEqual([{ scope: "indicator", id: "sw-agency", rule: "two-of-three", open: true }]);
    const after = await (await app.request(done.headers.get("location")!, { headers: { cookie } })).text();
    expect(after).toContain("Version 2.");
    expect(after).toMatch(/Indicator: Agency social workers/);
    const audit = await Audit.listForScope(deps, Audit.regionScope(REGION));
    const entry = audit.items.find((a) => a.action === "dataset.rules.changed")!;
    expect(entry.summary).toBe(
      "Early-warning rules version 2: Open a concern for 2 of the last 3 quarters beyond the 2-sigma line on the worse side on the indicator Agency social workers. Reason: Agency reliance is the board's first risk this year.",
    );
    expect(entry.actor).toMatchObject({ kind: "person" });
  });

  it("a tightened rule takes effect at the daily run, which catches what no import or return touched", async () => {
    expect((await concerns()).filter((x) => x.authority === LINCOLNSHIRE)).toEqual([]);
    const csrf = csrfOf(await (await app.request(`/lead/dataset/${REGION}/rules`, { headers: { cookie } })).text());
    const fields = {
      csrf,
      scope: "theme",
      theme: "front-door",
      rule: "two-of-three",
      open: "yes",
      reason: "The front door is this year's improvement priority.",
      confirm: "yes",
    };
    expect((await form(fields)).status).toBe(303);
    expect((await DatasetStore.settings(deps, REGION)).mou.version).toBe(3);
    // A round for the quarter starts the region's daily check; the next morning's run opens the concern.
    await openRoundThenRunNextMorning(app, deps, clock, REGION, "2026-Q2");
    const [c] = (await concerns()).filter((x) => x.authority === LINCOLNSHIRE);
    expect(c).toMatchObject({ themes: ["front-door"], mouVersion: 3, openedAt: "2026-07-21T06:30:00.000Z" });
    expect(c!.because).toEqual([
      expect.stringMatching(
        /^The MoU opens a concern for 2 of the last 3 quarters beyond the 2-sigma line on the worse side\. Lincolnshire: re-referrals within 12 months has been above its 2-sigma line of 24\.4% in 2 of the last 3 quarters; it is 24\.6%/,
      ),
    ]);
    expect(mailFor("dcs@lincolnshire.example.org", /a concern about Lincolnshire's figures/)).toHaveLength(1);
    // No LA gets a second concern from the daily run.
    expect((await concerns()).map((x) => x.authority).sort()).toEqual([LEICESTER, NOTTINGHAM, LINCOLNSHIRE].sort());
  });

  it("records a change in an LA's process: its baseline starts again there, and its chart says why", async () => {
    const csrf = csrfOf(await (await app.request(`/lead/dataset/${REGION}/rules`, { headers: { cookie } })).text());
    const post = (fields: Record<string, string>) =>
      app.request(`/lead/dataset/${REGION}/rules/baseline`, {
        method: "POST",
        body: new URLSearchParams({ csrf, ...fields }),
        headers: { cookie, "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
      });
    const bad = await post({ authority: DERBY, indicator: "re-referrals", from: "spring", reason: "new" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('href="#from">Enter the first quarter of the new baseline, like 2026-Q1');
    const fields = {
      authority: DERBY,
      indicator: "re-referrals",
      from: "2024-Q2",
      reason: "A new front door opened in April 2024.",
    };
    const check = await (await post(fields)).text();
    expect(check).toMatch(/A new baseline for Derby(&#39;|')s re-referrals within 12 months from April to June 2024\./);
    expect((await DatasetStore.settings(deps, REGION)).baselineChanges).toEqual([]);
    expect((await post({ ...fields, confirm: "yes" })).status).toBe(303);
    expect((await DatasetStore.settings(deps, REGION)).baselineChanges).toMatchObject([
      {
        authority: DERBY,
        indicator: "re-referrals",
        from: "2024-Q2",
        reason: "A new front door opened in April 2024.",
      },
    ]);
    const la = await (
      await app.request(`/lead/dataset/${REGION}/la/${DERBY}?quarter=2026-Q2`, { headers: { cookie } })
    ).text();
    expect(la).toContain(
      "Process limits from a baseline of 8 quarters (April to June 2024 to January to March 2026): mean 22%, limits 22% to 22%. The baseline starts again from April to June 2024: A new front door opened in April 2024.",
    );
    const audit = await Audit.listForScope(deps, Audit.regionScope(REGION));
    expect(audit.items.find((a) => a.action === "dataset.baseline.changed")!.summary).toBe(
      "A new baseline for Derby's re-referrals within 12 months from April to June 2024. Reason: A new front door opened in April 2024.",
    );
  });

  it("is not open to an LA officer", async () => {
    const officer = await signIn("performance@derby.example.org");
    expect((await app.request(`/lead/dataset/${REGION}/rules`, { headers: { cookie: officer } })).status).toBe(403);
  });
});

describe("a concern whose signals clear", () => {
  it("says so on its page, and the lead closes it with a note", async () => {
    clock.set("2027-01-20T09:00:00Z");
    cookie = await signIn("lead@em-riia.example.org");
    const [c] = (await concerns()).filter((x) => x.authority === LEICESTER);
    const path = `/lead/concerns/${REGION}/${encodeURIComponent(c!.id)}`;
    // No figures for October to December yet: judged on July to September's, where the worsening goes on.
    const before = await (await app.request(path, { headers: { cookie } })).text();
    expect(before).toContain("The signals still stand with the figures for July to September 2026.");
    expect(before).not.toContain("Signals cleared");

    const back = csvOf(
      { [LEICESTER]: { ...Object.fromEntries(IDS.map((id) => [id, [stable(id)[0]!]])), "re-referrals": [22] } },
      ["2026-Q4"],
    );
    const res = await app.request(`/api/regions/${REGION}/dataset/import`, {
      method: "POST",
      body: JSON.stringify({ csv: back }),
      headers: { authorization: `Bearer ${deps.config.appSecret}`, "content-type": "application/json" },
    });
    expect(res.status).toBe(200);
    const after = await (await app.request(path, { headers: { cookie } })).text();
    expect(after).toMatch(
      /Signals cleared<\/strong> With the figures for October to December 2026, the signals that opened this concern have cleared/,
    );
    const close = await app.request(path, {
      method: "POST",
      body: new URLSearchParams({
        csrf: csrfOf(after),
        action: "close",
        note: "Re-referrals back to 22% after the front door review.",
      }),
      headers: { cookie, "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
    });
    expect(close.status).toBe(303);
    expect(await Concerns.get(deps, REGION, c!.id)).toMatchObject({
      status: "closed",
      outcome: "Re-referrals back to 22% after the front door review.",
    });
  });
});
