/**
 * `npm run demo`: a whole annual cycle for the demo region (East Midlands) in simulated time, on
 * the local stack, through the real HTTP pages and SMTP replies. Officers fill forms from their
 * emailed links; reviewers answer by email; two LAs are late, so reminders and escalations
 * happen; the lead signs in, sends assignments, brokers support and publishes the plan. Prints a
 * summary, writes the regional plan to demo-output/, and exits non-zero if anything failed.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import nodemailer from "nodemailer";
import { Assignments, Audit, fixedClock, Submission, Support, type Deps } from "@riia/core";
import * as Inbound from "@riia/core/inbound";
import { demoDataset } from "./seed-dataset";
import { runScheduled } from "@riia/functions/scheduled";
import { startLocalStack, type LocalStack } from "./stack";
import { summary, type DemoResult } from "./demo-summary";

export type { DemoResult } from "./demo-summary";
import { sentMail, type StoredEmail } from "./stand-ins";
import { developmentPlan, LA_DOMAIN, LA_NAME, LAS, peerResponse, selfEvaluation } from "./demo-answers";

const REGION = "east-midlands";
const CYCLE = "east-midlands-2026";
const LATE = ["E06000017", "E06000018"]; // Rutland and Nottingham submit late

class DemoError extends Error {}
function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new DemoError(message);
}

export async function runDemo(options: { outDir?: string; log?: (line: string) => void } = {}): Promise<DemoResult> {
  const log = options.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const outDir = resolve(options.outDir ?? "demo-output");
  // A fresh data folder each run, kept afterwards so what happened can be browsed.
  const dir = join(outDir, "data");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  process.env.RIIA_LOCAL_DIR = dir;
  process.env.RIIA_SES_MAX_SEND_RATE ??= "500";
  process.env.LOG_LEVEL ??= "error";
  const clock = fixedClock("2026-09-01T08:00:00Z"); // seeding then creates the 2026 cycle
  const stack: LocalStack = await startLocalStack({
    dataDir: dir,
    ports: { app: 0, dynamodb: 0, s3: 0, ses: 0, smtp: 0 },
    clock,
    seedCalendar: "region", // the demo plays the region's whole calendar year
  });
  const deps: Deps = stack.deps;
  const app = stack.urls.app;
  const origin = new URL(app).origin;
  const seen = new Set<string>(); // emails already used
  try {
    const tick = async (iso: string) => {
      clock.set(iso);
      await runScheduled(deps);
    };
    const days = async (from: string, to: string) => {
      for (let t = Date.parse(`${from}T09:00:00Z`); t <= Date.parse(`${to}T09:00:00Z`); t += 86_400_000)
        await tick(new Date(t).toISOString());
    };
    const mail = async () => sentMail(stack.standIns.endpoints.ses);
    const latest = async (to: string, subjectStart: string): Promise<StoredEmail> => {
      const m = (await mail())
        .filter((e) => e.destination.to.includes(to) && e.subject.startsWith(subjectStart))
        .at(-1);
      check(m, `no email "${subjectStart}…" to ${to}`);
      return m;
    };
    const linkIn = (e: StoredEmail, kind: "f" | "m" | "s") => {
      const m = new RegExp(`${app.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(/${kind}/[\\w.-]+)`).exec(e.body.text ?? "");
      check(m, `no /${kind}/ link in "${e.subject}"`);
      return m[1]!;
    };
    const field = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? "";
    const post = async (path: string, fields: Record<string, string | string[]>, cookie = "") => {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
      return fetch(`${app}${path}`, {
        method: "POST",
        body,
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", origin, cookie },
      });
    };
    /** Fill each section of a form from its link, then submit it with the declaration. */
    const completeForm = async (path: string, sections: Record<string, Record<string, string>>) => {
      for (const [id, fields] of Object.entries(sections)) {
        const html = await (await fetch(`${app}${path}/s/${id}`)).text();
        const res = await post(`${path}/s/${id}`, {
          csrf: field(html, "csrf"),
          version: field(html, "version"),
          seen: field(html, "seen"),
          action: "continue",
          ...fields,
        });
        check(
          res.status === 303,
          `section ${id} of ${path.slice(0, 12)}… was refused (${res.status}): ${(await res.text()).match(/<a href="#[^"]+">([^<]+)/g)?.join("; ")}`,
        );
      }
      const checkPage = await (await fetch(`${app}${path}/check`)).text();
      const res = await post(`${path}/submit`, {
        csrf: field(checkPage, "csrf"),
        version: field(checkPage, "version"),
        declaration: ["yes"],
      });
      check(res.status === 303, `submitting ${path.slice(0, 12)}… failed (${res.status})`);
    };
    const smtp = nodemailer.createTransport({
      host: "127.0.0.1",
      port: stack.smtp.port,
      secure: false,
      ignoreTLS: true,
    });
    const reply = async (e: StoredEmail, text: string) => {
      const to = e.replyTo.find((r) => r.startsWith("reply+"));
      check(to, `"${e.subject}" has no reply address`);
      await smtp.sendMail({
        from: e.destination.to[0],
        to,
        subject: `Re: ${e.subject}`,
        text: `${text}\n\nOn ${new Date().toUTCString()}, riia wrote:\n> ${e.subject}`,
      });
    };
    const people = (code: string, prefix: string) => `${prefix}@${LA_DOMAIN[code]}`;
    /** Each DCS approves what their officers sent, by replying APPROVE to the sign-off email (the mail goes out first). */
    const dcsApprovals = async () => {
      await tick(new Date(deps.clock.now().getTime() + 60_000).toISOString());
      for (const e of (await mail()).filter((m) => m.subject.startsWith("Approve ") && !seen.has(m.messageId))) {
        seen.add(e.messageId);
        await reply(e, "APPROVE. Thank you, this is a fair picture.");
      }
    };

    log("1. Self-evaluation opens on 1 September; officers complete theirs from the emailed links.");
    await tick("2026-09-01T09:00:00Z");
    for (const [i, code] of LAS.entries()) {
      if (LATE.includes(code)) continue;
      const invite = await latest(people(code, "performance"), "Annual self-evaluation: please complete");
      await completeForm(linkIn(invite, "f"), selfEvaluation(i));
    }
    await dcsApprovals();
    log("2. Reminders go to the two late LAs; after the deadline they go overdue and are escalated.");
    await days("2026-10-15", "2026-11-12");
    for (const code of LATE) {
      const invite = await latest(people(code, "performance"), "Annual self-evaluation: please complete");
      await completeForm(linkIn(invite, "f"), selfEvaluation(LAS.indexOf(code)));
    }
    await dcsApprovals();

    log("3. Peer scrutiny: the lead signs in and sends the proposed assignments; reviewers reply by email.");
    // Sessions last 8 hours, and simulated months pass between the lead's visits: sign in each time.
    const leadSignIn = () => signIn("lead@em-riia.example.org", latest, linkIn, post);
    let cookie = await leadSignIn();
    const board = await (
      await fetch(`${app}/lead/cycles/${CYCLE}/assignments/peer-scrutiny`, { headers: { cookie } })
    ).text();
    const send = await post(
      `/lead/cycles/${CYCLE}/assignments/peer-scrutiny/send`,
      { csrf: field(board, "csrf") },
      cookie,
    );
    check(send.status === 303, `sending assignments failed (${send.status})`);
    await days("2026-11-13", "2026-11-13");
    await reviewRound("peer-scrutiny", "Peer scrutiny: please review");

    log("4. Development plans, then peer challenge.");
    await days("2026-11-14", "2026-12-01");
    for (const [i, code] of LAS.entries()) {
      const invite = await latest(people(code, "performance"), "Development plan: please complete");
      await completeForm(linkIn(invite, "f"), developmentPlan(i));
    }
    await dcsApprovals();
    await days("2026-12-02", "2027-02-01");
    cookie = await leadSignIn();
    const board2 = await (
      await fetch(`${app}/lead/cycles/${CYCLE}/assignments/peer-challenge`, { headers: { cookie } })
    ).text();
    check(
      (await post(`/lead/cycles/${CYCLE}/assignments/peer-challenge/send`, { csrf: field(board2, "csrf") }, cookie))
        .status === 303,
      "sending peer challenge assignments failed",
    );
    await days("2027-02-02", "2027-02-02");
    await reviewRound("peer-challenge", "Peer challenge: please review");

    log("5. The support menu opens and LAs choose offers; when the regional plan step opens, support is brokered.");
    await days("2027-02-03", "2027-03-01");
    for (const code of LAS.slice(0, 5)) {
      const menuMail = await latest(people(code, "performance"), "Menu of support offers");
      const path = linkIn(menuMail, "m");
      const page = await (await fetch(`${app}${path}`)).text();
      const first = /name="offer" type="checkbox" value="([^"]+)"/.exec(page)?.[1];
      if (first)
        check(
          (await post(path, { csrf: field(page, "csrf"), offer: first })).status === 303,
          "choosing from the menu failed",
        );
    }
    await days("2027-03-02", "2027-04-01");
    cookie = await leadSignIn();
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${app}${path}`, {
        ...init,
        headers: { cookie, origin, "content-type": "application/json", ...(init.headers ?? {}) },
      });
    check((await api(`/api/cycles/${CYCLE}/support/broker`, { method: "POST" })).ok, "brokering failed");
    const plan = (await (await api(`/api/cycles/${CYCLE}/plan`)).json()) as { version: number; priorities: unknown[] };
    check(
      (
        await api(`/api/cycles/${CYCLE}/plan`, {
          method: "PUT",
          body: JSON.stringify({
            version: plan.version,
            edits: {
              introduction:
                "The East Midlands' shared priorities for 2026 to 2027, agreed by the region's directors of children's services.",
            },
          }),
        })
      ).ok,
      "editing the plan failed",
    );
    check((await api(`/api/cycles/${CYCLE}/plan/publish`, { method: "POST" })).ok, "publishing the plan failed");
    await days("2027-04-02", "2027-04-02");
    cookie = await leadSignIn();
    const docx = await api(`/api/cycles/${CYCLE}/exports/plan.docx`);
    check(
      docx.ok,
      `exporting the plan failed (${docx.status}: ${docx.ok ? "" : (await docx.clone().text()).slice(0, 300)})`,
    );
    const planFile = join(outDir, "regional-plan.docx");
    writeFileSync(planFile, Buffer.from(await docx.arrayBuffer()));
    writeFileSync(
      join(outDir, "regional-plan.html"),
      await (await api(`/api/cycles/${CYCLE}/exports/plan.html`)).text(),
    );

    // ---- the quarterly core dataset: a concern about the deteriorating LA is raised and escalated
    await demoDataset({
      deps,
      app,
      quarter: "2026-Q2",
      tick,
      log,
      sentTo: async (to, start) =>
        (await mail()).filter((e) => e.destination.to.includes(to) && e.subject.startsWith(start)).length,
    });

    // ---- summary, from the store and the mail stand-in
    const subs = await Submission.listForCycle(deps, CYCLE);
    const formsSubmitted: Record<string, number> = {};
    for (const s of subs.filter((x) => x.status === "submitted"))
      formsSubmitted[s.form] = (formsSubmitted[s.form] ?? 0) + 1;
    const emailsByKind: Record<string, number> = {};
    for (const e of await mail()) {
      const kind = e.subject
        .replace(/ (–|-|:).*$/, "")
        .replace(/ (by|due|was) .*$/, "")
        .replace(/(please review) .*/, "$1");
      emailsByKind[kind] = (emailsByKind[kind] ?? 0) + 1;
    }
    const inbound = (await deps.blobs.list("inbound/")).map((k) => k.slice("inbound/".length));
    const records = await deps.store.batchGet<Inbound.InboundMessage>(inbound.map(Inbound.inboundKey));
    let escalations = 0;
    let cursor: string | undefined;
    do {
      const page = await Audit.listForScope(deps, Audit.cycleScope(CYCLE), { limit: 200, cursor });
      escalations += page.items.filter((a) => a.action === "task.escalated").length;
      cursor = page.cursor;
    } while (cursor);
    check(formsSubmitted["self-evaluation"] === 10, "not every self-evaluation was submitted");
    check(formsSubmitted["development-plan"] === 10, "not every development plan was submitted");
    check(escalations >= 2, "the late LAs were not escalated");
    const support = await supportOutcome(deps);
    check(support.brokered > 0, "no support was brokered");
    check(
      support.brokered === support.inPlan,
      `${support.brokered} matches were brokered but the published plan holds ${support.inPlan}`,
    );
    log(
      `6. Brokered ${support.brokered} support match${support.brokered === 1 ? "" : "es"} for ${support.needs} needs; the lead edited and published the plan with them.`,
    );
    const endedAt = deps.clock.now().toISOString();
    writeFileSync(join(dir, "clock.json"), JSON.stringify({ at: endedAt }));
    return {
      formsSubmitted,
      emailsByKind,
      repliesRecorded: records.filter((r) => r.status === "recorded").length,
      escalations,
      planFile,
      support,
      dataDir: dir,
      endedAt,
      cycleId: CYCLE,
    };

    /** Reviewers answer each assignment by email (one declines), then submit their responses. */
    async function reviewRound(step: Assignments.ReviewStep, subjectStart: string) {
      const emails = (await mail()).filter((e) => e.subject.startsWith(subjectStart) && !seen.has(e.messageId));
      check(emails.length >= 10, `only ${emails.length} ${step} assignment emails`);
      let declined = false;
      for (const e of emails) {
        seen.add(e.messageId);
        if (!declined) {
          declined = true;
          await reply(e, "DECLINE – sorry, we have an inspection that month.");
        } else await reply(e, "ACCEPT. Happy to help.");
      }
      // The reserve who replaced the decliner is emailed by the next run of the scheduled step: accept it too.
      await tick(new Date(deps.clock.now().getTime() + 3_600_000).toISOString());
      const extra = (await mail()).filter((e) => e.subject.startsWith(subjectStart) && !seen.has(e.messageId));
      for (const e of extra) {
        seen.add(e.messageId);
        await reply(e, "Yes, we can do this.");
      }
      const active = (await Assignments.listForStep(deps, CYCLE, step)).filter((a) => a.status === "accepted");
      check(active.length >= 20, `only ${active.length} ${step} assignments accepted`);
      for (const a of active) {
        const e = (await mail())
          .filter(
            (m) =>
              m.subject.startsWith(subjectStart) &&
              m.destination.to.some((t) => t.endsWith(LA_DOMAIN[a.reviewer]!)) &&
              m.subject.endsWith(LA_NAME[a.reviewee]!),
          )
          .at(-1);
        check(e, `no assignment email for ${a.reviewer} → ${a.reviewee}`);
        await completeForm(linkIn(e, "f"), peerResponse(a.reviewee));
      }
    }
  } finally {
    await stack.stop();
  }
}

/** Brokering as the store and the latest published plan have it. */
async function supportOutcome(deps: Deps): Promise<DemoResult["support"]> {
  const [needs, offers, interests, brokered, published] = await Promise.all([
    Support.needs(deps, CYCLE),
    Support.offers(deps, CYCLE),
    Support.interests(deps, CYCLE),
    Support.brokerages(deps, CYCLE),
    Support.publishedVersions(deps, CYCLE),
  ]);
  const plan = published.at(-1)?.plan;
  check(plan, "no plan was published");
  return {
    needs: needs.length,
    offers: offers.length,
    choices: interests.length,
    brokered: brokered.length,
    inPlan: plan.authorities.reduce((n, a) => n + a.receiving.length, 0),
    priorities: plan.priorities.length,
  };
}

async function signIn(
  email: string,
  latest: (to: string, s: string) => Promise<StoredEmail>,
  linkIn: (e: StoredEmail, k: "s") => string,
  post: (p: string, f: Record<string, string>, c?: string) => Promise<Response>,
) {
  check((await post("/sign-in", { region: REGION, email })).status === 200, "sign-in request failed");
  const path = linkIn(await latest(email, "Your sign-in link"), "s");
  const res = await post(path, {});
  check(res.status === 303, `sign-in failed (${res.status})`);
  return res.headers.get("set-cookie")!.split(";")[0]!;
}

// Run from the command line.
if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const started = performance.now();
  runDemo()
    .then((r) => {
      process.stdout.write(summary(r, (performance.now() - started) / 1000));
      process.exit(0);
    })
    .catch((err: unknown) => {
      process.stderr.write(`\nDemo FAILED: ${err instanceof Error ? err.message : String(err)}\n`);
      if (!(err instanceof DemoError)) process.stderr.write(`${(err as Error)?.stack ?? ""}\n`);
      process.exit(1);
    });
}
