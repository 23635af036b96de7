// Bundled like the pages function and run in a fresh process by bench/http.bench.ts. Module init builds the
// renderer exactly as pages.ts does (precompiled views, asset manifest, one page rendered to warm it); the
// handler then times the first render of a different page, as the first request after a cold start meets it,
// and the same page warm.
import reference from "../packages/core/data/reference.json";
import { pagesOf } from "../functions/src/app-builder";
import { assetManifest } from "../functions/src/asset-manifest";
import { precompiledViews } from "../functions/src/views-precompiled";

const { render } = pagesOf({ precompiled: precompiledViews, assetManifest, warm: true });

const context = {
  title: "Sign in",
  regions: reference.regions.map((r) => ({ value: r.id, text: r.name })),
  email: "someone@example.org",
  emailError: "Enter an email address in the correct format, like name@example.com",
  cspNonce: "n",
};

export function handler() {
  const started = performance.now();
  const html = render("sign-in.njk", context);
  const firstMs = performance.now() - started;
  if (!html.includes("govuk-error-message")) throw new Error("the page did not render its error");
  const warm: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    render("sign-in.njk", context);
    warm.push(performance.now() - t);
  }
  warm.sort((a, b) => a - b);
  return { firstMs, warmMs: warm[warm.length >> 1]! };
}
