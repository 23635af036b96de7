/**
 * The holes found by probing a running stack, each driven the way the probe did: HTTP with the
 * lead's session cookie and Origin headers. Cross-site API calls, sessions that outlive sign-out,
 * and malformed multipart bodies.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Cycle, fixedClock, People, type Deps, type OutboundEmail } from "@riia/core";
import { createApp, type App } from "@riia/functions/app";
import { seed } from "../../local/seed";
import { linkFor } from "../../local/form-link";
import { recordingMailer, testDeps } from "./helpers";
import { visitor, visitorPost } from "./visitor";

const clock = fixedClock("2026-09-15T10:00:00Z");
let deps: Deps;
let app: App;
let sent: OutboundEmail[];
const CYCLE = "east-midlands-2026";
const LEAD = "lead@em-riia.example.org";
const OURS = "http://localhost";
const FOREIGN = "https://evil.example.net";

beforeAll(async () => {
  const base = await testDeps({ clock });
  await seed(base);
  ({ deps, sent } = recordingMailer(base));
  app = createApp(deps);
});

const formPost = (path: string, fields: Record<string, string>, cookie = "", origin = OURS) =>
  app.request(path, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded", origin, cookie },
  });
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1]!;

async function signIn(email: string, application = app, existing = "") {
  const before = sent.length;
  const v = await visitor(app);
  expect((await visitorPost(app, v, "/sign-in", { region: "east-midlands", email }, { origin: OURS })).status).toBe(
    200,
  );
  const mail = sent.slice(before).find((m) => m.to[0] === email && m.subject === "Your sign-in link")!;
  const path = /https?:\/\/riia\.test(\/s\/[\w.-]+)/.exec(mail.text)![1]!;
  const done = await visitorPost(application, v, path, {}, { cookie: existing, origin: OURS });
  expect(done.status).toBe(303);
  const setCookie = done.headers.get("set-cookie")!;
  return { cookie: setCookie.split(";")[0]!, setCookie };
}

const bearer = () => ({ authorization: `Bearer ${deps.config.appSecret}`, "content-type": "application/json" });

describe("the JSON API authenticated by a session cookie", () => {
  it("refuses a POST from a foreign Origin (the probe sent reminders this way) and sends nothing", async () => {
    const other = "east-midlands-2029";
    await Cycle.create(deps, { regionId: "east-midlands", year: 2029, actor: { kind: "api", id: "api" } });
    const opened = await app.request(`/api/cycles/${other}/steps/self-evaluation/open`, {
      method: "POST",
      headers: bearer(),
      body: "{}",
    });
    expect(opened.status).toBe(200);
    const { cookie } = await signIn(LEAD);
    const before = sent.length;
    const remind = (headers: Record<string, string>) =>
      app.request(`/api/cycles/${other}/steps/self-evaluation/remind`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json", ...headers },
        body: "{}",
      });
    const forged = await remind({ origin: FOREIGN });
    expect(forged.status).toBe(403);
    expect(forged.headers.get("content-type")).toContain("application/problem+json");
    expect((await remind({ origin: FOREIGN, "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await remind({})).status).toBe(403); // no Origin at all
    expect((await remind({ origin: OURS, "sec-fetch-site": "cross-site" })).status).toBe(403);
    // Right Origin, but a body type a cross-site page could send without a preflight, and no token.
    expect((await remind({ origin: OURS, "content-type": "text/plain" })).status).toBe(403);
    expect(sent.length).toBe(before);

    // The same call from our own page: Origin is ours and it echoes the token a read handed back.
    const read = await app.request(`/api/cycles/${other}/board`, { headers: { cookie } });
    const token = read.headers.get("x-csrf-token")!;
    expect(token).toMatch(/^[\w-]{32}$/);
    expect(
      (await remind({ origin: OURS, "x-csrf-token": token.replace(/.$/, (last) => (last === "A" ? "B" : "A")) }))
        .status,
    ).toBe(403);
    const ok = await remind({ origin: OURS, "x-csrf-token": token });
    expect(ok.status).toBe(200);
    // A same-origin script sending JSON (which needs a CORS preflight cross-site) may omit the token.
    expect((await remind({ origin: OURS })).status).toBe(200);
  });

  it("still accepts bearer calls without Origin (automation carries no cookie to abuse)", async () => {
    const res = await app.request(`/api/cycles/${CYCLE}/steps/self-evaluation/open`, {
      method: "POST",
      headers: { ...bearer(), origin: FOREIGN },
      body: "{}",
    });
    expect(res.status).toBe(200);
  });
});

describe("server-side sessions", () => {
  it("ends the session at sign-out: the copied cookie no longer works", async () => {
    const { cookie } = await signIn(LEAD);
    const board = await app.request(`/lead/cycles/${CYCLE}`, { headers: { cookie } });
    expect(board.status).toBe(200);
    const html = await board.text();
    const out = await formPost("/sign-out", { csrf: csrfOf(html) }, cookie);
    expect(out.status).toBe(303);
    expect((await app.request(`/lead/cycles/${CYCLE}`, { headers: { cookie } })).headers.get("location")).toBe(
      "/sign-in",
    );
    expect((await app.request(`/api/cycles/${CYCLE}/board`, { headers: { cookie } })).status).toBe(401);
  });

  it("lets a lead revoke someone's sessions at once", async () => {
    const adviser = await signIn("adviser@dfe.example.org");
    expect((await app.request(`/api/cycles/${CYCLE}/board`, { headers: { cookie: adviser.cookie } })).status).toBe(200);
    const person = (await People.findByEmail(deps, "east-midlands", "adviser@dfe.example.org"))!;
    const { cookie } = await signIn(LEAD);
    const token = (await app.request("/api/regions/east-midlands/cycles", { headers: { cookie } })).headers.get(
      "x-csrf-token",
    )!;
    const res = await app.request(`/api/privacy/people/${person.id}/sessions/revoke`, {
      method: "POST",
      headers: { cookie, origin: OURS, "x-csrf-token": token },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { ended: number }).ended).toBeGreaterThanOrEqual(1);
    expect((await app.request(`/api/cycles/${CYCLE}/board`, { headers: { cookie: adviser.cookie } })).status).toBe(401);
    // An adviser cannot revoke anyone.
    const again = await signIn("adviser@dfe.example.org");
    const t2 = (await app.request(`/api/cycles/${CYCLE}/board`, { headers: { cookie: again.cookie } })).headers.get(
      "x-csrf-token",
    )!;
    const refused = await app.request(`/api/privacy/people/${person.id}/sessions/revoke`, {
      method: "POST",
      headers: { cookie: again.cookie, origin: OURS, "x-csrf-token": t2 },
    });
    expect(refused.status).toBe(404);
  });

  it("rotates the session on sign-in: a cookie planted before sign-in never becomes signed in", async () => {
    const first = await signIn(LEAD);
    const second = await signIn(LEAD, app, first.cookie);
    expect(second.cookie).not.toBe(first.cookie);
    expect((await app.request(`/api/cycles/${CYCLE}/board`, { headers: { cookie: first.cookie } })).status).toBe(401);
    expect((await app.request(`/api/cycles/${CYCLE}/board`, { headers: { cookie: second.cookie } })).status).toBe(200);
    // A forged or random cookie is nobody.
    const forged = "riia_session=" + "A".repeat(43);
    expect((await app.request(`/api/cycles/${CYCLE}/board`, { headers: { cookie: forged } })).status).toBe(401);
  });

  it("marks cookies Secure when the base URL is https", async () => {
    const secureDeps = { ...deps, config: { ...deps.config, baseUrl: "https://riia.test" } };
    const secureApp = createApp(secureDeps);
    const before = sent.length;
    const v = await visitor(secureApp);
    await visitorPost(secureApp, v, "/sign-in", { region: "east-midlands", email: LEAD }, { origin: OURS });
    const mail = sent.slice(before).find((m) => m.subject === "Your sign-in link")!;
    const path = /https:\/\/riia\.test(\/s\/[\w.-]+)/.exec(mail.text)![1]!;
    const done = await visitorPost(secureApp, v, path, {}, { origin: OURS });
    expect(done.headers.get("set-cookie")).toMatch(
      /riia_session=[\w-]{43}; Max-Age=28800; Path=\/; HttpOnly; Secure; SameSite=Lax/,
    );
    expect((await signIn(LEAD)).setCookie).not.toMatch(/Secure/);
  });
});

describe("malformed bodies", () => {
  it("answers a multipart content type with a non-multipart body with 400 on every form and lead POST route", async () => {
    const { cookie } = await signIn(LEAD);
    const { token } = await linkFor(deps as never, { email: "performance@derby.example.org", form: "self-evaluation" });
    const menu = await linkFor(deps as never, { email: "performance@derby.example.org", form: "support-menu" });
    const paths = [
      "/sign-in",
      "/sign-out",
      "/s/abc.def",
      `/f/${token}/s/context`,
      `/f/${token}/submit`,
      `/m/${menu.token}`,
      `/lead/cycles/${CYCLE}/steps/self-evaluation`,
      `/lead/cycles/${CYCLE}/steps/self-evaluation/las/E06000015`,
      `/lead/cycles/${CYCLE}/assignments/peer-scrutiny/propose`,
      "/r/abcdefghijklmnopqrstuvwxyz23/accept",
    ];
    const bodies = [
      { type: "multipart/form-data", body: "csrf=x&step=self-evaluation" },
      { type: "multipart/form-data; boundary=----x", body: "not multipart at all" },
      { type: "multipart/form-data; boundary=b", body: "--b\r\nContent-Disposition: form-data\r\n\r\nunterminated" },
    ];
    for (const path of paths)
      for (const { type, body } of bodies) {
        const res = await app.request(path, {
          method: "POST",
          body,
          headers: { "content-type": type, origin: OURS, cookie },
        });
        expect({ path, type, status: res.status }).toEqual({ path, type, status: 400 });
      }
    const api = await app.request(`/api/cycles/${CYCLE}/steps/self-evaluation/open`, {
      method: "POST",
      body: "{not json",
      headers: bearer(),
    });
    expect(api.status).toBe(400);
    expect(api.headers.get("content-type")).toContain("application/problem+json");
  });
});
