/**
 * The regional lead edits the questions inside the development plan's repeating group (the
 * priorities) in the template editor, the way the page posts them: rewords, adds, reorders and
 * removes them and changes the group's own settings; a mistake inside the group is refused with the
 * GOV.UK error summary and nothing is published. After publishing, an LA that starts its plan from
 * the emailed link gets the new questions; an LA that had already started keeps the old ones.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { fixedClock, Mail, Submission, Templates, Workflow, type OutboundEmail } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import { FormService } from "@riia/forms";
import { formWithButton, type FormFiller } from "../form-page";
import type { App } from "@riia/functions/app";
import { seededApp } from "./page-world";
import { signInByPage } from "./sign-in";

let deps: AwsDeps;
let app: App;
let sent: OutboundEmail[];
let cookie: string;
const EDITOR = "/lead/templates/development-plan";
const CYCLE = "east-midlands-2026";
const GROUP = "priorities/priorities";
const NEW_LABEL = "What is the priority called?";

beforeAll(async () => {
  ({ deps, sent, app } = await seededApp(fixedClock("2026-12-02T10:00:00Z")));
  cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
  await Workflow.openStep(deps, { cycleId: CYCLE, step: "development-plan", actor: { kind: "system", id: "test" } });
  await Mail.dispatchDue(deps, { limiter: { acquire: async () => undefined } });
});

/** The form link in the development plan invitation emailed to this address. */
function emailedLink(address: string) {
  const mail = sent.find((m) => m.to[0] === address && m.subject.startsWith("Development plan: please complete"));
  expect(mail, address).toBeDefined();
  return /http:\/\/riia\.test(\/f\/[\w-]+\.[\w-]+)/.exec(mail!.text)![1]!;
}

async function html(path: string, withCookie = true) {
  return (await app.request(path, { headers: withCookie ? { cookie } : {} })).text();
}
async function send(form: FormFiller, button?: string, withCookie = true) {
  const res = await app.request(form.form.action, {
    method: "POST",
    body: form.body(button),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: "http://localhost",
      ...(withCookie ? { cookie } : {}),
    },
  });
  return { res, html: await res.text() };
}
/** Press a button of the editor page as it is now, after filling its form. */
async function press(button: string, fill: (f: FormFiller) => FormFiller = (f) => f) {
  // The editor shows one section a page: the one the button's change is for.
  const section = button.split(":")[1]?.split("/")[0];
  return send(fill(formWithButton(await html(section ? `${EDITOR}?section=${section}` : EDITOR), button)), button);
}

/** An LA officer fills the first priority on the page its link opens, and saves. */
async function savePriority(link: string, extra: Record<string, string> = {}) {
  const page = await html(`${link}/s/priorities`, false);
  const form = formWithButton(page, "continue").set({
    "q.priorities.0.title": "Stabilise the workforce",
    "q.priorities.0.theme": "workforce",
    "q.priorities.0.actions": "Recruit and retain social workers.",
    "q.priorities.0.owner": "Head of service",
    "q.priorities.0.timescale-day": "31",
    "q.priorities.0.timescale-month": "3",
    "q.priorities.0.timescale-year": "2027",
    "q.priorities.0.support-wanted": "no",
    ...extra,
  });
  const saved = await send(form, "continue", false);
  expect(saved.res.status, saved.html.slice(0, 2000)).toBe(303);
  return page;
}

describe("the template editor, inside a repeating group", () => {
  it("rewords, adds, reorders and removes a group's questions; new plans get them, started ones keep theirs", async () => {
    // Derby starts its plan from the invitation before anything changes.
    const derby = emailedLink("performance@derby.example.org");
    const derbyBefore = await savePriority(derby, { "q.priorities.0.measures": "Vacancy rate below 10%." });
    expect(derbyBefore).toContain("Success measures");
    const derbyId = `${CYCLE}.development-plan.E06000015`;
    expect((await Submission.get(deps, derbyId)).templateVersion).toBe(1);

    const editor = await html(EDITOR);
    expect(editor).toContain("Questions asked for each priority");
    expect(editor).toContain("Add a question to each priority");

    // Reword the group's first question and give it a hint.
    const reworded = await press(`edit-question:${GROUP}:title`, (f) =>
      f
        .fill("label", NEW_LABEL)
        .fill("hint", "A few words the board will recognise.")
        .fill("errorName", "the name of the priority"),
    );
    expect(reworded.res.status).toBe(303);
    // Add a number question to each priority, then move it up above "Would support … help?".
    expect(
      (await press(`add-question:${GROUP}`, (f) => f.fill("type", "number").fill("label", "Budget"))).res.status,
    ).toBe(303);
    expect((await press(`move-question:${GROUP}:budget:-1`)).res.status).toBe(303);
    expect((await press(`move-question:${GROUP}:budget:-1`)).res.status).toBe(303);
    // Show it only when support is wanted: a mistake while it sits above "support-wanted". Remove
    // "Success measures"; at most 6 priorities.
    await press(`edit-question:${GROUP}:budget`, (f) => f.fill("showIf", "support-wanted").fill("showIfValues", "yes"));
    expect((await press(`remove-question:${GROUP}:measures`)).res.status).toBe(303);
    expect(
      (await press(`edit-question:priorities:priorities`, (f) => f.fill("itemName", "priority").fill("maxItems", "6")))
        .res.status,
    ).toBe(303);

    let page = await html(EDITOR);
    expect(page).toContain(`Reworded “Priority” to “${NEW_LABEL}”`);
    expect(page).toContain("Changed the hint of “What is the priority called?”");
    expect(page).toContain("Changed the error messages of “What is the priority called?”");
    expect(page).toContain("Added the question “Budget” to the repeating group “Priorities”");
    expect(page).toContain("Removed the question “Success measures” from the repeating group “Priorities”");
    expect(page).toContain("“Priorities” now takes at least 1 and at most 6");
    expect(page).toContain(
      "Section “Priorities”, question “Priorities”, “Budget” (showIf question): &quot;support-wanted&quot; must be an earlier question in the same group",
    );
    // Refused while the condition points at a later question.
    const early = await send(formWithButton(page, "Publish as version 2"));
    expect(early.res.status).toBe(400);
    expect(await Templates.latest(deps, "east-midlands", "development-plan")).toBeUndefined();
    // Move it back below "support-wanted".
    await press(`move-question:${GROUP}:budget:1`);
    page = await html(EDITOR);
    expect(page).not.toContain("must be an earlier question");

    // The budget is in pounds and not negative; a range that is not a number is refused at once.
    const notNumber = await press(`edit-question:${GROUP}:budget`, (f) => f.fill("min", "nothing"));
    expect(notNumber.res.status).toBe(400);
    expect(notNumber.html).toContain('href="#min-priorities--budget"');
    expect(await press(`edit-question:${GROUP}:budget`, (f) => f.fill("min", "0").fill("unit", "£"))).toMatchObject({
      res: { status: 303 },
    });

    // A section can take a new repeating group; a group's own list cannot (groups do not nest).
    const groupTypes = formWithButton(await html(EDITOR), `add-question:${GROUP}`);
    expect(() => groupTypes.fill("type", "group")).toThrow(/no option/);
    await press("add-question:governance", (f) => f.fill("type", "group").fill("label", "Risk register"));
    await press("edit-question:governance/risk-register:detail", (f) =>
      f.fill("label", "Risk").check("required", "yes"),
    );
    await press("edit-question:governance:risk-register", (f) => f.fill("itemName", "risk").fill("minItems", "1"));

    // Reorder the kept questions: "Owner" above "Actions".
    await press(`move-question:${GROUP}:owner:-1`);
    page = await html(EDITOR);
    expect(page).toContain("Changed the order of the questions in the repeating group “Priorities”");
    // A group added whole is one change.
    expect(page).toContain("Added the question “Risk register” to “Governance”");
    expect(page).not.toContain("to the repeating group “Risk register”");

    // The preview is the LA's own page drawn from the draft.
    const preview = await html(`${EDITOR}/preview/priorities`);
    expect(preview).toContain(NEW_LABEL);
    expect(preview).toContain("A few words the board will recognise.");
    expect(preview).not.toContain("Success measures");
    expect(preview.indexOf('id="q-priorities-0-owner"')).toBeLessThan(preview.indexOf('id="q-priorities-0-actions"'));

    // Publish version 2.
    const published = await send(formWithButton(page, "Publish as version 2"));
    expect(published.res.status).toBe(303);
    expect(await html(published.res.headers.get("location")!)).toContain("Version 2 published");
    const v2 = await FormService.templateFor(deps, "east-midlands", "development-plan", 2);
    const group = v2.sections[0]!.questions[0]!;
    expect(group.type === "group" && group.questions.map((q) => q.id)).toEqual([
      "title",
      "theme",
      "owner",
      "actions",
      "timescale",
      "support-wanted",
      "budget",
      "support-detail",
    ]);
    expect(group.type === "group" && group.maxItems).toBe(6);
    expect(group.type === "group" && group.questions[0]).toMatchObject({
      label: NEW_LABEL,
      errorName: "the name of the priority",
    });
    expect(group.type === "group" && group.questions.find((q) => q.id === "budget")).toMatchObject({
      type: "number",
      min: 0,
      unit: "£",
      showIf: { question: "support-wanted", in: ["yes"] },
    });

    // Leicester starts its plan from its invitation after publishing: version 2, with the new questions.
    const leicester = emailedLink("performance@leicester.example.org");
    const fresh = await savePriority(leicester, {
      "q.priorities.0.support-wanted": "yes",
      "q.priorities.0.budget": "25000",
      "q.priorities.0.support-detail": "A peer on recruitment.",
    });
    expect(fresh).toContain(NEW_LABEL);
    expect(fresh).not.toContain("Success measures");
    expect(fresh).toContain("£");
    const governance = await html(`${leicester}/s/governance`, false);
    expect(governance).toContain("Risk register");
    expect(governance).toContain('name="q.risk-register.0.detail"');
    expect(governance).toContain("Add another risk");
    const leicesterSub = await Submission.get(deps, `${CYCLE}.development-plan.E06000016`);
    expect(leicesterSub.templateVersion).toBe(2);
    expect((leicesterSub.answers.priorities as Record<string, unknown>[])[0]).toMatchObject({
      title: "Stabilise the workforce",
      budget: 25000,
    });

    // Derby keeps version 1: the old wording, and its success measures.
    const derbyAfter = await html(`${derby}/s/priorities`, false);
    expect(derbyAfter).not.toContain(NEW_LABEL);
    expect(derbyAfter).toContain("Success measures");
    expect(derbyAfter).toContain("Vacancy rate below 10%.");
    expect(await html(`${derby}/s/governance`, false)).not.toContain("Risk register");
    expect((await Submission.get(deps, derbyId)).templateVersion).toBe(1);
  });

  it("refuses a mistake inside the group with the error summary, and publishes nothing", async () => {
    const before = await Templates.latest(deps, "east-midlands", "development-plan");
    // A count that is not a number is refused at once, and the draft is not touched.
    const draftBefore = await Templates.getDraft(deps, "east-midlands", "development-plan");
    const bad = await press(`edit-question:priorities:priorities`, (f) => f.fill("minItems", "lots"));
    expect(bad.res.status).toBe(400);
    expect(bad.html).toContain("govuk-error-summary");
    expect(bad.html).toContain('href="#minItems-priorities"');
    expect(bad.html).toContain("Enter the fewest items as a whole number from 0 to 50");
    expect(await Templates.getDraft(deps, "east-midlands", "development-plan")).toEqual(draftBefore);

    // An empty question inside the group is saved in the draft, listed, and refuses publishing.
    expect((await press(`edit-question:${GROUP}:owner`, (f) => f.fill("label", " "))).res.status).toBe(303);
    const page = await html(EDITOR);
    const mistake = "Section “Priorities”, question “Priorities”, “(no wording)” (wording): must not be empty";
    expect(page).toContain(mistake);
    const next = (before?.version ?? 1) + 1;
    const refused = await send(formWithButton(page, `Publish as version ${next}`));
    expect(refused.res.status).toBe(400);
    expect(refused.html).toContain("govuk-error-summary");
    expect(refused.html).toContain("There is a problem");
    expect(refused.html).toContain(mistake);
    expect((await Templates.latest(deps, "east-midlands", "development-plan"))?.version).toBe(before?.version);
    expect((await press("discard")).res.status).toBe(303);
    expect(await Templates.getDraft(deps, "east-midlands", "development-plan")).toBeUndefined();
  });
});
