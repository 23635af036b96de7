// Bundled like the pages function and run in a fresh process by bench/http.bench.ts. Module init builds the
// renderer exactly as pages.ts does (views parsed at build time, asset manifest, one page rendered to warm it); the
// handler then times the first render of a different page, as the first request after a cold start meets it,
// and the same page warm (CPU time, as for init).
import reference from "../packages/core/data/reference.json";
import { pagesOf } from "../functions/src/page-renderer";
import { assetManifest } from "../functions/src/asset-manifest";
import { precompiledViews } from "../functions/src/views-precompiled";

const { render } = pagesOf({ trees: precompiledViews, assetManifest, warm: true });

const context = {
  title: "Sign in",
  regions: reference.regions.map((r) => ({ value: r.id, text: r.name })),
  email: "someone@example.org",
  emailError: "Enter an email address in the correct format, like name@example.com",
  cspNonce: "n",
};

/** Milliseconds of CPU (user + system) a call takes: like init, what the machine's neighbours do not add to. */
function cpuMs(call: () => unknown): number {
  const start = process.cpuUsage();
  call();
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

export function handler() {
  let html = "";
  const firstMs = cpuMs(() => (html = render("sign-in.njk", context)));
  if (!html.includes("govuk-error-message")) throw new Error("the page did not render its error");
  const warm = Array.from({ length: 30 }, () => cpuMs(() => render("sign-in.njk", context))).sort((a, b) => a - b);
  return { firstMs, warmMs: warm[warm.length >> 1]! };
}
