/**
 * What the JSON API's routes share: the access checks, and the problem and JSON response shapes, path parameters and
 * reference schemas of reference-schemas.ts. Each resource's own schemas are in a module of their own
 * (directory-schemas.ts, cycle-schemas.ts, audit-schemas.ts), so a route group loads the domain it serves alone.
 */
import { Access, ForbiddenError } from "@riia/core";
import type { Context } from "hono";
import type { AppEnv } from "../../context";

export {
  Problem,
  problem,
  json,
  RegionSummary,
  RegionDetail,
  Authority,
  RegionId,
  Code,
  CycleId,
  secured,
  pick,
  summary,
  authority,
} from "./reference-schemas";

/** A signed-in person's own LA (officers read their region's cycle only through it). */
export const inRegion = (c: Context<AppEnv>) => {
  const who = c.get("principal");
  return who?.kind === "person" ? who.authority : undefined;
};
export const leadsOnly = (c: Context<AppEnv>) => {
  const who = c.get("principal");
  if (who?.kind !== "api" && !who?.roles.includes("regional-lead"))
    throw new ForbiddenError("Only regional leads can preview emails.");
};

/** Check the caller may do `action` in a region (or for one LA); returns the audit actor. */
export function allow(c: Context<AppEnv>, action: Access.Action, scope: { regionId: string; authority?: string }) {
  const who = c.get("principal");
  Access.require(who, action, scope);
  return Access.actorOf(who!);
}
