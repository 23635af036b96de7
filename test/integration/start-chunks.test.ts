/**
 * What each HTTP function's start loads, bundled as SST bundles it: the request middleware reads the session, a cycle
 * id's region and a region's name from @riia/core/request, so a start carries none of the domain those namespaces'
 * files bring (the mail catalogue, submissions, peer review, retention), which wait for the route groups that use them.
 * The API's start loads its guards and no resource's routes (api-groups.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { bundleLikeSst } from "../../bench/bundle";

const dir = mkdtempSync(join(process.cwd(), "node_modules", ".riia-start-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NUNJUCKS_UNUSED =
  /node_modules\/nunjucks\/(index\.js|src\/(environment|compiler|parser|lexer|jinja-compat|node-loaders|loaders|express-app)\.js)$|view-engine\/parse\.ts$/;
const DOMAIN_AT_START = /packages\/core\/src\/(mail|submissions|peer-review|retention|solver|support)\//;

describe("a page function's start", () => {
  for (const name of ["pages", "console"]) {
    it(`(${name}) loads the session reading but not the mail catalogue or other domains`, async () => {
      const { startInputs, startFiles, metafile } = await bundleLikeSst(
        `functions/src/${name}.ts`,
        join(dir, name, `${name}.mjs`),
      );
      // What a start loads is in few files (stacks/esbuild/start-chunk.ts): Node loads each as a module of its own.
      expect(startFiles).toBeLessThanOrEqual(3);
      expect(startInputs).toContain("packages/core/src/access/principal.ts");
      expect(startInputs).toContain("functions/src/middleware/auth.ts");
      expect(startInputs.filter((input) => DOMAIN_AT_START.test(input))).toEqual([]);
      // Neither the start nor any chunk carries nunjucks' environment, compiler or parser: the views arrive parsed.
      const bundled = Object.values(metafile.outputs).flatMap((out) =>
        Object.entries(out.inputs)
          .filter(([, input]) => input.bytesInOutput > 0)
          .map(([path]) => path),
      );
      expect(bundled.filter((input) => NUNJUCKS_UNUSED.test(input))).toEqual([]);
      expect(startInputs).toContain("packages/forms/src/view-engine/template.ts");
    }, 60_000);
  }
});

describe("the API function's start", () => {
  it("loads the middleware and the guards, but none of its resources' routes or their domain", async () => {
    const { startInputs } = await bundleLikeSst("functions/src/api.ts", join(dir, "api", "api.mjs"));
    expect(startInputs).toContain("functions/src/middleware/auth.ts");
    expect(startInputs).toContain("functions/src/routes/api/index.ts");
    const routes = startInputs.filter((input) => input.startsWith("functions/src/routes/"));
    expect(routes).toEqual(["functions/src/routes/api/index.ts"]);
    const domain = /packages\/core\/src\/(directory\/region|dataset|workflow|impact|concerns|exchange)[/.]/;
    expect(startInputs.filter((input) => DOMAIN_AT_START.test(input) || domain.test(input))).toEqual([]);
  }, 60_000);
});

describe("zod's English messages", () => {
  it("are registered wherever z comes from the core's zod module, bundled as well (its side effect is kept)", async () => {
    const entry = join(dir, "zod-entry.ts");
    writeFileSync(
      entry,
      'import * as z from "@riia/core/zod";\nexport const message = z.string().safeParse(1).error?.issues[0]?.message;\n',
    );
    const { outfile } = await bundleLikeSst(entry, join(dir, "zod", "zod.mjs"));
    const { message } = (await import(pathToFileURL(outfile).href)) as { message: string };
    expect(message).toBe("Invalid input: expected string, received number");
  }, 60_000);
});
