/**
 * The reviewed LA's pages, reached from its own links: its reviews of a step with a short response per review
 * (`/r/:token/reviews`, the link in the "your reviews are ready" email), and its development plan's answers to
 * its peer-scrutiny recommendations (from that link, and from the development plan form's task list).
 */
import { Hono, type Context } from "hono";
import { NotFoundError, Recommendations, ReviewNotice, ReviewsRead, ValidationError, type People } from "@riia/core";
import { page, type AppEnv } from "../../context";
import { checkCsrf, csrfToken } from "../../middleware/csrf";
import { showRegion } from "../../middleware/region";
import { openForm } from "../form-session";
import { recommendationsModel, revieweeReviewsModel, type PageError } from "../../view-models/reviews-received";

type C = Context<AppEnv>;
const TOKEN = ":token{[a-z2-7]{28}}";

async function fields(c: C): Promise<Record<string, string>> {
  const type = c.req.header("content-type") ?? "";
  if (!type.includes("application/x-www-form-urlencoded") && !type.includes("multipart/form-data"))
    throw new ValidationError("Send the form as a web form.");
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === "string"));
}

const errorsOf = (err: ValidationError, href: (path: string) => string): PageError[] =>
  (err.issues.length ? err.issues : [{ path: "", message: err.message }]).map((i) => ({
    text: i.message,
    href: href(i.path),
  }));

async function reader(c: C) {
  const s = await ReviewNotice.openReader(c.get("deps"), c.req.param("token") ?? "");
  showRegion(c, s.cycle.regionId);
  return { s, csrf: csrfToken(c.get("deps"), "form-link", `reviews|${s.token}`) };
}

/** Where the recommendations page is, whose they are and how its form is protected. */
interface PlanPlace {
  cycleId: string;
  regionId: string;
  reviewee: string;
  person: People.Person;
  csrf: string;
  /** What the CSRF token is bound to: the reader's token, or the form link's id. */
  binding: string;
  action: string;
  backHref: string;
}

async function planFromReader(c: C): Promise<PlanPlace> {
  const { s, csrf } = await reader(c);
  if (s.step !== "peer-scrutiny") throw new NotFoundError("There are no recommendations here.");
  const action = `/r/${s.token}/recommendations`;
  const base = { cycleId: s.cycle.id, regionId: s.cycle.regionId, reviewee: s.reviewee.code, person: s.person };
  return { ...base, csrf, binding: `reviews|${s.token}`, action, backHref: `/r/${s.token}/reviews` };
}

async function planFromForm(c: C): Promise<PlanPlace> {
  const session = await openForm(c, c.req.param("token") ?? "");
  if (session.submission.form !== "development-plan") throw new NotFoundError("There are no recommendations here.");
  return {
    cycleId: session.cycle.id,
    regionId: session.region.id,
    reviewee: session.submission.authority,
    person: session.person,
    csrf: csrfToken(c.get("deps"), "form-link", session.link.id),
    binding: session.link.id,
    action: `/f/${session.token}/recommendations`,
    backHref: `/f/${session.token}`,
  };
}

function registerRecommendations(app: Hono<AppEnv>, path: string, place: (c: C) => Promise<PlanPlace>) {
  app.get(path, async (c) => {
    const p = await place(c);
    return page(c, "plan-recommendations.njk", {
      ...(await recommendationsModel(c.get("deps"), p, { csrf: p.csrf, action: p.action, backHref: p.backHref })),
      done: c.req.query("done") ? "Your answers have been saved." : undefined,
    });
  });
  app.post(path, async (c) => {
    const deps = c.get("deps");
    const p = await place(c);
    const body = await fields(c);
    checkCsrf(deps, "form-link", p.binding, body.csrf);
    const answers: Record<string, { response?: string; detail?: string }> = {};
    for (const [k, v] of Object.entries(body)) {
      const m = /^(response|detail)-([A-Za-z0-9-]{1,40})$/.exec(k);
      if (m) answers[m[2]!] = { ...answers[m[2]!], [m[1]!]: v };
    }
    try {
      await Recommendations.saveAnswers(deps, { cycleId: p.cycleId, reviewee: p.reviewee, answers }, p.person);
      return c.redirect(`${p.action}?done=1`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const errors = errorsOf(err, (path) => `#${path}`);
      return page(
        c,
        "plan-recommendations.njk",
        {
          ...(await recommendationsModel(deps, p, {
            csrf: p.csrf,
            action: p.action,
            backHref: p.backHref,
            errors,
            posted: answers,
          })),
          errors,
        },
        400,
      );
    }
  });
}

export function revieweeRoutes() {
  const app = new Hono<AppEnv>();
  // Link tokens are credentials: pages behind them are never cached.
  app.use("/r/*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
  });
  app.get(`/r/${TOKEN}/reviews`, async (c) => {
    const { s, csrf } = await reader(c);
    const model = await revieweeReviewsModel(c.get("deps"), s, { csrf, action: `/r/${s.token}/reviews` });
    return page(c, "reviews-read.njk", {
      ...model,
      done: c.req.query("done") ? "Your response has been saved." : undefined,
    });
  });
  app.post(`/r/${TOKEN}/reviews`, async (c) => {
    const deps = c.get("deps");
    const { s, csrf } = await reader(c);
    const body = await fields(c);
    checkCsrf(deps, "form-link", `reviews|${s.token}`, body.csrf);
    const reviewer = body.reviewer ?? "";
    const text = body.text ?? "";
    try {
      await ReviewsRead.saveReply(
        deps,
        { cycleId: s.cycle.id, step: s.step, reviewee: s.reviewee.code, reviewer, text },
        s.person,
      );
      return c.redirect(`/r/${s.token}/reviews?done=1#review-${encodeURIComponent(reviewer)}`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const errors = errorsOf(err, () => `#text-${reviewer}`);
      const model = await revieweeReviewsModel(deps, s, {
        csrf,
        action: `/r/${s.token}/reviews`,
        errors,
        posted: { reviewer, text },
      });
      return page(c, "reviews-read.njk", model, 400);
    }
  });
  registerRecommendations(app, `/r/${TOKEN}/recommendations`, planFromReader);
  registerRecommendations(app, "/f/:token/recommendations", planFromForm);
  return app;
}
