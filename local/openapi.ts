/**
 * `npm run openapi`: write the API's OpenAPI document, generated from the route definitions, to
 * functions/src/openapi.json, which the pages' API reference (/docs) and the API function read. The bundler writes the
 * same document beside each bundle that needs it; a test fails when the committed file has drifted.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { formatApiDocument } from "../stacks/esbuild/openapi-document";

const OUT = fileURLToPath(new URL("../functions/src/openapi.json", import.meta.url));
writeFileSync(OUT, formatApiDocument());
process.stdout.write(`wrote ${OUT}\n`);
