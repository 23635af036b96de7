/**
 * The regional lead's template editor: plain forms, no JSON. Each change is a post that updates the
 * lead's draft; the draft can be previewed exactly as an LA will see it, compared with the published
 * version, and published as a new version (refused, with the list of mistakes, while it is wrong).
 */
import { Access, NotFoundError, Region, Submission, Templates, UnauthorizedError, type Deps } from "@riia/core";
import {
  applyEdit,
  checkTemplate,
  describeProblem,
  EDITABLE_TYPES,
  FormService,
  SECTION_TYPES,
  sectionFields,
  templateChanges,
  TYPE_NAMES,
  type Template,
} from "@riia/forms";
import { Hono, type Context } from "hono";
import { identify } from "../middleware/auth";
import { checkSessionCsrf, csrfToken } from "../middleware/csrf";
import { page, type AppEnv } from "../context";
import { editOf, type EditError } from "./template-edits";

type C = Context<AppEnv>;

function lead(c: C, regionId?: string) {
  const who = c.get("principal");
  if (who?.kind !== "person") throw new UnauthorizedError("Sign in to continue.");
  Access.require(who, "manage-region", { regionId: regionId ?? who.regionId });
  return who;
}

const formOf = (c: C) => {
  const f = Submission.FormKind.safeParse(c.req.param("form"));
  if (!f.success) throw new NotFoundError("There is no such form.");
  return f.data;
};

/** The published template and the lead's draft of it (a copy of the published one until edited). */
async function load(deps: Deps, regionId: string, form: Submission.FormKind) {
  const published = await FormService.currentTemplate(deps, regionId, form);
  const stored = await Templates.getDraft(deps, regionId, form);
  const draft = stored ? (stored.definition as unknown as Template) : published.template;
  return { published, draft, edited: Boolean(stored) };
}

async function readBody(c: C): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  checkSessionCsrf(c, body.csrf);
  return Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === "string")) as Record<string, string>;
}

/** The section an editor page shows: the one asked for (by id), else the first. */
const shownSection = (draft: Template, asked?: string) =>
  (draft.sections.find((s) => s.id === asked) ?? draft.sections[0])?.id;

function editorView(c: C, form: Submission.FormKind, state: Awaited<ReturnType<typeof load>>, section?: string) {
  const checked = checkTemplate({ ...state.draft, version: state.published.version + 1 });
  const base = `/lead/templates/${form}`;
  // One section a page, with a contents list to the others (the whole form on one page was 28,000 px tall).
  const shown = shownSection(state.draft, section);
  return {
    shown,
    contents: state.draft.sections.map((s, i) => ({
      href: `${base}?section=${encodeURIComponent(s.id)}#s-${s.id}`,
      text: `Section ${i + 1}: ${s.title}`,
      current: s.id === shown,
    })),
    title: `Edit the ${state.published.template.title.toLowerCase()}`,
    base,
    draft: state.draft,
    publishedVersion: state.published.version,
    edited: state.edited,
    problems: checked.ok ? [] : checked.problems.map((p) => describeProblem(state.draft, p)),
    changes: templateChanges(state.published.template, state.draft),
    // A section can take a repeating group; a group's own questions are simple ones (groups do not nest).
    typeItems: SECTION_TYPES.map((t) => ({ value: t, text: TYPE_NAMES[t] })),
    groupTypeItems: EDITABLE_TYPES.map((t) => ({ value: t, text: TYPE_NAMES[t] })),
    typeNames: TYPE_NAMES,
    csrf: csrfToken(c.get("deps"), "session", c.get("session") ?? ""),
    backLink: "/lead",
  };
}

/** A section of the draft drawn as the LA's own page. */
const preview = async (c: C) => {
  const who = lead(c);
  const form = formOf(c);
  const deps = c.get("deps");
  const [{ draft }, region] = await Promise.all([load(deps, who.regionId, form), Region.get(deps, who.regionId)]);
  const section = draft.sections.find((s) => s.id === c.req.param("section"));
  if (!section) throw new NotFoundError("There is no such section in this draft.");
  const noFiles = { files: () => [], uploadHref: () => undefined };
  const fields = sectionFields(section, { answers: {} }, {}, [], { themes: region.settings.themes }, noFiles);
  // The LA's own section page, drawn from the draft; its form posts nowhere.
  return page(c, "section.njk", {
    title: section.title,
    formTitle: draft.title,
    section,
    fields,
    action: `/lead/templates/${form}/preview/${section.id}`,
    backLink: `/lead/templates/${form}`,
    preview: true,
  });
};

/** Publish the draft as the next version, or show the list of mistakes. */
const publish = async (c: C) => {
  const who = lead(c);
  const form = formOf(c);
  const deps = c.get("deps");
  await readBody(c);
  const state = await load(deps, who.regionId, form);
  const checked = checkTemplate({ ...state.draft, version: state.published.version + 1 });
  if (!checked.ok) {
    const errors = checked.problems.map((p) => ({ href: "#problems", text: describeProblem(state.draft, p) }));
    return page(c, "template-editor.njk", { ...editorView(c, form, state), errors }, 400);
  }
  const stored = await Templates.publish(deps, {
    regionId: who.regionId,
    form,
    definition: checked.template as unknown as Record<string, unknown>,
    actor: Access.actorOf(who),
  });
  await Templates.discardDraft(deps, who.regionId, form);
  return c.redirect(`/lead/templates/${form}?done=${stored.version}`, 303);
};

/** One change to the lead's draft; a post the editor cannot act on changes nothing and says why. */
const edit = async (c: C) => {
  const who = lead(c);
  const form = formOf(c);
  const deps = c.get("deps");
  const b = await readBody(c);
  const state = await load(deps, who.regionId, form);
  if (b.op === "discard") {
    await Templates.discardDraft(deps, who.regionId, form);
    return c.redirect(`/lead/templates/${form}#sections`, 303);
  }
  const op = editOf(b);
  if (!op || "href" in op) {
    const errors: EditError[] = [op ?? { href: "#add", text: "Give the new section or question a name" }];
    // The page shown again is the section the refused change was for, so its error links reach their fields.
    const section = /^[a-z-]+:([^:]+)/.exec(b.op ?? "")?.[1]?.split("/")[0];
    return page(c, "template-editor.njk", { ...editorView(c, form, state, section), errors }, 400);
  }
  await Templates.saveDraft(deps, {
    regionId: who.regionId,
    form,
    definition: applyEdit(state.draft, op) as unknown as Record<string, unknown>,
    basedOn: state.published.version,
    actor: Access.actorOf(who),
  });
  return c.redirect(
    "section" in op
      ? `/lead/templates/${form}?section=${encodeURIComponent(op.section)}#s-${op.section}`
      : `/lead/templates/${form}#sections`,
    303,
  );
};

export function templateEditorRoutes() {
  const app = new Hono<AppEnv>();
  app.use("/lead/templates", identify);
  app.use("/lead/templates/*", identify);
  app.use("/lead/templates/*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
  });

  app.get("/lead/templates", async (c) => {
    const who = lead(c);
    const deps = c.get("deps");
    const forms = await Promise.all(
      Submission.FormKind.options.map(async (form) => {
        const { published, edited } = await load(deps, who.regionId, form);
        return { form, title: published.template.title, version: published.version, edited };
      }),
    );
    return page(c, "template-list.njk", { title: "Form templates", forms, backLink: "/lead" });
  });

  app.get("/lead/templates/:form", async (c) => {
    const who = lead(c);
    const form = formOf(c);
    const state = await load(c.get("deps"), who.regionId, form);
    return page(c, "template-editor.njk", {
      ...editorView(c, form, state, c.req.query("section")),
      done: c.req.query("done"),
    });
  });

  app.post("/lead/templates/:form", edit);
  app.get("/lead/templates/:form/preview/:section", preview);
  app.post("/lead/templates/:form/publish", publish);
  return app;
}
