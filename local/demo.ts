/**
 * `npm run demo`: a whole annual cycle for the demo region (East Midlands) in simulated time, on
 * the local stack, through the real HTTP pages and SMTP replies. Officers fill forms from their
 * emailed links; reviewers answer by email; two LAs are late, so reminders and escalations
 * happen; the lead signs in, sends assignments, brokers support and publishes the plan. Prints a
 * summary, writes the regional plan to demo-output/, and exits non-zero if anything failed.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Audit, fixedClock, Submission, Support, Workflow, type Deps } from "@riia/core";
import * as Inbound from "@riia/core/inbound";
import { demoDataset } from "./seed-dataset";
import { startLocalStack } from "./stack";
import { summary, type DemoResult } from "./demo-summary";
import { check, CYCLE, DemoDriver, DemoError } from "./demo-driver";
import { developmentPlan, LA_DOMAIN, LAS, selfEvaluation } from "./demo-answers";

export type { DemoResult } from "./demo-summary";

const LATE = ["E06000017", "E06000018"]; // Rutland and Nottingham submit late
const officer = (code: string) => `performance@${LA_DOMAIN[code]}`;
const SELF_EVALUATION_INVITE = "Annual self-evaluation: please complete";

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
  const stack = await startLocalStack({
    dataDir: dir,
    ports: { app: 0, dynamodb: 0, s3: 0, ses: 0, smtp: 0 },
    clock,
    seedCalendar: "region", // the demo plays the region's whole calendar year
  });
  const d = new DemoDriver(stack, clock);
  try {
    log("1. Self-evaluation opens on 1 September; officers complete theirs from the emailed links.");
    await selfEvaluationsOnTime(d);
    log("2. Reminders go to the two late LAs; after the deadline they go overdue and are escalated.");
    await lateSelfEvaluations(d);
    log("3. Peer scrutiny: the lead signs in and sends the proposed assignments; reviewers reply by email.");
    await peerScrutiny(d);
    log("4. Development plans, then peer challenge.");
    await developmentPlans(d);
    await peerChallenge(d);
    log("5. The support menu opens and LAs choose offers; when the regional plan step opens, support is brokered.");
    await supportMenu(d);
    const planFile = await brokerAndPublishPlan(d, outDir);
    // The quarterly core dataset: a concern about the deteriorating LA is raised and escalated.
    await demoDataset({
      deps: d.deps,
      app: d.app,
      quarter: "2026-Q2",
      tick: d.tick,
      log,
      sentTo: async (to, start) =>
        (await d.mail()).filter((e) => e.destination.to.includes(to) && e.subject.startsWith(start)).length,
    });
    const result = await outcome(d, planFile, dir);
    log(
      `6. Brokered ${result.support.brokered} support match${result.support.brokered === 1 ? "" : "es"} for ${result.support.needs} needs; the lead edited and published the plan with them.`,
    );
    writeFileSync(join(dir, "clock.json"), JSON.stringify({ at: result.endedAt }));
    return result;
  } finally {
    await stack.stop();
  }
}

/** Step 1: the self-evaluation opens; all but the late LAs complete it, and their DCSs approve. */
async function selfEvaluationsOnTime(d: DemoDriver) {
  await d.tick("2026-09-01T09:00:00Z");
  for (const [i, code] of LAS.entries()) {
    if (LATE.includes(code)) continue;
    await d.completeForm(d.linkIn(await d.latest(officer(code), SELF_EVALUATION_INVITE), "f"), selfEvaluation(i));
  }
  await d.dcsApprovals();
}

/** Step 2: reminders, overdue and escalation for the late LAs, who then submit. */
async function lateSelfEvaluations(d: DemoDriver) {
  await d.days("2026-10-15", "2026-11-12");
  for (const code of LATE) {
    const invite = await d.latest(officer(code), SELF_EVALUATION_INVITE);
    await d.completeForm(d.linkIn(invite, "f"), selfEvaluation(LAS.indexOf(code)));
  }
  await d.dcsApprovals();
}

/** The lead signs in and sends a review step's proposed assignments from its page. */
async function sendAssignments(d: DemoDriver, step: "peer-scrutiny" | "peer-challenge") {
  const cookie = await d.leadSignIn();
  const board = await d.page(`/lead/cycles/${CYCLE}/assignments/${step}`, cookie);
  const send = await d.post(`/lead/cycles/${CYCLE}/assignments/${step}/send`, { csrf: d.field(board, "csrf") }, cookie);
  check(send.status === 303, `sending ${step} assignments failed (${send.status})`);
}

/** Step 3: peer scrutiny assignments sent and answered by email. */
async function peerScrutiny(d: DemoDriver) {
  await sendAssignments(d, "peer-scrutiny");
  await d.days("2026-11-13", "2026-11-13");
  await d.reviewRound("peer-scrutiny", "Peer scrutiny: please review");
}

/** Step 4a: every LA completes its development plan; DCSs approve. */
async function developmentPlans(d: DemoDriver) {
  await d.days("2026-11-14", "2026-12-01");
  for (const [i, code] of LAS.entries()) {
    const invite = await d.latest(officer(code), "Development plan: please complete");
    await d.completeForm(d.linkIn(invite, "f"), developmentPlan(i));
  }
  await d.dcsApprovals();
}

/** Step 4b: peer challenge assignments sent and answered. */
async function peerChallenge(d: DemoDriver) {
  await d.days("2026-12-02", "2027-02-01");
  await sendAssignments(d, "peer-challenge");
  await d.days("2027-02-02", "2027-02-02");
  await d.reviewRound("peer-challenge", "Peer challenge: please review");
}

/** Step 5a: the support menu opens; five LAs choose an offer from their emailed link. */
async function supportMenu(d: DemoDriver) {
  await d.days("2027-02-03", "2027-03-01");
  for (const code of LAS.slice(0, 5)) {
    const path = d.linkIn(await d.latest(officer(code), "Menu of support offers"), "m");
    const page = await d.page(path);
    const first = /name="offer" type="checkbox" value="([^"]+)"/.exec(page)?.[1];
    if (first)
      check(
        (await d.post(path, { csrf: d.field(page, "csrf"), offer: first })).status === 303,
        "choosing from the menu failed",
      );
  }
}

/** Step 5b: the regional plan step opens; the lead brokers, edits and publishes the plan, then exports it. */
async function brokerAndPublishPlan(d: DemoDriver, outDir: string) {
  await d.days("2027-03-02", "2027-04-01");
  let cookie = await d.leadSignIn();
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${d.app}${path}`, {
      ...init,
      headers: { cookie, origin: d.origin, "content-type": "application/json", ...(init.headers ?? {}) },
    });
  check((await api(`/api/cycles/${CYCLE}/support/broker`, { method: "POST" })).ok, "brokering failed");
  const plan = (await (await api(`/api/cycles/${CYCLE}/plan`)).json()) as { version: number; priorities: unknown[] };
  const introduction =
    "The East Midlands' shared priorities for 2026 to 2027, agreed by the region's directors of children's services.";
  const edited = await api(`/api/cycles/${CYCLE}/plan`, {
    method: "PUT",
    body: JSON.stringify({ version: plan.version, edits: { introduction } }),
  });
  check(edited.ok, "editing the plan failed");
  check((await api(`/api/cycles/${CYCLE}/plan/publish`, { method: "POST" })).ok, "publishing the plan failed");
  await d.days("2027-04-02", "2027-04-02");
  cookie = await d.leadSignIn();
  const docx = await api(`/api/cycles/${CYCLE}/exports/plan.docx`);
  check(
    docx.ok,
    `exporting the plan failed (${docx.status}: ${docx.ok ? "" : (await docx.clone().text()).slice(0, 300)})`,
  );
  const planFile = join(outDir, "regional-plan.docx");
  writeFileSync(planFile, Buffer.from(await docx.arrayBuffer()));
  writeFileSync(join(outDir, "regional-plan.html"), await (await api(`/api/cycles/${CYCLE}/exports/plan.html`)).text());
  return planFile;
}

/** What happened, read from the store and the mail stand-in; fails if the year did not go as it should. */
async function outcome(d: DemoDriver, planFile: string, dataDir: string): Promise<DemoResult> {
  const deps = d.deps;
  const subs = await Submission.listForCycle(deps, CYCLE);
  const formsSubmitted: Record<string, number> = {};
  for (const s of subs.filter((x) => x.status === "submitted"))
    formsSubmitted[s.form] = (formsSubmitted[s.form] ?? 0) + 1;
  const emailsByKind: Record<string, number> = {};
  for (const e of await d.mail()) {
    const kind = e.subject
      .replace(/ (–|-|:).*$/, "")
      .replace(/ (by|due|was) .*$/, "")
      .replace(/(please review) .*/, "$1");
    emailsByKind[kind] = (emailsByKind[kind] ?? 0) + 1;
  }
  const inbound = (await deps.blobs.list("inbound/")).map((k) => k.slice("inbound/".length));
  const records = await deps.store.batchGet<Inbound.InboundMessage>(inbound.map(Inbound.inboundKey));
  const escalations = await escalationCount(deps);
  check(formsSubmitted["self-evaluation"] === 10, "not every self-evaluation was submitted");
  check(formsSubmitted["development-plan"] === 10, "not every development plan was submitted");
  check(escalations >= 2, "the late LAs were not escalated");
  const support = await supportOutcome(deps);
  check(support.brokered > 0, "no support was brokered");
  check(
    support.brokered === support.inPlan,
    `${support.brokered} matches were brokered but the published plan holds ${support.inPlan}`,
  );
  return {
    formsSubmitted,
    emailsByKind,
    repliesRecorded: records.filter((r) => r.status === "recorded").length,
    escalations,
    planFile,
    support,
    board: await boardCounts(deps),
    dataDir,
    endedAt: deps.clock.now().toISOString(),
    cycleId: CYCLE,
  };
}

/** What the lead's board shows per step: read from the one place every page reads task state. */
async function boardCounts(deps: Deps): Promise<DemoResult["board"]> {
  const tasks = await Workflow.taskStates(deps, CYCLE);
  const out: DemoResult["board"] = {};
  for (const t of tasks) {
    const row = (out[t.step] ??= { submitted: 0, total: 0 });
    row.total++;
    if (t.status === "submitted") row.submitted++;
  }
  return out;
}

async function escalationCount(deps: Deps) {
  let escalations = 0;
  let cursor: string | undefined;
  do {
    const page = await Audit.listForScope(deps, Audit.cycleScope(CYCLE), { limit: 200, cursor });
    escalations += page.items.filter((a) => a.action === "task.escalated").length;
    cursor = page.cursor;
  } while (cursor);
  return escalations;
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
