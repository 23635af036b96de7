/**
 * A quarter end to end through emailed links and the schedule: the round opens and invites each
 * LA's data contact, the form (read from the rendered HTML) refuses bad figures and asks to check a
 * sharp move, reminders go to LAs still missing, late returns climb the ladder, and the
 * early-warning check raises a concern about the deteriorating LA.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Audit, Collection, DatasetStore, fixedClock, Quarters, type Deps, type OutboundEmail } from "@riia/core";
import { runScheduled } from "@riia/functions/scheduled";
import { DETERIORATING_LA, seedDataset } from "../../local/seed-dataset";
import type { App } from "@riia/functions/app";
import { seededApp } from "./page-world";

const clock = fixedClock("2026-06-20T09:00:00Z");
const REGION = "east-midlands";
const DERBY = "E06000015";
let deps: Deps;
let app: App;
let sent: OutboundEmail[];

beforeAll(async () => {
  ({ deps, sent, app } = await seededApp(clock, (base) => seedDataset(base, { last: "2026-Q1", quarters: 8 })));
}, 120_000);

const tickAt = async (at: string) => {
  clock.set(at);
  return runScheduled(deps);
};
/** Every named field of the page's (last) form: inputs, hidden fields and textareas, with their values. */
function formOf(html: string) {
  const form = html.slice(html.lastIndexOf("<form"));
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(/<input\b[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(m[0])?.[1];
    if (name && !/type="(file|submit)"/.test(m[0])) fields[name] = /value="([^"]*)"/.exec(m[0])?.[1] ?? "";
  }
  for (const m of form.matchAll(/<textarea\b[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g))
    fields[m[1]!] = m[2]!.trim();
  return { action: /action="([^"]+)"/.exec(form)![1]!, fields };
}
const post = (path: string, fields: Record<string, string>) =>
  app.request(path, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
  });
const linkIn = (mail: OutboundEmail, prefix: string) =>
  new RegExp(`http://riia\\.test(/${prefix}/[\\w.-]+)`).exec(mail.text)![1]!;
const mailFor = (to: string, subject: RegExp) => sent.filter((m) => m.to[0] === to && subject.test(m.subject));

describe("a quarter through emailed links", () => {
  it("opens the round when the quarter ends and invites each LA's data contact (once)", async () => {
    const res = await app.request(`/api/regions/${REGION}/dataset/rounds`, {
      method: "POST",
      body: JSON.stringify({ quarter: "2026-Q2" }),
      headers: { authorization: `Bearer ${deps.config.appSecret}`, "content-type": "application/json" },
    });
    expect(await res.json()).toEqual({
      quarter: "2026-Q2",
      opensAt: "2026-07-01T00:00:00.000Z",
      dueAt: "2026-08-11T16:00:00.000Z",
    });
    await tickAt("2026-06-30T09:00:00Z");
    expect(mailFor("performance@derby.example.org", /Core dataset/)).toHaveLength(0);
    await tickAt("2026-07-01T09:00:00Z");
    await tickAt("2026-07-01T09:15:00Z");
    const invites = sent.filter((m) =>
      /^Core dataset for April to June 2026: please send by 11 August 2026$/.test(m.subject),
    );
    expect(invites.map((m) => m.to[0]).sort()).toContain("performance@derby.example.org");
    expect(invites).toHaveLength(10);
    expect(await deps.store.get({ pk: "DSROUND#east-midlands", sk: "2026-Q3" })).toMatchObject({
      opensAt: "2026-10-01T00:00:00.000Z",
    });
  });

  it("refuses a numerator above its denominator and asks to check a sharp move, keeping it only with a note", async () => {
    const path = linkIn(mailFor("performance@derby.example.org", /^Core dataset for/)[0]!, "d");
    const page = await app.request(path);
    expect(page.status).toBe(200);
    const { action, fields } = formOf(await page.text());
    expect(fields["v-re-referrals"]).toBe("");
    const q1 = (await DatasetStore.getValues(deps, REGION, "2026-Q1", DERBY))!.values;
    const filled = Object.fromEntries(
      Object.entries(fields).map(([k, v]) => [k, k.startsWith("v-") ? String(q1[k.slice(2)]) : v]),
    );
    const bad = await post(action, {
      ...filled,
      "v-assessments-45-days": String(Number(filled["v-assessments"]) + 5),
      "v-re-referrals": "140",
    });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("There is a problem");
    expect(badHtml).toMatch(
      /Assessments completed within 45 working days \([\d,]+\) cannot be more than assessments completed \([\d,]+\)/,
    );
    expect(badHtml).toContain("Re-referrals within 12 months must be between 0% and 100%");
    expect(await DatasetStore.getValues(deps, REGION, "2026-Q2", DERBY)).toBeUndefined();

    const agency = String(Math.round(Number(filled["v-sw-agency"]) * 1.4));
    const sharp = await post(action, { ...filled, "v-sw-agency": agency });
    expect(sharp.status).toBe(400);
    const sharpHtml = await sharp.text();
    expect(sharpHtml).toMatch(
      /Check this figure: agency social workers moved from [\d.]+% last quarter to [\d.]+% \(up \d+%\)/,
    );
    const again = formOf(sharpHtml);
    expect(again.fields).toHaveProperty("note-sw-agency", "");
    expect(again.fields["v-sw-agency"]).toBe(agency);
    const ok = await post(again.action, {
      ...again.fields,
      "note-sw-agency": "Two teams moved to agency cover while we recruit.",
    });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("Figures sent");
    const stored = (await DatasetStore.getValues(deps, REGION, "2026-Q2", DERBY))!;
    expect(stored.values["sw-agency"]).toBe(Number(agency));
    expect(stored.notes["sw-agency"]).toBe("Two teams moved to agency cover while we recruit.");
    expect(stored.source).toBe("return");
  });

  it("reminds only LAs still missing, then tells the DCS and the regional lead of late returns", async () => {
    await tickAt("2026-08-04T15:59:59Z");
    await tickAt("2026-08-05T09:00:00Z");
    const reminders = sent.filter(
      (m) => m.subject === "Reminder: core dataset for April to June 2026 due 11 August 2026",
    );
    expect(reminders.map((m) => m.to[0])).not.toContain("performance@derby.example.org");
    expect(reminders.map((m) => m.to[0])).toContain("performance@leicester.example.org");
    expect(reminders).toHaveLength(9);
  });

  it("raises a concern about the deteriorating LA as soon as its return comes in, with plain-words evidence", async () => {
    // Nottingham's data contact sends figures that carry on getting worse.
    const path = linkIn(mailFor("performance@nottingham.example.org", /^Core dataset for/)[0]!, "d");
    const { action, fields } = formOf(await (await app.request(path)).text());
    const q1 = (await DatasetStore.getValues(deps, REGION, "2026-Q1", DETERIORATING_LA))!.values;
    const filled = Object.fromEntries(
      Object.entries(fields).map(([k, v]) => [k, k.startsWith("v-") ? String(q1[k.slice(2)]) : v]),
    );
    filled["v-cpp-second"] = String(Number(q1["cpp-second"]) + 2.6);
    filled["v-cpp-2-years"] = String(Number(q1["cpp-2-years"]) + 1.1);
    expect((await post(action, filled)).status).toBe(200);

    await tickAt("2026-08-12T17:00:00Z");
    const concerns = (await (
      await app.request(`/api/regions/${REGION}/concerns`, {
        headers: { authorization: `Bearer ${deps.config.appSecret}` },
      })
    ).json()) as { concerns: { authority: string; themes: string[]; evidence: string[]; status: string }[] };
    const notts = concerns.concerns.filter((c) => c.authority === DETERIORATING_LA);
    expect(notts).toHaveLength(1);
    expect(notts[0]!.themes).toContain("child-protection");
    expect(notts[0]!.evidence.join("\n")).toMatch(
      /Nottingham: second or later child protection plan is [\d.]+% in April to June 2026, worse than the region's alert level of 30%/,
    );
    // Derby's return (above) sent agency social workers up 40%, beyond its process limit: the check run on
    // that return opened a concern about Derby there and then; no other LA has one.
    const others = concerns.concerns.filter((c) => c.authority !== DETERIORATING_LA);
    expect(others.map((c) => [c.authority, c.themes])).toEqual([[DERBY, ["workforce"]]]);
    expect(others[0]!.evidence[0]).toMatch(
      /^Derby: agency social workers is [\d.]+% in April to June 2026, beyond its upper process limit of [\d.]+% \(its average over 8 baseline quarters is/,
    );
    expect(mailFor("dcs@derby.example.org", /a concern about Derby's figures/)).toHaveLength(1);
    const dcsMail = mailFor("dcs@nottingham.example.org", /a concern about Nottingham's figures/);
    expect(dcsMail).toHaveLength(1);
    expect(dcsMail[0]!.replyTo?.[0]).toMatch(/^reply\+[a-z2-7]{28}@/);
    expect(dcsMail[0]!.text).toContain("second or later child protection plan");
    // Late returns: the DCSs of LAs that never sent theirs are told the day after the due date.
    expect(
      mailFor("dcs@leicester.example.org", /^Escalation: Leicester's Core dataset return for April to June 2026/),
    ).toHaveLength(1);
    expect(mailFor("dcs@derby.example.org", /^Escalation/)).toHaveLength(0);
  });

  it("climbs the ladder when the DCS does not respond, and the concern is a need on the support menu", async () => {
    // Opened when Nottingham's return came in (5 August, 09:00): the DCS had 14 days.
    await tickAt("2026-08-19T08:00:00Z");
    expect(mailFor("lead@em-riia.example.org", /^Escalation: concern about Nottingham$/)).toHaveLength(0);
    await tickAt("2026-08-19T09:05:00Z");
    const toLead = mailFor("lead@em-riia.example.org", /^Escalation: concern about Nottingham$/);
    expect(toLead).toHaveLength(1);
    expect(toLead[0]!.text).toMatch(/has not responded; the response was due on 2026-08-19/);
    await tickAt("2026-09-02T09:05:00Z");
    expect(mailFor("adviser@dfe.example.org", /^Escalation: concern about Nottingham$/)).toHaveLength(1);
    await tickAt("2026-09-30T09:05:00Z");
    expect(mailFor("adviser@dfe.example.org", /^Escalation: concern about Nottingham$/)).toHaveLength(1);
    const concern = (await deps.store.query({ pk: "CONCERN#east-midlands" })).items.find(
      (c) => c.authority === DETERIORATING_LA,
    );
    expect(concern).toMatchObject({ status: "escalated", level: 2 });
    expect(concern!.gsi2pk).toBeUndefined();
    const need = await deps.store.get({ pk: "NEED#east-midlands-2025", sk: `${DETERIORATING_LA}#child-protection` });
    expect(need).toMatchObject({ kind: "need", priority: 3, sources: ["concern"] });
    const audit = await Audit.listForAuthority(deps, DETERIORATING_LA, { limit: 20 });
    expect(audit.items.map((a) => a.action)).toEqual(
      expect.arrayContaining(["concern.opened", "concern.escalated", "dataset.return.submitted"]),
    );
  });
});

describe("early warning in the API", () => {
  it("returns signals per LA with evidence for a quarter, and refuses a bad quarter without a 500", async () => {
    const res = await app.request(`/api/regions/${REGION}/early-warning?quarter=2026-Q1`, {
      headers: { authorization: `Bearer ${deps.config.appSecret}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      authorities: {
        authority: string;
        signals: { rule: string; explanation: string; evidence: unknown }[];
        benchmarks: { indicator: string; rank: number | null; of: number }[];
        concernThemes: string[];
      }[];
    };
    expect(body.authorities).toHaveLength(10);
    const notts = body.authorities.find((a) => a.authority === DETERIORATING_LA)!;
    expect(notts.signals.map((s) => s.rule)).toEqual(expect.arrayContaining(["threshold", "spc-trend"]));
    expect(notts.concernThemes).toContain("child-protection");
    expect(notts.benchmarks.find((b) => b.indicator === "cpp-second")).toMatchObject({ of: 153 });
    const bad = await app.request(`/api/regions/${REGION}/early-warning?quarter=2026-Q9`, {
      headers: { authorization: `Bearer ${deps.config.appSecret}` },
    });
    expect(bad.status).toBe(400);
    expect(Quarters.lastEnded(clock.now())).toBe("2026-Q2");
    expect(Collection.DUE_DATASET).toBe("DUE#dataset");
  });
});
