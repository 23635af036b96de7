/**
 * A year of a brokered solution's impact, the way people meet it: the lead records aims on the solution's page (the
 * form read from the HTML), both LAs are emailed their link and the offering LA amends the end date; quarters are
 * imported through the CSV import; the scheduled step runs at several dates — nothing is asked before the end, a
 * cancelled solution's queued request is stopped as the mail goes — and the receiving LA's DCS answers on the page
 * while an officer replies by email (real MIME over SMTP). The verdicts and the offering LA's track record follow.
 */
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Audit, DatasetImport, Impact, Support, type Deps, type OutboundEmail, type fixedClock } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import { createApp, type App } from "@riia/functions/app";
import { runScheduled } from "@riia/functions/scheduled";
import { scheduledSteps } from "@riia/functions/steps";
import { startSmtp, type LocalSmtp } from "../../local/smtp-inbound";
import { formWithButton } from "../form-page";
import { signInByPage } from "./sign-in";
import { CYCLE, lead, supportSetup } from "./support-setup";

const REGION = "east-midlands";
const [DERBY, LEICESTER, RUTLAND] = ["E06000015", "E06000016", "E06000017"];
let deps: Deps;
let sent: OutboundEmail[];
let app: App;
let smtp: LocalSmtp;
let cookie: string;
let clock: ReturnType<typeof fixedClock>;

const post = (path: string, body: URLSearchParams, withCookie = true) =>
  app.request(path, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: "http://localhost",
      ...(withCookie ? { cookie } : {}),
    },
  });
const page = async (path: string, withCookie = true) => {
  const res = await app.request(path, withCookie ? { headers: { cookie } } : {});
  expect(res.status, path).toBe(200);
  return res.text();
};
const solution = (needId: string) => Impact.get(deps, REGION, CYCLE, needId);
const pathOf = (text: string, prefix: string) => new RegExp(`http://riia\\.test(/${prefix}/[\\w.-]+)`).exec(text)![1]!;

/** Quarters of one indicator for one LA, through the dataset's CSV import. */
async function importQuarters(authority: string, name: string, from: [number, number], values: number[]) {
  const rows = values.map((v, i) => {
    const idx = from[0] * 4 + from[1] - 1 + i;
    return `${Math.floor(idx / 4)},Quarter ${(idx % 4) + 1},Local authority,${authority},,${name},${v}`;
  });
  await DatasetImport.importCsv(deps, {
    regionId: REGION,
    csv: ["time_period,time_identifier,geographic_level,new_la_code,old_la_code,la_name,sw-turnover", ...rows].join(
      "\n",
    ),
    dryRun: false,
    national: false,
    actor: lead,
  });
}

/** The lead records aims on the solution's page: the form as the page draws it, boxes ticked, dates typed. */
async function recordAims(needId: string, indicator: string, starts: string[], ends: string[]) {
  const html = await page(`/lead/cycles/${CYCLE}/impact/${encodeURIComponent(needId)}`);
  const f = formWithButton(html, "Save the aims").check("indicators", indicator);
  const [sd, sm, sy] = starts;
  const [ed, em, ey] = ends;
  f.set({
    "startsOn-day": sd!,
    "startsOn-month": sm!,
    "startsOn-year": sy!,
    "endsOn-day": ed!,
    "endsOn-month": em!,
    "endsOn-year": ey!,
  });
  return post(f.action, f.body());
}

beforeAll(async () => {
  ({ deps, sent } = await supportSetup());
  clock = deps.clock as ReturnType<typeof fixedClock>;
  app = createApp(deps);
  smtp = await startSmtp(deps as AwsDeps);
  await Support.deriveFromSubmissions(deps, CYCLE);
  await Support.broker(deps, { cycleId: CYCLE, actor: lead });
  // Nottingham's workforce programme goes to Derby and Leicester; Rutland's front door to Lincolnshire's visit.
  const offer = (await Support.offers(deps, CYCLE)).find((o) => o.theme === "workforce")!;
  const reason = "Agreed at the brokering meeting";
  await Support.override(deps, { cycleId: CYCLE, needId: `${RUTLAND}#workforce`, reason, actor: lead });
  for (const la of [DERBY, LEICESTER])
    await Support.override(deps, { cycleId: CYCLE, needId: `${la}#workforce`, offerId: offer.id, reason, actor: lead });
  cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
  // Two years of turnover before the support: steady around 16 % in Derby and Leicester.
  await importQuarters(DERBY, "Derby", [2024, 3], [16.0, 16.4, 15.8, 16.2, 16.1, 15.9, 16.3, 16.0]);
  await importQuarters(LEICESTER, "Leicester", [2024, 3], [18.1, 17.7, 18.3, 18.0, 17.8, 18.2, 17.9, 18.1]);
}, 180_000);
afterAll(() => smtp?.stop());

describe("the impact of brokered solutions through a year", () => {
  it("runs from aims to feedback and verdicts", async () => {
    const brokered = await Support.brokerages(deps, CYCLE);
    const derby = brokered.find((b) => b.authority === DERBY && b.theme === "workforce")!;
    const leicester = brokered.find((b) => b.authority === LEICESTER && b.theme === "workforce")!;
    const rutland = brokered.find((b) => b.authority === RUTLAND && b.theme === "front-door")!;
    expect([derby, leicester, rutland].every(Boolean)).toBe(true);

    // Where the lead brokers, each match without aims links to its page.
    const derbyHref = `/lead/cycles/${CYCLE}/impact/${encodeURIComponent(derby.needId)}`;
    expect(await page(`/lead/cycles/${CYCLE}/support`)).toContain(
      `<a class="govuk-link" href="${derbyHref}">Nottingham to Derby (workforce)</a>`,
    );
    // The list says which solutions still need aims.
    expect(await page(`/lead/cycles/${CYCLE}/impact`)).toContain(
      `${brokered.length} brokered solutions have no aims yet`,
    );

    // Bad input: nothing ticked and the end before the start — GOV.UK errors, nothing stored.
    const html = await page(`/lead/cycles/${CYCLE}/impact/${encodeURIComponent(derby.needId)}`);
    const bad = formWithButton(html, "Save the aims").set({
      "startsOn-day": "1",
      "startsOn-month": "10",
      "startsOn-year": "2026",
      "endsOn-day": "1",
      "endsOn-month": "9",
      "endsOn-year": "2026",
    });
    const refused = await post(bad.action, bad.body());
    expect(refused.status).toBe(400);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain("Choose at least one indicator or priority the support aims to move");
    expect(refusedHtml).toContain("The end date must be after the start date");
    expect(await solution(derby.needId)).toBeUndefined();

    // The lead records aims for three solutions; both LAs' officers get their link.
    const before = sent.length;
    expect((await recordAims(derby.needId, "sw-turnover", ["1", "10", "2026"], ["31", "5", "2027"])).status).toBe(303);
    expect((await recordAims(leicester.needId, "sw-turnover", ["1", "10", "2026"], ["30", "6", "2027"])).status).toBe(
      303,
    );
    expect((await recordAims(rutland.needId, "re-referrals", ["1", "10", "2026"], ["30", "6", "2027"])).status).toBe(
      303,
    );
    const aimsMail = sent.slice(before).filter((m) => /what it aims to change/.test(m.subject));
    expect(aimsMail.map((m) => m.to[0])).toEqual(
      expect.arrayContaining(["performance@derby.example.org", "performance@nottingham.example.org"]),
    );
    expect(await solution(derby.needId)).toMatchObject({
      indicators: ["sw-turnover"],
      startsOn: "2026-10-01",
      endsOn: "2027-05-31",
      version: 1,
    });

    expect(await page(`/lead/cycles/${CYCLE}/support`)).not.toContain(derbyHref);
    // The offering LA amends the end date from its emailed link.
    const toNottingham = aimsMail.find(
      (m) => m.to[0] === "performance@nottingham.example.org" && m.text.includes("Derby"),
    )!;
    const linkPath = pathOf(toNottingham.text, "i");
    const amend = formWithButton(await page(linkPath, false), "Save the aims").set({
      "endsOn-day": "30",
      "endsOn-month": "6",
    });
    expect((await post(amend.action, amend.body(), false)).status).toBe(303);
    expect(await solution(derby.needId)).toMatchObject({ endsOn: "2027-06-30", version: 2 });
    // Derby's officers are told, naming who changed it.
    const told = sent.filter(
      (m) => m.to[0] === "performance@derby.example.org" && /what it aims to change/.test(m.subject),
    );
    expect(told.map((m) => /has changed the aims/.test(m.text))).toEqual([false, true]);
    expect(told[1]!.text).toContain("of Nottingham has changed the aims or dates of this support");
    expect((await Audit.listForAuthority(deps, DERBY)).items.map((a) => a.action)).toEqual(
      expect.arrayContaining(["impact.aims.recorded", "impact.aims.amended"]),
    );

    // January: one quarter since the start — too early, and the tick asks nobody.
    await importQuarters(DERBY, "Derby", [2026, 4], [14.9]);
    await importQuarters(LEICESTER, "Leicester", [2026, 4], [18.0]);
    clock.set("2027-01-20T09:00:00Z");
    cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
    await runScheduled(deps);
    expect(sent.filter((m) => /How useful was/.test(m.subject))).toEqual([]);
    expect(await page(`/lead/cycles/${CYCLE}/impact/${encodeURIComponent(derby.needId)}`)).toContain(
      "Social worker turnover: too early to tell",
    );

    // Two more quarters; the solutions end on 30 June. The step queues requests; Rutland's is cancelled before the mail goes.
    await importQuarters(DERBY, "Derby", [2027, 1], [14.1, 13.6]);
    await importQuarters(LEICESTER, "Leicester", [2027, 1], [18.2, 17.9]);
    clock.set("2027-07-02T09:00:00Z");
    cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
    expect(await scheduledSteps.impact!(deps, clock.now())).toEqual({ asked: 3 });
    const cancelPath = `/lead/cycles/${CYCLE}/impact/${encodeURIComponent(rutland.needId)}`;
    const ask = formWithButton(await page(`${cancelPath}?confirm=cancel`), "Cancel the solution");
    expect((await post(ask.action, new URLSearchParams({ ...ask.fields, reason: "" }))).status).toBe(400);
    expect(await solution(rutland.needId)).toMatchObject({ status: "active" });
    expect((await post(ask.action, new URLSearchParams({ ...ask.fields, reason: "Rutland withdrew" }))).status).toBe(
      303,
    );
    const beforeSend = sent.length;
    await scheduledSteps.mail!(deps, clock.now());
    const requests = sent.slice(beforeSend).filter((m) => /How useful was/.test(m.subject));
    expect(requests.map((m) => m.to[0]).sort()).toEqual(
      [DERBY, LEICESTER]
        .flatMap((la) =>
          ["dcs", "improvement", "performance"].map((p) => `${p}@${la === DERBY ? "derby" : "leicester"}.example.org`),
        )
        .sort(),
    );
    expect((await Audit.listForAuthority(deps, RUTLAND)).items.map((a) => a.summary).join(" ")).toContain(
      "The solution was cancelled before this feedback request was sent",
    );
    // A second run asks nobody again.
    await runScheduled(deps);
    expect(sent.filter((m) => /How useful was/.test(m.subject))).toHaveLength(6);

    // Derby's DCS answers on the page (after a refused empty post).
    const toDcs = requests.find((m) => m.to[0] === "dcs@derby.example.org")!;
    const fbPath = pathOf(toDcs.text, "i");
    const fb = formWithButton(await page(fbPath, false), "Send feedback");
    expect((await post(fb.action, fb.body(), false)).status).toBe(400);
    expect((await solution(derby.needId))!.feedback).toEqual([]);
    fb.set({ useful: "5", changed: "Turnover fell and we filled four posts.", recommend: "yes" });
    expect((await post(fb.action, fb.body(), false)).status).toBe(303);

    // An officer replies by email, real MIME, quoting the request below.
    const toOfficer = requests.find((m) => m.to[0] === "performance@derby.example.org")!;
    expect(toOfficer.replyTo![0]).toMatch(/^reply\+/);
    const raw = [
      "From: Head of Performance <performance@derby.example.org>",
      `To: ${toOfficer.replyTo![0]}`,
      "Subject: Re: " + toOfficer.subject,
      "Message-ID: <impact-reply-1@derby.example.org>",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Useful: 4",
      "What changed: Managers now hold stay conversations.",
      "Recommend: yes",
      "",
      "On Fri, the region wrote:",
      "> Useful: a number from 1 (not useful) to 5",
    ].join("\r\n");
    const transport = nodemailer.createTransport({
      host: "127.0.0.1",
      port: smtp.port,
      secure: false,
      ignoreTLS: true,
    });
    // A reply that says none of it is not recorded: the sender is told what is missing.
    const vague = raw
      .replace("impact-reply-1@", "impact-reply-0@")
      .replace(
        /Useful: 4\r\nWhat changed: Managers now hold stay conversations.\r\nRecommend: yes/,
        "Thanks, it went well.",
      );
    await transport.sendMail({
      envelope: { from: "performance@derby.example.org", to: [toOfficer.replyTo![0]!] },
      raw: vague,
    });
    expect((await solution(derby.needId))!.feedback).toHaveLength(1);
    const help = sent.filter(
      (m) => m.to[0] === "performance@derby.example.org" && m.subject === "We could not use your email",
    );
    expect(help.map((m) => m.text).join()).toContain("choose how useful the support was, from 1 to 5");
    await transport.sendMail({
      envelope: { from: "performance@derby.example.org", to: [toOfficer.replyTo![0]!] },
      raw,
    });
    const feedback = (await solution(derby.needId))!.feedback;
    expect(feedback.map((f) => [f.useful, f.recommend, f.via, f.changed])).toEqual([
      [5, true, "page", "Turnover fell and we filled four posts."],
      [4, true, "email", "Managers now hold stay conversations."],
    ]);

    // Verdicts in words, the neighbours beside, and Nottingham's track record.
    const derbyPage = await page(`/lead/cycles/${CYCLE}/impact/${encodeURIComponent(derby.needId)}`);
    expect(derbyPage).toContain("Social worker turnover: improved beyond normal variation");
    expect(derbyPage).toContain("association, not proof");
    expect(derbyPage).toContain("<svg");
    expect(derbyPage).toContain("Managers now hold stay conversations.");
    expect(derbyPage).toContain("2 feedback responses: useful 4.5 out of 5 on average; 2 would recommend.");
    const leicesterPage = await page(`/lead/cycles/${CYCLE}/impact/${encodeURIComponent(leicester.needId)}`);
    expect(leicesterPage).toContain("Social worker turnover: no change beyond normal variation");
    expect(leicesterPage).toContain(
      "What happened next: 1 improved beyond normal variation, 1 no change beyond normal variation.",
    );
    // Where the lead next brokers Nottingham's offer, its track record is beside the match form.
    expect(await page(`/lead/cycles/${CYCLE}/support`)).toContain(
      "<strong>Nottingham</strong>: 2 solutions, 2 ended; useful 4.5 out of 5 on average from 2 responses, 2 would recommend; 1 improved beyond normal variation, 1 no change beyond normal variation.",
    );

    // The national view: impact across regions by theme of support.
    const national = await signInByPage(app, sent, { scope: "national", email: "coordinator@national.example.org" });
    const nationalHtml = await (await app.request("/lead/national", { headers: { cookie: national } })).text();
    const impactTable = nationalHtml.slice(nationalHtml.indexOf("by theme of support</caption>"));
    const row = /<tr[^>]*>\s*<th[^>]*>\s*Workforce[\s\S]*?<\/tr>/.exec(impactTable)?.[0] ?? "";
    const cells = [...row.matchAll(/<td[^>]*>\s*([^<]*?)\s*<\/td>/g)].map((m) => m[1]);
    expect(cells).toEqual(["East Midlands (2)", "2", "2", "1", "1", "0", "2 (useful 4.5 of 5)"]);
  }, 240_000);
});
