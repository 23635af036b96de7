/**
 * Signing in as people do: the sign-in page's own form (scope chosen, address typed), then the emailed
 * link's page and its button. One helper for every page test that needs a signed-in lead or adviser.
 */
import { expect } from "vitest";
import type { OutboundEmail } from "@riia/core";
import type { App } from "@riia/functions/app";
import { formsOf, formWithButton, type PageForm } from "../form-page";

/** Posts as the browser does, with the visitor cookie the sign-in page gave it (its forms' CSRF tokens are bound to it). */
const post = (app: App, f: PageForm, changes: Record<string, string> = {}, cookie = "") =>
  app.request(f.action, {
    method: "POST",
    body: new URLSearchParams({ ...f.fields, ...changes }),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie },
  });

/** Sign in from the pages; `sent` is the recording mailer's list. Returns the session cookie (`name=value`). */
export async function signInByPage(
  app: App,
  sent: OutboundEmail[],
  input: { email: string; scope?: string },
): Promise<string> {
  const page = await app.request("/sign-in");
  const visitor = /riia_visitor=[^;]+/.exec(page.headers.get("set-cookie") ?? "")?.[0] ?? "";
  const form = formWithButton(await page.text(), "Send me a sign-in link");
  const before = sent.length;
  const asked = await post(app, form, { region: input.scope ?? "east-midlands", email: input.email }, visitor);
  expect(asked.status).toBe(200);
  const mail = sent.slice(before).find((m) => m.to[0] === input.email && m.subject === "Your sign-in link");
  expect(mail, input.email).toBeDefined();
  const path = /http:\/\/riia\.test(\/s\/[\w.-]+)/.exec(mail!.text)![1]!;
  const done = await post(
    app,
    formsOf(await (await app.request(path, { headers: { cookie: visitor } })).text()).find((f) => f.method === "post")!,
    {},
    visitor,
  );
  expect(done.status).toBe(303);
  return done.headers.get("set-cookie")!.split(";")[0]!;
}
