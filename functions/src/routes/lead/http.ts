/** What the lead's page routes share: reading a posted form, the signed-in person, CSRF and the manage check. */
import { Access, UnauthorizedError, ValidationError, Cycle } from "@riia/core";
import { checkSessionCsrf } from "../../middleware/csrf";
import type { Context } from "hono";
import type { AppEnv } from "../../context";

export type C = Context<AppEnv>;

export async function form(c: C): Promise<Record<string, string>> {
  const type = c.req.header("content-type") ?? "";
  if (!type.includes("application/x-www-form-urlencoded") && !type.includes("multipart/form-data"))
    throw new ValidationError("Send the form as a web form.");
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === "string")) as Record<string, string>;
}

/** A signed-in person (pages) — otherwise off to sign in. */
export function person(c: C) {
  const who = c.get("principal");
  if (who?.kind !== "person") throw new UnauthorizedError("Sign in to continue.");
  return who;
}

export const checkCsrf = (c: C, body: Record<string, string>) => checkSessionCsrf(c, body.csrf);

/** The cycle, when the caller may manage its region; and the audit actor. */
export async function managed(c: C, cycleId: string) {
  const cycle = await Cycle.get(c.get("deps"), cycleId);
  const who = c.get("principal");
  Access.require(who, "manage-region", { regionId: cycle.regionId });
  return { cycle, actor: Access.actorOf(who!) };
}

/** Back to a page with a success message. */
export const doneRedirect = (c: C, path: string, done: string) =>
  c.redirect(`${path}${path.includes("?") ? "&" : "?"}done=${encodeURIComponent(done)}`, 303);

/** Pages redirect anyone not signed in to the sign-in page. */
export const signedIn = (c: C) => c.get("principal")?.kind === "person";
