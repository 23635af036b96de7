/**
 * Exactly once, as far as SES allows, through the scheduled step (the whole tick, run every 15 minutes
 * of simulated time) with SES faults injected at the SDK boundary (aws-sdk-client-mock). A send that
 * gets no answer is never retried in the same run: the ledger marks it uncertain, and a later run
 * settles it, sending once more (noted in the ledger and the log) unless SES's own Send event has
 * already proved it went. Sends are counted per recipient: duplicates never exceed lost answers.
 */
import { SendEmailCommand, SESClient } from "@aws-sdk/client-ses";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import { createLogger, fixedClock, Mail, type Deps } from "@riia/core";
import { createAwsClients, SesMailer } from "@riia/core/adapters";
import { processFeedback } from "@riia/functions/feedback";
import { runScheduled } from "@riia/functions/scheduled";
import { testDeps } from "./helpers";

const START = Date.parse("2026-10-01T09:00:00Z");
const TICK_MS = 15 * 60_000; // stacks/Cycle.ts: rate(15 minutes)

/** A timeout with no HTTP answer, as the SDK's HTTP handler throws it. */
const timeout = () => Object.assign(new Error("Request timed out after 15000ms"), { name: "TimeoutError" });

/**
 * Deps on the stand-ins whose SES is mocked: `fault(call)` says what the n-th SendEmail does — "lost"
 * (SES takes the message, the answer never comes), "unsent" (times out before SES has it) or "ok".
 */
async function world(fault: (call: number) => "lost" | "unsent" | "ok") {
  const clock = fixedClock(new Date(START).toISOString());
  const logs: { msg: string; mail?: string }[] = [];
  const log = createLogger({
    level: "info",
    destination: { write: (line: string) => void logs.push(JSON.parse(line) as { msg: string }) },
  });
  const base = await testDeps({ clock });
  const ses = new SESClient({ region: "eu-west-2", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
  const delivered: string[] = [];
  const runs: string[][] = [];
  let calls = 0;
  mockClient(ses)
    .on(SendEmailCommand)
    .callsFake(async (input: { Destination: { ToAddresses: string[] } }) => {
      const to = input.Destination.ToAddresses[0]!;
      runs.at(-1)!.push(to);
      const what = fault(++calls);
      if (what !== "unsent") delivered.push(to);
      if (what !== "ok") throw timeout();
      return { MessageId: `m-${calls}` };
    });
  const deps: Deps = { ...base, log, mailer: new SesMailer(ses), config: { ...base.config, sesMaxSendRate: 1000 } };
  const tick = async (n: number) => {
    clock.set(new Date(START + n * TICK_MS).toISOString());
    runs.push([]);
    await runScheduled(deps);
  };
  return { deps, delivered, runs, tick, logs };
}

async function enqueue(deps: Deps, tag: string, n: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const to = `${tag}${i}@example.org`;
    const { item } = await Mail.enqueue(deps, {
      key: { cycleId: "c-2026", step: "self-evaluation", recipient: to, purpose: "invitation" },
      to,
      message: { subject: "Your self-evaluation", text: "t", html: "<p>h</p>" },
    });
    ids.push(item.id);
  }
  return ids;
}

const count = (list: string[]) => list.reduce((m, to) => m.set(to, (m.get(to) ?? 0) + 1), new Map<string, number>());

describe("a send whose answer is lost", () => {
  it("5 lost answers, then SES answers: one send per recipient per run, duplicates ≤ lost answers, all reported", async () => {
    const { deps, delivered, runs, tick, logs } = await world((call) => (call <= 5 ? "lost" : "ok"));
    const ids = await enqueue(deps, "lost-", 3);
    for (let n = 0; n < 6; n++) await tick(n);

    // Never retried within a run: each run asked SES at most once per recipient.
    for (const run of runs) for (const [to, sends] of count(run)) expect(sends, `${to} in one run`).toBe(1);
    // Everyone has it; every extra copy follows a lost answer.
    const per = count(delivered);
    expect([...per.keys()].sort()).toEqual(["lost-0@example.org", "lost-1@example.org", "lost-2@example.org"]);
    const duplicates = [...per.values()].reduce((a, n) => a + n - 1, 0);
    expect(duplicates).toBeLessThanOrEqual(5);
    for (const id of ids) {
      const item = (await Mail.get(deps, id))!;
      expect(item.status).toBe("sent");
      // Each recipient's extra copies equal the answers lost on their own sends, and the ledger says so.
      expect((per.get(item.to) ?? 0) - 1).toBe(item.unanswered ?? 0);
      if (item.unanswered) expect(item.resolution).toMatch(/may have arrived twice/);
    }
    expect(logs.filter((l) => /got no answer: uncertain/.test(l.msg))).toHaveLength(5);
    expect(logs.filter((l) => /uncertain mail sent again/.test(l.msg)).length).toBeGreaterThan(0);
  }, 120_000);

  it("5 timeouts before SES had the message: each recipient gets it exactly once, nothing lost", async () => {
    const { deps, delivered, runs, tick } = await world((call) => (call <= 5 ? "unsent" : "ok"));
    const ids = await enqueue(deps, "unsent-", 3);
    for (let n = 0; n < 6; n++) await tick(n);
    for (const run of runs) for (const sends of count(run).values()) expect(sends).toBe(1);
    expect(delivered.sort()).toEqual(["unsent-0@example.org", "unsent-1@example.org", "unsent-2@example.org"]);
    for (const id of ids) expect((await Mail.get(deps, id))!.status).toBe("sent");
  }, 120_000);

  it("uncertain until SES's Send event proves it went: settled as sent, never sent twice", async () => {
    const { deps, delivered, tick } = await world((call) => (call === 1 ? "lost" : "ok"));
    const [id] = await enqueue(deps, "evidence-", 1);
    await tick(0);
    expect(await Mail.get(deps, id!)).toMatchObject({ status: "uncertain", unanswered: 1 });
    // SES's Send event for that message arrives through SNS, tagged with the ledger id.
    const message = {
      eventType: "Send",
      mail: { messageId: "ses-1", timestamp: "2026-10-01T09:00:01Z", tags: { purpose: ["invitation"], mailId: [id!] } },
    };
    await processFeedback(deps, { Records: [{ Sns: { Message: JSON.stringify(message) } }] });
    for (let n = 1; n < 4; n++) await tick(n);
    expect(delivered).toEqual(["evidence-0@example.org"]);
    expect(await Mail.get(deps, id!)).toMatchObject({
      status: "sent",
      messageId: "ses-1",
      resolution: expect.stringMatching(/evidence: Send event from SES/),
    });
  }, 120_000);

  it("the SES client the functions use makes one attempt per send (the SDK never re-sends behind the ledger)", async () => {
    const ses = await createAwsClients({ region: "eu-west-2", endpoints: {} }).ses();
    expect(await ses.config.maxAttempts()).toBe(1);
  });
});
