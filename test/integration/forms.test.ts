/**
 * The form journey through HTTP, as an officer's browser would drive it (no JavaScript), with
 * outcomes checked in the store and the mail stand-in.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type Audit, fixedClock, Links, Mail, People, Submission, Tokens } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import { createApp, type App } from "@riia/functions/app";
import { seed } from "../../local/seed";
import { linkFor } from "../../local/form-link";
import { mailTo, testDeps } from "./helpers";
import { formOf, type FormFiller } from "../form-page";

const clock = fixedClock("2026-09-15T10:00:00Z");
let deps: AwsDeps;
let app: App;
const lead: Audit.Actor = { kind: "person", id: "p-lead", name: "Morgan Lee" };

beforeAll(async () => {
  deps = await testDeps({ clock });
  await seed(deps);
  app = createApp(deps);
});

const h1 = (html: string) => /<h1[^>]*>\s*([^<]*)/.exec(html)?.[1]?.trim();
const errorSummary = (html: string) =>
  [...html.matchAll(/<li>\s*<a href="(#[^"]+)">([^<]+)<\/a>/g)].map((m) => `${m[1]} ${m[2]!.trim()}`);

async function get(path: string) {
  const res = await app.request(path);
  return { res, html: await res.text() };
}

/** GET a section, fill its form with these fields (names the page has), press the button with this value. */
async function post(
  token: string,
  section: string,
  fields: Record<string, string | string[]>,
  action = "continue",
  headers: Record<string, string> = {},
) {
  const { html } = await get(`/f/${token}/s/${section}`);
  return send(formOf(html, `/s/${section}`).set(fields), action, headers);
}
/** Post a filled form as the browser would (its action, its fields, the pressed button). */
async function send(form: FormFiller, button?: string, headers: Record<string, string> = {}) {
  return postBody(form.form.action, form.body(button), headers);
}
async function postBody(path: string, body: URLSearchParams, headers: Record<string, string> = {}) {
  const res = await app.request(path, {
    method: "POST",
    body,
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", ...headers },
  });
  return { res, html: await res.text() };
}

const submissionOf = (authority: string, form = "self-evaluation") =>
  Submission.get(deps, `east-midlands-2026.${form}.${authority}`);

const CONTEXT = {
  "q.period": "April 2025 to March 2026",
  "q.context": "A growing county with rising demand.",
  "q.last-inspection": "good",
};
const THEMES = {
  "q.themes.0.theme": "front-door",
  "q.themes.0.strengths": "Timely decisions at the front door.",
  "q.themes.0.areas": "Consistency of threshold application.",
  "q.themes.0.rating": "good",
};
const SUMMARY = {
  "q.quality": "Good and improving.",
  "q.how-know": "Audits and feedback.",
  "q.plans": "Embed practice model.",
};

describe("a self-evaluation from an emailed link", () => {
  it("shows a task list of sections, all not yet started", async () => {
    const { token } = await linkFor(deps, { email: "performance@derby.example.org", form: "self-evaluation" });
    const { res, html } = await get(`/f/${token}`);
    expect(res.status).toBe(200);
    expect(h1(html)).toBe("Annual self-evaluation");
    expect(html).toContain("Derby");
    expect(html.match(/Not yet started/g)).toHaveLength(4);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-/);
  });

  it("refuses an incomplete section on Save and continue, naming each problem, and saves nothing", async () => {
    const { token } = await linkFor(deps, { email: "performance@derby.example.org", form: "self-evaluation" });
    const before = await submissionOf("E06000015");
    const { res, html } = await post(token, "context", { "q.period": "", "q.context": "" });
    expect(res.status).toBe(400);
    expect(html).toContain("There is a problem");
    expect(errorSummary(html)).toEqual([
      "#q-period Enter the period this self-evaluation covers",
      "#q-context Enter a description of your local context",
      "#q-last-inspection Select the overall effectiveness grade at your last ILACS inspection",
    ]);
    expect(html).toContain('id="q-period-error"');
    expect((await submissionOf("E06000015")).version).toBe(before.version);
  });

  it("saves a partial draft and returns to the task list; the section shows in progress", async () => {
    const { token } = await linkFor(deps, { email: "performance@derby.example.org", form: "self-evaluation" });
    const { res } = await post(token, "context", { "q.period": "2025-26" }, "draft");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/f/${token}`);
    const sub = await submissionOf("E06000015");
    expect(sub.answers.period).toBe("2025-26");
    expect(sub.contributors).toEqual({
      [(await People.findByEmail(deps, "east-midlands", "performance@derby.example.org"))!.id]: expect.any(String),
    });
    const { html } = await get(`/f/${token}`);
    expect(html).toContain("In progress");
  });

  it("keeps malformed answers on the page with their errors and saves none of the section", async () => {
    const { token } = await linkFor(deps, { email: "performance@derby.example.org", form: "self-evaluation" });
    const { res, html } = await post(
      token,
      "offers",
      {
        "q.can-offer": "yes",
        "q.offers.0.theme": "workforce",
        "q.offers.0.description": "Recruitment campaign toolkit",
        "q.offers.0.format": "group",
        "q.offers.0.capacity": "lots",
      },
      "draft",
    );
    expect(res.status).toBe(400);
    expect(errorSummary(html)).toEqual([
      "#q-offers-0-capacity Offer 1: The number of local authorities you could support must be a number",
    ]);
    expect(html).toContain('value="lots"');
    expect((await submissionOf("E06000015")).answers["can-offer"]).toBeUndefined();
  });

  it("adds and removes repeating items without JavaScript", async () => {
    const { token } = await linkFor(deps, { email: "performance@derby.example.org", form: "self-evaluation" });
    const added = await post(token, "themes", THEMES, "add:themes");
    expect(added.res.status).toBe(303);
    expect(added.res.headers.get("location")).toBe(`/f/${token}/s/themes?add=themes`);
    const { html } = await get(added.res.headers.get("location")!);
    expect(html).toContain("Theme 2");
    const second = {
      "q.themes.1.theme": "workforce",
      "q.themes.1.strengths": "Stable, experienced managers.",
      "q.themes.1.areas": "Reliance on agency staff.",
      "q.themes.1.rating": "requires-improvement",
    };
    const withTwo = formOf(html, "/s/themes");
    expect(withTwo.value("q.themes.0.strengths")).toBe(THEMES["q.themes.0.strengths"]);
    // Pressing Enter in a field submits with the form's first button: that must save, never remove an item.
    const saved = await send(withTwo.set(second));
    expect(saved.res.headers.get("location")).toBe(`/f/${token}/s/summary`);
    expect(((await submissionOf("E06000015")).answers.themes as unknown[]).length).toBe(2);
    expect((await post(token, "themes", {}, "remove:themes:0")).res.status).toBe(303);
    expect((await submissionOf("E06000015")).answers.themes).toEqual([
      {
        theme: "workforce",
        strengths: "Stable, experienced managers.",
        areas: "Reliance on agency staff.",
        rating: "requires-improvement",
      },
    ]);
  });

  it("asks for conditional questions only when their condition holds", async () => {
    const { token } = await linkFor(deps, { email: "performance@derby.example.org", form: "self-evaluation" });
    const yes = await post(token, "offers", { "q.can-offer": "yes" });
    expect(yes.res.status).toBe(400);
    expect(errorSummary(yes.html)).toEqual(["#q-offers-0-theme Add at least 1 offer"]);
    const no = await post(token, "offers", { "q.can-offer": "no", "q.offers.0.description": "ignored because hidden" });
    expect(no.res.status).toBe(303);
    const sub = await submissionOf("E06000015");
    expect(sub.answers["can-offer"]).toBe("no");
    expect(sub.answers.offers ?? null).toBeNull();
  });

  it("completes, checks and submits with the declaration and DCS approval; then it is read-only", async () => {
    const { token, person } = await linkFor(deps, { email: "performance@derby.example.org", form: "self-evaluation" });
    expect((await post(token, "context", CONTEXT)).res.status).toBe(303);
    expect((await post(token, "themes", THEMES)).res.status).toBe(303);
    const staleThemes = formOf((await get(`/f/${token}/s/themes`)).html, "/s/themes");
    expect((await post(token, "summary", SUMMARY)).res.headers.get("location")).toBe(`/f/${token}/s/offers`);
    expect((await post(token, "offers", { "q.can-offer": "no" })).res.headers.get("location")).toBe(
      `/f/${token}/check`,
    );

    const check = await get(`/f/${token}/check`);
    expect(h1(check.html)).toBe("Check your answers before submitting");
    expect(check.html).toContain("Timely decisions at the front door.");
    const declaration = () => formOf(check.html, "/submit");

    const noDeclaration = await send(declaration());
    expect(noDeclaration.res.status).toBe(400);
    expect(noDeclaration.html).toContain("Confirm the declaration to submit");
    // Officers cannot tick "the DCS approved" for the DCS: the DCS is asked (see sign-off.test.ts).
    expect(declaration().names()).toEqual(["csrf", "version", "declaration"]);
    expect((await submissionOf("E06000015")).status).toBe("draft");

    const done = await send(declaration().check("declaration", "yes"));
    expect(done.res.status).toBe(303);
    const confirmation = await get(done.res.headers.get("location")!);
    let sub = await submissionOf("E06000015");
    expect(sub).toMatchObject({
      status: "awaiting-sign-off",
      signOff: { declaredBy: person.id, dcsApproved: false },
    });
    expect(confirmation.html).toContain(sub.reference!);
    expect(confirmation.html).toContain("govuk-panel");

    const mail = await mailTo("performance@derby.example.org");
    const copy = mail.find((m) => m.subject.includes(sub.reference!));
    expect(copy?.body.text).toContain("Timely decisions at the front door.");
    expect(copy?.body.html).toContain("Timely decisions at the front door.");
    const ledger = await Mail.get(
      deps,
      Mail.mailId({
        cycleId: sub.cycleId,
        step: "self-evaluation",
        recipient: person.email,
        purpose: `confirmation:${sub.id}`,
        n: sub.version,
      }),
    );
    expect(ledger).toMatchObject({ status: "sent", messageId: copy?.messageId });
    sub = await Submission.approve(deps, { id: sub.id, actor: { kind: "person", id: "p-dcs", name: "Derby DCS" } });

    const after = await get(`/f/${token}/s/themes`);
    expect(after.res.status).toBe(409);
    expect(after.html).toContain("cannot be changed unless your regional lead reopens it");
    // A section page kept open from before the submission, posted afterwards.
    const late = await send(staleThemes.set(THEMES));
    expect(late.res.status).toBe(409);
    expect((await submissionOf("E06000015")).version).toBe(sub.version);
    expect((await get(`/f/${token}`)).html).toContain(sub.reference!);

    await Submission.reopen(deps, { id: sub.id, reason: "Add evidence", actor: lead });
    expect((await get(`/f/${token}/s/themes`)).res.status).toBe(200);
  });

  it("lets two officers of one LA save at once: different answers merge, the same answer is refused with a clear page", async () => {
    const a = await linkFor(deps, { email: "performance@leicester.example.org", form: "self-evaluation" });
    const b = await linkFor(deps, { email: "improvement@leicester.example.org", form: "self-evaluation" });
    const save = (_token: string, html: string, fields: Record<string, string>) =>
      send(formOf(html, "/s/summary").set(fields), "draft");

    // Both open the section, each changes a different answer, both save at the same moment.
    let pageA = await get(`/f/${a.token}/s/summary`);
    let pageB = await get(`/f/${b.token}/s/summary`);
    const [ra, rb] = await Promise.all([
      save(a.token, pageA.html, { "q.quality": "A's view of quality", "q.how-know": "", "q.plans": "" }),
      save(b.token, pageB.html, { "q.quality": "", "q.how-know": "", "q.plans": "B's plans" }),
    ]);
    expect([ra.res.status, rb.res.status]).toEqual([303, 303]);
    let sub = await submissionOf("E06000016");
    expect(sub.answers).toMatchObject({ quality: "A's view of quality", plans: "B's plans" });

    // Both change the same answer from the same starting point: one wins, the other is told and loses nothing silently.
    pageA = await get(`/f/${a.token}/s/summary`);
    pageB = await get(`/f/${b.token}/s/summary`);
    const same = { "q.quality": "A's view of quality", "q.how-know": "" };
    const results = await Promise.all([
      save(a.token, pageA.html, { ...same, "q.plans": "A rewrites the plans" }),
      save(b.token, pageB.html, { ...same, "q.plans": "B rewrites the plans" }),
    ]);
    expect(results.map((r) => r.res.status).sort()).toEqual([303, 409]);
    const loser = results.find((r) => r.res.status === 409)!;
    expect(loser.html).toContain(
      "Someone else changed “What are your plans for the next 12 months to maintain or improve practice?”",
    );
    sub = await submissionOf("E06000016");
    expect(["A rewrites the plans", "B rewrites the plans"]).toContain(sub.answers.plans);
    expect(loser.html).toContain(String(sub.answers.plans).replace("'", "&#39;"));
  });
});

describe("links that must not open a form", () => {
  it("refuses a tampered token (403), an expired one (410), a withdrawn one (410) and one whose person moved LA (403)", async () => {
    const { token, link } = await linkFor(deps, { email: "improvement@derby.example.org", form: "core-dataset" });
    const [payload, sig] = token.split(".");
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), a: "E06000016" }),
    ).toString("base64url");
    for (const bad of [`${forged}.${sig}`, `${payload}.AAAA`, "not-a-token", `${token}x`]) {
      const r = await get(`/f/${bad}`);
      expect(r.res.status, bad).toBe(403);
      expect(r.html).toContain("You cannot use this link");
      expect(r.html).not.toContain("Derby");
    }
    const expired = await linkFor(deps, {
      email: "improvement@derby.example.org",
      form: "core-dataset",
      expiresAt: new Date("2026-09-01T00:00:00Z"),
      generation: 2,
    });
    const e = await get(`/f/${expired.token}`);
    expect(e.res.status).toBe(410);
    expect(e.html).toContain("This link has expired");

    await Links.revoke(deps, { id: link.id, actor: lead });
    const revoked = await get(`/f/${token}`);
    expect(revoked.res.status).toBe(410);
    expect(revoked.html).toContain("withdrawn");

    // A contact moved to another LA: their old link no longer opens the old LA's form.
    const moved = await linkFor(deps, { email: "improvement@nottingham.example.org", form: "core-dataset" });
    await People.importContacts(deps, {
      regionId: "east-midlands",
      csv: "name,email,authority,roles,job_title\nMoved Person,improvement@nottingham.example.org,Derby,officer,Analyst\n",
      actor: lead,
    });
    const m = await get(`/f/${moved.token}`);
    expect(m.res.status).toBe(403);
    expect(m.html).not.toContain("Nottingham</span>");
  });

  it("refuses posts without the page's CSRF token or from another site, and changes nothing", async () => {
    const { token } = await linkFor(deps, { email: "dcs@rutland.example.org", form: "core-dataset" });
    const { html } = await get(`/f/${token}/s/quarter`);
    const before = await submissionOf("E06000017", "core-dataset");
    const filled = formOf(html, "/s/quarter").set({ "q.quarter": "q2" });
    const withoutToken = filled.body("continue");
    expect(withoutToken.get("csrf")).toBeTruthy();
    withoutToken.delete("csrf");
    const noToken = await postBody(filled.form.action, withoutToken);
    expect(noToken.res.status).toBe(403);
    const crossSite = await send(filled, "continue", { origin: "https://evil.example" });
    expect(crossSite.res.status).toBe(403);
    expect((await submissionOf("E06000017", "core-dataset")).version).toBe(before.version);
  });

  it("token signatures are checked in constant time and bound to every claim", () => {
    const claims = {
      i: "abcdefghij",
      k: "f" as const,
      c: "c-2026",
      a: "E1",
      f: "core-dataset",
      p: "p1",
      e: 2_000_000_000,
    };
    const t = Tokens.sign("s".repeat(40), claims);
    expect(Tokens.verify("s".repeat(40), t, new Date("2030-01-01"))).toEqual(claims);
    expect(() => Tokens.verify("t".repeat(40), t, new Date("2030-01-01"))).toThrow(/not valid/);
  });
});
