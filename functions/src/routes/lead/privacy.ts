/**
 * The lead's data-protection pages: emails held in quarantine, and the region's people — each one's
 * subject-access export, their sessions ended, and erasure behind a confirmation page. The domain
 * (`Retention`) does and audits the work; these routes parse, check and render.
 */
import type { Hono } from "hono";
import { Retention, ValidationError } from "@riia/core";
import { page, type AppEnv } from "../../context";
import {
  EraseInput,
  exportFileName,
  managedPerson,
  PEOPLE_PATH,
  peopleModel,
  personModel,
  personPath,
  QUARANTINE_PATH,
  quarantineModel,
  type PeopleQuery,
} from "../../view-models/privacy";
import { checkCsrf, doneRedirect, form, person, signedIn, type C } from "./http";
import { errorFor, pageErrors, type PageError } from "./page-errors";

const PERSON = `${PEOPLE_PATH}/:personId`;

const queryOf = (c: C): PeopleQuery => ({
  // Present but empty: "List people" was pressed with no choice made (the page must say so, not show nothing).
  authority: c.req.query("authority"),
  email: c.req.query("email"),
});

async function renderPeople(c: C) {
  const q = queryOf(c);
  try {
    const model = await peopleModel(c.get("deps"), person(c), q);
    return page(c, "lead-people.njk", { ...model, done: c.req.query("done") });
  } catch (err) {
    const errors = pageErrors(err, { email: "email", authority: "authority" });
    // The page without the search, so the lead can correct it.
    const model = await peopleModel(c.get("deps"), person(c), {});
    const fieldErrors = { emailError: errorFor(errors, "email"), authorityError: errorFor(errors, "authority") };
    return page(c, "lead-people.njk", { ...model, email: q.email, errors, ...fieldErrors }, 400);
  }
}

async function renderErase(c: C, opts: { errors?: PageError[]; reason?: string } = {}) {
  const who = person(c);
  const model = await personModel(c.get("deps"), who, c.req.param("personId")!, c.get("session")!);
  const errors = opts.errors;
  return page(
    c,
    "lead-person-erase.njk",
    { ...model, errors, reason: opts.reason, reasonError: errors && errorFor(errors, "reason") },
    errors ? 400 : 200,
  );
}

function registerPages(app: Hono<AppEnv>) {
  app.get(QUARANTINE_PATH, async (c) => {
    if (!signedIn(c)) return c.redirect("/sign-in", 303);
    return page(c, "lead-quarantine.njk", await quarantineModel(c.get("deps"), person(c)));
  });
  app.get(PEOPLE_PATH, async (c) => {
    if (!signedIn(c)) return c.redirect("/sign-in", 303);
    return renderPeople(c);
  });
  app.get(PERSON, async (c) => {
    if (!signedIn(c)) return c.redirect("/sign-in", 303);
    const model = await personModel(c.get("deps"), person(c), c.req.param("personId"), c.get("session")!);
    return page(c, "lead-person.njk", { ...model, done: c.req.query("done") });
  });
  app.get(`${PERSON}/erase`, async (c) => {
    if (!signedIn(c)) return c.redirect("/sign-in", 303);
    return renderErase(c);
  });
}

/** Subject access: everything held about the person, as a JSON file to download. */
function registerExport(app: Hono<AppEnv>) {
  app.get(`${PERSON}/export`, async (c) => {
    if (!signedIn(c)) return c.redirect("/sign-in", 303);
    const deps = c.get("deps");
    const { person: subject, actor } = await managedPerson(deps, person(c), c.req.param("personId"));
    const data = await Retention.exportPerson(deps, subject, actor);
    return c.body(JSON.stringify(data, null, 2), 200, {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFileName(subject.id, deps.clock.now())}"`,
    });
  });
}

function registerChanges(app: Hono<AppEnv>) {
  app.post(`${PERSON}/sessions`, async (c) => {
    const body = await form(c);
    checkCsrf(c, body);
    const deps = c.get("deps");
    const { person: subject, actor } = await managedPerson(deps, person(c), c.req.param("personId"));
    const ended = await Retention.revokeSessions(deps, subject, actor);
    return doneRedirect(c, personPath(subject.id), `Ended ${ended} session${ended === 1 ? "" : "s"}.`);
  });
  app.post(`${PERSON}/erase`, async (c) => {
    const body = await form(c);
    checkCsrf(c, body);
    const deps = c.get("deps");
    const who = person(c);
    const { person: subject, actor } = await managedPerson(deps, who, c.req.param("personId"));
    try {
      if (subject.id === who.personId)
        throw new ValidationError("You cannot erase yourself. Ask another regional lead.", [
          { path: "reason", message: "You cannot erase yourself. Ask another regional lead." },
        ]);
      const parsed = EraseInput.safeParse(body);
      if (!parsed.success)
        throw new ValidationError(
          parsed.error.issues[0]!.message,
          parsed.error.issues.map((i) => ({ path: String(i.path[0] ?? "reason"), message: i.message })),
        );
      await Retention.erasePerson(deps, subject, { reason: parsed.data.reason, actor });
    } catch (err) {
      return renderErase(c, { errors: pageErrors(err, { reason: "reason" }), reason: body.reason });
    }
    return doneRedirect(c, PEOPLE_PATH, "The person's contact details were erased and their name anonymised.");
  });
}

export function registerPrivacy(app: Hono<AppEnv>) {
  registerPages(app);
  registerExport(app);
  registerChanges(app);
}
