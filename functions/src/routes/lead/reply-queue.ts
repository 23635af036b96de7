/**
 * The lead's queue of replies that need them: a reply that decided nothing (accept or decline on the
 * reviewer's behalf) and a reply held because it came from an unexpected address (release or reject).
 * Each action is a small form with the session's CSRF token; refusals re-render the page with the
 * GOV.UK error summary; the domain functions audit every change.
 */
import type { Hono } from "hono";
import { Access, Answers, Assignments, Cycle, NotFoundError, ValidationError } from "@riia/core";
import { page, type AppEnv } from "../../context";
import { reviewForms } from "../../review-forms";
import { replyQueueModel, replyQueuePath } from "../../view-models/reply-queue";
import { checkCsrf, doneRedirect, form, managed, person, signedIn, type C } from "./http";
import { pageErrors, type PageError } from "./page-errors";

const QUEUE = "/lead/cycles/:cycleId/replies";

async function render(c: C, opts: { errors?: PageError[]; status?: 200 | 400 | 409 } = {}) {
  const cycleId = c.req.param("cycleId")!;
  const model = await replyQueueModel(c.get("deps"), person(c), cycleId, c.get("session")!);
  return page(c, "lead-replies.njk", { ...model, errors: opts.errors, done: c.req.query("done") }, opts.status ?? 200);
}

const CHOICES = {
  accept: "Accepted on the reviewer's behalf.",
  decline: "Recorded the reviewer's decline; a reserve is asked where one is left.",
  release: "Released the reply: it now counts as the reviewer's.",
  reject: "Rejected the reply: it is kept on record and nothing was applied.",
} as const;

/** Carry out one posted action, through the domain (which checks the reply is still waiting). */
async function act(c: C, cycleId: string, body: Record<string, string>) {
  const { actor } = await managed(c, cycleId);
  const choice = body.choice as keyof typeof CHOICES;
  if (!(choice in CHOICES)) throw new ValidationError("Choose what to do with the reply.");
  const target = { cycleId, id: body.assignment ?? "", messageId: body.message ?? "", actor };
  if (choice === "accept" || choice === "decline")
    await Answers.decideForReviewer(c.get("deps"), { ...target, decision: choice });
  else
    await Answers.releaseHeld(c.get("deps"), { ...target, accept: choice === "release" }, reviewForms(c.get("deps")));
  return CHOICES[choice];
}

/** A reply of this cycle the signed-in lead may read, from the query's assignment and message. */
async function replyOf(c: C, cycleId: string) {
  const deps = c.get("deps");
  const cycle = await Cycle.get(deps, cycleId);
  Access.require(person(c), "read-region", { regionId: cycle.regionId });
  const a = await Assignments.get(deps, c.req.query("assignment") ?? "");
  const reply = a.cycleId === cycleId ? a.replies[c.req.query("message") ?? ""] : undefined;
  if (!reply) throw new NotFoundError("There is no such reply in this cycle.");
  return reply;
}

/** A file sent with a reply, as a download (the reviewer's review document). */
async function replyFile(c: C, cycleId: string) {
  const reply = await replyOf(c, cycleId);
  const file = reply.attachments[Number(c.req.query("n") ?? "-1")];
  const body = file && (await c.get("deps").blobs.get(file.key));
  if (!file || !body) throw new NotFoundError("There is no such file with this reply.");
  return c.body(Buffer.from(body), 200, {
    "content-type": file.type ?? "application/octet-stream",
    "content-disposition": `attachment; filename="${file.name.replace(/["\\]/g, "_")}"`,
    "x-content-type-options": "nosniff",
  });
}

/** A held or undecided reply's whole text, when it was longer than the record keeps (a long review, whole). */
async function wholeText(c: C, cycleId: string) {
  const deps = c.get("deps");
  const reply = await replyOf(c, cycleId);
  const stored = reply.textKey ? await deps.blobs.get(reply.textKey) : undefined;
  const text = stored ? Buffer.from(stored).toString("utf8") : reply.text;
  return c.text(text, 200, { "content-disposition": "inline", "content-type": "text/plain; charset=utf-8" });
}

export function registerReplyQueue(app: Hono<AppEnv>) {
  app.get(`${QUEUE}/file`, async (c) => {
    if (!signedIn(c)) return c.redirect("/sign-in", 303);
    return replyFile(c, c.req.param("cycleId"));
  });
  app.get(`${QUEUE}/text`, async (c) => {
    if (!signedIn(c)) return c.redirect("/sign-in", 303);
    return wholeText(c, c.req.param("cycleId"));
  });
  app.get(QUEUE, async (c) => {
    if (!signedIn(c)) return c.redirect("/sign-in", 303);
    return render(c);
  });
  app.post(QUEUE, async (c) => {
    const body = await form(c);
    checkCsrf(c, body);
    const cycleId = c.req.param("cycleId");
    try {
      return doneRedirect(c, replyQueuePath(cycleId), await act(c, cycleId, body));
    } catch (err) {
      const errors = pageErrors(err, { "": "main-content" });
      return render(c, { errors, status: err instanceof ValidationError ? 400 : 409 });
    }
  });
}
