/**
 * The scheduled step at national scale (9 regions, 153 LAs). Two figures:
 * - does its cost grow with history? The same 86 daily ticks of the current cycle on a stack with
 *   1 year of finished history and on one with 10 (the step reads only what is due: ratio near 1);
 * - a national tick that sends: every LA has contacts, so phase openings invite and due tasks
 *   remind, and the mail step delivers to the SES stand-in. The slowest sending tick is reported,
 *   with DynamoDB round trips per task handled and per email sent.
 * History rows carry the attributes real rows would, built by the same functions: tasks their due index, cycles
 * their retention marker, audit entries their date and authority index, sent mail its TTL.
 */
import { Audit, Cycle, fixedClock, Keys, People, Region, Retention, Tasks, type Item, type Tick } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import { runScheduled } from "../functions/src/scheduled";
import { scheduledSteps } from "../functions/src/steps";
import { demoContactsCsv } from "../local/seed";
import { withBenchStack } from "./ddb.bench";

const STEPS = ["self-evaluation", "peer-scrutiny", "development-plan", "peer-challenge"] as const;
const FIRST_TICK = Date.parse("2026-09-01T09:00:00Z");
const LAST_TICK = Date.parse("2026-11-25T09:00:00Z");
const DAY = 86_400_000;

/** A finished year's task: mostly submitted, some escalated to the end of the ladder, a few waived. */
function historyTask(region: Region.Region, cycleId: string, year: number, step: string, la: string, n: number) {
  const status = n % 20 === 0 ? "waived" : n % 10 === 0 ? "escalated" : "submitted";
  const task: Tasks.Task = {
    ...Tasks.taskKey(cycleId, step, la),
    kind: "task",
    cycleId,
    regionId: region.id,
    step: step as Tasks.Task["step"],
    authority: la,
    status,
    deadline: `${year}-10-31T23:59:59.000Z`,
    graceDays: 3,
    done: [],
    createdAt: `${year}-09-01T00:00:00.000Z`,
    version: 4,
  };
  task.done = Tasks.taskEvents(task, region.settings)
    .filter((e) => status === "escalated" || e.at < Date.parse(`${year}-10-20T00:00:00Z`))
    .map((e) => e.id);
  return { ...task, ...Tasks.dueAttrs(task, region.settings).set };
}

async function writeHistory(deps: AwsDeps, years: number[]) {
  const regions = await Region.list(deps);
  for (const year of years) {
    const items: Item[] = [];
    for (const region of regions) {
      const cycleId = Cycle.cycleId(region.id, year);
      items.push({
        ...Keys.cycle(region.id, year),
        kind: "cycle",
        id: cycleId,
        regionId: region.id,
        year,
        phases: Cycle.phasesFor(region.settings, year).map((p) => ({ ...p, state: "closed" })),
        version: 9,
        updatedAt: "x",
        updatedBy: "history",
      });
      const created = `${year}-08-01T00:00:00.000Z`;
      items.push(
        Cycle.retentionMarker({ id: cycleId, regionId: region.id, year }, Cycle.firstRetentionDue(year, created)),
      );
      let n = 0;
      for (const la of await Region.authorities(deps, region.id)) {
        for (const step of STEPS) {
          items.push(historyTask(region, cycleId, year, step, la.code, n++));
          const at = `${year}-10-01T00:00:00.000Z`;
          items.push(
            Audit.entry(deps, {
              scope: Audit.cycleScope(cycleId),
              actor: Audit.systemActor("history"),
              action: "submission.submitted",
              entity: { type: "submission", id: `${cycleId}/${step}/${la.code}`, version: 2 },
              authority: la.code,
              summary: "Submitted",
              at,
            }),
          );
          for (let m = 0; m < 3; m++)
            items.push({
              ...Keys.mail(`h${year}${step}${la.code}${m}`),
              kind: "mail",
              status: "sent",
              to: [`x${m}@${la.code}.example.org`],
              subject: "History",
              expiresAt: Retention.ttlAfter(at, Retention.PERIODS.mailLedgerDays),
            });
        }
      }
    }
    await deps.store.batchPut(items);
  }
}

/** Every region's contacts, through the real CSV import (its own lead and advisers per region). */
async function importAllContacts(deps: AwsDeps) {
  for (const region of await Region.list(deps)) {
    const rows = demoContactsCsv(await Region.authorities(deps, region.id))
      .trim()
      .split("\n")
      .slice(0, -3);
    rows.push(`Lead ${region.id},lead@${region.id}.example.org,,regional-lead,RIIA Regional Lead`);
    rows.push(`Adviser ${region.id},adviser@dfe-${region.id}.example.org,,dfe-adviser,DfE Adviser`);
    await People.importContacts(deps, {
      regionId: region.id,
      csv: `${rows.join("\n")}\n`,
      actor: Audit.systemActor("bench"),
    });
  }
}

async function prepare(deps: AwsDeps, historyYears: number, contacts: boolean) {
  await Region.loadReference(deps);
  await writeHistory(
    deps,
    Array.from({ length: historyYears }, (_, i) => 2025 - i),
  );
  if (contacts) await importAllContacts(deps);
  for (const region of await Region.list(deps))
    await Cycle.create(deps, { regionId: region.id, year: 2026, actor: Audit.systemActor("bench") });
}

/** The scheduled steps, each adding its DynamoDB round trips to `calls` under its name. */
function countedSteps(deps: AwsDeps, calls: Record<string, number>): Record<string, Tick.ScheduledStep> {
  return Object.fromEntries(
    Object.entries(scheduledSteps).map(([name, step]) => [
      name,
      async (d, now) => {
        const before = deps.ddbCalls.total;
        const out = await step(d, now);
        calls[name] = (calls[name] ?? 0) + deps.ddbCalls.total - before;
        return out;
      },
    ]),
  );
}

/** The ticks' wall time, and their DynamoDB round trips by step (which the machine's load cannot change). */
async function timeTicks(historyYears: number): Promise<{ ms: number; calls: number; byStep: Record<string, number> }> {
  return withBenchStack(async (base) => {
    const clock = fixedClock("2026-08-20T09:00:00Z");
    const deps = { ...base, clock };
    await prepare(deps, historyYears, false);
    // A stack that has run for ten years swept each day what expired that day; writeHistory wrote years that expired
    // long ago as if nothing had ever swept them. Yesterday's sweep brings the stack to that steady state, so the
    // measured ticks count what a day costs, not a one-off catch-up of years no running stack would still hold.
    clock.set(new Date(FIRST_TICK - DAY));
    await Retention.sweepDaily(deps);
    deps.ddbCalls.reset();
    const byStep: Record<string, number> = {};
    const steps = countedSteps(deps, byStep);
    const started = performance.now();
    for (let t = FIRST_TICK; t <= LAST_TICK; t += DAY) {
      clock.set(new Date(t));
      await runScheduled(deps, steps);
    }
    return { ms: performance.now() - started, calls: deps.ddbCalls.total, byStep };
  });
}

interface SendingTick {
  at: string;
  ms: number;
  tasks: number;
  sent: number;
  taskCalls: number;
  mailCalls: number;
  /** The tasks and mail steps' round trips by DynamoDB operation. */
  byCommand: Record<string, Record<string, number>>;
}

/** Daily ticks with contacts: the one that sends the most, with its round trips per task and per email. */
async function nationalSend(): Promise<{
  ticks: number;
  busiest: SendingTick;
  worst?: SendingTick;
  worstCallsPerTask: number;
}> {
  // The stand-in accepts any rate: the figure is the code's own cost, not the account's send quota.
  return withBenchStack(
    async (base) => {
      const clock = fixedClock("2026-08-20T09:00:00Z");
      const deps = { ...base, clock };
      await prepare(deps, 1, true);
      let busiest: SendingTick | undefined;
      let worst: SendingTick | undefined;
      let worstCallsPerTask = 0;
      let ticks = 0;
      for (let t = FIRST_TICK; t <= LAST_TICK; t += DAY) {
        clock.set(new Date(t));
        const calls: Record<string, number> = {};
        const byCommand: Record<string, Record<string, number>> = {};
        const counted: Record<string, Tick.ScheduledStep> = Object.fromEntries(
          Object.entries(scheduledSteps).map(([name, step]) => [
            name,
            async (d, now) => {
              deps.ddbCalls.reset();
              const out = await step(d, now);
              calls[name] = deps.ddbCalls.total;
              byCommand[name] = { ...deps.ddbCalls.byCommand };
              return out;
            },
          ]),
        );
        const started = performance.now();
        const result = await runScheduled({ ...deps }, counted);
        const ms = performance.now() - started;
        ticks++;
        const steps = result.steps as { tasks: { tasks: number }; mail: { sent: number } };
        const tick: SendingTick = {
          at: new Date(t).toISOString().slice(0, 10),
          ms: Math.round(ms),
          tasks: steps.tasks.tasks,
          sent: steps.mail.sent,
          taskCalls: calls.tasks ?? 0,
          mailCalls: calls.mail ?? 0,
          byCommand: { tasks: byCommand.tasks ?? {}, mail: byCommand.mail ?? {} },
        };
        if (tick.tasks && tick.taskCalls / tick.tasks > worstCallsPerTask) {
          worstCallsPerTask = tick.taskCalls / tick.tasks;
          worst = tick;
        }
        if (!busiest || tick.sent > busiest.sent) busiest = tick;
      }
      return { ticks, busiest: busiest!, worst, worstCallsPerTask: Number(worstCallsPerTask.toFixed(2)) };
    },
    { RIIA_SES_MAX_SEND_RATE: "1000" },
  );
}

export async function benchTickHistory() {
  const oneX = await timeTicks(1);
  const tenX = await timeTicks(10);
  return {
    oneXms: Math.round(oneX.ms),
    tenXms: Math.round(tenX.ms),
    tickHistoryRatio10x: Number((tenX.ms / oneX.ms).toFixed(2)),
    tickHistoryCallsRatio10x: Number((tenX.calls / oneX.calls).toFixed(2)),
    oneXcalls: oneX.calls,
    tenXcalls: tenX.calls,
    byStep: { oneX: oneX.byStep, tenX: tenX.byStep },
  };
}

export async function benchNationalSend() {
  const { ticks, busiest, worst, worstCallsPerTask } = await nationalSend();
  return {
    ticks,
    busiest,
    worst,
    tick: {
      nationalSendMs: busiest.ms,
      emailsSent: busiest.sent,
      tasksHandled: busiest.tasks,
      ddbCallsPerTask: worstCallsPerTask,
      ddbCallsPerEmail: busiest.sent ? Number((busiest.mailCalls / busiest.sent).toFixed(2)) : 0,
    },
  };
}
