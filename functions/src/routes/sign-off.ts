/**
 * The DCS's sign-off page, from the personal link in the sign-off email: the whole submission,
 * read-only, and a choice to approve it or return it to the officers with a comment.
 */
import { Submission, ValidationError, Work } from "@riia/core";
import { Attachments, type FormService, readOnlySections, type FieldError } from "@riia/forms";
import { Hono, type Context } from "hono";
import { csrf } from "hono/csrf";
import { page, type AppEnv } from "../context";
import { openForm } from "./form-session";
import { checkCsrf, csrfToken } from "../middleware/csrf";
import { body } from "./forms";

type C = Context<AppEnv>;

async function directorSession(c: C) {
  const session = await openForm(c, c.req.param("token") ?? "");
  Submission.assertDirector(session.person, session.submission);
  return session;
}

function render(
  c: C,
  session: FormService.FormSession,
  opts: { errors?: FieldError[]; decision?: string; comment?: string; status?: number; done?: string } = {},
) {
  const sub = session.submission;
  return page(
    c,
    "sign-off.njk",
    {
      title: `Approve ${session.authority.name}'s ${session.template.title.toLowerCase()}`,
      formTitle: session.template.title,
      authorityName: session.authority.name,
      submittedBy: sub.signOff?.declaredByName,
      submittedAt: sub.submittedAt,
      reference: sub.reference,
      status: sub.status,
      done: opts.done,
      sections: readOnlySections(session.template, sub.answers, session.ctx, (ids) =>
        ids.flatMap((id) => {
          const a = sub.attachments?.[id];
          const size = a ? `${Math.max(1, Math.round(a.size / 1024))}KB` : "";
          return a ? [{ name: a.name, size, href: `/sign-off/${session.token}/files/${id}` }] : [];
        }),
      ),
      action: `/sign-off/${session.token}`,
      csrf: csrfToken(c.get("deps"), "form-link", session.link.id),
      version: sub.version,
      errors: opts.errors,
      decision: opts.decision,
      comment: opts.comment,
      decisionError: opts.errors?.find((e) => e.href === "#decision")?.text,
      commentError: opts.errors?.find((e) => e.href === "#comment")?.text,
    },
    opts.status ?? 200,
  );
}

export function signOffRoutes() {
  const app = new Hono<AppEnv>();
  app.use("/sign-off/*", csrf());
  app.use("/sign-off/*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
  });

  app.get("/sign-off/:token", async (c) => render(c, await directorSession(c), { done: c.req.query("done") }));

  // Every attached file opens from the director's own link, as it does for the officers from theirs.
  app.get("/sign-off/:token/files/:id", async (c) => {
    const session = await directorSession(c);
    return c.redirect(await Attachments.downloadUrl(c.get("deps"), session, c.req.param("id")), 302);
  });

  app.post("/sign-off/:token", async (c) => {
    const deps = c.get("deps");
    const session = await directorSession(c);
    const b = await body(c);
    checkCsrf(deps, "form-link", session.link.id, b.csrf);
    const decision = typeof b.decision === "string" ? b.decision : "";
    const comment = typeof b.comment === "string" ? b.comment : "";
    const actor = session.actor;
    try {
      if (decision === "approve")
        await Work.whenSubmitted(deps, await Submission.approve(deps, { id: session.submission.id, actor, comment }));
      else if (decision === "return")
        await Submission.returnToOfficers(deps, { id: session.submission.id, actor, comment });
      else
        throw new ValidationError("Choose whether to approve or return it.", [
          { path: "decision", message: "Select whether you approve the form or return it to your officers" },
        ]);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const errors = err.issues.map((i) => ({ href: `#${i.path}`, text: i.message }));
      return render(c, session, { errors, decision, comment, status: 400 });
    }
    return c.redirect(`/sign-off/${session.token}?done=${decision === "approve" ? "approved" : "returned"}`, 303);
  });
  return app;
}
