/**
 * Who a request comes from and what they may do: the part of Access every request's middleware uses (reading the
 * session, checking a role), in a file of its own so that a function's start loads it without the sign-in emails
 * and their mail catalogue (access.ts re-exports all of it, so `Access.*` is unchanged).
 */
import { Keys, ForbiddenError, UnauthorizedError, type Deps } from "../shared";
import type { People, Region } from "../directory";
import * as Sessions from "./sessions";

export type Principal =
  | { kind: "api" }
  | {
      kind: "person";
      personId: string;
      name: string;
      email: string;
      regionId: string;
      authority?: string;
      roles: Region.Role[];
    };

export type Action = "read-region" | "manage-region" | "read-authority" | "read-national";

/**
 * National people are listed under this scope instead of a region (a person is a membership of one scope, so
 * the same sign-in, session and people store serve them); it is never a region id.
 */
export const NATIONAL = "national";
export const NATIONAL_ROLES: readonly Region.Role[] = ["national-coordinator", "dfe-adviser", "lga-adviser"];

/** Someone listed nationally with a national role: reads everything, manages nothing. */
export const isNational = (who: Principal | undefined) =>
  who?.kind === "person" && who.regionId === NATIONAL && who.roles.some((r) => NATIONAL_ROLES.includes(r));

export function can(
  who: Principal | undefined,
  action: Action,
  scope: { regionId: string; authority?: string } = { regionId: NATIONAL },
): boolean {
  if (!who) return false;
  if (who.kind === "api") return true;
  if (isNational(who)) return action !== "manage-region";
  if (action === "read-national" || who.regionId !== scope.regionId) return false;
  const lead = who.roles.includes("regional-lead");
  const adviser = who.roles.includes("dfe-adviser") || who.roles.includes("lga-adviser");
  if (action === "manage-region") return lead;
  if (action === "read-region") return lead || adviser;
  return lead || adviser || (scope.authority !== undefined && who.authority === scope.authority);
}

const REFUSALS: Record<Action, string> = {
  "manage-region": "Only the region's regional lead can do this. Advisers can see the cycle but not change it.",
  "read-region": "You can only see your own local authority's work.",
  "read-authority": "You can only see your own local authority's work.",
  "read-national": "Only DfE and LGA advisers and the national coordinator can see the national view.",
};

export function require(
  who: Principal | undefined,
  action: Action,
  scope: { regionId: string; authority?: string } = { regionId: NATIONAL },
) {
  if (!who) throw new UnauthorizedError("Sign in to continue.");
  if (!can(who, action, scope)) throw new ForbiddenError(REFUSALS[action]);
}

/** The person behind a session cookie: the session must be live in the store and they must still be listed. */
export async function fromSession(
  deps: Pick<Deps, "store" | "config" | "clock">,
  session: string | undefined,
): Promise<Principal | undefined> {
  const live = await Sessions.find(deps, session);
  if (!live) return undefined;
  const person = await deps.store.get<People.Person>(Keys.person(live.personId));
  if (!person || person.regionId !== live.regionId) return undefined;
  return {
    kind: "person",
    personId: person.id,
    name: person.name,
    email: person.email,
    regionId: person.regionId,
    authority: person.authority,
    roles: person.roles,
  };
}
