/**
 * `npm run bench [http] [ddb] …`: every benchmark (or the ones named), figures merged into
 * bench/results.json and printed as tables. Speed is measured here, never asserted in tests.
 */
import { benchFormCalls, benchStoreCalls } from "./ddb.bench";
import { benchHttp } from "./http.bench";
import { benchDispatch } from "./mail.bench";
import { benchAssignment } from "./assignment.bench";
import { benchTickHistory } from "./tick.bench";
import { benchBrokering } from "./brokering.bench";
import { printTable, readResults, recordResults, RESULTS_FILE } from "./results";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);

if (want("http")) {
  const h = await benchHttp();
  recordResults({ httpBundleKB: h.httpBundleKB, initRatioVsBareHono: h.initRatioVsBareHono });
  process.stdout.write(`\nhttp function (bundled as SST does; median of ${h.runs} fresh processes each)\n`);
  printTable([
    ["httpBundleKB", h.httpBundleKB, "≤ 300"],
    ["bare Hono bundle KB", h.bareBundleKB],
    ["http init ms", h.httpInitMs],
    ["bare Hono init ms", h.bareInitMs],
    ["initRatioVsBareHono", h.initRatioVsBareHono, "≤ 1.5"],
  ]);
}

if (want("ddb")) {
  const calls = { ...(await benchFormCalls()), ...(await benchStoreCalls()) };
  const previous = (readResults().ddbCalls ?? {}) as Record<string, number>;
  recordResults({ ddbCalls: { ...previous, ...calls } });
  process.stdout.write("\nDynamoDB round trips per store operation (dynalite, counted at the client)\n");
  const goals: Record<string, string> = { formPage: "≤ 2", saveDraft: "≤ 2", submit: "≤ 3" };
  printTable(Object.entries(calls).map(([k, v]) => [k, v, goals[k]]));
}

if (want("mail")) {
  const m = await benchDispatch();
  recordResults({ dispatchRateRatio: m.dispatchRateRatio });
  process.stdout.write(`\nMail dispatch against the SES stand-in (${m.sent} emails at a configured ${m.rate}/s)\n`);
  printTable([
    ["elapsed s", m.elapsedSeconds],
    ["busiest second (sends)", m.busiestSecond, `≤ ${m.rate}`],
    ["dispatchRateRatio", m.dispatchRateRatio, "≥ 0.9, never > 1"],
  ]);
}

if (want("assignment")) {
  const a = await benchAssignment();
  recordResults({ assignment: a.assignment });
  process.stdout.write("\nPeer-review assignment (HiGHS, exact; solve time including the worker thread)\n");
  printTable([
    ["solver thread start + HiGHS load ms (once per process)", a.coldStartMs],
    ...a.regions.map((r) => [`${r.id} (${r.n} LAs, k=2) ms`, Math.round(r.ms)] as [string, number]),
    ["regionMaxMs", a.assignment.regionMaxMs, "≤ 100"],
    ["nationalMs (153 LAs, k=3)", a.assignment.nationalMs, "≤ 2000"],
    ["gap", String(a.assignment.gap), "0"],
  ]);
}

if (want("tick")) {
  const t = await benchTickHistory();
  recordResults({ tickHistoryRatio10x: t.tickHistoryRatio10x });
  process.stdout.write("\nScheduled step, national instance, 86 daily ticks of the current cycle\n");
  printTable([
    ["with 1 year of history ms", t.oneXms],
    ["with 10 years of history ms", t.tenXms],
    ["tickHistoryRatio10x", t.tickHistoryRatio10x, "≤ 1.2"],
  ]);
}

if (want("brokering")) {
  const b = await benchBrokering();
  recordResults({ brokering: { nationalMs: b.nationalMs, gap: b.gap } });
  process.stdout.write(`\nBrokering, national instance (${b.needs} needs, ${b.offers} offers; ${b.covered} covered)\n`);
  printTable([
    ["nationalMs", b.nationalMs, "≤ 1000"],
    ["gap", String(b.gap), "0"],
  ]);
}

if (want("replies")) await (await import("./reply-parsing.bench")).printReplyParsing();
if (want("early-warning")) (await import("./early-warning.bench")).reportEarlyWarning(recordResults, printTable);

process.stdout.write(`\nWritten to ${RESULTS_FILE}\n`);
