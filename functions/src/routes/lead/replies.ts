/**
 * Accept or decline a review from the assignment email (a button, so link scanners change nothing).
 * The answer goes the same way as an emailed one (`Answers.applyReply`), so a change of mind is
 * applied or refused exactly as it would be by reply.
 */
import type { Hono } from "hono";
import { Answers, Assignments, Emails, ForbiddenError, People, Region, Replies } from "@riia/core";
import { page, type AppEnv } from "../../context";
import { checkCsrf, csrfToken } from "../../middleware/csrf";
import { showRegion } from "../../middleware/region";
import { form, type C } from "./http";

async function resolve(c: C) {
  const resolved = await Replies.resolveToken(c.get("deps"), c.req.param("token")!);
  if (!resolved.ok)
    throw new ForbiddenError(
      "This link is not valid or has expired. Reply to the email instead, or contact your regional lead.",
    );
  showRegion(c, resolved.handle.regionId);
  return resolved.handle;
}

const DECISION = "/r/:token/:decision{accept|decline}";

async function confirmPage(c: C) {
  const handle = await resolve(c);
  const a = await Assignments.get(c.get("deps"), handle.subject);
  const la = await Region.authority(c.get("deps"), a.reviewee);
  const accept = c.req.param("decision") === "accept";
  return page(c, "confirm.njk", {
    title: accept ? `Accept the review of ${la.name}` : `Decline the review of ${la.name}`,
    paragraphs: [
      accept
        ? "Confirm that your local authority will carry out this review."
        : "Confirm that your local authority cannot carry out this review. We will ask another local authority.",
    ],
    action: `/r/${c.req.param("token")}/${c.req.param("decision")}`,
    // Bound to the reply handle: a page on another site cannot make it, whatever its Origin header says.
    csrf: csrfToken(c.get("deps"), "reply-handle", handle.id),
    button: accept ? "Accept the review" : "Decline the review",
    buttonClasses: accept ? "" : "govuk-button--warning",
  });
}

async function answer(c: C) {
  const deps = c.get("deps");
  const handle = await resolve(c);
  checkCsrf(deps, "reply-handle", handle.id, (await form(c)).csrf);
  const decision = c.req.param("decision") === "accept" ? "accept" : "decline";
  const who = await People.get(deps, handle.personId).catch(() => undefined);
  const at = deps.clock.now();
  const { assignment, outcome } = await Answers.applyReply(deps, {
    id: handle.subject,
    by: who?.email ?? handle.personId,
    reply: {
      // One entry per press: a later opposite answer is a change of mind, a repeat is "already".
      messageId: `web-${decision}-${handle.id}-${at.getTime()}`,
      from: who?.email ?? "",
      at: at.toISOString(),
      decision,
      text: decision === "accept" ? "Accepted on the web" : "Declined on the web",
      attachments: [],
    },
  });
  const la = await Region.authority(deps, assignment.reviewee);
  const said =
    outcome === "decided"
      ? assignment.status === "accepted"
        ? `You have accepted the review of ${la.name}.`
        : `You have declined the review of ${la.name}. We will ask another local authority.`
      : Emails.recordedText[Answers.recordedAs(outcome, assignment.status)](la.name);
  return page(c, "confirm.njk", {
    title: outcome === "refused" ? "Your answer has not changed" : "Thank you",
    paragraphs: [outcome === "already" ? `${said} It had already been recorded.` : said],
  });
}

export function registerReplies(app: Hono<AppEnv>) {
  app.get(DECISION, confirmPage);
  app.post(DECISION, answer);
}
