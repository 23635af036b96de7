/**
 * "Email me a new link" through the pages: an expired, withdrawn or unknown link's page offers the button; pressing
 * it emails a fresh link only to the address on file, at most NewLinks.LIMIT an hour per person, and the page says
 * the same whatever happened.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Audit, fixedClock, Links, NewLinks, People, Replies, type OutboundEmail } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import type { App } from "@riia/functions/app";
import { linkFor } from "../../local/form-link";
import { formOf } from "../form-page";
import { seededApp } from "./page-world";

const clock = fixedClock("2026-09-15T10:00:00Z");
let deps: AwsDeps;
let app: App;
let sent: OutboundEmail[];

beforeAll(async () => {
  ({ deps, app, sent } = await seededApp(clock));
});

/** The browser's visitor cookie: set by the first page with a visitor form, sent with every request after. */
let cookie = "";
async function get(path: string) {
  const res = await app.request(path, { headers: { cookie } });
  cookie = /riia_visitor=[^;]+/.exec(res.headers.get("set-cookie") ?? "")?.[0] ?? cookie;
  return { res, html: await res.text() };
}
async function post(path: string, body: URLSearchParams) {
  const res = await app.request(path, {
    method: "POST",
    body,
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie },
  });
  return { res, html: await res.text() };
}
/** What the page says, without the per-request nonce: the <main> element. */
const mainOf = (html: string) => /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? "";
const mailTo = (address: string) => sent.filter((m) => m.to.includes(address));
const linkIn = (m: OutboundEmail) => /http:\/\/riia\.test(\/[^\s"<)]+)/.exec(m.text)?.[1];

/** Open a refused link's page, and press its "Email me a new link" button as the browser would. */
async function askForNewLink(path: string, status: number) {
  const refused = await get(path);
  expect(refused.res.status, path).toBe(status);
  const form = formOf(refused.html, "/new-link");
  expect(form.buttons).toEqual(["Email me a new link"]);
  // The page never asks for an address: it posts only what it already has.
  expect(form.names().sort()).toEqual(["csrf", "page", "token"]);
  return post(form.action, form.body());
}

const expiredLink = (email: string, form: string, generation: number) =>
  linkFor(deps, { email, form, expiresAt: new Date("2026-09-01T00:00:00Z"), generation });

describe("an expired link's page", () => {
  it("emails exactly one fresh, working link to the address on file, and audits it", async () => {
    const { token, person } = await expiredLink("performance@derby.example.org", "self-evaluation", 7);
    const before = mailTo(person.email).length;
    const answer = await askForNewLink(`/f/${token}`, 410);
    expect(answer.res.status).toBe(200);
    expect(mainOf(answer.html)).toContain(
      "If we have this link on file, we have emailed a new one to the address it was sent to.",
    );
    expect(mainOf(answer.html)).toMatch(/<a class="govuk-link" href="\/">/);
    const mail = mailTo(person.email).slice(before);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toBe("Your new link: Derby's self-evaluation");
    const fresh = linkIn(mail[0]!)!;
    expect(fresh).toMatch(/^\/f\/[^/]+$/);
    expect(fresh).not.toBe(`/f/${token}`);
    const opened = await get(fresh);
    expect(opened.res.status).toBe(200);
    expect(opened.html).toContain("Derby");
    // The old link stays expired: the new one is a link of its own.
    expect((await get(`/f/${token}`)).res.status).toBe(410);
    const audit = await Audit.listForScope(deps, Audit.regionScope("east-midlands"), { limit: 200 });
    expect(audit.items.some((e) => e.action === "link.renewed" && e.summary.includes(person.name))).toBe(true);
  });

  it("sends at most the limit in a burst, with the same page every time, and again after the hour", async () => {
    const { token, person } = await expiredLink("improvement@leicester.example.org", "self-evaluation", 7);
    const before = mailTo(person.email).length;
    const answers: string[] = [];
    for (let i = 0; i < NewLinks.LIMIT + 3; i++) answers.push(mainOf((await askForNewLink(`/f/${token}`, 410)).html));
    expect(new Set(answers).size).toBe(1);
    expect(mailTo(person.email).length - before).toBe(NewLinks.LIMIT);
    // The count is in the store, so another instance of the app counts the same.
    expect(await NewLinks.takeSend(deps, person.id)).toBe(false);

    clock.advance(NewLinks.WINDOW_SECONDS * 1000 + 1000);
    await askForNewLink(`/f/${token}`, 410);
    expect(mailTo(person.email).length - before).toBe(NewLinks.LIMIT + 1);
  });

  it("sends at most the limit when the posts arrive at once", async () => {
    const { token, person } = await expiredLink("dcs@lincolnshire.example.org", "self-evaluation", 7);
    const form = formOf((await get(`/f/${token}`)).html, "/new-link");
    const before = mailTo(person.email).length;
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(form.action, form.body())));
    expect(answers.map((a) => a.res.status)).toEqual(Array(8).fill(200));
    expect(new Set(answers.map((a) => mainOf(a.html))).size).toBe(1);
    expect(mailTo(person.email).length - before).toBe(NewLinks.LIMIT);
  });

  it("sends nothing for an unknown or altered token, and says exactly what it says when it sends", async () => {
    const known = await expiredLink("dcs@rutland.example.org", "self-evaluation", 7);
    const sentAnswer = mainOf((await askForNewLink(`/f/${known.token}`, 410)).html);
    const count = sent.length;
    const [payload, sig] = known.token.split(".");
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), p: "someone-else" }),
    ).toString("base64url");
    for (const bad of ["not-a-token", `${forged}.${sig}`, `${payload}.AAAA`]) {
      const started = performance.now();
      const answer = await askForNewLink(`/f/${bad}`, 403);
      // Nothing to send answers no sooner than a send does (the route waits out a floor).
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
      expect(answer.res.status).toBe(200);
      expect(mainOf(answer.html)).toBe(sentAnswer);
    }
    // An address typed into the post is ignored: there is nowhere for it to go.
    const csrf = formOf((await get(`/f/${known.token}`)).html, "/new-link")
      .body()
      .get("csrf")!;
    const typed = new URLSearchParams({ csrf, token: "not-a-token", page: "f", email: "attacker@example.com" });
    expect(mainOf((await post("/new-link", typed)).html)).toBe(sentAnswer);
    expect(sent.length).toBe(count);
    expect(sent.some((m) => m.to.includes("attacker@example.com"))).toBe(false);
  });

  it("sends nothing for a withdrawn link or a contact who moved LA, with the same answer", async () => {
    const withdrawn = await linkFor(deps, { email: "performance@nottingham.example.org", form: "self-evaluation" });
    await Links.revoke(deps, { id: withdrawn.link.id, actor: { kind: "person", id: "p-lead", name: "Lead" } });
    const count = sent.length;
    const answer = await askForNewLink(`/f/${withdrawn.token}`, 410);
    expect(mainOf(answer.html)).toContain("If we have this link on file");
    expect(sent.length).toBe(count);
  });

  it("renews a DCS's sign-off link to the sign-off page, and a dataset link to the dataset return", async () => {
    const dcs = await expiredLink("dcs@derby.example.org", "self-evaluation", 8);
    let before = mailTo(dcs.person.email).length;
    await askForNewLink(`/sign-off/${dcs.token}`, 410);
    const signOff = mailTo(dcs.person.email).slice(before);
    expect(signOff).toHaveLength(1);
    expect(linkIn(signOff[0]!)).toMatch(/^\/sign-off\//);

    const data = await expiredLink("performance@derby.example.org", "quarterly-dataset", 9);
    before = mailTo(data.person.email).length;
    await askForNewLink(`/d/${data.token}`, 410);
    const dataset = mailTo(data.person.email).slice(before);
    expect(dataset).toHaveLength(1);
    expect(linkIn(dataset[0]!)).toMatch(/^\/d\//);
    expect(dataset[0]!.subject).toContain("quarterly dataset return");
  });

  it("renews a reviewer's expired accept link as a fresh reviewer link for the same person", async () => {
    const person = (await People.findByEmail(deps, "east-midlands", "performance@lincolnshire.example.org"))!;
    const { handle } = await Replies.issue(deps, {
      purpose: "assignment",
      subject: "no-such-assignment",
      cycleId: "east-midlands-2026",
      regionId: "east-midlands",
      personId: person.id,
      authority: person.authority!,
      expiresAt: new Date("2026-09-01T00:00:00Z"),
    });
    const before = mailTo(person.email).length;
    await askForNewLink(`/r/${Replies.tokenOf(deps, handle.id)}/accept`, 403);
    const mail = mailTo(person.email).slice(before);
    expect(mail).toHaveLength(1);
    const fresh = /^\/r\/([a-z2-7]{28})\/accept$/.exec(linkIn(mail[0]!)!)!;
    const resolved = await Replies.resolveToken(deps, fresh[1]!);
    expect(resolved.ok && resolved.handle).toMatchObject({ personId: person.id, subject: "no-such-assignment" });
  });
});
