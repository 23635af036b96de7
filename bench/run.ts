/**
 * `npm run bench [http] [tick] …`: every benchmark (or the ones named), figures merged into
 * bench/results.json and printed beside their goals. Speed is measured here, never asserted in tests.
 *
 * To add a benchmark, append one entry to BENCHES: a name (what `npm run bench <name>` selects) and
 * a function that runs it, records its figures with recordResults and prints a table.
 */
import { benchFormCalls, benchStoreCalls } from "./ddb.bench";
import { benchHttp } from "./http.bench";
import { benchDispatch } from "./mail.bench";
import { benchAssignment } from "./assignment.bench";
import { benchNationalSend, benchTickHistory } from "./tick.bench";
import { benchBrokering } from "./brokering.bench";
import { printCold } from "./cold-request";
import { printTable, readResults, recordResults, RESULTS_FILE } from "./results";

const say = (text: string) => process.stdout.write(`\n${text}\n`);

export const BENCHES: { name: string; run: () => Promise<void> }[] = [
  {
    name: "http",
    run: async () => {
      const h = await benchHttp();
      recordResults({
        httpBundleKB: h.httpBundleKB,
        initRatioVsFloor: h.initRatioVsFloor,
        firstRenderRatio: h.firstRenderRatio,
        http: {
          pagesBundleKB: h.pagesBundleKB,
          consoleBundleKB: h.consoleBundleKB,
          apiBundleKB: h.apiBundleKB,
          pagesStartKB: h.pagesStartKB,
          consoleStartKB: h.consoleStartKB,
          apiStartKB: h.apiStartKB,
          pagesInitRatio: h.pagesInitRatio,
          consoleInitRatio: h.consoleInitRatio,
          apiInitRatio: h.apiInitRatio,
          pagesInitCpuMs: h.pagesInitCpuMs,
          consoleInitCpuMs: h.consoleInitCpuMs,
          apiInitCpuMs: h.apiInitCpuMs,
          floorInitCpuMs: h.floorInitCpuMs,
          cold: h.cold,
        },
      });
      say(`HTTP functions (bundled as SST does; median of ${h.runs} fresh processes each; init is CPU time)`);
      printTable([
        ["pages bundle KB (emailed links, public pages)", h.pagesBundleKB],
        ["console bundle KB", h.consoleBundleKB],
        ["API bundle KB", h.apiBundleKB],
        [
          "KB loaded at start (entry + static chunks): pages / console / API",
          `${h.pagesStartKB} / ${h.consoleStartKB} / ${h.apiStartKB}`,
        ],
        ["httpBundleKB (the largest)", h.httpBundleKB, "≤ 300"],
        ["floor bundle KB (Hono + DynamoDB document client)", h.floorBundleKB],
        ["pages init ms (renders one page to warm up)", h.pagesInitCpuMs],
        ["console init ms (renders one page to warm up)", h.consoleInitCpuMs],
        ["API init ms", h.apiInitCpuMs],
        ["floor init ms", h.floorInitCpuMs],
        ["pages init ÷ floor", h.pagesInitRatio],
        ["console init ÷ floor", h.consoleInitRatio],
        ["API init ÷ floor", h.apiInitRatio],
        ["initRatioVsFloor (the largest)", h.initRatioVsFloor, "≤ 1.3"],
        ["first render after start ms (CPU)", h.firstRenderMs],
        ["warm render ms (CPU)", h.warmRenderMs],
        ["firstRenderRatio", h.firstRenderRatio, "≤ 2"],
      ]);
      printCold(h.cold, printTable);
    },
  },
  {
    name: "ddb",
    run: async () => {
      const calls = { ...(await benchFormCalls()), ...(await benchStoreCalls()) };
      const previous = (readResults().ddbCalls ?? {}) as Record<string, number>;
      recordResults({ ddbCalls: { ...previous, ...calls } });
      say("DynamoDB round trips per store operation (dynalite, counted at the client)");
      const goals: Record<string, string> = { formPage: "≤ 2", saveDraft: "≤ 2", submit: "≤ 3" };
      printTable(Object.entries(calls).map(([k, v]) => [k, v, goals[k]]));
    },
  },
  {
    name: "mail",
    run: async () => {
      const m = await benchDispatch();
      recordResults({ dispatchRateRatio: m.dispatchRateRatio });
      say(`Mail dispatch against the SES stand-in (${m.sent} emails at a configured ${m.rate}/s)`);
      printTable([
        ["elapsed s", m.elapsedSeconds],
        ["busiest second (sends)", m.busiestSecond, `≤ ${m.rate}`],
        ["dispatchRateRatio", m.dispatchRateRatio, "≥ 0.9, never > 1"],
      ]);
    },
  },
  {
    name: "assignment",
    run: async () => {
      const a = await benchAssignment();
      recordResults({ assignment: a.assignment });
      say("Peer-review assignment (HiGHS, exact; solve time including the worker thread)");
      printTable([
        ["largest region, first solve in a fresh process, no warm-up ms (median of 3)", a.assignment.regionColdMs],
        ["solver thread start + HiGHS load + warm-up ms (once per process)", a.coldStartMs],
        ...a.regions.map((r) => [`${r.id} (${r.n} LAs, k=2) ms`, Math.round(r.ms)] as [string, number]),
        ["regionMaxMs", a.assignment.regionMaxMs, "≤ 50"],
        ["regionMaxCpuMs (CPU, all threads)", a.assignment.regionMaxCpuMs],
        ["nationalMs (153 LAs, k=3)", a.assignment.nationalMs, "≤ 500"],
        ["nationalCpuMs (CPU, all threads)", a.assignment.nationalCpuMs],
        ["gap", String(a.assignment.gap), "0"],
      ]);
    },
  },
  {
    name: "tick",
    run: async () => {
      const t = await benchTickHistory();
      const s = await benchNationalSend();
      recordResults({
        tickHistoryRatio10x: t.tickHistoryRatio10x,
        tickHistoryCallsRatio10x: t.tickHistoryCallsRatio10x,
        tick: { ...s.tick, worstTickCallsByCommand: s.worst?.byCommand.tasks ?? {} },
      });
      say("Scheduled step, national instance, 86 daily ticks of the current cycle");
      printTable([
        ["with 1 year of history ms", t.oneXms],
        ["with 10 years of history ms", t.tenXms],
        ["tickHistoryRatio10x", t.tickHistoryRatio10x, "≤ 1.2"],
        ["DynamoDB calls, 1 year of history", t.oneXcalls],
        ["DynamoDB calls, 10 years of history", t.tenXcalls],
        ["tickHistoryCallsRatio10x (round trips, which load cannot change)", t.tickHistoryCallsRatio10x, "≤ 1.2"],
        ...Object.keys(t.byStep.tenX).map(
          (step) =>
            [`  ${step} step calls, 1 → 10 years`, `${t.byStep.oneX[step]} → ${t.byStep.tenX[step]}`] as [
              string,
              string,
            ],
        ),
      ]);
      say(`National tick that sends (contacts for all 153 LAs; busiest of ${s.ticks} daily ticks, ${s.busiest.at})`);
      printTable([
        ["tick.nationalSendMs", s.tick.nationalSendMs],
        ["emails sent in that tick", s.tick.emailsSent],
        ["tasks handled in that tick", s.tick.tasksHandled],
        ["DynamoDB calls per task (worst tick)", s.tick.ddbCallsPerTask, "≤ 4"],
        [
          `  worst tick (${s.worst?.at}): ${s.worst?.tasks} tasks, tasks step calls by operation`,
          JSON.stringify(s.worst?.byCommand.tasks ?? {}),
        ],
        ["  busiest tick: mail step calls by operation", JSON.stringify(s.busiest.byCommand.mail)],
        ["DynamoDB calls per email sent", s.tick.ddbCallsPerEmail],
      ]);
    },
  },
  {
    name: "brokering",
    run: async () => {
      const b = await benchBrokering();
      recordResults({ brokering: { nationalMs: b.nationalMs, gap: b.gap } });
      say(`Brokering, national instance (${b.needs} needs, ${b.offers} offers; ${b.covered} covered)`);
      printTable([
        ["nationalMs", b.nationalMs, "≤ 1000"],
        ["gap", String(b.gap), "0"],
      ]);
    },
  },
  {
    name: "replies",
    run: async () => (await import("./reply-parsing.bench")).printReplyParsing(),
  },
  {
    name: "pages",
    run: async () => (await import("./pages.bench")).reportPages(recordResults, printTable),
  },
  {
    name: "early-warning",
    run: async () => (await import("./early-warning.bench")).reportEarlyWarning(recordResults, printTable),
  },
  {
    name: "instructions",
    run: async () => (await import("./instructions.bench")).reportInstructions(recordResults, printTable),
  },
];

const only = process.argv.slice(2);
for (const bench of BENCHES) if (only.length === 0 || only.includes(bench.name)) await bench.run();
process.stdout.write(`\nWritten to ${RESULTS_FILE}\n`);
