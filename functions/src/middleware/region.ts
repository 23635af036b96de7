/**
 * Which region a page belongs to, so its header and footer can name it (the layout reads
 * `regionName`; `page()` falls back to the one set here). Public pages set none and show only the
 * service name. A region's name is not secret (the sign-in page lists them all), so naming the region
 * of a page someone is then refused does not leak anything.
 */
import { CycleIds, Principals, RegionNames } from "@riia/core/request";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";

/** Name this region in the page's header and footer (an unknown region names none); no store read. */
export function showRegion(c: Context<AppEnv>, regionId: string): void {
  c.set("regionName", RegionNames.nameOf(regionId));
}

/** The region a console address is about: its cycle's or its own, else the signed-in person's. */
function regionOfConsole(c: Context<AppEnv>): string | undefined {
  const path = c.req.path;
  const cycle = /^\/lead\/cycles\/([^/]+)/.exec(path)?.[1];
  if (cycle) {
    try {
      return CycleIds.parseCycleId(decodeURIComponent(cycle)).regionId;
    } catch {
      return undefined;
    }
  }
  const own = /^\/lead\/(?:dataset|concerns)\/([a-z0-9-]+)/.exec(path)?.[1];
  if (own) return own;
  const who = c.get("principal");
  return who?.kind === "person" && !Principals.isNational(who) ? who.regionId : undefined;
}

/** The console's pages (after `identify`): each names the region it is about. */
export const consoleRegion = createMiddleware<AppEnv>(async (c, next) => {
  const regionId = regionOfConsole(c);
  if (regionId) showRegion(c, regionId);
  await next();
});
