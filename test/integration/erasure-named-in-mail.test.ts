/**
 * Issue 28, item 4: emails that NAME someone who is not their recipient are reached by that person's erasure and
 * subject access. Derby's DCS returns and then approves the self-evaluation from the emailed link's page (the
 * officers are told "<DCS>, your director of children's services, has returned / approved it"), answers a concern
 * from its emailed link, and the lead, not accepting the answer, writes the DCS's name in the reason the concern
 * climbs to the DfE adviser with. The lead downloads the DCS's subject-access file (those emails are listed), erases
 * them from the confirmation page, and the WHOLE table and bucket are read: no name, address or hash of theirs is
 * left outside the erasure's own audit line (which names them by neither).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Allowance, fixedClock, heldHash, People, type OutboundEmail } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import type { App } from "@riia/functions/app";
import { linkFor } from "../../local/form-link";
import type { LocalSmtp } from "../../local/smtp-inbound";
import { formOf, formWithButton, type FormFiller } from "../form-page";
import { pageWorld } from "./page-world";
import { signInByPage } from "./sign-in";
import { selfEvaluationAnswers } from "./self-evaluation-answers";
import { scanTable, tracesLeft } from "./whole-store";

const clock = fixedClock("2026-10-20T10:00:00Z");
const REGION = "east-midlands";
const LEAD = "lead@em-riia.example.org";
let deps: AwsDeps;
let app: App;
let sent: OutboundEmail[];
let smtp: LocalSmtp;

beforeAll(async () => {
  ({ deps, sent, app, smtp } = await pageWorld(clock));
});
afterAll(() => smtp?.stop());

const get = async (path: string, cookie = "") => {
  const res = await app.request(path, { headers: cookie ? { cookie } : {} });
  return { res, html: await res.text() };
};
const send = (form: FormFiller, button?: string, cookie = "") =>
  app.request(form.action, {
    method: "POST",
    body: form.body(button),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie },
  });
const pathIn = (text: string, prefix: string) => new RegExp(`http://riia\\.test(/${prefix}/\\S+)`).exec(text)![1]!;

/** An officer fills every section of the form through its pages and submits it with the declaration. */
async function officerSubmits(token: string) {
  for (const [section, fields] of Object.entries(selfEvaluationAnswers("2025-26"))) {
    const { html } = await get(`/f/${token}/s/${section}`);
    expect((await send(formOf(html, `/s/${section}`).set(fields), "continue")).status).toBe(303);
  }
  const check = await get(`/f/${token}/check`);
  expect((await send(formOf(check.html, "/submit").check("declaration", "yes"))).status).toBe(303);
}

/** The DCS decides on the page their latest sign-off email links to. */
async function dcsDecides(dcs: People.Person, decide: (f: FormFiller) => FormFiller) {
  const mail = sent.filter((m) => m.to[0] === dcs.email && /^Approve Derby's/.test(m.subject)).at(-1)!;
  const page = await get(pathIn(mail.text, "sign-off"));
  expect((await send(decide(formOf(page.html, "/sign-off/")))).status).toBe(303);
}

/** The lead opens a concern about an LA; its DCS answers on the link's page; the lead does not accept, saying `note`. */
async function concernClimbs(la: string, dcsEmail: string, note: string, cookie: string) {
  const open = formOf((await get(`/lead/concerns/${REGION}`, cookie)).html, `/lead/concerns/${REGION}`);
  const option = (name: string, text: string) =>
    open.form.controls.find((c) => c.name === name)!.options!.find((o) => o.text.trim() === text)!.value;
  open
    .fill("authority", option("authority", la))
    .fill("source", option("source", "Ofsted inspection or focused visit"))
    .fill("theme", option("theme", "Children in care"))
    .fill("evidence", "The annual conversation raised placement instability for older children in care.");
  expect((await send(open, undefined, cookie)).status).toBeLessThan(400);
  const raised = sent.find((m) => m.to[0] === dcsEmail && m.subject.includes(`a concern about ${la}`))!;
  const answer = formOf((await get(pathIn(raised.text, "c"))).html).fill("response", "It is in hand.");
  expect((await send(answer)).status).toBe(200);
  const list = await get(`/lead/concerns/${REGION}`, cookie);
  const code = option("authority", la);
  const detail = new RegExp(`href="(/lead/concerns/east-midlands/${code}-[^"]+)"`).exec(list.html)![1]!;
  const ask = await send(
    formOf((await get(detail, cookie)).html, detail)
      .set({ action: "reject" })
      .fill("note", note),
    undefined,
    cookie,
  );
  expect(ask.status).toBe(200);
  const confirm = formOf(await ask.text(), detail).fill("note", note);
  expect((await send(confirm, undefined, cookie)).status).toBe(303);
}

describe("erasing someone other people's emails name", () => {
  it("reaches the officers' sign-off notices and the adviser's escalation naming the DCS", async () => {
    const dcs = (await People.findByEmail(deps, REGION, "dcs@derby.example.org"))!;
    const traces = [dcs.email, dcs.name, heldHash(dcs.email), Allowance.subjectHash("sign-in", dcs.email)];
    const officer = "performance@derby.example.org";

    // The DCS returns the form, the officers submit it again, and the DCS approves it: all from the emailed link.
    const { token } = await linkFor(deps, { email: officer, form: "self-evaluation" });
    await officerSubmits(token);
    await dcsDecides(dcs, (f) => f.check("decision", "return").fill("comment", "Say how audits show impact."));
    await officerSubmits(token);
    await dcsDecides(dcs, (f) => f.check("decision", "approve"));
    const cookie = await signInByPage(app, sent, { email: LEAD });
    await concernClimbs("Derby", dcs.email, `${dcs.name} gave no plan or dates.`, cookie);

    // The emails naming them went to other people.
    const naming = sent.filter((m) => m.to[0] !== dcs.email && `${m.subject}\n${m.text}`.includes(dcs.name));
    expect(naming.map((m) => m.subject)).toEqual(
      expect.arrayContaining([
        "Derby's annual self-evaluation has been returned for changes",
        "Derby's annual self-evaluation has been approved",
        "Escalation: concern about Derby",
      ]),
    );
    expect(naming.map((m) => m.to[0])).toEqual(expect.arrayContaining([officer, "adviser@dfe.example.org"]));

    // Subject access, downloaded by the lead before the erasure, lists each of them.
    const file = await app.request(`/lead/people/${dcs.id}/export`, { headers: { cookie } });
    const doc = (await file.json()) as { recordsNamingThem: { record: string; subject?: string; text?: string }[] };
    const listed = doc.recordsNamingThem.filter((r) => r.record === "an email to someone else that names them");
    for (const m of naming) expect(listed.map((r) => r.subject)).toContain(m.subject);
    expect(listed.every((r) => r.text?.includes(dcs.name))).toBe(true);

    // Erased from the confirmation page, with a reason.
    const confirm = (await get(`/lead/people/${dcs.id}/erase`, cookie)).html;
    const erase = formWithButton(confirm, "Erase this person").fill("reason", "Left Derby");
    expect((await send(erase, "Erase this person", cookie)).status).toBe(303);

    // The whole table and bucket: nothing names them; the emails stay, without them.
    expect(await tracesLeft(deps, traces)).toEqual({ table: [], bucket: [] });
    const ledger = (await scanTable(deps)).filter((i) => i.kind === "mail" && i.to === "adviser@dfe.example.org");
    expect(ledger.map((m) => m.text)).toEqual([expect.stringContaining("Erased person gave no plan or dates.")]);
  });
});

describe("erasing a national person a region's email names", () => {
  it("reaches the escalation, the concern and the region's audit lines naming the national coordinator", async () => {
    const priya = (await People.findByEmail(deps, "national", "coordinator@national.example.org"))!;
    const traces = [priya.email, priya.name, heldHash(priya.email), Allowance.subjectHash("sign-in", priya.email)];
    const cookie = await signInByPage(app, sent, { email: LEAD });
    const note = `${priya.name} asked that it goes to the adviser.`;
    await concernClimbs("Leicester", "dcs@leicester.example.org", note, cookie);
    const escalation = sent.filter((m) => m.subject === "Escalation: concern about Leicester");
    expect(escalation.map((m) => [m.to[0], m.text.includes(note)])).toEqual([["adviser@dfe.example.org", true]]);
    // Their region's audit and concerns are not where their own erasure would look without the email's scopes.
    expect((await tracesLeft(deps, traces)).table.some((i) => i.includes('"AUDIT#region:east-midlands'))).toBe(true);

    const auth = { authorization: `Bearer ${deps.config.appSecret}` };
    const exported = await app.request(`/api/privacy/people/${priya.id}/export`, { headers: auth });
    const doc = (await exported.json()) as { recordsNamingThem: { subject?: string }[] };
    expect(doc.recordsNamingThem.map((r) => r.subject)).toContain("Escalation: concern about Leicester");
    const erased = await app.request(`/api/privacy/people/${priya.id}/erase`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ reason: "Moved on" }),
    });
    expect(erased.status).toBe(200);
    expect(await tracesLeft(deps, traces)).toEqual({ table: [], bucket: [] });
  });
});
