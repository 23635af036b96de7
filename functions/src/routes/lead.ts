/**
 * The regional lead's controls — sign-in by emailed link, the cycle board, steps, tasks and peer
 * assignments — as GOV.UK pages and as a JSON API (in the OpenAPI document). Roles decide who may
 * do what (`Access`); every change is audited by the domain functions.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  Access,
  Assignments,
  Cycle,
  ForbiddenError,
  Region,
  Replies,
  Review,
  Submission,
  UnauthorizedError,
  ValidationError,
  Tasks,
  Workflow,
  type Deps,
} from "@riia/core";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { page, type AppEnv } from "../context";
import { identify, requirePrincipal, SESSION_COOKIE } from "../middleware/auth";
import { checkCsrf as check, csrfToken } from "../middleware/csrf";

type C = Context<AppEnv>;
const STEP_LABELS: Record<Region.Step, string> = {
  "self-evaluation": "Self-evaluation",
  "peer-scrutiny": "Peer scrutiny",
  "development-plan": "Development plan",
  "peer-challenge": "Peer challenge",
  "support-menu": "Support menu",
  "regional-plan": "Regional development plan",
};
const STATUS_TAGS: Record<string, string> = {
  "not-started": "govuk-tag--grey",
  "in-progress": "govuk-tag--light-blue",
  submitted: "govuk-tag--green",
  overdue: "govuk-tag--orange",
  escalated: "govuk-tag--red",
  waived: "govuk-tag--purple",
};

async function form(c: C): Promise<Record<string, string>> {
  const type = c.req.header("content-type") ?? "";
  if (!type.includes("application/x-www-form-urlencoded") && !type.includes("multipart/form-data"))
    throw new ValidationError("Send the form as a web form.");
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === "string")) as Record<string, string>;
}

/** A signed-in person (pages) — otherwise off to sign in. */
function person(c: C) {
  const who = c.get("principal");
  if (who?.kind !== "person") throw new UnauthorizedError("Sign in to continue.");
  return who;
}

function checkCsrf(c: C, body: Record<string, string>) {
  const session = c.get("session");
  if (!session) throw new ForbiddenError("This page has expired. Go back, refresh the page and try again.");
  check(c.get("deps"), "session", session, body.csrf);
}

const tag = (status: string) =>
  `<strong class="govuk-tag ${STATUS_TAGS[status] ?? ""}">${status.replace("-", " ")}</strong>`;

async function renderBoard(c: C, cycleId: string, done?: string) {
  const deps = c.get("deps");
  const who = person(c);
  const cycle = await Cycle.get(deps, cycleId);
  const lead = Access.can(who, "read-region", { regionId: cycle.regionId });
  Access.require(who, "read-authority", { regionId: cycle.regionId, authority: lead ? undefined : who.authority });
  const region = await Region.get(deps, cycle.regionId);
  const b = await Workflow.board(deps, cycleId, lead ? undefined : who.authority);
  const steps = Region.STEPS;
  const base = `/lead/cycles/${cycleId}`;
  return page(c, "lead-board.njk", {
    title: `Cycle ${cycle.year} to ${cycle.year + 1}`,
    regionName: region.name,
    who: `${who.name} (${who.roles.join(", ")})`,
    done,
    base,
    csrf: csrfToken(deps, "session", c.get("session")!),
    canManage: Access.can(who, "manage-region", { regionId: cycle.regionId }),
    stepRows: cycle.phases.map((p) => ({
      key: { text: STEP_LABELS[p.step] },
      value: { html: `${tag(p.state)} Opens ${p.opensAt.slice(0, 10)}, deadline ${p.deadline.slice(0, 10)}` },
      ...(Tasks.REVIEW_STEPS.includes(p.step) && lead
        ? {
            actions: {
              items: [
                {
                  href: `${base}/assignments/${p.step}`,
                  text: "Assignments",
                  visuallyHiddenText: ` for ${STEP_LABELS[p.step].toLowerCase()}`,
                },
              ],
            },
          }
        : {}),
    })),
    stepItems: steps.map((s) => ({ value: s, text: STEP_LABELS[s] })),
    laItems: b.rows.map((r) => ({ value: r.code, text: r.name })),
    head: [{ text: "Local authority" }, ...steps.map((s) => ({ text: STEP_LABELS[s] }))],
    rows: b.rows.map((r) => [
      { text: r.name },
      ...steps.map((s) => {
        const t = r.steps[s];
        return t
          ? {
              html: `${tag(t.status)}${t.late ? '<span class="govuk-visually-hidden"> (late)</span>' : ""}`,
              classes: t.late ? "govuk-!-font-weight-bold" : "",
            }
          : { text: "–" };
      }),
    ]),
  });
}

async function renderAssignments(c: C, cycleId: string, step: Assignments.ReviewStep, done?: string) {
  const deps = c.get("deps");
  const who = person(c);
  const cycle = await Cycle.get(deps, cycleId);
  Access.require(who, "read-region", { regionId: cycle.regionId });
  const [region, las, list] = await Promise.all([
    Region.get(deps, cycle.regionId),
    Region.authorities(deps, cycle.regionId),
    Assignments.listForStep(deps, cycleId, step),
  ]);
  const name = (code: string) => las.find((l) => l.code === code)?.name ?? code;
  return page(c, "lead-assignments.njk", {
    title: `${STEP_LABELS[step]} assignments`,
    regionName: region.name,
    done,
    boardHref: `/lead/cycles/${cycleId}`,
    base: `/lead/cycles/${cycleId}/assignments/${step}`,
    csrf: csrfToken(deps, "session", c.get("session")!),
    canManage: Access.can(who, "manage-region", { regionId: cycle.regionId }),
    laItems: las.map((l) => ({ value: l.code, text: l.name })),
    rows: las.map((la) => {
      const mine = list.filter((a) => a.reviewee === la.code);
      return [
        { text: la.name },
        {
          html:
            mine
              .filter((a) => a.rank === 0 || a.status === "sent" || a.status === "accepted")
              .map((a) => `${name(a.reviewer)} ${tag(a.status)}`)
              .join("<br>") || "–",
        },
        {
          text:
            mine
              .filter((a) => a.rank > 0 && a.status === "proposed")
              .map((a) => name(a.reviewer))
              .join(", ") || "–",
        },
      ];
    }),
  });
}

const Step = z.enum(Region.STEPS).openapi({ param: { name: "step", in: "path" } });
const ReviewStepParam = z.enum(Assignments.ReviewStep.options).openapi({ param: { name: "step", in: "path" } });
const CycleIdParam = z
  .string()
  .regex(/^[a-z0-9-]+-\d{4}$/)
  .openapi({ param: { name: "cycleId", in: "path" }, example: "east-midlands-2026" });
const ok = (description: string, schema: z.ZodType = z.object({ ok: z.literal(true) })) => ({
  200: { description, content: { "application/json": { schema } } },
});
const problems = {
  400: { description: "Not valid, or a guard refused it" },
  401: { description: "Not signed in" },
  403: { description: "Not allowed for this role" },
  409: { description: "Not possible in the current state" },
};

async function managed(c: C, cycleId: string) {
  const cycle = await Cycle.get(c.get("deps"), cycleId);
  const who = c.get("principal");
  Access.require(who, "manage-region", { regionId: cycle.regionId });
  return { cycle, actor: Access.actorOf(who!) };
}

async function stepAction(
  deps: Deps,
  cycleId: string,
  step: Region.Step,
  action: string,
  reason: string | undefined,
  actor: ReturnType<typeof Access.actorOf>,
) {
  if (action === "open")
    return `${STEP_LABELS[step]} is open. Invitations are on their way (${(await Workflow.openStep(deps, { cycleId, step, actor, reason })).invited} new).`;
  if (action === "close")
    return (await Workflow.closeStep(deps, { cycleId, step, actor }), `${STEP_LABELS[step]} is closed.`);
  if (action === "remind")
    return `Sent ${await Workflow.remindNow(deps, { cycleId, step, actor })} reminders for ${STEP_LABELS[step].toLowerCase()}.`;
  if (action === "advance") {
    // Close this step and open the next one now (the next step's guards still apply).
    const next = Region.STEPS[Region.STEPS.indexOf(step) + 1];
    if (!next)
      throw new ValidationError("This is the last step; close it instead.", [
        { path: "action", message: "Choose close for the last step" },
      ]);
    await Workflow.closeStep(deps, { cycleId, step, actor });
    const { invited } = await Workflow.openStep(deps, { cycleId, step: next, actor, reason });
    return `${STEP_LABELS[step]} is closed and ${STEP_LABELS[next].toLowerCase()} is open (${invited} invitations).`;
  }
  throw new ValidationError("Choose an action.", [
    { path: "action", message: "Choose open, advance, close or remind" },
  ]);
}

async function taskAction(
  deps: Deps,
  cycleId: string,
  step: Region.Step,
  authority: string,
  body: { action?: string; deadline?: string; reason?: string },
  actor: ReturnType<typeof Access.actorOf>,
) {
  if (body.action === "extend") {
    if (!body.deadline)
      throw new ValidationError("Enter the new deadline.", [{ path: "deadline", message: "Enter the new deadline" }]);
    await Workflow.extendDeadline(deps, {
      cycleId,
      step,
      authority,
      deadline: `${body.deadline.slice(0, 10)}T23:59:59Z`,
      actor,
    });
    return "The deadline has been extended.";
  }
  if (body.action === "waive") {
    await Workflow.waiveTask(deps, { cycleId, step, authority, reason: body.reason ?? "", actor });
    return "The task has been waived.";
  }
  throw new ValidationError("Choose an action.", [{ path: "action", message: "Choose extend or waive" }]);
}

export function leadRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.use("/sign-out", identify);
  app.use("/lead/*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
  });

  // ---- sign in
  const regionItems = async (deps: Deps, chosen?: string) => [
    { value: "", text: "Choose your region" },
    ...(await Region.list(deps)).map((r) => ({ value: r.id, text: r.name, selected: r.id === chosen })),
  ];
  app.get("/sign-in", async (c) =>
    page(c, "sign-in.njk", { title: "Sign in", regions: await regionItems(c.get("deps")) }),
  );
  app.post("/sign-in", async (c) => {
    const deps = c.get("deps");
    const body = await form(c);
    const email = (body.email ?? "").trim();
    const errors = [
      ...(body.region ? [] : [{ href: "#region", text: "Choose your region" }]),
      ...(/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)
        ? []
        : [{ href: "#email", text: "Enter an email address in the correct format, like name@example.org" }]),
    ];
    if (errors.length) {
      return page(
        c,
        "sign-in.njk",
        {
          title: "Sign in",
          errors,
          email,
          regions: await regionItems(deps, body.region),
          regionError: errors.find((e) => e.href === "#region")?.text,
          emailError: errors.find((e) => e.href === "#email")?.text,
        },
        400,
      );
    }
    await Region.get(deps, body.region!);
    await Access.requestSignIn(deps, { regionId: body.region!, email });
    return page(c, "confirm.njk", {
      title: "Check your email",
      paragraphs: [
        `If ${email} is registered for this region, we have sent a sign-in link to it. The link expires in ${Access.SIGN_IN_MINUTES} minutes.`,
      ],
    });
  });
  // The emailed link shows a button: mail scanners that follow links must not use up the sign-in.
  app.get("/s/:token", (c) =>
    page(c, "confirm.njk", {
      title: "Sign in",
      paragraphs: ["Select the button to finish signing in."],
      action: `/s/${c.req.param("token")}`,
      button: "Sign in",
    }),
  );
  app.post("/s/:token", async (c) => {
    const deps = c.get("deps");
    const { session } = await Access.completeSignIn(deps, c.req.param("token"), getCookie(c, SESSION_COOKIE));
    setCookie(c, SESSION_COOKIE, session, {
      httpOnly: true,
      sameSite: "Lax",
      secure: deps.config.baseUrl.startsWith("https:"),
      path: "/",
      maxAge: Access.SESSION_HOURS * 3600,
    });
    return c.redirect("/lead", 303);
  });
  app.post("/sign-out", async (c) => {
    if (c.get("session")) checkCsrf(c, await form(c));
    await Access.signOut(c.get("deps"), c.get("session"));
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: c.get("deps").config.baseUrl.startsWith("https:") });
    return c.redirect("/sign-in", 303);
  });

  // ---- pages
  app.use("/lead", identify);
  app.get("/lead", async (c) => {
    const who = c.get("principal");
    if (who?.kind !== "person") return c.redirect("/sign-in", 303);
    const cycles = await Cycle.listForRegion(c.get("deps"), who.regionId);
    if (!cycles.length)
      return page(c, "confirm.njk", { title: "No cycles yet", paragraphs: ["Your region has no cycle yet."] });
    return c.redirect(`/lead/cycles/${cycles[0]!.id}`, 303);
  });
  app.get("/lead/cycles/:cycleId", async (c) => {
    if (c.get("principal")?.kind !== "person") return c.redirect("/sign-in", 303);
    return renderBoard(c, c.req.param("cycleId"), c.req.query("done"));
  });
  app.post("/lead/cycles/:cycleId/steps", async (c) => {
    const body = await form(c);
    checkCsrf(c, body);
    const { actor } = await managed(c, c.req.param("cycleId"));
    const done = await stepAction(
      c.get("deps"),
      c.req.param("cycleId"),
      Region.Step.parse(body.step),
      body.action ?? "",
      body.reason,
      actor,
    );
    return c.redirect(`/lead/cycles/${c.req.param("cycleId")}?done=${encodeURIComponent(done)}`, 303);
  });
  app.post("/lead/cycles/:cycleId/tasks", async (c) => {
    const body = await form(c);
    checkCsrf(c, body);
    const { actor } = await managed(c, c.req.param("cycleId"));
    const done = await taskAction(
      c.get("deps"),
      c.req.param("cycleId"),
      Region.Step.parse(body.step),
      body.authority ?? "",
      body,
      actor,
    );
    return c.redirect(`/lead/cycles/${c.req.param("cycleId")}?done=${encodeURIComponent(done)}`, 303);
  });
  app.post("/lead/cycles/:cycleId/reopen", async (c) => {
    const body = await form(c);
    checkCsrf(c, body);
    const { cycle, actor } = await managed(c, c.req.param("cycleId"));
    const kind = Submission.FormKind.safeParse(body.form);
    if (!kind.success)
      throw new ValidationError("Choose a form.", [{ path: "form", message: "Choose the form to reopen" }]);
    await Submission.reopen(c.get("deps"), {
      id: Submission.submissionId(cycle.id, kind.data, body.authority ?? ""),
      reason: body.reason ?? "",
      actor,
    });
    return c.redirect(`/lead/cycles/${cycle.id}?done=${encodeURIComponent("The form has been reopened.")}`, 303);
  });
  app.get("/lead/cycles/:cycleId/assignments/:step", async (c) => {
    if (c.get("principal")?.kind !== "person") return c.redirect("/sign-in", 303);
    return renderAssignments(
      c,
      c.req.param("cycleId"),
      Assignments.ReviewStep.parse(c.req.param("step")),
      c.req.query("done"),
    );
  });
  app.post("/lead/cycles/:cycleId/assignments/:step/:action", async (c) => {
    const body = await form(c);
    checkCsrf(c, body);
    const { cycleId } = c.req.param();
    const step = Assignments.ReviewStep.parse(c.req.param("step"));
    const { actor } = await managed(c, cycleId);
    const deps = c.get("deps");
    let done: string;
    switch (c.req.param("action")) {
      case "propose":
        done = `Proposed ${(await Review.proposeAssignments(deps, { cycleId, step, actor })).pairs.length} assignments.`;
        break;
      case "send":
        done = `Sent ${await Review.sendAssignments(deps, { cycleId, step, actor })} assignments.`;
        break;
      case "swap":
        await Review.swap(deps, {
          cycleId,
          step,
          reviewee: body.reviewee ?? "",
          from: body.from ?? "",
          to: body.to ?? "",
          actor,
        });
        done = "The reviewer has been swapped.";
        break;
      default:
        throw new ValidationError("Unknown action.");
    }
    return c.redirect(`/lead/cycles/${cycleId}/assignments/${step}?done=${encodeURIComponent(done)}`, 303);
  });

  // ---- accept or decline from the assignment email (a button, so link scanners change nothing)
  app.get("/r/:token/:decision{accept|decline}", async (c) => {
    const resolved = await Replies.resolveToken(c.get("deps"), c.req.param("token"));
    if (!resolved.ok)
      throw new ForbiddenError(
        "This link is not valid or has expired. Reply to the email instead, or contact your regional lead.",
      );
    const a = await Assignments.get(c.get("deps"), resolved.handle.subject);
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
    const resolved = await Replies.resolveToken(deps, c.req.param("token"));
    if (!resolved.ok)
      throw new ForbiddenError(
        "This link is not valid or has expired. Reply to the email instead, or contact your regional lead.",
      );
    const decision = c.req.param("decision") === "accept" ? "accept" : "decline";
    const who = await deps.store.get<{ pk: string; sk: string; email: string }>({
      pk: `PERSON#${resolved.handle.personId}`,
      sk: "PERSON",
    });
    const { assignment } = await Assignments.recordReply(deps, {
      id: resolved.handle.subject,
      by: who?.email ?? resolved.handle.personId,
      reply: {
        messageId: `web-${decision}-${resolved.handle.id}`,
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

  // ---- JSON API for the same controls
  app.use("/api/cycles/*", requirePrincipal);
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/cycles/{cycleId}/board",
      tags: ["Cycles"],
      security: [{ appSecret: [] }],
      summary: "Every LA × step with its task status (LA contacts see only their LA)",
      request: { params: z.object({ cycleId: CycleIdParam }) },
      responses: {
        ...ok(
          "The board",
          z.object({
            cycleId: z.string(),
            rows: z.array(
              z.object({
                code: z.string(),
                name: z.string(),
                steps: z.record(z.string(), z.object({ status: z.string(), deadline: z.string(), late: z.boolean() })),
              }),
            ),
          }),
        ),
        ...problems,
      },
    }),
    async (c) => {
      const deps = c.get("deps");
      const cycle = await Cycle.get(deps, c.req.valid("param").cycleId);
      const who = c.get("principal");
      const lead = Access.can(who, "read-region", { regionId: cycle.regionId });
      const own = who?.kind === "person" && !lead ? who.authority : undefined;
      Access.require(who, "read-authority", { regionId: cycle.regionId, authority: own });
      const b = await Workflow.board(deps, cycle.id, own);
      return c.json({ cycleId: cycle.id, rows: b.rows }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/cycles/{cycleId}/steps/{step}/{action}",
      tags: ["Cycles"],
      security: [{ appSecret: [] }],
      summary:
        "Open a step now, advance (close it and open the next), close it, or send its reminders now (regional lead)",
      request: {
        params: z.object({
          cycleId: CycleIdParam,
          step: Step,
          action: z.enum(["open", "advance", "close", "remind"]).openapi({ param: { name: "action", in: "path" } }),
        }),
        body: {
          required: false,
          content: { "application/json": { schema: z.object({ reason: z.string().max(500).optional() }) } },
        },
      },
      responses: { ...ok("Done", z.object({ message: z.string() })), ...problems },
    }),
    async (c) => {
      const { cycleId, step, action } = c.req.valid("param");
      const { actor } = await managed(c, cycleId);
      const body = (await c.req.json().catch(() => ({}))) as unknown;
      const reason = z.object({ reason: z.string().max(500).optional() }).safeParse(body);
      return c.json(
        {
          message: await stepAction(
            c.get("deps"),
            cycleId,
            step,
            action,
            reason.success ? reason.data.reason : undefined,
            actor,
          ),
        },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/cycles/{cycleId}/tasks/{step}/{code}",
      tags: ["Cycles"],
      security: [{ appSecret: [] }],
      summary: "Extend one LA's deadline, or waive its task (regional lead)",
      request: {
        params: z.object({
          cycleId: CycleIdParam,
          step: Step,
          code: z
            .string()
            .regex(/^E\d{8}$/)
            .openapi({ param: { name: "code", in: "path" } }),
        }),
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.object({
                action: z.enum(["extend", "waive"]),
                deadline: z.iso.date().optional(),
                reason: z.string().max(500).optional(),
              }),
            },
          },
        },
      },
      responses: { ...ok("Done", z.object({ message: z.string() })), ...problems },
    }),
    async (c) => {
      const { cycleId, step, code } = c.req.valid("param");
      const { actor } = await managed(c, cycleId);
      return c.json({ message: await taskAction(c.get("deps"), cycleId, step, code, c.req.valid("json"), actor) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/cycles/{cycleId}/assignments/{step}",
      tags: ["Cycles"],
      security: [{ appSecret: [] }],
      summary: "Peer-review assignments of a step, with reserves",
      request: { params: z.object({ cycleId: CycleIdParam, step: ReviewStepParam }) },
      responses: {
        ...ok(
          "The assignments",
          z.object({
            assignments: z.array(
              z.object({
                id: z.string(),
                reviewer: z.string(),
                reviewee: z.string(),
                rank: z.number(),
                status: z.string(),
              }),
            ),
          }),
        ),
        ...problems,
      },
    }),
    async (c) => {
      const { cycleId, step } = c.req.valid("param");
      const cycle = await Cycle.get(c.get("deps"), cycleId);
      Access.require(c.get("principal"), "read-region", { regionId: cycle.regionId });
      const list = await Assignments.listForStep(c.get("deps"), cycleId, step);
      return c.json(
        {
          assignments: list.map(({ id, reviewer, reviewee, rank, status }) => ({
            id,
            reviewer,
            reviewee,
            rank,
            status,
          })),
        },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/cycles/{cycleId}/assignments/{step}/{action}",
      tags: ["Cycles"],
      security: [{ appSecret: [] }],
      summary: "Propose (solve), swap one reviewer, or send the assignments (regional lead)",
      request: {
        params: z.object({
          cycleId: CycleIdParam,
          step: ReviewStepParam,
          action: z.enum(["propose", "swap", "send"]).openapi({ param: { name: "action", in: "path" } }),
        }),
        body: {
          required: false,
          content: {
            "application/json": {
              schema: z.object({ reviewee: z.string(), from: z.string(), to: z.string() }).partial(),
            },
          },
        },
      },
      responses: { ...ok("Done", z.object({ message: z.string() })), ...problems },
    }),
    async (c) => {
      const { cycleId, step, action } = c.req.valid("param");
      const { actor } = await managed(c, cycleId);
      const deps = c.get("deps");
      if (action === "propose")
        return c.json(
          {
            message: `Proposed ${(await Review.proposeAssignments(deps, { cycleId, step, actor })).pairs.length} assignments`,
          },
          200,
        );
      if (action === "send")
        return c.json(
          { message: `Sent ${await Review.sendAssignments(deps, { cycleId, step, actor })} assignments` },
          200,
        );
      const body = z
        .object({ reviewee: z.string(), from: z.string(), to: z.string() })
        .safeParse(await c.req.json().catch(() => ({})));
      if (!body.success)
        throw new ValidationError(
          "Say which reviewer to swap.",
          body.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
        );
      await Review.swap(deps, { cycleId, step, ...body.data, actor });
      return c.json({ message: "Swapped" }, 200);
    },
  );
  return app;
}
