/**
 * The regional lead changes a form in the template editor (plain pages, no JSON), previews it as
 * an LA sees it, is refused with the list of mistakes, publishes it; a new draft shows the change
 * while a form already started keeps its version; the JSON API returns the current definition.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Submission, Templates, type OutboundEmail } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import { FormService } from "@riia/forms";
import { linkFor } from "../../local/form-link";
import { formWithButton, type FormFiller } from "../form-page";
import type { App } from "@riia/functions/app";
import { seededApp } from "./page-world";
import { fixedClock } from "@riia/core";
import { signInByPage } from "./sign-in";

let deps: AwsDeps;
let app: App;
let sent: OutboundEmail[];
let cookie: string;
const EDITOR = "/lead/templates/development-plan";

beforeAll(async () => {
  ({ deps, sent, app } = await seededApp(fixedClock("2026-12-02T10:00:00Z")));
  cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
});

async function html(path: string, withCookie = true) {
  return (await app.request(path, { headers: withCookie && cookie ? { cookie } : {} })).text();
}
async function send(form: FormFiller, button?: string) {
  const res = await app.request(form.form.action, {
    method: "POST",
    body: form.body(button),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie: cookie ?? "" },
  });
  return { res, html: await res.text() };
}
const OLD = "How will leaders and elected members oversee delivery of this plan?";
const NEW = "How will your leaders and councillors oversee this plan?";

describe("the template editor", () => {
  it("edits, previews, refuses mistakes, publishes; new forms get the change, started ones keep theirs", async () => {
    // Derby starts its development plan before anything changes.
    const derby = await linkFor(deps, { email: "performance@derby.example.org", form: "development-plan" });
    expect(await html(`/f/${derby.token}/s/governance`, false)).toContain(OLD);

    expect(await html("/lead/templates")).toContain("Development plan");
    let page = await html(`${EDITOR}?section=governance`);
    expect(page).toContain("No changes yet.");

    // Reword a question and make it optional; add a question; move it up.
    const edit = formWithButton(page, "edit-question:governance:oversight")
      .fill("label", NEW)
      .uncheck("required", "yes");
    expect((await send(edit, "edit-question:governance:oversight")).res.status).toBe(303);
    page = await html(`${EDITOR}?section=governance`);
    const add = formWithButton(page, "add-question:governance")
      .fill("type", "number")
      .fill("label", "Budget for the plan");
    expect((await send(add, "add-question:governance")).res.status).toBe(303);
    page = await html(`${EDITOR}?section=governance`);
    // Twice up: above "Risks to delivery", then above the reworded question.
    for (let i = 0; i < 2; i++) {
      page = await html(`${EDITOR}?section=governance`);
      const up = "move-question:governance:budget-for-the-plan:-1";
      expect((await send(formWithButton(page, up), up)).res.status).toBe(303);
    }
    // The region decides whether the DCS must approve: here, not for the development plan.
    page = await html(`${EDITOR}?section=governance`);
    await send(formWithButton(page, "edit-form").uncheck("requiresDcs", "yes"), "edit-form");
    page = await html(`${EDITOR}?section=governance`);
    expect(page).toContain("Submissions no longer wait for the director of children&#39;s services to approve them");
    expect(page).toContain(`Reworded “${OLD}” to “${NEW}”`);
    expect(page).toContain(`Made “${NEW}” optional`);
    expect(page).toContain("Added the question “Budget for the plan” to “Governance”");

    // The preview is the LA's own section page, drawn from the draft.
    const preview = await html(`${EDITOR}/preview/governance`);
    expect(preview).toContain(NEW);
    expect(preview.indexOf("Budget for the plan")).toBeLessThan(preview.indexOf(NEW));
    expect(preview).toContain("Save and continue");

    // Only a choice question can decide whether another is shown: the number is not offered.
    const risks = formWithButton(page, "edit-question:governance:risks");
    expect(() => risks.fill("showIf", "budget-for-the-plan")).toThrow(/no option/);
    // A mistake: a question with no wording.
    await send(risks.fill("label", " "), "edit-question:governance:risks");
    page = await html(`${EDITOR}?section=governance`);
    const refused = await send(formWithButton(page, "Publish as version 2"));
    expect(refused.res.status).toBe(400);
    expect(refused.html).toContain("There is a problem");
    expect(refused.html).toContain("Section “Governance”, question “(no wording)” (wording): must not be empty");
    expect(await Templates.latest(deps, "east-midlands", "development-plan")).toBeUndefined();
    await send(
      formWithButton(page, "edit-question:governance:risks").fill("label", "Risks to delivery"),
      "edit-question:governance:risks",
    );

    page = await html(`${EDITOR}?section=governance`);
    const published = await send(formWithButton(page, "Publish as version 2"));
    expect(published.res.status).toBe(303);
    expect(await html(published.res.headers.get("location")!)).toContain("Version 2 published");
    expect((await Templates.latest(deps, "east-midlands", "development-plan"))?.version).toBe(2);

    // A new form starts on version 2; Derby's keeps version 1.
    const leicester = await linkFor(deps, { email: "performance@leicester.example.org", form: "development-plan" });
    const fresh = await html(`/f/${leicester.token}/s/governance`, false);
    expect(fresh).toContain(NEW);
    expect(fresh).toContain("Budget for the plan");
    expect(await html(`/f/${derby.token}/s/governance`, false)).toContain(OLD);
    expect((await Submission.get(deps, "east-midlands-2026.development-plan.E06000016")).templateVersion).toBe(2);
    expect((await Submission.get(deps, "east-midlands-2026.development-plan.E06000015")).templateVersion).toBe(1);
    expect((await FormService.templateFor(deps, "east-midlands", "development-plan", 2)).declaration.requiresDcs).toBe(
      false,
    );

    // The JSON API gives the current definition (to signed-in people of the region).
    const api = await app.request("/api/regions/east-midlands/templates/development-plan", { headers: { cookie } });
    expect(api.status).toBe(200);
    const body = (await api.json()) as {
      version: number;
      definition: { sections: { questions: { label: string }[] }[] };
    };
    expect(body.version).toBe(2);
    expect(body.definition.sections.flatMap((s) => s.questions.map((q) => q.label))).toContain(NEW);
    expect((await app.request("/api/regions/east-midlands/templates/development-plan")).status).toBe(401);
  });

  it("is only for the region's lead", async () => {
    expect((await app.request("/lead/templates")).status).toBe(401);
  });
});
