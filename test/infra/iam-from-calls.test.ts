/**
 * Issue 28, item 5: IAM from what each function does, proved offline. Each function's paths run through the real
 * adapters against the stand-ins, with aws-sdk-client-mock recording every call (command and resource: the table's
 * partition key, the bucket key or prefix); each call's permission must be allowed by that function's synthesised
 * policy, and every grant on the table, the bucket and SES must be used by some recorded call, or be named below with
 * the path that needs it (so nothing unused is granted unseen).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Assignments,
  Cycle,
  createLogger,
  fixedClock,
  loadConfig,
  People,
  Replies,
  Submission,
  type OutboundEmail,
} from "@riia/core";
import { createAwsDeps, ensureBucket, ensureTable, type AwsDeps } from "@riia/core/adapters";
import { createApp } from "@riia/functions/app";
import { runScheduled } from "@riia/functions/scheduled";
import { scheduledSteps } from "@riia/functions/steps";
import { processSesEvent } from "@riia/functions/inbound";
import { processFeedback } from "@riia/functions/feedback";
import { localEnvironment } from "../../local/config";
import { linkFor } from "../../local/form-link";
import { seed } from "../../local/seed";
import { startStandIns, type StandIns } from "../../local/stand-ins";
import { formWithButton } from "../form-page";
import { signInByPage } from "../integration/sign-in";
import { visitor, visitorPost } from "../integration/visitor";
import { synthesise, type Synthesised } from "./synth";
import {
  allows,
  describeGrant,
  describeNeed,
  grantsOf,
  ours,
  recordCalls,
  statementsOf,
  type Need,
  type Statement,
} from "./iam-model";

/** Each function's role (the logical id's start) and where it is synthesised. */
const FUNCTIONS = {
  pages: { stack: "api", role: "HttpServiceRole" },
  console: { stack: "api", role: "HttpConsoleServiceRole" },
  api: { stack: "api", role: "HttpApiServiceRole" },
  tick: { stack: "cycle", role: "TickJobTickServiceRole" },
  inbound: { stack: "email", role: "InboundServiceRole" },
  feedback: { stack: "email", role: "MailFeedbackSubscriberMailFeedbackfeedbackServiceRole" },
} as const;
type Fn = keyof typeof FUNCTIONS;

let s: Synthesised;
let standIns: StandIns;
let dir: string;
let deps: AwsDeps;
const sent: OutboundEmail[] = [];
const needs = {} as Record<Fn, Need[]>;

/**
 * Grants the paths driven here do not reach, each with the path that needs it (read in the code): the HTTP functions
 * serve every resource between them, and a test cannot drive them all.
 */
const UNDRIVEN: Record<Fn, string[]> = {
  pages: [
    // Submitting a form writes the submission, its version and audit in one batch (submissions/submission.ts).
    "dynamodb:BatchWriteItem table",
    // An LA's interests on the support menu replace its earlier ones (support/offers.ts expressInterest).
    "dynamodb:DeleteItem table",
  ],
  console: [
    // A lead's figures and neighbours imports (routes/dataset.ts, routes/dataset-admin.ts, charts/import-view.ts).
    "s3:GetObject bucket/dataset-imports/*",
    "s3:GetObject bucket/neighbour-imports/*",
    "s3:PutObject bucket/dataset-imports/*",
    "s3:PutObject bucket/neighbour-imports/*",
    // Erasure deletes the files of a person's message that no recorded reply holds (retention/held.ts).
    "s3:DeleteObject bucket/attachments/replies/*",
  ],
  api: [
    // As for the console: files of a message that no recorded reply holds.
    "s3:DeleteObject bucket/attachments/replies/*",
    // An urgent concern raised through the API is emailed at once (concerns/concern.ts sendNow).
    "ses:SendEmail ses:identity",
    "ses:SendEmail ses:configuration-set",
  ],
  tick: [],
  inbound: [
    // A director's approval by email moves the submission on in one batch (submissions/sign-off.ts transition),
    // and the reviewers waiting for it are read in batches (peer-review/work.ts).
    "dynamodb:BatchGetItem table",
    "dynamodb:BatchWriteItem table",
    // A message over the file limit is cut to it once handled (inbound/stored-size.ts; test/integration/inbound-oversize).
    "s3:PutObject bucket/inbound/*",
  ],
  feedback: [],
};

const clock = fixedClock("2026-10-08T10:00:00Z");

async function world() {
  const name = `iam-${randomBytes(4).toString("hex")}`;
  const env = {
    ...localEnvironment(standIns.endpoints),
    RIIA_STAGE: "test",
    RIIA_TABLE: name,
    RIIA_BUCKET: name,
    RIIA_APP_SECRET: randomBytes(32).toString("base64url"),
    RIIA_BASE_URL: "http://riia.test",
    RIIA_MAIL_FROM: `riia+${name}@mail.riia.example.org`,
    LOG_LEVEL: "silent",
  };
  const base = createAwsDeps(loadConfig(env), { clock, log: createLogger({ level: "silent" }) });
  await ensureTable(base.clients.dynamodb, base.config.tableName);
  await ensureBucket(base.clients.s3, base.config.bucketName);
  const mailer = {
    ping: () => base.mailer.ping(),
    send: async (e: OutboundEmail) => (sent.push(e), base.mailer.send(e)),
  };
  return { ...base, mailer, config: { ...base.config, sesMaxSendRate: 1000 } } as AwsDeps;
}

const raw = (from: string, to: string, text: string, extra = "") =>
  [
    "MIME-Version: 1.0",
    `Message-ID: <${randomBytes(6).toString("hex")}@client.example.org>`,
    "Subject: Re: Peer scrutiny",
    `From: <${from}>`,
    `To: <${to}>`,
    ...(extra ? [extra] : []),
    'Content-Type: multipart/mixed; boundary="b1"',
    "",
    "--b1",
    'Content-Type: text/plain; charset="utf-8"',
    "",
    text,
    "--b1",
    'Content-Type: text/plain; name="notes.txt"',
    'Content-Disposition: attachment; filename="notes.txt"',
    "",
    "Notes.",
    "--b1--",
    "",
  ].join("\r\n");

let rec: Awaited<ReturnType<typeof recordCalls>>;

/** Run `work` as function `fn`: the calls it makes are that function's (set-up between runs is not recorded). */
async function as<T>(fn: Fn, work: () => Promise<T>): Promise<T> {
  rec.take();
  const out = await work();
  (needs[fn] ??= []).push(...rec.take());
  return out;
}

/** What SES does (store the raw message under inbound/), then the inbound function's own work, recorded. */
async function receive(from: string, to: string, text: string, verdicts = "PASS") {
  const messageId = `iam-${randomBytes(6).toString("hex")}`;
  await deps.blobs.put(`inbound/${messageId}`, raw(from, to, text));
  const v = { status: verdicts };
  await as("inbound", () =>
    processSesEvent(deps, {
      Records: [
        {
          eventSource: "aws:ses",
          ses: {
            mail: { messageId, timestamp: clock.now().toISOString(), source: from },
            receipt: {
              timestamp: clock.now().toISOString(),
              recipients: [to],
              spfVerdict: v,
              dkimVerdict: { status: "PASS" },
              dmarcVerdict: v,
              spamVerdict: { status: "PASS" },
              virusVerdict: { status: "PASS" },
            },
          },
        },
      ],
    }),
  );
}

const post = (
  app: ReturnType<typeof createApp>,
  path: string,
  body: URLSearchParams,
  headers: Record<string, string> = {},
) =>
  app.request(path, {
    method: "POST",
    body,
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", ...headers },
  });

/** An assignment sent to `person` (their LA `reviewer` reviews `reviewee`), and its reply handle. */
async function reviewing(person: People.Person, reviewee: string, reviewer: string) {
  const id = Assignments.assignmentId("east-midlands-2026", "peer-scrutiny", reviewee, reviewer);
  await deps.store.put({
    ...Assignments.assignmentKey(id),
    kind: "assignment",
    id,
    cycleId: "east-midlands-2026",
    regionId: "east-midlands",
    step: "peer-scrutiny",
    reviewee,
    reviewer,
    rank: 0,
    status: "sent",
    replies: {},
    version: 1,
  } satisfies Assignments.Assignment);
  return Replies.issue(deps, {
    purpose: "assignment",
    subject: id,
    cycleId: "east-midlands-2026",
    regionId: "east-midlands",
    personId: person.id,
    authority: reviewer,
    expiresAt: new Date("2026-12-31T00:00:00Z"),
  });
}

/** The paths each function serves, driven as people and AWS drive them. */
async function drive() {
  const app = createApp(deps);
  const officer = (await People.findByEmail(deps, "east-midlands", "performance@nottinghamshire.example.org"))!;

  // The scheduled step: today's run (invitations, reminders, mail dispatch), and retention years later.
  await as("tick", () => runScheduled(deps));
  const old = await Cycle.create(deps, {
    regionId: "east-midlands",
    year: 2020,
    actor: { kind: "api", id: "api", name: "API" },
  });
  const sub = await Submission.open(deps, {
    cycleId: old.id,
    regionId: "east-midlands",
    form: "core-dataset",
    authority: "E06000015",
    templateVersion: 1,
  });
  await deps.blobs.put(`attachments/${sub.id}/old.pdf`, "%PDF-1.4");
  const later = { ...deps, clock: fixedClock("2027-09-01T09:00:00Z") };
  await as("tick", () => scheduledSteps.retention!(later, later.clock.now()));

  // Inbound: a reply with a file and a long text (recorded), a forged one (quarantined), one with no reply address.
  const { handle, address } = await reviewing(officer, "E06000015", "E10000024");
  await receive(officer.email, address, `Accept. ${"We will read it all. ".repeat(300)}`);
  await receive(officer.email, address, "Decline.", "FAIL");
  await receive("jo.bloggs@nottinghamshire.example.org", address, "Happy to help.");
  const other = (await People.findByEmail(deps, "east-midlands", "performance@rutland.example.org"))!;
  const theirs = await reviewing(other, "E06000016", "E06000017");
  await receive(other.email, theirs.address, `Accept. ${"Our notes follow. ".repeat(300)}`);
  await receive(other.email, theirs.address, "Decline.", "FAIL");
  await receive(officer.email, "riia@reply.riia.example.org", "Which form is this?");

  // Feedback: a permanent bounce.
  const bounce = {
    notificationType: "Bounce",
    mail: { messageId: "m-1", timestamp: clock.now().toISOString() },
    bounce: {
      bounceType: "Permanent",
      bouncedRecipients: [{ emailAddress: "gone@derby.example.org" }],
      timestamp: clock.now().toISOString(),
    },
  };
  const fed = await as("feedback", () =>
    processFeedback(deps, { Records: [{ Sns: { Message: JSON.stringify(bounce) } }] }),
  );
  expect(fed).toEqual({ suppressed: 1 });
  // Feedback: SES's Send event for a ledger email (tagged with its id) settles an uncertain send.
  const sendEvent = {
    eventType: "Send",
    mail: { messageId: "m-2", timestamp: clock.now().toISOString(), tags: { mailId: ["mail-1"] } },
  };
  await as("feedback", () => processFeedback(deps, { Records: [{ Sns: { Message: JSON.stringify(sendEvent) } }] }));

  // The pages from emailed links: a form, a file uploaded through the presigned form and downloaded, a reviewer's
  // accept, a fresh link asked for.
  const { token } = await linkFor(deps, { email: "performance@lincolnshire.example.org", form: "self-evaluation" });
  await as("pages", async () => {
    expect((await app.request(`/f/${token}`)).status).toBe(200);
    const page = await (await app.request(`/f/${token}/upload/evidence-files`)).text();
    const decode = (x: string) =>
      x
        .replace(/&amp;/g, "&")
        .replace(/&#x2F;/g, "/")
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"');
    const action = decode(/<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(page)![1]!);
    const form = new FormData();
    for (const m of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
      form.append(m[1]!, decode(m[2]!));
    form.append(
      "file",
      new Blob(["%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"], { type: "application/pdf" }),
      "e.pdf",
    );
    const back = new URL(
      (await fetch(action, { method: "POST", body: form, redirect: "manual" })).headers.get("location")!,
    );
    expect((await app.request(`${back.pathname}${back.search}`)).status).toBeLessThan(400);
    const s = await Submission.get(deps, "east-midlands-2026.self-evaluation.E10000019");
    const file = Object.values(s.attachments)[0]!;
    expect((await app.request(`/f/${token}/files/${file.id}`)).status).toBe(302);
    const reviewToken = Replies.tokenOf(deps, handle.id);
    const v = await visitor(app);
    expect((await visitorPost(app, v, "/new-link", { token: reviewToken, page: "r-work" })).status).toBe(200);
  });

  // The lead console: sign in, the subject-access file and an erasure (which reaches the inbound messages).
  const cookie = await as("console", async () => {
    const c = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
    expect((await app.request(`/lead/people/${officer.id}/export`, { headers: { cookie: c } })).status).toBe(200);
    return c;
  });
  await as("console", async () => {
    const confirm = await (await app.request(`/lead/people/${officer.id}/erase`, { headers: { cookie } })).text();
    const erase = formWithButton(confirm, "Erase this person").fill("reason", "Left");
    expect((await post(app, erase.action, erase.body("Erase this person"), { cookie })).status).toBe(303);
  });

  // The JSON API: the health check, and a subject-access export and erasure by the app secret.
  await as("api", async () => {
    await app.request("/health");
    const auth = { authorization: `Bearer ${deps.config.appSecret}` };
    expect((await app.request(`/api/privacy/people/${other.id}/export`, { headers: auth })).status).toBe(200);
    const erased = await app.request(`/api/privacy/people/${other.id}/erase`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ reason: "Left" }),
    });
    expect(erased.status).toBe(200);
  });
}

beforeAll(async () => {
  s = await synthesise("test", false);
  dir = mkdtempSync(join(tmpdir(), "riia-iam-"));
  standIns = await startStandIns({ s3Directory: join(dir, "s3") });
  deps = await world();
  await seed(deps);
  rec = await recordCalls(deps);
  await drive();
});
afterAll(async () => {
  rec?.restore();
  await standIns?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const statements = (fn: Fn): Statement[] =>
  statementsOf(s.templates[FUNCTIONS[fn].stack], FUNCTIONS[fn].role).filter(ours);

describe("IAM from recorded calls", () => {
  it("records calls for every function", () => {
    for (const fn of Object.keys(FUNCTIONS) as Fn[]) expect(needs[fn]?.length, fn).toBeGreaterThan(0);
  });

  it.each(Object.keys(FUNCTIONS) as Fn[])("allows every call the %s function makes", (fn) => {
    const denied = (needs[fn] ?? []).filter((n) => !statements(fn).some((st) => allows(st, n))).map(describeNeed);
    expect([...new Set(denied)]).toEqual([]);
  });

  it.each(Object.keys(FUNCTIONS) as Fn[])("grants the %s function nothing its calls do not use", (fn) => {
    const unused = statements(fn)
      .flatMap(grantsOf)
      .filter((g) => !(needs[fn] ?? []).some((n) => allows(g, n)))
      .map(describeGrant);
    expect(unused).toEqual(UNDRIVEN[fn]);
  });
});
