/** A form link's session, opened for a page: the page then names the form's region in its header and footer. */
import { FormService } from "@riia/forms";
import type { Context } from "hono";
import type { AppEnv } from "../context";

export async function openForm(c: Context<AppEnv>, token: string): Promise<FormService.FormSession> {
  const session = await FormService.openSession(c.get("deps"), token);
  c.set("regionName", session.region.name);
  return session;
}
