/**
 * The stage's path put back in front of the pages' root-relative URLs when BASE_URL has one (a stage on its REST
 * API's execute-api address), and nothing touched when it has none (a custom domain, local).
 */
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "@riia/functions/context";
import { basePathOf, stagePath, withBasePath } from "@riia/functions/middleware/stage-path";

const PAGE = [
  '<a href="/lead">Board</a><form action="/sign-in" method="post"></form>',
  '<link rel="stylesheet" href="/stylesheets/x.css"><script src="/assets/x.js"></script>',
  '<a href="https://example.org/x">out</a><a href="//cdn.example/x">cdn</a><a href="#main">skip</a>',
  "<p>&lt;a href=&quot;/typed&quot;&gt;</p>",
].join("");

function appAt(baseUrl: string) {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set("deps", { config: { baseUrl } } as AppEnv["Variables"]["deps"]);
    await next();
  });
  app.use(stagePath);
  app.get("/page", (c) => c.html(PAGE));
  app.get("/style.css", (c) =>
    c.body("a{background:url(/assets/a.png)}b{background:url('//x/y.png')}", 200, {
      "content-type": "text/css",
    }),
  );
  app.get("/go", (c) => c.redirect("/lead/cycles", 303));
  app.get("/away", (c) => c.redirect("https://example.org/", 302));
  app.get("/data", (c) => c.json({ href: "/lead" }));
  return app;
}

describe("stage path", () => {
  it("reads the path from BASE_URL", () => {
    expect(basePathOf("https://a1.execute-api.eu-west-2.amazonaws.com/dev")).toBe("/dev");
    expect(basePathOf("https://a1.execute-api.eu-west-2.amazonaws.com/dev/")).toBe("/dev");
    expect(basePathOf("https://riia.example.gov.uk")).toBe("");
  });

  it("puts the stage in front of a page's links, forms and sources, not in front of other sites or typed text", async () => {
    const html = await (await appAt("https://a1.execute-api.eu-west-2.amazonaws.com/dev").request("/page")).text();
    expect(html).toContain('href="/dev/lead"');
    expect(html).toContain('action="/dev/sign-in"');
    expect(html).toContain('href="/dev/stylesheets/x.css"');
    expect(html).toContain('src="/dev/assets/x.js"');
    expect(html).toContain('href="https://example.org/x"');
    expect(html).toContain('href="//cdn.example/x"');
    expect(html).toContain('href="#main"');
    expect(html).toContain("&lt;a href=&quot;/typed&quot;&gt;");
  });

  it("rewrites stylesheets' url()s and redirects to this site, not JSON or redirects elsewhere", async () => {
    const app = appAt("https://a1.execute-api.eu-west-2.amazonaws.com/dev");
    expect(await (await app.request("/style.css")).text()).toBe(
      "a{background:url(/dev/assets/a.png)}b{background:url('//x/y.png')}",
    );
    expect((await app.request("/go")).headers.get("location")).toBe("/dev/lead/cycles");
    expect((await app.request("/away")).headers.get("location")).toBe("https://example.org/");
    expect(await (await app.request("/data")).json()).toEqual({ href: "/lead" });
  });

  it("changes nothing on a custom domain", async () => {
    const app = appAt("https://riia.example.gov.uk");
    expect(await (await app.request("/page")).text()).toBe(PAGE);
    expect((await app.request("/go")).headers.get("location")).toBe("/lead/cycles");
    expect(withBasePath(PAGE, "text/plain", "/dev")).toBe(PAGE);
  });
});
