/**
 * The README's "Try it" walk-through names the pages' buttons and links word for word: each numbered step's bold
 * names (after the step's own title) are read from README.md, the step is followed through the pages (what each
 * rendered form posts), and every name must be a button, link or label on a page that step meets.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { fixedClock, Submission, type OutboundEmail } from "@riia/core";
import { createApp, type App } from "@riia/functions/app";
import { seed } from "../../local/seed";
import { linkFor } from "../../local/form-link";
import { formFor, formWithButton } from "../form-page";
import { recordingMailer, testDeps } from "./helpers";

const clock = fixedClock("2026-12-01T10:00:00Z");
const CYCLE = "east-midlands-2026";
let app: App;
let sent: OutboundEmail[];
let deps: ReturnType<typeof recordingMailer>["deps"];

/** The README's numbered steps under "Try it": each step's bold names, less its title. */
function readmeSteps(): Map<number, string[]> {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const tryIt = readme.slice(readme.indexOf("### Try it"), readme.indexOf("**Simulated time"));
  const steps = new Map<number, string[]>();
  for (const [, n, body] of tryIt.matchAll(/^(\d)\. ([\s\S]*?)(?=^\d\. |$(?![\s\S]))/gm)) {
    const names = [...body!.matchAll(/\*\*([^*]+)\*\*/g)].map((m) => m[1]!.replace(/\s+/g, " "));
    steps.set(Number(n), names.slice(1));
  }
  return steps;
}

/** What a person can press or tick on a page: buttons, links and labels, as text. */
const controls = (html: string) =>
  new Set(
    [...html.matchAll(/<(button|a|label)\b[^>]*>([\s\S]*?)<\/\1>/g)].map((m) =>
      m[2]!
        .replace(/<span class="govuk-visually-hidden">[\s\S]*?<\/span>/g, "")
        .replace(/<[^>]+>/g, "")
        .replace(/&#39;/g, "'")
        .replace(/\s+/g, " ")
        .trim(),
    ),
  );

const get = async (path: string, cookie = "") => {
  const res = await app.request(path, { headers: cookie ? { cookie } : {} });
  expect(res.status, path).toBe(200);
  return res.text();
};
const post = (action: string, body: URLSearchParams, cookie = "") =>
  app.request(action, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: "http://localhost",
      ...(cookie ? { cookie } : {}),
    },
  });
const press = async (html: string, button: string, set: Record<string, string> = {}, cookie = "") => {
  const form = formWithButton(html, button);
  const body = new URLSearchParams({ ...form.fields, ...set });
  return post(form.action, body, cookie);
};
const linkTo = (path: string, to: string) =>
  new RegExp(`http://riia\\.test(/${path}/[\\w.-]+)`).exec(sent.filter((m) => m.to[0] === to).at(-1)?.text ?? "")?.[1];

beforeAll(async () => {
  const base = await testDeps({ clock });
  await seed(base, { calendar: "today" });
  const world = recordingMailer(base);
  deps = world.deps;
  sent = world.sent;
  app = createApp(world.deps);
});

describe("the README's walk-through", () => {
  it("names only buttons and links the pages have", async () => {
    const steps = readmeSteps();
    expect([...steps.keys()]).toEqual([1, 2, 3, 4]);
    const met = new Map<number, string[]>();

    // 1. Sign in as the lead: the sign-in page, then the emailed link's page.
    // The sign-in forms' tokens are bound to the visitor cookie the sign-in page gives, as in a browser.
    const signInRes = await app.request("/sign-in");
    const visitor = /riia_visitor=[^;]+/.exec(signInRes.headers.get("set-cookie") ?? "")![0];
    const signInPage = await signInRes.text();
    const fields = { region: "east-midlands", email: "lead@em-riia.example.org" };
    await press(signInPage, "Send me a sign-in link", fields, visitor);
    const linkPage = await get(linkTo("s", "lead@em-riia.example.org")!, visitor);
    const signedIn = await press(linkPage, "Sign in", {}, visitor);
    const cookie = signedIn.headers.get("set-cookie")!.split(";")[0]!;
    expect(signedIn.status).toBe(303);
    met.set(1, [signInPage, linkPage, await get(`/lead/cycles/${CYCLE}`, cookie)]);

    // 2. The officer's form: a section, the check page; then the DCS's sign-off page.
    const officer = await linkFor(deps, { email: "performance@derby.example.org", form: "self-evaluation" });
    const tasks = await get(`/f/${officer.token}`);
    // Each section carried forward from last year is checked and saved, as the README says.
    const sections = [...new Set([...tasks.matchAll(/href="(\/f\/[^"]+\/s\/[\w-]+)"/g)].map((m) => m[1]!))];
    const sectionPage = await get(sections[0]!);
    for (const section of sections) {
      const form = formFor(await get(section), section, { action: "continue" });
      expect((await post(form.action, form.body)).status, section).toBe(303);
    }
    const check = await get(`/f/${officer.token}/check`);
    const id = Submission.submissionId(CYCLE, "self-evaluation", "E06000015");
    let sub = await Submission.get(deps, id);
    sub = await Submission.submit(deps, {
      id,
      expectedVersion: sub.version,
      actor: { kind: "system", id: "t" },
      awaitSignOff: true,
    });
    await Submission.requestSignOff(deps, { submission: sub, submittedBy: officer.person.name });
    const signOff = await get(linkTo("sign-off", "dcs@derby.example.org")!);
    met.set(2, [tasks, sectionPage, check, signOff]);
    met.set(3, []);

    // 4. The peer scrutiny step's page, the confirmation of opening it, and the assignments page.
    const base = `/lead/cycles/${CYCLE}`;
    const stepPage = await get(`${base}/steps/peer-scrutiny`, cookie);
    const asked = await press(stepPage, "Open now", { reason: "Trying the walk-through" }, cookie);
    expect(asked.status).toBe(200);
    const confirm = await asked.text();
    const opened = await press(confirm, "Open the step", {}, cookie);
    expect(opened.status).toBe(303);
    const assignments = await get(`${base}/assignments/peer-scrutiny`, cookie);
    met.set(4, [stepPage, confirm, assignments]);

    const missing: string[] = [];
    for (const [n, names] of steps) {
      const onPages = new Set(met.get(n)!.flatMap((html) => [...controls(html)]));
      for (const name of names) if (!onPages.has(name)) missing.push(`step ${n}: **${name}**`);
    }
    expect(missing).toEqual([]);
    // The step is followed, not only read: the README names something in each step that does something.
    expect(steps.get(2)!.length).toBeGreaterThan(3);
  });
});
