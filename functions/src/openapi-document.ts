/**
 * Print the app's OpenAPI document (run by the bundler: stacks/esbuild/openapi-document.ts). The
 * routes only describe themselves here; nothing touches the store, so no adapters are wired.
 */
import type { Deps } from "@riia/core";
import { createApp, OPENAPI_HEADER } from "./app";

const unused = new Proxy({} as Deps, {
  get: (_, name) => {
    // The app builder reads the config's base URL (if any) to decide a stage path; the document has none.
    if (name === "config") return undefined;
    throw new Error(`generating the OpenAPI document must not use deps.${String(name)}`);
  },
});

export function openApiDocument(): string {
  return JSON.stringify(createApp(unused).getOpenAPI31Document(OPENAPI_HEADER));
}
