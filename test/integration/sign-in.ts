/**
 * Signing in as people do: the sign-in page's own form (scope chosen, address typed), then the emailed
 * link's page and its button. One helper for every page test that needs a signed-in lead or adviser.
 */
import { expect } from "vitest";
import type { OutboundEmail } from "@riia/core";
import type { App } from "@riia/functions/app";
import { formsOf, formWithButton, type PageForm } from "../form-page";

const post = (app: App, f: PageForm, changes: Record<string, string> = {}) =>
  app.request(f.action, {
    method: "POST",
    body: new URLSearchParams({ ...f.fields, ...changes }),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
  });

/** Sign in from the pages; `sent` is the recording mailer's list. Returns the session cookie (`name=value`). */
export async function signInByPage(
  app: App,
  sent: OutboundEmail[],
  input: { email: string; scope?: string },
): Promise<string> {
  const page = await app.request("/sign-in");
  const form = formWithButton(await page.text(), "Send me a sign-in link");
  const before = sent.length;
  const asked = await post(app, form, { region: input.scope ?? "east-midlands", email: input.email });
  expect(asked.status).toBe(200);
  const mail = sent.slice(before).find((m) => m.to[0] === input.email && m.subject === "Your sign-in link");
  expect(mail, input.email).toBeDefined();
  const path = /http:\/\/riia\.test(\/s\/[\w.-]+)/.exec(mail!.text)![1]!;
  const done = await post(
    app,
    formsOf(await (await app.request(path)).text()).find((f) => f.method === "post")!,
  );
  expect(done.status).toBe(303);
  return done.headers.get("set-cookie")!.split(";")[0]!;
}
