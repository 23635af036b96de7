/**
 * The lead's data-protection pages as a lead meets them: from the cycle board to the emails held in
 * quarantine (a forged reply sent over SMTP shows with its reason in plain words), and to the region's
 * people — one person's subject-access file, their sessions ended, and erasure posted from the
 * rendered confirmation page (store and audit checked). Advisers and national people get 403 pages
 * and change nothing.
 */
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Assignments,
  Audit,
  fixedClock,
  Keys,
  People,
  Replies,
  Retention,
  Sessions,
  Submission,
  type OutboundEmail,
} from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import type { App } from "@riia/functions/app";
import { VERDICT_HEADER, type LocalSmtp } from "../../local/smtp-inbound";
import { formWithButton, formsOf, linksOf } from "../form-page";
import { signInByPage } from "./sign-in";
import { pageWorld } from "./page-world";

const clock = fixedClock("2026-09-15T10:00:00Z");
const EM = "east-midlands-2026";
let deps: AwsDeps;
let sent: OutboundEmail[];
let app: App;
let smtp: LocalSmtp;

beforeAll(async () => {
  ({ deps, sent, app, smtp } = await pageWorld(clock));
});
afterAll(() => smtp?.stop());

const get = async (path: string, cookie: string) => {
  const res = await app.request(path, { headers: { cookie, accept: "text/html" } });
  return { res, html: await res.text() };
};
const post = (action: string, body: URLSearchParams, cookie: string) =>
  app.request(action, {
    method: "POST",
    body,
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie },
  });
const lead = () => signInByPage(app, sent, { email: "lead@em-riia.example.org" });
const text = (html: string) =>
  html
    .replace(/<[^>]*>/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ");

/** A reply address the region gave a reviewer, as an assignment email carries it. */
async function replyAddress(reviewee: string) {
  const reviewer = (await People.findByEmail(deps, "east-midlands", "performance@leicester.example.org"))!;
  const id = Assignments.assignmentId(EM, "peer-scrutiny", reviewee, "E06000016");
  const { address } = await Replies.issue(deps, {
    purpose: "assignment",
    subject: id,
    cycleId: EM,
    regionId: "east-midlands",
    personId: reviewer.id,
    authority: "E06000016",
    expiresAt: new Date("2026-12-31T00:00:00Z"),
  });
  return address;
}

async function sendOverSmtp(to: string, subject: string, verdicts: string) {
  const raw = [
    "From: Someone Pretending <performance@leicester.example.org>",
    `To: ${to}`,
    `Subject: ${subject}`,
    `Message-ID: <${Math.random().toString(36).slice(2)}@forged.example.net>`,
    `${VERDICT_HEADER}: ${verdicts}`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Decline.",
    "",
  ].join("\r\n");
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true });
  await transport.sendMail({ envelope: { from: "performance@leicester.example.org", to: [to] }, raw });
}

describe("emails held in quarantine", () => {
  it("lists a forged reply sent over SMTP, newest first, with the reason in plain words, linked from the board", async () => {
    const cookie = await lead();
    const board = await get(`/lead/cycles/${EM}`, cookie);
    expect(linksOf(board.html)).toContain("/lead/quarantine");
    expect(linksOf(board.html)).toContain("/lead/people");

    await sendOverSmtp(await replyAddress("E06000015"), "Re: forged older", "spf=FAIL; dkim=FAIL; dmarc=FAIL");
    clock.advance(60_000);
    await sendOverSmtp(await replyAddress("E06000018"), "Re: infected newer", "virus=FAIL");

    const { res, html } = await get("/lead/quarantine", cookie);
    expect(res.status).toBe(200);
    const body = text(html);
    expect(body).toContain("Emails held in quarantine");
    expect(body).toContain("performance@leicester.example.org");
    expect(body).toContain("We could not confirm it really came from the address it claims to be from");
    expect(body).toContain("SPF FAIL, DKIM FAIL, DMARC FAIL");
    expect(body).toContain("The virus scan found a problem with it.");
    expect(body).toContain("15 September 2026");
    expect(body.indexOf("Re: infected newer")).toBeGreaterThan(-1);
    expect(body.indexOf("Re: forged older")).toBeGreaterThan(body.indexOf("Re: infected newer"));

    // The dashboard's email health counts them (this file's store holds only these two).
    const after = text((await get(`/lead/cycles/${EM}`, cookie)).html);
    expect(after).toMatch(/Emails held in quarantine\s+2\b/);
  });
});

describe("people and data protection", () => {
  it("finds a person by LA, downloads their subject-access file and erases them from the confirmation page", async () => {
    const cookie = await lead();
    const subject = (await People.findByEmail(deps, "east-midlands", "improvement@derby.example.org"))!;
    // They submitted a form (so they acted in the audit trail) and are signed in.
    const s = await Submission.open(deps, {
      cycleId: EM,
      regionId: "east-midlands",
      form: "core-dataset",
      authority: subject.authority!,
      templateVersion: 1,
    });
    const actor = { kind: "person" as const, id: subject.id, name: subject.name };
    await Submission.submit(deps, { id: s.id, expectedVersion: s.version, actor });
    const theirCookie = await signInByPage(app, sent, { email: subject.email });

    // List Derby's people from the page's own form.
    const people = await get("/lead/people", cookie);
    const byLa = formWithButton(people.html, "List people").fill("authority", subject.authority!);
    const listed = await get(`${byLa.action}?${byLa.body().toString()}`, cookie);
    expect(listed.res.status).toBe(200);
    const personHref = linksOf(listed.html).find((h) => h === `/lead/people/${subject.id}`);
    expect(personHref).toBeDefined();

    const personPage = await get(personHref!, cookie);
    expect(text(personPage.html)).toContain("1 active session(s)");
    const exportHref = linksOf(personPage.html).find((h) => h.endsWith("/export"))!;
    const file = await app.request(exportHref, { headers: { cookie } });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toMatch(/^application\/json/);
    expect(file.headers.get("content-disposition")).toMatch(
      /^attachment; filename="subject-access-p-[0-9a-f]+-2026-09-15\.json"$/,
    );
    const doc = (await file.json()) as { person: { email: string }; sessions: unknown[]; actionsTaken: unknown[] };
    expect(doc.person.email).toBe(subject.email);
    expect(doc.sessions).toHaveLength(1);
    expect(doc.actionsTaken.length).toBeGreaterThan(0);
    // Who took a copy of their data is on the record.
    const exports = (await Audit.listForScope(deps, Audit.regionScope("east-midlands"), { limit: 1000 })).items.filter(
      (e) => e.action === "person.exported" && e.entity.id === subject.id,
    );
    expect(exports.map((e) => e.actor.name)).toEqual(["Morgan Lee"]);

    const before = await Audit.listForScope(deps, Audit.cycleScope(EM), { limit: 1000 });
    expect(before.items.some((e) => e.actor.id === subject.id)).toBe(true);
    // The import recorded their name and address when it added them.
    const regionBefore = await Audit.listForScope(deps, Audit.regionScope("east-midlands"), { limit: 1000 });
    const added = regionBefore.items.find((e) => e.action === "person.created" && e.entity.id === subject.id)!;
    expect(JSON.stringify(added)).toContain(subject.email);

    const confirm = await get(`${personHref}/erase`, cookie);
    expect(confirm.html).toContain("govuk-warning-text");
    // No reason: the GOV.UK error pattern, and nothing changes.
    const empty = formWithButton(confirm.html, "Erase this person");
    const refused = await post(empty.action, empty.body("Erase this person"), cookie);
    expect(refused.status).toBe(400);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain("govuk-error-summary");
    expect(refusedHtml).toContain('href="#reason"');
    expect(await deps.store.get(Keys.person(subject.id))).toBeDefined();

    const form = formWithButton(confirm.html, "Erase this person").fill("reason", "Left Derby in August");
    const done = await post(form.action, form.body("Erase this person"), cookie);
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toMatch(/^\/lead\/people\?done=/);

    expect(await deps.store.get(Keys.person(subject.id))).toBeUndefined();
    expect(await Sessions.listFor(deps, subject.id)).toEqual([]);
    expect((await get("/lead", theirCookie)).res.headers.get("location")).toBe("/sign-in");
    const after = await Audit.listForScope(deps, Audit.cycleScope(EM), { limit: 1000 });
    expect(after.items.map((e) => e.id)).toEqual(before.items.map((e) => e.id));
    for (const e of after.items.filter((x) => x.actor.id === subject.id))
      expect(e.actor.name).toBe(Retention.ERASED_NAME);
    const region = await Audit.listForScope(deps, Audit.regionScope("east-midlands"), { limit: 1000 });
    // Every region entry is still there, and none names them or holds their address any more.
    expect(region.items.filter((e) => e.action !== "person.erased").map((e) => e.id)).toEqual(
      regionBefore.items.map((e) => e.id),
    );
    for (const trail of [region.items, after.items]) {
      expect(JSON.stringify(trail)).not.toContain(subject.email);
      expect(JSON.stringify(trail)).not.toContain(subject.name);
    }
    expect(region.items.find((e) => e.id === added.id)!.summary).toContain(Retention.ERASED_NAME);
    const erased = region.items.find((e) => e.action === "person.erased" && e.entity.id === subject.id);
    expect(erased?.summary).toContain("Left Derby in August");
    expect(erased?.actor.name).toBe("Morgan Lee");
    expect((await get(personHref!, cookie)).res.status).toBe(404);
  });

  it("finds a person by email, says when the address is not valid, and ends their sessions", async () => {
    const cookie = await lead();
    const subject = (await People.findByEmail(deps, "east-midlands", "improvement@leicester.example.org"))!;
    await signInByPage(app, sent, { email: subject.email });
    const people = await get("/lead/people", cookie);

    const bad = formWithButton(people.html, "Find person").fill("email", "not an address");
    const badRes = await get(`${bad.action}?${bad.body().toString()}`, cookie);
    expect(badRes.res.status).toBe(400);
    expect(badRes.html).toContain("govuk-error-summary");
    expect(badRes.html).toContain("Enter an email address in the correct format");
    expect(badRes.html).toContain('href="#email"');
    expect(badRes.html).toContain("govuk-error-message");

    const empty = formWithButton(people.html, "Find person");
    const emptyRes = await get(`${empty.action}?${empty.body().toString()}`, cookie);
    expect(emptyRes.res.status).toBe(400);
    expect(emptyRes.html).toContain("Enter the email address of the person you are looking for");

    // "List people" pressed with nothing chosen says so, instead of showing nothing.
    const noLa = formWithButton(people.html, "List people");
    const noLaRes = await get(`${noLa.action}?${noLa.body().toString()}`, cookie);
    expect(noLaRes.res.status).toBe(400);
    expect(noLaRes.html).toContain('href="#authority"');
    expect(noLaRes.html).toContain("Choose a local authority, or regional roles");

    const none = formWithButton(people.html, "Find person").fill("email", "nobody@nowhere.example.org");
    expect(text((await get(`${none.action}?${none.body().toString()}`, cookie)).html)).toContain("No one found");

    const search = formWithButton(people.html, "Find person").fill("email", subject.email.toUpperCase());
    const found = await get(`${search.action}?${search.body().toString()}`, cookie);
    expect(linksOf(found.html)).toContain(`/lead/people/${subject.id}`);

    const page = await get(`/lead/people/${subject.id}`, cookie);
    const end = formWithButton(page.html, "End their sessions");
    const res = await post(end.action, end.body(), cookie);
    expect(res.status).toBe(303);
    expect(await Sessions.listFor(deps, subject.id)).toEqual([]);
    const region = await Audit.listForScope(deps, Audit.regionScope("east-midlands"), { limit: 1000 });
    expect(region.items.some((e) => e.action === "person.sessions-revoked" && e.entity.id === subject.id)).toBe(true);
  });

  it("refuses the pages and their forms to an adviser and to national people with 403 pages, and changes nothing", async () => {
    const cookie = await lead();
    const subject = (await People.findByEmail(deps, "east-midlands", "dcs@leicester.example.org"))!;
    await signInByPage(app, sent, { email: subject.email });
    const personPage = await get(`/lead/people/${subject.id}`, cookie);
    const erasePage = await get(`/lead/people/${subject.id}/erase`, cookie);
    const forms = [
      formWithButton(personPage.html, "End their sessions"),
      formWithButton(erasePage.html, "Erase this person").fill("reason", "Adviser trying"),
    ];
    const trail = async () =>
      (await Audit.listForScope(deps, Audit.regionScope("east-midlands"), { limit: 1000 })).items.length;
    const before = await trail();
    for (const [scope, email] of [
      ["east-midlands", "adviser@dfe.example.org"],
      ["national", "adviser@dfe-national.example.org"],
    ] as const) {
      const theirs = await signInByPage(app, sent, { scope, email });
      for (const path of [
        "/lead/quarantine",
        "/lead/people",
        `/lead/people/${subject.id}`,
        `/lead/people/${subject.id}/export`,
      ]) {
        const { res, html } = await get(path, theirs);
        expect({ path, status: res.status }).toEqual({ path, status: 403 });
        expect(text(html)).toContain("Only the region's regional lead can do this");
      }
      // Their own session's token, as a page they can open would carry it.
      const csrf = /name="csrf" value="([^"]+)"/.exec(
        (await get(scope === "national" ? "/lead/national" : `/lead/cycles/${EM}`, theirs)).html,
      )![1]!;
      for (const f of forms) {
        const body = f.body();
        body.set("csrf", csrf);
        const res = await post(f.action, body, theirs);
        expect({ action: f.action, status: res.status }).toEqual({ action: f.action, status: 403 });
      }
    }
    expect(await deps.store.get(Keys.person(subject.id))).toBeDefined();
    expect(await Sessions.listFor(deps, subject.id)).toHaveLength(1);
    expect(await trail()).toBe(before);
    expect(formsOf(personPage.html).length).toBeGreaterThan(0);
  });
});
