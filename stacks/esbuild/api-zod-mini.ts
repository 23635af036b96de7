import { fileURLToPath } from "node:url";
import type { BuildPlugin } from "./plugin";

const RUNTIME = fileURLToPath(new URL("../../functions/src/api-runtime/zod-openapi.ts", import.meta.url));

/**
 * The API function validates with zod mini at run time: its bundle resolves `@hono/zod-openapi` to the small
 * run-time twin in functions/src/api-runtime (the same `createRoute`/`openapi()` validation, schemas built by zod
 * mini), so neither classic zod (~200 KB) nor the OpenAPI generator is loaded at start. The document comes from the
 * same route definitions under classic zod at build time (`openapi-document.ts`). Other bundles are untouched.
 */
export const apiZodMini: BuildPlugin = {
  name: "api-zod-mini",
  setup(build) {
    const entries = JSON.stringify(build.initialOptions.entryPoints ?? []);
    if (!/functions[\\/]+src[\\/]+api\.ts/.test(entries)) return;
    build.onResolve({ filter: /^@hono\/zod-openapi$/ }, () => ({ path: RUNTIME }));
  },
};
