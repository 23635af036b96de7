/**
 * A Lambda function's one Hono app, with its route modules loaded on first use: each group names the paths its
 * modules serve and imports them when a request first reaches one of those paths. A start then evaluates only the
 * middleware and renderer, and a request loads only the group it needs rather than every group the function serves.
 * test/unit/lazy-groups.test.ts holds every group's routes inside its paths and the groups equal to the function's
 * mounts, so a request meets exactly the handlers and middleware the whole app would run for it.
 */
import { Hono } from "hono";
import { handle } from "hono/aws-lambda";
import { getPath } from "hono/utils/url";
import type { Mount } from "./app-builder";
import type { App, AppEnv } from "./context";
import type { AssetUrls } from "./assets";

/**
 * Route modules loaded together. `paths`: exact paths, or prefixes ending in `/*` (which take the prefix itself too,
 * as Hono's do), either with `:name` segments that take any one segment, as Hono's path parameters do. `load` imports
 * the modules (a dynamic `import()`, so the bundle leaves them out of a start).
 */
export interface RouteGroup {
  name: string;
  paths: string[];
  load: () => Promise<Mount[]>;
}

/** Whether `path` is one of the group's paths (`/x/*` takes `/x` too, as Hono's wildcard does). */
export function groupServes(group: Pick<RouteGroup, "paths">, path: string): boolean {
  return group.paths.some((p) =>
    p.includes("/:")
      ? patternServes(p, path)
      : p.endsWith("/*")
        ? path === p.slice(0, -2) || path.startsWith(p.slice(0, -1))
        : path === p,
  );
}

/** A path with `:name` segments, each taking one non-empty segment; ending in `/*`, also every path below it. */
function patternServes(pattern: string, path: string): boolean {
  const wanted = pattern.split("/");
  const given = path.split("/");
  const prefix = wanted.at(-1) === "*";
  if (prefix) wanted.pop();
  if (prefix ? given.length < wanted.length : given.length !== wanted.length) return false;
  return wanted.every((segment, i) => (segment.startsWith(":") ? given[i] !== "" : segment === given[i]));
}

/** Builds the function's app around the mounts loaded so far (the caller's buildApp with its root and renderer). */
export type AppFor = (mounts: Mount[]) => App;

/**
 * The function's app, rebuilt when a request first needs a group not yet loaded (at most once per group per process:
 * each module's routes are built once and kept, so state they hold survives a rebuild). Returns a fetch for
 * `hono/aws-lambda`'s handle.
 */
export function lazyApp(groups: RouteGroup[], appFor: AppFor, urls: AssetUrls | undefined) {
  const loaded = new Map<RouteGroup, Mount[]>();
  const built = new Map<Mount["routes"], Hono<AppEnv>>();
  let app = appFor([]);
  async function appServing(path: string): Promise<App> {
    const wanted = groups.filter((g) => !loaded.has(g) && groupServes(g, path));
    if (wanted.length === 0) return app;
    for (const group of wanted) loaded.set(group, await group.load());
    // A module in two groups is mounted once; each is built once (its routes and whatever state they hold).
    const mounts = new Map<Mount["routes"], Mount>();
    for (const mount of [...loaded.values()].flat()) {
      if (!built.has(mount.routes)) built.set(mount.routes, mount.routes({ urls }));
      mounts.set(mount.routes, { at: mount.at, routes: () => built.get(mount.routes)! });
    }
    app = appFor([...mounts.values()]);
    return app;
  }
  return async (request: Request, env?: unknown, ctx?: unknown): Promise<Response> => {
    // The path as Hono routes it (percent-decoded), so a group loads for every request its routes would match.
    const path = getPath(request);
    const served = await appServing(path).catch((err: unknown) => failing(err));
    return served.fetch(request, env, ctx as never);
  };
  /**
   * A group that failed to load (a chunk missing from the artefact) is the app's fault like any other: the request
   * passes the usual middleware and meets the app's own 500 page or problem, logged with its id. The group stays
   * unloaded, so the next request for it tries again.
   */
  function failing(err: unknown): App {
    const fails = new Hono<AppEnv>().all("*", () => {
      throw err;
    });
    return appFor([{ at: 0, routes: () => fails }]);
  }
}

/** `hono/aws-lambda`'s handler around a lazily mounted app: a root that hands every request to it. */
export function handleLazily(groups: RouteGroup[], appFor: AppFor, urls?: AssetUrls) {
  const fetch = lazyApp(groups, appFor, urls);
  const root = new Hono();
  root.all("*", (c) => fetch(c.req.raw, c.env));
  return handle(root);
}
