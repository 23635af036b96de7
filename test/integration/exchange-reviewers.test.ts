/**
 * A reviewer from another region, as people meet it: the East Midlands lead, on the peer-scrutiny assignments page,
 * asks for a reviewer from another region for Derby; the page that follows lists the willing reviewers other regions
 * hold (not a declared conflict, those asked least first) and changes nothing; the lead picks West Midlands' Coventry
 * reviewer with a reason. Coventry's reviewer gets the usual assignment email, accepts by its link and sends the
 * review as a real MIME reply over SMTP, which is stored as the submitted response; the West Midlands lead is told by
 * email; both regions' audits keep it; the national view counts it. Another region's lead cannot do it; bad input
 * changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Assignments,
  Audit,
  Exchange,
  fixedClock,
  Mail,
  People,
  Region,
  Submission,
  Workflow,
  type OutboundEmail,
} from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import type { App } from "@riia/functions/app";
import { seedExchange } from "../../local/seed-exchange";
import { startSmtp, type LocalSmtp } from "../../local/smtp-inbound";
import { formOf, formsOf } from "../form-page";
import { seededApp } from "./page-world";
import { completeReviewReply, deliver, plainReply } from "./replies-support";
import { signInByPage } from "./sign-in";

const clock = fixedClock("2026-10-20T10:00:00Z");
const EM = "east-midlands-2026";
const WM = "west-midlands-2026";
const DERBY = "E06000015";
const LEICESTER = "E06000016";
const COVENTRY = "E08000026";
const DUDLEY = "E08000027";
const ASSIGNMENTS = `/lead/cycles/${EM}/assignments/peer-scrutiny`;
let deps: AwsDeps;
let app: App;
let sent: OutboundEmail[];
let smtp: LocalSmtp;
let em = "";
let nadia: People.Person;

const post = (path: string, body: URLSearchParams, cookie = "") =>
  app.request(path, {
    method: "POST",
    body,
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie },
  });
const get = async (path: string, cookie = "") => {
  const res = await app.request(path, { headers: { cookie, accept: "text/html" } });
  return { res, html: await res.text() };
};
const flush = () => Mail.dispatchDue(deps, { limiter: { acquire: async () => undefined } });
const crossAudit = async (cycleId: string) =>
  (await Audit.listForScope(deps, Audit.cycleScope(cycleId), { limit: 200 })).items.filter(
    (e) => e.action === "exchange.reviewer-assigned",
  );

/** The assignments page's "another region" form for `reviewee`, posted: the choosing page's HTML. */
async function choosingPage(reviewee: string, cookie = em) {
  const page = await get(ASSIGNMENTS, cookie);
  expect(page.res.status).toBe(200);
  const f = formOf(page.html, "/other-region-reviewer/").fill("reviewee", reviewee);
  const res = await post(f.action, f.body(), cookie);
  return { res, html: await res.text(), action: f.action };
}

beforeAll(async () => {
  ({ deps, sent, app } = await seededApp(clock, (base) => seedExchange(base, 2026, "east-midlands")));
  smtp = await startSmtp(deps);
  // A declared conflict in the East Midlands' settings, which the solver obeys: Dudley must never review Derby.
  const region = await Region.get(deps, "east-midlands");
  await Region.updateSettings(deps, {
    regionId: "east-midlands",
    expectedVersion: region.version,
    settings: { ...region.settings, conflicts: [...(region.settings.conflicts ?? []), [DUDLEY, DERBY]] },
    actor: Audit.systemActor("test"),
  });
  for (const step of ["self-evaluation", "peer-scrutiny"] as const)
    await Workflow.openStep(deps, { cycleId: EM, step, actor: Audit.systemActor("schedule") });
  nadia = (await People.findByEmail(deps, "west-midlands", "performance@coventry.example.org"))!;
  em = await signInByPage(app, sent, { scope: "east-midlands", email: "lead@em-riia.example.org" });
}, 120_000);
afterAll(() => smtp?.stop());

describe("a reviewer from another region", () => {
  it("is offered on a page that lists willing, unconflicted reviewers of other regions and changes nothing", async () => {
    const before = sent.length;
    const { res, html } = await choosingPage(DERBY);
    expect(res.status).toBe(200);
    expect(html).toContain("Nothing has changed yet");
    expect(html).toContain("Nadia Khan, Coventry (West Midlands)");
    expect(html).toContain("Blackpool (North West)");
    expect(html).toContain("Sam Ward (lead@wm-riia.example.org)");
    // Dudley has a declared conflict with Derby; a DCS is not a reviewer; the region's own reviewers are not offered.
    expect(html).not.toContain("Dudley (West Midlands)");
    expect(html).not.toContain("Owen Price");
    expect(html).not.toContain("(East Midlands)");
    expect(sent.length).toBe(before);
    expect((await Exchange.crossRegionReviews(deps)).length).toBe(0);
  });

  it("refuses a missing reason or a reviewer not offered, keeping what was typed, and changes nothing", async () => {
    const { html } = await choosingPage(DERBY);
    const noReason = formOf(html, "/other-region-reviewer/").set({ person: nadia.id });
    const r1 = await post(noReason.action, noReason.body(), em);
    const page1 = await r1.text();
    expect(r1.status).toBe(400);
    expect(page1).toContain("Enter a reason (at least 3 characters)");
    expect(page1).toMatch(new RegExp(`value="${nadia.id}" checked`));
    const own = (await People.findByEmail(deps, "east-midlands", "performance@nottinghamshire.example.org"))!;
    const body = formOf(html, "/other-region-reviewer/").fill("reason", "Independence").body();
    body.set("person", own.id);
    const r2 = await post(noReason.action, body, em);
    expect(r2.status).toBe(400);
    expect(await r2.text()).toContain("Choose a reviewer from another region who may review this local authority");
    expect((await Exchange.crossRegionReviews(deps)).length).toBe(0);
    expect(sent.filter((m) => m.to[0] === nadia.email)).toHaveLength(0);
  });

  it("cannot be asked by another region's lead", async () => {
    const wm = await signInByPage(app, sent, { scope: "west-midlands", email: "lead@wm-riia.example.org" });
    const { html } = await choosingPage(DERBY);
    const f = formOf(html, "/other-region-reviewer/").set({ person: nadia.id }).fill("reason", "Mine to give");
    // The form as the East Midlands lead sees it, sent with the West Midlands lead's session and its own token.
    const theirs = formsOf((await get(`/lead/cycles/${WM}`, wm)).html).find((x) => x.fields.csrf)!.fields.csrf!;
    const body = f.body();
    body.set("csrf", theirs);
    const res = await post(f.action, body, wm);
    expect(res.status).toBe(403);
    // National people read the exchange; they do not act in it.
    const coordinator = await signInByPage(app, sent, { scope: "national", email: "coordinator@national.example.org" });
    const token = formsOf((await get("/lead/national", coordinator)).html).find((x) => x.fields.csrf)!.fields.csrf!;
    body.set("csrf", token);
    expect((await post(f.action, body, coordinator)).status).toBe(403);
    // The same token and session reach the page for their own region's LA: the refusal is the region, not the form.
    const own = new URLSearchParams({ csrf: theirs, reviewee: COVENTRY });
    expect((await post(`/lead/cycles/${WM}/other-region-reviewer/peer-scrutiny`, own, wm)).status).toBe(200);
    expect((await Exchange.crossRegionReviews(deps)).length).toBe(0);
  });

  it("is asked by the usual assignment email, accepts by its link, answers by email reply, and both regions see it", async () => {
    const { html } = await choosingPage(DERBY);
    const reason = "Independence: Derby's front door was designed with Nottinghamshire";
    const f = formOf(html, "/other-region-reviewer/").set({ person: nadia.id }).fill("reason", reason);
    const done = await post(f.action, f.body(), em);
    expect(done.status).toBe(303);
    expect(decodeURIComponent(done.headers.get("location")!)).toContain("Nadia Khan (Coventry, West Midlands)");
    const id = Assignments.assignmentId(EM, "peer-scrutiny", DERBY, COVENTRY);
    const a = await Assignments.get(deps, id);
    expect(a).toMatchObject({ status: "sent", rank: 0, crossRegion: { regionId: "west-midlands", reason } });
    expect((await get(ASSIGNMENTS, em)).html).toContain("Coventry (another region)");

    // The other region's lead is told, and a reply goes to the lead who asked.
    const told = sent.filter(
      (m) => m.to[0] === "lead@wm-riia.example.org" && /asked to review for East/.test(m.subject),
    );
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain("Derby");
    expect(told[0]!.replyTo).toEqual(["lead@em-riia.example.org"]);

    // The reviewer, and nobody else at Coventry, gets the assignment email with links and a reply address.
    await flush();
    const mail = sent.filter((m) => m.to[0] === nadia.email && /please review/i.test(m.subject));
    expect(mail).toHaveLength(1);
    expect(sent.filter((m) => m.to[0] === "dcs@coventry.example.org" && /please review/i.test(m.subject))).toHaveLength(
      0,
    );
    const replyTo = mail[0]!.replyTo![0]!;
    expect(replyTo).toMatch(/@/);
    const accept = new URL(/(http:\/\/riia\.test\/r\/\w+\/accept)/.exec(mail[0]!.text)![1]!).pathname;
    // The work to review and the response form open from the same email, for a reviewer outside the region.
    for (const path of [/http:\/\/riia\.test(\/r\/\w+\/work)/, /http:\/\/riia\.test(\/f\/[^\s<>")\]]+)/]) {
      const link = path.exec(mail[0]!.text)![1]!;
      const opened = await app.request(link, { headers: { accept: "text/html" } });
      expect([200, 302, 303], link).toContain(opened.status);
    }
    const acceptPage = await (await app.request(accept)).text();
    const accepted = await post(accept, formOf(acceptPage, accept).body());
    expect(accepted.status).toBe(200);
    expect((await Assignments.get(deps, id)).status).toBe("accepted");

    // The review by email, through SMTP as a mail client sends it.
    const raw = plainReply({ from: nadia.email, to: replyTo, text: REVIEW });
    const record = await deliver(deps, smtp, raw, { from: nadia.email, to: [replyTo] });
    expect(record).toMatchObject({ status: "recorded", reason: "review by email: submitted" });
    const response = await Submission.get(
      deps,
      Submission.submissionId(EM, "peer-challenge-response", `${COVENTRY}~${DERBY}~peer-scrutiny`),
    );
    expect(response.status).toBe("submitted");
    expect(JSON.stringify(response.answers)).toContain("Decisions within a day in nine cases out of ten.");

    // Both regions' audits, each naming the reviewer, the reviewed LA and the reason.
    for (const cycleId of [EM, WM]) {
      const entries = await crossAudit(cycleId);
      expect(entries, cycleId).toHaveLength(1);
      expect(entries[0]!.summary).toContain("Nadia Khan (Coventry, West Midlands) to review Derby");
      expect(entries[0]!.summary).toContain(reason);
    }

    // The national view counts it.
    const coordinator = await signInByPage(app, sent, { scope: "national", email: "coordinator@national.example.org" });
    const national = (await get("/lead/national", coordinator)).html;
    expect(national).toContain('data-cross-region-reviews="1"');
    const table = /<table[^>]*id="exchange-reviews"[\s\S]*?<\/table>/.exec(national)![0];
    const cells = table.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    expect(cells).toContain("West Midlands East Midlands 1 1 0");
  });

  it("keeps the balance: someone already asked comes after those never asked, and the same pair is not asked twice", async () => {
    const { html } = await choosingPage(LEICESTER);
    expect(html).toContain("1 cross-region review already asked");
    const order = formOf(html, "/other-region-reviewer/")
      .form.controls.filter((c) => c.name === "person")
      .map((c) => c.value);
    expect(order.at(-1)).toBe(nadia.id);
    const again = await choosingPage(DERBY);
    expect(again.html).not.toContain("Nadia Khan, Coventry");
  });
});

describe("a reviewer from another region who declines", () => {
  it("is not replaced from the region's reserves: the lead is told to choose, and the national view counts the decline", async () => {
    const dev = (await People.findByEmail(deps, "north-west", "performance@blackpool.example.org"))!;
    const { html } = await choosingPage(LEICESTER);
    const f = formOf(html, "/other-region-reviewer/").set({ person: dev.id }).fill("reason", "Care leavers expertise");
    expect((await post(f.action, f.body(), em)).status).toBe(303);
    const before = (await Assignments.listForStep(deps, EM, "peer-scrutiny")).filter(
      (a) => a.reviewee === LEICESTER && a.rank === 0 && a.status !== "declined",
    );
    await flush();
    const mail = sent.filter((m) => m.to[0] === dev.email && /please review/i.test(m.subject));
    expect(mail).toHaveLength(1);
    const decline = new URL(/(http:\/\/riia\.test\/r\/\w+\/decline)/.exec(mail[0]!.text)![1]!).pathname;
    const page = await (await app.request(decline)).text();
    expect((await post(decline, formOf(page, decline).body())).status).toBe(200);
    const id = Assignments.assignmentId(EM, "peer-scrutiny", LEICESTER, "E06000009");
    expect((await Assignments.get(deps, id)).status).toBe("declined");
    const after = (await Assignments.listForStep(deps, EM, "peer-scrutiny")).filter(
      (a) => a.reviewee === LEICESTER && a.rank === 0 && a.status !== "declined",
    );
    expect(after.map((a) => a.id).sort()).toEqual(
      before
        .filter((a) => a.id !== id)
        .map((a) => a.id)
        .sort(),
    );
    await flush();
    expect(
      sent.filter((m) => m.to[0] === "lead@em-riia.example.org" && m.text.includes("no reserve reviewer is left")),
    ).toHaveLength(1);
    const coordinator = await signInByPage(app, sent, { scope: "national", email: "coordinator@national.example.org" });
    const national = (await get("/lead/national", coordinator)).html;
    expect(national).toContain('data-cross-region-reviews="2"');
    const table = /<table[^>]*id="exchange-reviews"[\s\S]*?<\/table>/.exec(national)![0];
    expect(table.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ")).toContain("North West East Midlands 1 0 1");
  });
});

const REVIEW = completeReviewReply("Nadia Khan", "Coventry City Council");
