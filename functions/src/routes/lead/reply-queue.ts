/**
 * The lead's queue of replies that need them: a reply that decided nothing (accept or decline on the
 * reviewer's behalf) and a reply held because it came from an unexpected address (release or reject).
 * Each action is a small form with the session's CSRF token; refusals re-render the page with the
 * GOV.UK error summary; the domain functions audit every change.
 */
import type { Hono } from "hono";
import { Answers, ValidationError } from "@riia/core";
import { page, type AppEnv } from "../../context";
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
  else await Answers.releaseHeld(c.get("deps"), { ...target, accept: choice === "release" });
  return CHOICES[choice];
}

export function registerReplyQueue(app: Hono<AppEnv>) {
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
