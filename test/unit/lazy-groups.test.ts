/**
 * Each HTTP function (pages, console, API) loads its route modules in groups, on the first request for a group's paths
 * (lazy-app.ts). A request must meet exactly the handlers and middleware the whole app runs for it, so: the groups
 * hold the same modules at the same places in the order as the function's mounts, and every route or middleware a
 * module adds is under the paths of the groups that load it (else a request reaching it before its group loads would
 * miss it).
 */
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { API_GROUPS } from "../../functions/src/api-groups";
import { API_MOUNTS } from "../../functions/src/api-routes";
import type { Mount } from "../../functions/src/app-builder";
import { CONSOLE_GROUPS } from "../../functions/src/console-groups";
import { CONSOLE_MOUNTS } from "../../functions/src/console-routes";
import type { App } from "../../functions/src/context";
import { groupServes, lazyApp, type RouteGroup } from "../../functions/src/lazy-app";
import { LINK_GROUPS } from "../../functions/src/link-groups";
import { LINK_MOUNTS } from "../../functions/src/link-routes";

const URLS = { css: "/c.css", js: "/j.js" };

/** Every route and middleware the mounts add, with its module's place in the order. */
function routesOf(mounts: Mount[]): string[] {
  return mounts.flatMap((m) => m.routes({ urls: URLS }).routes.map((r) => `${m.at} ${r.method} ${r.path}`)).sort();
}

/** Does a group's path take every request a route pattern matches? */
function covers(paths: string[], pattern: string): boolean {
  return paths.some((p) => (p.endsWith("/*") ? pattern.startsWith(p.slice(0, -1)) : pattern === p));
}

describe.each([
  ["pages", LINK_GROUPS, LINK_MOUNTS],
  ["console", CONSOLE_GROUPS, CONSOLE_MOUNTS],
  ["API", API_GROUPS, API_MOUNTS],
] as const)("the %s function's route groups", (_, groups, mounts) => {
  it("hold the same modules, at the same places, as the function's mounts", async () => {
    const loaded = new Map<unknown, Mount>();
    for (const group of groups) for (const m of await group.load()) loaded.set(m.routes, m);
    expect(routesOf([...loaded.values()])).toEqual(routesOf(mounts));
  });

  it("keep every route and middleware of a module under the paths of the groups that load it", async () => {
    const pathsOf = new Map<Mount["routes"], string[]>();
    for (const group of groups)
      for (const m of await group.load()) pathsOf.set(m.routes, [...(pathsOf.get(m.routes) ?? []), ...group.paths]);
    const outside: string[] = [];
    for (const [routes, paths] of pathsOf)
      for (const r of routes({ urls: URLS }).routes)
        if (!covers(paths, r.path)) outside.push(`${routes.name}: ${r.method} ${r.path}`);
    expect(outside).toEqual([]);
  });
});

describe("a lazily mounted app", () => {
  const group = (name: string, paths: string[], loads: string[], counter: { built: number }): RouteGroup => ({
    name,
    paths,
    load: async () => {
      loads.push(name);
      return [
        {
          at: name === "a" ? 1 : 2,
          routes: () => {
            counter.built += 1;
            let hits = 0;
            return new Hono().get(`/${name}/n`, (c) => c.text(`${name} ${++hits}`)) as unknown as ReturnType<
              Mount["routes"]
            >;
          },
        },
      ];
    },
  });

  it("loads only the group a request needs, each once, and keeps a module's state when another loads", async () => {
    const loads: string[] = [];
    const counter = { built: 0 };
    const fetch = lazyApp(
      [group("a", ["/a/*"], loads, counter), group("b", ["/b/*"], loads, counter)],
      (mounts) => {
        const app = new Hono() as unknown as App;
        for (const m of [...mounts].sort((x, y) => x.at - y.at)) app.route("/", m.routes({}));
        return app;
      },
      undefined,
    );
    const text = async (path: string) => (await fetch(new Request(`http://x${path}`))).text();
    expect((await fetch(new Request("http://x/elsewhere"))).status).toBe(404);
    expect(loads).toEqual([]);
    expect(await text("/a/n")).toBe("a 1");
    expect(loads).toEqual(["a"]);
    expect(await text("/b/n")).toBe("b 1");
    expect(await text("/a/n")).toBe("a 2");
    expect(loads).toEqual(["a", "b"]);
    expect(counter.built).toBe(2);
    // Hono routes the percent-decoded path, and so does the choice of group.
    const other = lazyApp(
      [group("a", ["/a/*"], [], counter)],
      (mounts) => {
        const app = new Hono() as unknown as App;
        for (const m of mounts) app.route("/", m.routes({}));
        return app;
      },
      undefined,
    );
    expect(await (await other(new Request("http://x/%61/n"))).text()).toBe("a 1");
  });

  it("answers with the app's own error when a group fails to load, and tries the group again next time", async () => {
    let attempts = 0;
    const flaky: RouteGroup = {
      name: "flaky",
      paths: ["/f/*"],
      load: async () => {
        if (++attempts === 1) throw new Error("chunk missing");
        return [{ at: 1, routes: () => new Hono().get("/f/x", (c) => c.text("form")) as unknown as App }];
      },
    };
    const fetch = lazyApp(
      [flaky],
      (mounts) => {
        const app = new Hono() as unknown as App;
        app.onError((err, c) => c.text(`our 500: ${err.message}`, 500));
        for (const m of mounts) app.route("/", m.routes({}));
        return app;
      },
      undefined,
    );
    const first = await fetch(new Request("http://x/f/x"));
    expect({ status: first.status, body: await first.text() }).toEqual({ status: 500, body: "our 500: chunk missing" });
    const second = await fetch(new Request("http://x/f/x"));
    expect({ status: second.status, body: await second.text() }).toEqual({ status: 200, body: "form" });
  });

  it("takes a prefix's own path as Hono's wildcard does, and exact paths only exactly", () => {
    expect(groupServes({ paths: ["/lead/*"] }, "/lead")).toBe(true);
    expect(groupServes({ paths: ["/lead/*"] }, "/lead/x")).toBe(true);
    expect(groupServes({ paths: ["/lead/*"] }, "/leader")).toBe(false);
    expect(groupServes({ paths: ["/"] }, "/privacy")).toBe(false);
  });

  it("takes any one segment for a path parameter, exactly or as a prefix", () => {
    const group = { paths: ["/api/regions/:regionId/people", "/api/cycles/:cycleId/plan/*"] };
    expect(groupServes(group, "/api/regions/london/people")).toBe(true);
    expect(groupServes(group, "/api/regions/people")).toBe(false);
    expect(groupServes(group, "/api/regions//people")).toBe(false);
    expect(groupServes(group, "/api/regions/london/people/x")).toBe(false);
    expect(groupServes(group, "/api/regions/london/cycles")).toBe(false);
    expect(groupServes(group, "/api/cycles/london-2026/plan")).toBe(true);
    expect(groupServes(group, "/api/cycles/london-2026/plan/publish")).toBe(true);
    expect(groupServes(group, "/api/cycles/london-2026/planned")).toBe(false);
    expect(groupServes(group, "/api/cycles/london-2026")).toBe(false);
  });

  it("loads, for the API's first read of the regions, its reference routes and guards alone", async () => {
    const paths = (path: string) => API_GROUPS.filter((g) => groupServes(g, path)).map((g) => g.name);
    expect(paths("/api/regions")).toEqual(["guards", "reference"]);
    expect(paths("/api/regions/london")).toEqual(["guards", "reference"]);
    expect(paths("/api/regions/london/dataset/catalogue")).toEqual(["guards", "dataset"]);
    expect(paths("/api/cycles/london-2026/plan/publish")).toEqual(["guards", "support"]);
    expect(paths("/api/cycles/london-2026")).toEqual(["guards", "cycles"]);
  });
});
