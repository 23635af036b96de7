import { fileURLToPath } from "node:url";
import type { BuildPlugin } from "./plugin";

const STUB = fileURLToPath(new URL("./zod-locales-en.js", import.meta.url));

/**
 * zod 4 re-exports every locale (`z.locales`, ~250 KB minified) and @hono/zod-openapi uses `z` as
 * a value, so the bundler cannot drop them. riia's messages are English (and mostly our own), so
 * bundles get a `locales` namespace holding English only. Default error messages are unchanged:
 * zod registers English from its own `en.js`, which this keeps.
 */
export const zodEnglishOnly: BuildPlugin = {
  name: "zod-english-only",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core|mini)[\\/]/.test(args.importer) ? { path: STUB } : undefined,
    );
  },
};
