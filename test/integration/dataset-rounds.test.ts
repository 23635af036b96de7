/**
 * Rounds run from the lead's console: schedule a quarter's round with its own dates and reminders
 * (confirm page first, nothing saved before), the scheduled step opening it on that date, a return
 * through the emailed link showing on the round's page, a reminder on the lead's day, and one LA's
 * return reopened with a reason (a fresh link emailed, audited). Forms are read from the rendered HTML.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Audit, Rounds, fixedClock, type Deps, type OutboundEmail } from "@riia/core";
import { runScheduled } from "@riia/functions/scheduled";
import type { App } from "@riia/functions/app";
import { formOf } from "../form-page";
import { seededApp } from "./page-world";
import { signInByPage } from "./sign-in";

const clock = fixedClock("2026-06-20T09:00:00Z");
const REGION = "east-midlands";
const DERBY = "E06000015";
let deps: Deps;
let app: App;
let sent: OutboundEmail[];
let cookie: string;

beforeAll(async () => {
  ({ deps, sent, app } = await seededApp(clock));
  cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
}, 120_000);

const get = async (path: string) => {
  const res = await app.request(path, { headers: { cookie } });
  return { status: res.status, html: await res.text() };
};
const send = async (action: string, body: URLSearchParams, withCookie = true) => {
  const res = await app.request(action, {
    method: "POST",
    body,
    headers: {
      ...(withCookie ? { cookie } : {}),
      origin: "http://localhost",
      "content-type": "application/x-www-form-urlencoded",
    },
  });
  return { status: res.status, html: await res.text(), location: res.headers.get("location") };
};
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ");
const rounds = `/lead/dataset/${REGION}/rounds`;

describe("a round from the console", () => {
  it("refuses a deadline before the opening date, changing nothing", async () => {
    const page = await get(rounds);
    const form = formOf(page.html, "/rounds").set({ quarter: "2026-Q2", opens: "2026-07-02", due: "2026-06-30" });
    const res = await send(form.action, form.body());
    expect(res.status).toBe(400);
    expect(text(res.html)).toContain("The deadline must be after the round opens");
    expect(await Rounds.round(deps, REGION, "2026-Q2")).toBeUndefined();
  });

  it("schedules with the lead's dates after a confirm page, opens on the day, shows returns, reminds, reopens", async () => {
    const page = await get(rounds);
    const form = formOf(page.html, "/rounds").set({
      quarter: "2026-Q2",
      opens: "2026-07-02",
      due: "2026-08-14",
      reminders: "10, 3",
    });
    const check = await send(form.action, form.body());
    expect(check.status).toBe(200);
    expect(text(check.html)).toMatch(/When the round opens, \d+ data contacts will be emailed/);
    expect(text(check.html)).toContain("Derby");
    expect(await Rounds.round(deps, REGION, "2026-Q2")).toBeUndefined();

    const confirm = formOf(check.html, "/rounds");
    const done = await send(confirm.action, confirm.body());
    expect(done.location).toBe(`${rounds}/2026-Q2?done=scheduled`);
    expect(await Rounds.round(deps, REGION, "2026-Q2")).toMatchObject({
      opensAt: "2026-07-02T00:00:00.000Z",
      dueAt: "2026-08-14T16:00:00.000Z",
      remindDaysBefore: [10, 3],
    });
    const audit = await Audit.listForScope(deps, Audit.regionScope(REGION));
    expect(audit.items.find((a) => a.action === "dataset.round.scheduled")?.summary).toContain("reminders 10, 3 days");

    // Not on the quarter's last day: on the lead's opening date.
    clock.set("2026-07-01T09:00:00Z");
    await runScheduled(deps);
    expect(sent.filter((m) => /Core dataset for April to June 2026/.test(m.subject))).toHaveLength(0);
    clock.set("2026-07-02T09:00:00Z");
    await runScheduled(deps);
    const invitations = sent.filter((m) => /Core dataset for April to June 2026/.test(m.subject));
    expect(invitations.length).toBeGreaterThanOrEqual(10);

    // Derby's data contact sends its figures through the emailed link.
    const { returnFor } = await derbyReturn(invitations);
    const form2 = formOf(await (await app.request(returnFor)).text());
    for (const name of form2.names().filter((n) => n.startsWith("v-"))) form2.fill(name, "c");
    form2.fill("v-re-referrals", "21.5");
    const sentReturn = await send(form2.action, form2.body(), false);
    expect(sentReturn.status).toBe(200);

    cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
    const round = await get(`${rounds}/2026-Q2`);
    expect(text(round.html)).toContain("1 of 10 local authorities' figures are in; 9 awaited.");
    expect(text(round.html)).toMatch(/Derby Returned 2 July 2026/);

    // Reminders on the lead's day: 10 days before the deadline, to LAs not yet returned.
    const before = sent.length;
    clock.set("2026-08-04T16:30:00Z");
    await runScheduled(deps);
    const reminders = sent.slice(before).filter((m) => /^Reminder: core dataset/.test(m.subject));
    expect(reminders.length).toBeGreaterThan(0);
    const derbyContact = invitations.find((m) => m.text.includes("Derby's figures"))!.to[0];
    expect(reminders.map((m) => m.to[0])).not.toContain(derbyContact);

    // Reopen Derby's return: the reason is required; then a fresh link goes to its contact.
    cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
    const ask = await get(`${rounds}/2026-Q2?reopen=${DERBY}`);
    expect(text(ask.html)).toContain("Reopen Derby's return");
    const empty = formOf(ask.html, "/reopen");
    expect((await send(empty.action, empty.body())).status).toBe(400);
    const reopen = formOf(ask.html, "/reopen").fill("reason", "Re-referrals figure double-counted");
    const atReopen = sent.length;
    const reopened = await send(reopen.action, reopen.body());
    expect(reopened.location).toBe(`${rounds}/2026-Q2?done=reopened`);
    await runScheduled(deps); // the outbox goes out with the scheduled step
    const fresh = sent.slice(atReopen).filter((m) => /^Core dataset for/.test(m.subject));
    expect(fresh.map((m) => [m.to[0], m.subject])).toEqual([
      [derbyContact, expect.stringMatching(/please send by 18 August 2026/)],
    ]);
    const newLink = /http:\/\/riia\.test(\/d\/[\w.-]+)/.exec(fresh[0]!.text)![1]!;
    expect((await app.request(newLink)).status).toBe(200);
    expect(text((await get(`${rounds}/2026-Q2`)).html)).toContain(
      "Derby Reopened: awaiting a corrected return 2 July 2026 Reopened 4 August 2026, due 18 August 2026: Re-referrals figure double-counted",
    );
    const trail = await Audit.listForScope(deps, Audit.regionScope(REGION));
    expect(trail.items.find((a) => a.action === "dataset.return.reopened")?.summary).toContain("double-counted");
  });
});

/** The return form's path from Derby's invitation. */
async function derbyReturn(invitations: OutboundEmail[]) {
  const mail = invitations.find((m) => m.text.includes("Derby's figures"))!;
  return { returnFor: /http:\/\/riia\.test(\/d\/[\w.-]+)/.exec(mail.text)![1]! };
}
