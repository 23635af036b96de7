/**
 * `npm run bench`: every benchmark, figures merged into bench/results.json and printed as a table.
 * Speed is measured here, never asserted in tests.
 */
import { benchHttp } from "./http.bench";
import { printTable, recordResults, RESULTS_FILE } from "./results";

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

process.stdout.write(`\nWritten to ${RESULTS_FILE}\n`);
