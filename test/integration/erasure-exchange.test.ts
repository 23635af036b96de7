/**
 * Issue 28, item 4, across regions: erasure reaches the exchange. Two people are driven through the real paths:
 * the East Midlands lead (Morgan Lee) asks for Coventry's offer from the catalogue's confirm page, and Coventry's
 * officer (Nadia Khan, West Midlands) confirms the capacity and publishes a case study naming her own address from
 * her emailed link, then is asked to review Derby from another region, accepts by link and sends her review as a real
 * MIME reply over SMTP. Each one's subject-access download lists every place first (the request, the case study, the
 * other people's emails naming them, the cross-region review); Nadia is erased from her lead's confirm page and
 * Morgan through the privacy API; then the WHOLE table and bucket are read: no name, address or hash of either.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Allowance,
  Assignments,
  Audit,
  Exchange,
  fixedClock,
  heldHash,
  Keys,
  Mail,
  People,
  Workflow,
} from "@riia/core";
import type { OutboundEmail } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import type { App } from "@riia/functions/app";
import { seedExchange } from "../../local/seed-exchange";
import { startSmtp, type LocalSmtp } from "../../local/smtp-inbound";
import { formOf, formWithButton } from "../form-page";
import { formsOf, linksOf, type PageForm } from "./page-forms";
import { seededApp } from "./page-world";
import { completeReviewReply, deliver, plainReply } from "./replies-support";
import { signInByPage } from "./sign-in";
import { tracesLeft } from "./whole-store";
import { addWorkforceNeedInBothMidlands } from "./exchange-needs";

const clock = fixedClock("2026-10-20T10:00:00Z");
const EM = "east-midlands-2026";
const DERBY = "E06000015";
const COVENTRY = "E08000026";
let deps: AwsDeps;
let app: App;
let sent: OutboundEmail[];
let smtp: LocalSmtp;

const post = (path: string, body: URLSearchParams | Record<string, string>, cookie = "") =>
  app.request(path, {
    method: "POST",
    body: body instanceof URLSearchParams ? body : new URLSearchParams(body),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie },
  });
const get = async (path: string, cookie = "") =>
  (await app.request(path, { headers: { cookie, accept: "text/html" } })).text();
const submit = (f: PageForm, cookie: string, changes: Record<string, string> = {}) =>
  post(f.action, { ...f.fields, ...changes }, cookie);
const formTo = (html: string, action: RegExp, field?: string) =>
  formsOf(html).find((f) => action.test(f.action) && (!field || field in f.fields))!;
const linkIn = (m: OutboundEmail) => /http:\/\/riia\.test(\/x\/[a-z2-7]+)/.exec(m.text)![1]!;
const mailTo = (to: string, subject: RegExp) => sent.filter((m) => m.to[0] === to && subject.test(m.subject));

beforeAll(async () => {
  ({ deps, sent, app } = await seededApp(clock, (base) => seedExchange(base, 2026, "east-midlands")));
  smtp = await startSmtp(deps);
  for (const step of ["self-evaluation", "peer-scrutiny"] as const)
    await Workflow.openStep(deps, { cycleId: EM, step, actor: Audit.systemActor("schedule") });
}, 120_000);
afterAll(() => smtp?.stop());

/** The exchange as Morgan (asking) and Nadia (offering LA) meet it; returns the request's id. */
async function exchange(em: string, nadia: People.Person) {
  const catalogue = await get("/lead/exchange?theme=workforce", em);
  const offer = linksOf(catalogue).find((l) => l.startsWith("/lead/exchange/offers/west-midlands-2026/"))!;
  const form = formTo(await get(offer, em), /\/lead\/exchange\/offers\//);
  const confirm = await (await submit(form, em, { authority: DERBY, note: "Turnover has risen." })).text();
  expect((await submit(formTo(confirm, /\/lead\/exchange\/offers\//), em)).status).toBe(303);
  const [asked] = mailTo("lead@wm-riia.example.org", /East Midlands asks for Coventry's offer/);
  const agree = await (await submit(formTo(await get(linkIn(asked!)), /^\/x\//), "", { decision: "agree" })).text();
  expect((await submit(formTo(agree, /^\/x\//), "", { reason: "Glad to help" })).status).toBe(303);
  // Nadia confirms Coventry's capacity, then publishes a case study with her own address as its contact.
  const [capacity] = mailTo(nadia.email, /can Coventry support Derby/);
  const link = linkIn(capacity!);
  const yes = await (await submit(formTo(await get(link), /^\/x\//), "", { answer: "yes" })).text();
  expect((await submit(formTo(yes, /^\/x\//), "")).status).toBe(303);
  const study = await submit(formTo(await get(link), /^\/x\//, "what"), "", {
    what: "Six months of mentoring for Derby's newly qualified social workers",
    forWhom: "Derby",
    changed: `Turnover fell from 30% to 12%; ask ${nadia.name} for the programme`,
    contact: nadia.email,
  });
  expect((await submit(formTo(await study.text(), /^\/x\//), "")).status).toBe(303);
  const [r] = (await Exchange.requestsOf(deps, "east-midlands")).outgoing;
  expect(r!.status).toBe("confirmed");
  expect(await deps.store.get(Keys.caseStudy(r!.id))).toMatchObject({ contact: nadia.email });
  return r!.id;
}

/** Morgan asks Nadia to review Derby from another region; she accepts by link and reviews by email over SMTP. */
async function crossReview(em: string, nadia: People.Person) {
  const assignments = `/lead/cycles/${EM}/assignments/peer-scrutiny`;
  const ask = formOf(await get(assignments, em), "/other-region-reviewer/").fill("reviewee", DERBY);
  const choose = await (await post(ask.action, ask.body(), em)).text();
  const f = formOf(choose, "/other-region-reviewer/")
    .set({ person: nadia.id })
    .fill("reason", `Independence: ${nadia.name} led Coventry's front door redesign`);
  expect((await post(f.action, f.body(), em)).status).toBe(303);
  await Mail.dispatchDue(deps, { limiter: { acquire: async () => undefined } });
  const mail = sent.filter((m) => m.to[0] === nadia.email && /please review/i.test(m.subject)).at(-1)!;
  const accept = new URL(/(http:\/\/riia\.test\/r\/\w+\/accept)/.exec(mail.text)![1]!).pathname;
  expect((await post(accept, formOf(await get(accept), accept).body())).status).toBe(200);
  const replyTo = mail.replyTo![0]!;
  const raw = plainReply({ from: nadia.email, to: replyTo, text: completeReviewReply(nadia.name, "Coventry") });
  expect(await deliver(deps, smtp, raw, { from: nadia.email, to: [replyTo] })).toMatchObject({ status: "recorded" });
  return Assignments.assignmentId(EM, "peer-scrutiny", DERBY, COVENTRY);
}

/** Morgan opens a concern about Leicester from other intelligence on the concerns page: its history names them. */
async function concern(em: string) {
  const html = await get("/lead/concerns/east-midlands", em);
  const f = html.slice(html.lastIndexOf("<form"));
  const option = (name: string, text: string) => {
    const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(f)![1]!;
    return [...select.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)</g)].find((o) => o[2]!.trim() === text)![1]!;
  };
  const hidden = Object.fromEntries(
    [...f.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]),
  );
  const res = await post(
    /action="([^"]+)"/.exec(f)![1]!,
    {
      ...hidden,
      authority: option("authority", "Leicester"),
      source: option("source", "Ofsted inspection or focused visit"),
      theme: option("theme", "Children in care"),
      evidence: "The focused visit found drift in permanence planning for children in care.",
    },
    em,
  );
  expect(res.status).toBe(303);
}

const tracesOf = (p: People.Person) => [p.email, p.name, heldHash(p.email), Allowance.subjectHash("sign-in", p.email)];

describe("erasing people who took part in the exchange", () => {
  it("lists every place first, then leaves no trace of the asking lead or the offering LA's officer", async () => {
    const morgan = (await People.findByEmail(deps, "east-midlands", "lead@em-riia.example.org"))!;
    const nadia = (await People.findByEmail(deps, "west-midlands", "performance@coventry.example.org"))!;
    const em = await signInByPage(app, sent, { scope: "east-midlands", email: morgan.email });
    const requestId = await exchange(em, nadia);
    const reviewId = await crossReview(em, nadia);
    await concern(em);
    // Other people's emails name them: the offering lead's request (Morgan as sender), the reviewer's region told.
    expect(mailTo("lead@wm-riia.example.org", /asks for Coventry/)[0]!.text).toContain(morgan.name);
    expect(mailTo("lead@wm-riia.example.org", /asked to review for East/)[0]!.text).toContain(nadia.name);

    // Subject access, downloaded by Nadia's lead: every place is listed before anything is erased.
    const wm = await signInByPage(app, sent, { scope: "west-midlands", email: "lead@wm-riia.example.org" });
    const file = await app.request(`/lead/people/${nadia.id}/export`, { headers: { cookie: wm } });
    expect(file.status).toBe(200);
    const doc = (await file.json()) as {
      recordsNamingThem: { record: string; id?: string }[];
      crossRegionReviews: { assignment: string; reason: string }[];
      peerReviewReplies: unknown[];
      messagesReceived: { status: string }[];
      recordsAboutThem: { action: string }[];
    };
    expect(doc.recordsNamingThem.map((r) => r.record)).toEqual(
      expect.arrayContaining(["exchange-request", "case-study", "an email to someone else that names them"]),
    );
    expect(doc.crossRegionReviews.map((r) => r.assignment)).toEqual([reviewId]);
    expect(doc.messagesReceived.map((m) => m.status)).toEqual(["recorded"]);
    // The East Midlands' audit line asking her to review (another region's audit) is listed too.
    expect(doc.recordsAboutThem.map((e) => e.action)).toContain("exchange.reviewer-assigned");
    const auth = { authorization: `Bearer ${deps.config.appSecret}` };
    const morganDoc = (await (
      await app.request(`/api/privacy/people/${morgan.id}/export`, { headers: auth })
    ).json()) as {
      recordsNamingThem: { record: string; id?: string }[];
      regionRecordsNamingThem: { record: string }[];
    };
    expect(morganDoc.recordsNamingThem).toEqual(
      expect.arrayContaining([expect.objectContaining({ record: "exchange-request", id: requestId })]),
    );
    // The concern they opened names them in its history.
    expect(morganDoc.regionRecordsNamingThem.map((r) => r.record)).toContain("concern");

    // Nadia, erased from her lead's confirmation page (the first POST without a reason changes nothing).
    const confirm = await get(`/lead/people/${nadia.id}/erase`, wm);
    const empty = formWithButton(confirm, "Erase this person");
    expect((await post(empty.action, empty.body("Erase this person"), wm)).status).toBe(400);
    expect(await deps.store.get(Keys.person(nadia.id))).toBeDefined();
    const erase = formWithButton(confirm, "Erase this person").fill("reason", "Left Coventry");
    expect((await post(erase.action, erase.body("Erase this person"), wm)).status).toBe(303);
    // Morgan, erased through the privacy API.
    const erased = await app.request(`/api/privacy/people/${morgan.id}/erase`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ reason: "Left the region" }),
    });
    expect(erased.status).toBe(200);

    // The whole table and bucket: nothing names either of them.
    const left = await tracesLeft(deps, [...tracesOf(nadia), ...tracesOf(morgan)]);
    expect(left.table).toEqual([]);
    expect(left.bucket).toEqual([]);
    // The records stay, without them: the request, the case study and the review are the regions' work.
    const r = await Exchange.getRequest(deps, requestId);
    expect(r).toMatchObject({ status: "confirmed", from: { email: `erased:${morgan.id}` } });
    expect(await deps.store.get(Keys.caseStudy(requestId))).toMatchObject({ contact: `erased:${nadia.id}` });
    expect((await Assignments.get(deps, reviewId)).status).toBe("accepted");
  });

  it("leaves no trace of the national coordinator who convened a cross-region group", async () => {
    const actor = Audit.systemActor("test");
    // Workforce is a need in both regions (the group's page offers LAs with that need).
    await addWorkforceNeedInBothMidlands(deps, actor);
    const who = (await People.findByEmail(deps, "national", "coordinator@national.example.org"))!;
    const coordinator = await signInByPage(app, sent, { scope: "national", email: who.email });
    const start = await get("/lead/national/groups", coordinator);
    const chosen = await (
      await submit(formTo(start, /groups/), coordinator, { theme: "workforce", intent: "choose" })
    ).text();
    const form = formTo(chosen, /groups/);
    const fields = new URLSearchParams({ ...form.fields, title: "Keeping social workers" });
    fields.delete("authorities");
    for (const code of ["E06000016", "E08000027"]) fields.append("authorities", code);
    const confirm = await (await post(form.action, fields, coordinator)).text();
    const done = formTo(confirm, /groups/);
    const pairs = new URLSearchParams(Object.entries(done.fields));
    for (const code of ["E06000016", "E08000027"]) pairs.append("authorities", code);
    expect((await post(done.action, pairs, coordinator)).status).toBe(303);
    const invites = sent.filter((m) => m.subject === "You are invited: Keeping social workers");
    expect(invites.map((m) => m.replyTo)).toEqual([[who.email], [who.email]]);
    expect((await Exchange.groups(deps))[0]).toMatchObject({ convenedBy: who.name });

    const auth = { authorization: `Bearer ${deps.config.appSecret}` };
    const erased = await app.request(`/api/privacy/people/${who.id}/erase`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ reason: "Moved on" }),
    });
    expect(erased.status).toBe(200);
    const left = await tracesLeft(deps, tracesOf(who));
    expect(left.table).toEqual([]);
    expect(left.bucket).toEqual([]);
    expect((await Exchange.groups(deps))[0]).toMatchObject({ title: "Keeping social workers" });
  });
});
