/**
 * The pages are served by two functions (emailed-link and public pages on `$default`, the lead console on
 * CONSOLE_PATHS): every page route the whole app has must be in the function API Gateway sends its path to.
 */
import { describe, expect, it } from "vitest";
import { API_PATHS, CONSOLE_PATHS } from "../../functions/src/api-paths";
import type { Mount } from "../../functions/src/app-builder";
import { CONSOLE_MOUNTS } from "../../functions/src/console-routes";
import { LINK_MOUNTS } from "../../functions/src/link-routes";
import { PAGE_MOUNTS } from "../../functions/src/page-routes";

const URLS = { css: "/c.css", js: "/j.js" };
const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);

/** Method and path of every handler (not middleware) the mounts register. */
function routesOf(mounts: Mount[]): Set<string> {
  const keys = new Set<string>();
  for (const mount of mounts)
    for (const r of mount.routes({ urls: URLS }).routes) if (METHODS.has(r.method)) keys.add(`${r.method} ${r.path}`);
  return keys;
}

/** Does an API Gateway route key (`/lead`, `/lead/{proxy+}`) take this Hono path? */
function gatewayTakes(pattern: string, path: string): boolean {
  const prefix = pattern.replace(/\/\{proxy\+\}$/, "/");
  return pattern.endsWith("{proxy+}") ? path.startsWith(prefix) && path.length > prefix.length : path === pattern;
}

const toConsole = (path: string) => CONSOLE_PATHS.some((p) => gatewayTakes(p, path));
/** The path of a route key ("GET /lead" → "/lead"). */
const pathOf = (key: string) => key.slice(key.indexOf(" ") + 1);

describe("the page functions' split", () => {
  const all = routesOf(PAGE_MOUNTS);
  const link = routesOf(LINK_MOUNTS);
  const lead = routesOf(CONSOLE_MOUNTS);

  it("puts every page route in the function API Gateway sends its path to", () => {
    const misplaced = [...all].filter((key) => !(toConsole(pathOf(key)) ? lead : link).has(key));
    expect(misplaced).toEqual([]);
    expect(all.size).toBeGreaterThan(60);
  });

  it("sends sign-in and the console to the console, and emailed links and public pages to the pages function", () => {
    for (const path of ["/lead", "/lead/cycles/c1/board", "/sign-in", "/sign-out", "/s/abc"])
      expect({ path, console: toConsole(path) }).toEqual({ path, console: true });
    for (const path of ["/", "/f/abc", "/sign-off/abc", "/r/abc/work", "/d/abc", "/c/abc", "/m/abc", "/plans/c/1"])
      expect({ path, console: toConsole(path) }).toEqual({ path, console: false });
    expect(link.has("GET /lead")).toBe(false);
    expect(lead.has("GET /f/:token")).toBe(false);
  });

  it("keeps the page functions off the API's paths", () => {
    const onApi = [...all].filter((key) => API_PATHS.some((p) => gatewayTakes(p, pathOf(key))));
    expect(onApi).toEqual([]);
  });
});
