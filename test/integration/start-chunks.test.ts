/**
 * What a page function's start loads, bundled as SST bundles it: the request middleware reads the session, a cycle
 * id's region and a region's name from @riia/core/request, so a start carries none of the domain those namespaces'
 * files bring (the mail catalogue, submissions, peer review, retention), which wait for the route groups that use them.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bundleLikeSst } from "../../bench/bundle";

const dir = mkdtempSync(join(process.cwd(), "node_modules", ".riia-start-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DOMAIN_AT_START = /packages\/core\/src\/(mail|submissions|peer-review|retention|solver|support)\//;

describe("a page function's start", () => {
  for (const name of ["pages", "console"]) {
    it(`(${name}) loads the session reading but not the mail catalogue or other domains`, async () => {
      const { startInputs } = await bundleLikeSst(`functions/src/${name}.ts`, join(dir, name, `${name}.mjs`));
      expect(startInputs).toContain("packages/core/src/access/principal.ts");
      expect(startInputs).toContain("functions/src/middleware/auth.ts");
      expect(startInputs.filter((input) => DOMAIN_AT_START.test(input))).toEqual([]);
    }, 60_000);
  }
});
