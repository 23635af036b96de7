// Bundled like the http function and run in a fresh process by bench/render.bench.ts: the first
// render of a page after start-up, then the same page warm. Uses the renderer exactly as http.ts
// builds it (precompiled views in a bundle).
import { createRenderer } from "@riia/forms";
import reference from "../packages/core/data/reference.json";
import { defaultViewPaths } from "../functions/src/assets";
import { precompiledViews } from "../functions/src/views-precompiled";

const context = {
  title: "Sign in",
  regions: reference.regions.map((r) => ({ value: r.id, text: r.name })),
  email: "someone@example.org",
  emailError: "Enter an email address in the correct format, like name@example.com",
  cspNonce: "n",
};

export function handler() {
  const started = performance.now();
  const render = createRenderer(defaultViewPaths(), precompiledViews);
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
