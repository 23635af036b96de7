/** Accept or decline a review from the assignment email (a button, so link scanners change nothing). */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { Assignments, ForbiddenError, Region, Replies, Review } from "@riia/core";
import { page, type AppEnv } from "../../context";
import type { C } from "./http";

async function resolve(c: C) {
  const resolved = await Replies.resolveToken(c.get("deps"), c.req.param("token")!);
  if (!resolved.ok)
    throw new ForbiddenError(
      "This link is not valid or has expired. Reply to the email instead, or contact your regional lead.",
    );
  return resolved.handle;
}

export function registerReplies(app: OpenAPIHono<AppEnv>) {
  app.get("/r/:token/:decision{accept|decline}", async (c) => {
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
      button: accept ? "Accept the review" : "Decline the review",
      buttonClasses: accept ? "" : "govuk-button--warning",
    });
  });
  app.post("/r/:token/:decision{accept|decline}", async (c) => {
    const deps = c.get("deps");
    const handle = await resolve(c);
    const decision = c.req.param("decision") === "accept" ? "accept" : "decline";
    const who = await deps.store.get<{ pk: string; sk: string; email: string }>({
      pk: `PERSON#${handle.personId}`,
      sk: "PERSON",
    });
    const { assignment } = await Assignments.recordReply(deps, {
      id: handle.subject,
      by: who?.email ?? handle.personId,
      reply: {
        messageId: `web-${decision}-${handle.id}`,
        from: who?.email ?? "",
        at: deps.clock.now().toISOString(),
        decision,
        text: decision === "accept" ? "Accepted on the web" : "Declined on the web",
        attachments: [],
      },
    });
    if (assignment.status === "declined") await Review.replaceDeclined(deps, assignment.id);
    const la = await Region.authority(deps, assignment.reviewee);
    return page(c, "confirm.njk", {
      title: "Thank you",
      paragraphs: [
        assignment.status === "accepted"
          ? `You have accepted the review of ${la.name}.`
          : assignment.status === "declined"
            ? `You have declined the review of ${la.name}. We will ask another local authority.`
            : `Your local authority's answer about ${la.name} was already recorded (${assignment.status}).`,
      ],
    });
  });
}
