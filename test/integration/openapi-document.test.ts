/**
 * The OpenAPI document is generated at build time from the route definitions; the committed copy
 * (functions/src/openapi.json, which /docs renders and the API serves from source) must be exactly what the
 * definitions give today, so it cannot drift from the routes. `npm run openapi` rewrites it.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "../../functions/src/openapi-document";
import { formatApiDocument } from "../../stacks/esbuild/openapi-document";
import { createApp } from "../../functions/src/app";
import { testDeps } from "./helpers";

const committed = readFileSync("functions/src/openapi.json", "utf8");

describe("the generated OpenAPI document", () => {
  it("is what the route definitions produce (run `npm run openapi` after changing a route)", () => {
    expect(committed).toBe(formatApiDocument(openApiDocument()));
  });

  it("is the document the app describes from its routes", async () => {
    const served = await (await createApp(await testDeps()).request("/openapi.json")).json();
    expect(JSON.parse(committed)).toEqual(served);
  });
});
