import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The OpenAPI document generated at build time from the route definitions: beside a bundle, the file the bundler
 * wrote (stacks/esbuild/openapi-document.ts); from source, the committed functions/src/openapi.json, which
 * `npm run openapi` rewrites and test/integration/openapi-document.test.ts keeps equal to what the definitions give.
 * Read on first use, never at start, and never carried in a bundle's code.
 */
const FILE = fileURLToPath(new URL("./openapi.json", import.meta.url));
let text: string | null | undefined;

export function apiDocumentText(): string | null {
  if (text === undefined) text = existsSync(FILE) ? readFileSync(FILE, "utf8") : null;
  return text;
}
