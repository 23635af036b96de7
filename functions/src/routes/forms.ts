/**
 * The form journey from an emailed link, as GOV.UK pages. Routes parse, call the forms service
 * and respond; no JavaScript is needed anywhere.
 */
import { randomBytes } from "node:crypto";
import { NotFoundError, StateError, Submission, ValidationError, Work, type Deps } from "@riia/core";
import {
  Attachments,
  FormService,
  sendSubmissionConfirmation,
  checkRows,
  formErrors,
  keptFields,
  savedRows,
  unsentRows,
  cannotSubmitYet,
  declarationText,
  lastYearWarnings,
  sectionsToCheck,
  taskListView,
  sectionFields,
  type FieldError,
  type FileLinks,
  type FormBody,
} from "@riia/forms";
import { Hono, type Context } from "hono";
import { checkCsrf as checkLinkCsrf, csrfToken } from "../middleware/csrf";
import { page, type AppEnv } from "../context";
import { openForm } from "./form-session";
import { workBesideResponse } from "../view-models/reviewee-work";

type C = Context<AppEnv>;

/** Per-link CSRF token (the one helper in middleware/csrf.ts), checked on every POST alongside the Origin check. */
const checkCsrf = (deps: Deps, linkId: string, body: FormBody) => checkLinkCsrf(deps, "form-link", linkId, body.csrf);

const base = (token: string) => `/f/${token}`;

function fileLinks(session: FormService.FormSession): FileLinks {
  const editable = !Submission.LOCKED.includes(session.submission.status);
  return {
    files: (ids) =>
      ids.flatMap((id) => {
        const a = session.submission.attachments?.[id];
        return a
          ? [
              {
                name: a.name,
                size: `${Math.max(1, Math.round(a.size / 1024))}KB`,
                href: `${base(session.token)}/files/${id}`,
              },
            ]
          : [];
      }),
    uploadHref: (q) => (editable ? `${base(session.token)}/upload/${q}` : undefined),
  };
}

export async function body(c: C): Promise<FormBody> {
  const type = c.req.header("content-type") ?? "";
  if (!type.includes("application/x-www-form-urlencoded") && !type.includes("multipart/form-data")) {
    throw new ValidationError("Send the form as a web form.");
  }
  return (await c.req.parseBody({ all: true })) as FormBody;
}

const version = (b: FormBody) => {
  const n = Number(typeof b.version === "string" ? b.version : NaN);
  if (!Number.isInteger(n) || n < 1) throw new ValidationError("This page is out of date. Refresh it and try again.");
  return n;
};

async function renderSection(
  c: C,
  session: FormService.FormSession,
  sectionId: string,
  opts: {
    errors?: FieldError[];
    body?: FormBody;
    conflict?: string;
    /** After a clash: keep the posted text of the questions this person changed, beside the colleague's. */
    kept?: { changed: string[]; clashes: string[] };
    status?: number;
    extra?: Record<string, number>;
  } = {},
) {
  const deps = c.get("deps");
  const s = FormService.section(session, sectionId);
  const fieldsFrom = (source: { body: FormBody } | { answers: Record<string, unknown> }) =>
    sectionFields(
      s,
      source,
      session.submission.answers,
      opts.errors ?? [],
      session.ctx,
      fileLinks(session),
      opts.extra,
    );
  const answers = { answers: session.submission.answers };
  const fields =
    opts.body && opts.kept
      ? keptFields(fieldsFrom({ body: opts.body }), fieldsFrom(answers), opts.kept.changed)
      : fieldsFrom(opts.body ? { body: opts.body } : answers);
  return page(
    c,
    "section.njk",
    {
      title: s.title,
      formTitle: session.template.title,
      section: s,
      fields,
      errors: opts.errors,
      conflict: opts.conflict,
      theirs: opts.kept ? savedRows(s, session.submission.answers, session.ctx, opts.kept.clashes) : undefined,
      action: `${base(session.token)}/s/${s.id}`,
      csrf: csrfToken(deps, "form-link", session.link.id),
      version: session.submission.version,
      // After a clash the page has seen what is saved now, so saving again writes what is in the boxes.
      seen:
        opts.body && typeof opts.body.seen === "string" && !opts.kept
          ? opts.body.seen
          : FormService.seenFingerprint(s, session.submission.answers),
      backLink: base(session.token),
      revieweeWork: await workBesideResponse(deps, session),
    },
    opts.status ?? 200,
  );
}

function renderCheck(
  c: C,
  session: FormService.FormSession,
  previous: Record<string, unknown> | undefined,
  opts: { errors?: FieldError[]; status?: number; signOff?: boolean } = {},
) {
  const deps = c.get("deps");
  const sub = session.submission;
  const readOnly = Submission.LOCKED.includes(sub.status);
  const incomplete = formErrors(session.template, sub.answers, session.ctx);
  const isDcs = session.person.roles.includes("dcs");
  const declaration = declarationText(session.template, { isDcs, signOff: Boolean(opts.signOff) });
  const declarationItems = [{ value: "yes", text: declaration }];
  const startsAt = session.cycle.phases[0]?.opensAt ?? `${session.cycle.year}-09-01`;
  const warnings = readOnly
    ? []
    : lastYearWarnings(
        session.template,
        sub,
        { year: session.cycle.year, startsAt },
        (id) => `${base(session.token)}/s/${id}`,
      );
  return page(
    c,
    "check.njk",
    {
      title: readOnly ? "Your answers" : "Check your answers before submitting",
      formTitle: session.template.title,
      hasPrevious: Boolean(previous),
      sections: session.template.sections.map((s) => ({
        title: s.title,
        rows: checkRows(s, sub.answers, session.ctx, {
          changeHref: readOnly ? undefined : `${base(session.token)}/s/${s.id}`,
          previous,
          carriedForward: sub.carriedForward,
          forLead: true,
          files: fileLinks(session).files,
        }),
      })),
      readOnly,
      incomplete: cannotSubmitYet(incomplete, sectionsToCheck(session.template, sub)),
      lastYear: warnings,
      errors: opts.errors,
      declarationError: opts.errors?.find((e) => e.href === "#declaration")?.text,
      declarationItems,
      submitText: "Accept and submit",
      signOffNote: opts.signOff
        ? "When you submit, your director of children's services is emailed a link to read and approve it. It counts as submitted only when they approve it."
        : undefined,
      action: `${base(session.token)}/submit`,
      csrf: csrfToken(deps, "form-link", session.link.id),
      version: sub.version,
      backLink: base(session.token),
    },
    opts.status ?? 200,
  );
}

/** A section posted once the form took no more changes (a colleague submitted it): their text, to copy. */
function renderUnsent(
  c: C,
  session: FormService.FormSession,
  s: ReturnType<typeof FormService.section>,
  b: FormBody,
  reason: string,
) {
  return page(
    c,
    "unsent.njk",
    {
      title: "Your changes were not saved",
      formTitle: session.template.title,
      reason,
      sectionTitle: s.title,
      rows: unsentRows(s, b, session.ctx),
      formHref: base(session.token),
      backLink: base(session.token),
    },
    409,
  );
}

/** Save a posted section: Save and continue, save as draft, or add or remove a group item. */
const postSection = async (c: C) => {
  const deps = c.get("deps");
  const session = await openForm(c, c.req.param("token") ?? "");
  const b = await body(c);
  checkCsrf(deps, session.link.id, b);
  const sectionId = c.req.param("section") ?? "";
  const s = FormService.section(session, sectionId);
  const action = typeof b.action === "string" ? b.action : "continue";
  const removing = /^remove:([a-z0-9-]+):(\d+)$/.exec(action);
  if (removing) {
    for (const k of Object.keys(b)) if (k.startsWith(`q.${removing[1]}.${removing[2]}.`)) delete b[k];
  }
  const mode = action === "continue" ? "complete" : "draft";
  const outcome = await FormService.saveSection(
    deps,
    session,
    sectionId,
    b,
    mode,
    version(b),
    typeof b.seen === "string" ? b.seen : undefined,
  ).catch((err: unknown) => {
    if (err instanceof StateError) return err;
    throw err;
  });
  if (outcome instanceof StateError) return renderUnsent(c, session, s, b, outcome.message);
  if (!outcome.ok) {
    if (outcome.conflict) {
      const fresh = await openForm(c, session.token);
      const kept = { changed: outcome.changed ?? [], clashes: outcome.clashes ?? [] };
      return renderSection(c, fresh, sectionId, { conflict: outcome.conflict, body: b, kept, status: 409 });
    }
    return renderSection(c, session, sectionId, { errors: outcome.errors, body: b, status: 400 });
  }
  const here = `${base(session.token)}/s/${sectionId}`;
  if (action.startsWith("add:")) return c.redirect(`${here}?add=${encodeURIComponent(action.slice(4))}`, 303);
  if (removing) return c.redirect(here, 303);
  if (action === "draft") return c.redirect(base(session.token), 303);
  const sections = session.template.sections;
  const next = sections[sections.findIndex((x) => x.id === s.id) + 1];
  return c.redirect(next ? `${base(session.token)}/s/${next.id}` : `${base(session.token)}/check`, 303);
};

/** Submit with the declaration (to the DCS for approval where the form asks for it). */
const postSubmit = async (c: C) => {
  const deps = c.get("deps");
  const session = await openForm(c, c.req.param("token") ?? "");
  const b = await body(c);
  checkCsrf(deps, session.link.id, b);
  const declared = ([] as unknown[]).concat(b.declaration ?? []).map(String);
  try {
    const submitted = await FormService.submit(deps, session, {
      expectedVersion: version(b),
      declaration: declared.includes("yes"),
    });
    c.get("log").info({ submission: submitted.id, reference: submitted.reference }, "form submitted");
    await sendSubmissionConfirmation(deps, session, submitted);
    await Work.whenSubmitted(deps, submitted);
    return c.redirect(`${base(session.token)}/done`, 303);
  } catch (err) {
    if (err instanceof ValidationError) {
      // A section still to complete or to check links to its page; the declaration to its box.
      const href = (path: string) => (path === "declaration" ? "#declaration" : `${base(session.token)}/s/${path}`);
      return renderCheck(c, session, undefined, {
        errors: err.issues.map((i) => ({ href: href(i.path), text: i.message })),
        status: 400,
        signOff: await FormService.needsSignOff(deps, session),
      });
    }
    throw err;
  }
};

/** The confirmation page. */
const getDone = async (c: C) => {
  const session = await openForm(c, c.req.param("token") ?? "");
  const sub = session.submission;
  if (!Submission.LOCKED.includes(sub.status)) return c.redirect(base(session.token), 303);
  const awaiting = sub.status === "awaiting-sign-off";
  return page(c, "confirmation.njk", {
    title: `${session.template.title} ${awaiting ? "sent for approval" : "submitted"}`,
    formTitle: session.template.title,
    panelTitle: awaiting ? "Sent to your director for approval" : `${session.template.title} submitted`,
    reference: sub.reference,
    email: session.person.email,
    nextSteps: awaiting
      ? "Your director of children's services has been emailed a link to read it and approve it or return it to you with a comment. It counts as submitted only when they approve it; we will email you when they approve it or return it."
      : "Your regional lead will be in touch about the next step of the cycle. Peer reviewers from other local authorities will see what you submitted.",
    viewHref: `${base(session.token)}/check`,
    historyHref: `${base(session.token)}/history`,
  });
};

/** Attachments: straight to S3 with a presigned POST, then checked here before they are attached. */
function registerFiles(app: Hono<AppEnv>) {
  app.get("/f/:token/upload/:question", async (c) => {
    const deps = c.get("deps");
    const session = await openForm(c, c.req.param("token") ?? "");
    FormService.assertEditable(session);
    const question = c.req.param("question");
    const s = session.template.sections.find((x) => x.questions.some((q) => q.id === question && q.type === "file"));
    if (!s) throw new NotFoundError("There is no file question here.");
    const uploadId = randomBytes(12).toString("hex");
    const post = await Attachments.presign(deps, session, question, uploadId, new URL(c.req.url).origin);
    // The upload form posts straight to the bucket: allow exactly that origin as a form target.
    c.set("cspAdjust", (csp) => csp.replace("form-action 'self'", `form-action 'self' ${new URL(post.url).origin}`));
    return page(c, "upload.njk", {
      title: "Upload a file",
      formTitle: session.template.title,
      post,
      used: Object.keys(session.submission.attachments ?? {}).length,
      backHref: `${base(session.token)}/s/${s.id}`,
      backLink: `${base(session.token)}/s/${s.id}`,
    });
  });

  app.get("/f/:token/uploaded", async (c) => {
    const deps = c.get("deps");
    const session = await openForm(c, c.req.param("token") ?? "");
    const sectionId = await Attachments.accept(deps, session, {
      key: c.req.query("key") ?? "",
      state: c.req.query("u") ?? "",
    });
    return c.redirect(`${base(session.token)}/s/${sectionId}`, 303);
  });

  app.get("/f/:token/files/:id", async (c) => {
    const deps = c.get("deps");
    const session = await openForm(c, c.req.param("token") ?? "");
    const url = await Attachments.downloadUrl(deps, session, c.req.param("id"));
    return c.redirect(url, 302);
  });
}

export function formRoutes() {
  const app = new Hono<AppEnv>();
  // Link tokens are credentials: pages behind them are never cached or sent on as referrers.
  app.use("/f/*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
  });

  app.get("/f/:token", async (c) => {
    const deps = c.get("deps");
    const session = await openForm(c, c.req.param("token") ?? "");
    const view = taskListView(session, deps.clock.now(), base(session.token), FormService.stepOf(session.submission));
    // The development plan answers its peer-scrutiny recommendations on a page of its own (routes/reviews).
    const recommendationsHref =
      session.submission.form === "development-plan" ? `${base(session.token)}/recommendations` : undefined;
    return page(c, "task-list.njk", { ...view, recommendationsHref });
  });

  app.get("/f/:token/s/:section", async (c) => {
    const session = await openForm(c, c.req.param("token") ?? "");
    FormService.assertEditable(session);
    const add = c.req.query("add");
    return renderSection(c, session, c.req.param("section") ?? "", { extra: add ? { [add]: 1 } : undefined });
  });

  app.post("/f/:token/s/:section", postSection);

  app.get("/f/:token/check", async (c) => {
    const deps = c.get("deps");
    const session = await openForm(c, c.req.param("token") ?? "");
    const { year, regionId } = { year: session.cycle.year, regionId: session.region.id };
    const previous = await Submission.lastSubmitted(deps, {
      regionId,
      year,
      form: session.submission.form,
      authority: session.submission.authority,
    });
    return renderCheck(c, session, previous?.answers, { signOff: await FormService.needsSignOff(deps, session) });
  });

  app.post("/f/:token/submit", postSubmit);

  app.get("/f/:token/done", getDone);

  registerFiles(app);
  return app;
}
