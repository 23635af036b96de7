/**
 * Concerns as people meet them: the lead opens one from other intelligence on the page (form read
 * from the HTML), the DCS is emailed and answers by reply (real MIME over SMTP) or on the page, the
 * lead does not accept a response and it climbs the ladder, then closes it with an outcome; the
 * concern is a need on the support menu, every step audited, and `listConcerns` shows it all.
 */
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Audit, fixedClock, type Deps, type OutboundEmail } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import { createApp, type App } from "@riia/functions/app";
import { seed } from "../../local/seed";
import { startSmtp, type LocalSmtp } from "../../local/smtp-inbound";
import { recordingMailer, testDeps } from "./helpers";
import { visitor, visitorPost } from "./visitor";

const clock = fixedClock("2026-10-05T10:00:00Z");
const REGION = "east-midlands";
let deps: Deps;
let app: App;
let sent: OutboundEmail[];
let smtp: LocalSmtp;
let cookie: string;

const form = (path: string, fields: Record<string, string>, cookieHeader = "") =>
  app.request(path, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie: cookieHeader },
  });

beforeAll(async () => {
  const base = await testDeps({ clock });
  await seed(base);
  ({ deps, sent } = recordingMailer(base));
  smtp = await startSmtp(deps as AwsDeps);
  app = createApp(deps);
  const v = await visitor(app);
  await visitorPost(app, v, "/sign-in", { region: REGION, email: "lead@em-riia.example.org" });
  const mail = sent.find((m) => m.to[0] === "lead@em-riia.example.org")!;
  const done = await visitorPost(app, v, /http:\/\/riia\.test(\/s\/[\w.-]+)/.exec(mail.text)![1]!, {});
  cookie = done.headers.get("set-cookie")!.split(";")[0]!;
}, 120_000);
afterAll(() => smtp?.stop());

function formOf(html: string) {
  const f = html.slice(html.lastIndexOf("<form"));
  const fields: Record<string, string> = {};
  for (const m of f.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)) fields[m[1]!] = m[2]!;
  const selects = [...f.matchAll(/<select[^>]*name="(\w+)"[^>]*>([\s\S]*?)<\/select>/g)].map((m) => ({
    name: m[1]!,
    options: [...m[2]!.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)</g)].map((o) => ({
      value: o[1]!,
      text: o[2]!.trim(),
    })),
  }));
  return { action: /action="([^"]+)"/.exec(f)![1]!, fields, selects };
}
const pick = (f: ReturnType<typeof formOf>, name: string, text: string) =>
  f.selects.find((s) => s.name === name)!.options.find((o) => o.text === text)!.value;

async function openFromIntelligence(la: string, evidence: string) {
  const page = await app.request(`/lead/concerns/${REGION}`, { headers: { cookie } });
  const f = formOf(await page.text());
  const res = await form(
    f.action,
    {
      ...f.fields,
      authority: pick(f, "authority", la),
      source: pick(f, "source", "Ofsted inspection or focused visit"),
      theme: pick(f, "theme", "Children in care"),
      evidence,
    },
    cookie,
  );
  expect(res.status).toBe(303);
  return res.headers.get("location")!;
}
const listConcerns = async () =>
  (
    (await (
      await app.request(`/api/regions/${REGION}/concerns`, {
        headers: { authorization: `Bearer ${deps.config.appSecret}` },
      })
    ).json()) as {
      concerns: {
        id: string;
        authority: string;
        status: string;
        level: number;
        history: { action: string }[];
        outcome?: string;
      }[];
    }
  ).concerns;

describe("a concern from other intelligence", () => {
  it("refuses an incomplete form with clear errors and opens nothing", async () => {
    const f = formOf(await (await app.request(`/lead/concerns/${REGION}`, { headers: { cookie } })).text());
    const res = await form(f.action, { ...f.fields, authority: "", theme: "", evidence: "short" }, cookie);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Choose a local authority");
    expect(html).toContain("Describe the evidence in at least a sentence");
    expect((await listConcerns()).filter((c) => c.authority === "E06000016")).toEqual([]);
  });

  it("emails the DCS, takes a reply by email as the response, and the lead closes it with an outcome", async () => {
    const location = await openFromIntelligence(
      "Leicester",
      "The focused visit found drift in permanence planning for children in care.",
    );
    const mail = sent.find(
      (m) => m.to[0] === "dcs@leicester.example.org" && /a concern about Leicester/.test(m.subject),
    )!;
    expect(mail.text).toContain("The focused visit found drift in permanence planning for children in care.");
    const raw = [
      "From: DCS Leicester <dcs@leicester.example.org>",
      `To: ${mail.replyTo![0]}`,
      "Subject: Re: concern",
      "Message-ID: <concern-reply-1@leicester.example.org>",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "We have a permanence panel in place since September and will share the tracker monthly.",
      "",
      "On Mon, the region wrote:",
      "> Dear DCS",
    ].join("\r\n");
    const transport = nodemailer.createTransport({
      host: "127.0.0.1",
      port: smtp.port,
      secure: false,
      ignoreTLS: true,
    });
    await transport.sendMail({ envelope: { from: "dcs@leicester.example.org", to: [mail.replyTo![0]!] }, raw });
    const detail = await app.request(location, { headers: { cookie } });
    const html = await detail.text();
    expect(html).toContain("We have a permanence panel in place since September");
    expect(html).not.toContain("On Mon, the region wrote");
    const f = formOf(html);
    await form(f.action, { ...f.fields, action: "accept", note: "" }, cookie);
    const close = formOf(await (await app.request(location, { headers: { cookie } })).text());
    expect((await form(close.action, { ...close.fields, action: "close", note: "" }, cookie)).status).toBe(400);
    await form(
      close.action,
      { ...close.fields, action: "close", note: "Tracker reviewed at the November board." },
      cookie,
    );
    const c = (await listConcerns()).find((x) => x.authority === "E06000016")!;
    expect(c).toMatchObject({ status: "closed", outcome: "Tracker reviewed at the November board." });
    expect(c.history.map((h) => h.action)).toEqual(["opened", "responded", "response accepted", "closed"]);
    const need = await deps.store.get({ pk: "NEED#east-midlands-2026", sk: "E06000016#children-in-care" });
    expect(need).toMatchObject({ priority: 3, sources: ["concern"] });
    const audit = await Audit.listForAuthority(deps, "E06000016");
    expect(audit.items.map((a) => a.action)).toEqual(
      expect.arrayContaining(["concern.opened", "concern.responded", "concern.accepted", "concern.closed"]),
    );
  });

  it("takes a response on the page; a response the lead does not accept climbs past them to the DfE adviser", async () => {
    await openFromIntelligence(
      "Derby",
      "The annual conversation raised placement instability for older children in care.",
    );
    const mail = sent.find((m) => m.to[0] === "dcs@derby.example.org" && /a concern about Derby/.test(m.subject))!;
    const path = /http:\/\/riia\.test(\/c\/[\w.-]+)/.exec(mail.text)![1]!;
    const page = formOf(await (await app.request(path)).text());
    const empty = await form(page.action, { ...page.fields, response: "" });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Enter your response");
    expect((await form(page.action, { ...page.fields, response: "It is in hand." })).status).toBe(200);
    const c = (await listConcerns()).find((x) => x.authority === "E06000015")!;
    const detail = formOf(
      await (await app.request(`/lead/concerns/${REGION}/${encodeURIComponent(c.id)}`, { headers: { cookie } })).text(),
    );
    // The first post shows who will hear (the rung above the lead, never the lead) and changes nothing.
    const ask = await form(
      detail.action,
      { ...detail.fields, action: "reject", note: "No plan or dates given." },
      cookie,
    );
    expect(ask.status).toBe(200);
    const askHtml = await ask.text();
    expect(askHtml).toContain("Escalate to the DfE adviser?");
    expect(askHtml).toContain("Ruth Adebayo (adviser@dfe.example.org)");
    expect(askHtml).not.toContain("(lead@em-riia.example.org)");
    expect((await listConcerns()).find((x) => x.authority === "E06000015")).toMatchObject({ status: "responded" });
    const confirm = formOf(askHtml);
    expect(confirm.fields).toMatchObject({ action: "reject", confirm: "yes" });
    expect((await form(confirm.action, { ...confirm.fields, note: "" }, cookie)).status).toBe(400);
    const done = await form(confirm.action, { ...confirm.fields, note: "No plan or dates given." }, cookie);
    expect(done.status).toBe(303);
    const after = (await listConcerns()).find((x) => x.authority === "E06000015")!;
    expect(after).toMatchObject({ status: "escalated", level: 2 });
    const escalations = sent.filter((m) => m.subject === "Escalation: concern about Derby");
    expect(escalations.map((m) => m.to[0])).toEqual(["adviser@dfe.example.org"]);
    expect(escalations[0]!.text).toContain("did not accept Derby's response: No plan or dates given.");
  });

  it("refuses an adviser's attempt to change a concern", async () => {
    const res = await form(`/lead/concerns/${REGION}`, {
      authority: "E06000015",
      theme: "workforce",
      evidence: "x".repeat(20),
    });
    expect([401, 403]).toContain(res.status);
  });
});
