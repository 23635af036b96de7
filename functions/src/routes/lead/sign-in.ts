/** Sign in by emailed link, and sign out. The emailed link shows a button: mail scanners must not use it up. */
import { Hono } from "hono";
import { Access, Region, type Deps } from "@riia/core";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { page, type AppEnv } from "../../context";
import { SESSION_COOKIE } from "../../middleware/auth";
import { checkVisitorCsrf, visitorCsrf } from "../../middleware/csrf-visitor";
import { checkCsrf, form } from "./http";

const regionItems = async (deps: Deps, chosen?: string) => [
  { value: "", text: "Choose your region" },
  ...(await Region.list(deps)).map((r) => ({ value: r.id, text: r.name, selected: r.id === chosen })),
  { value: Access.NATIONAL, text: "National (DfE, LGA, national coordinator)", selected: chosen === Access.NATIONAL },
];

export function registerSignIn(app: Hono<AppEnv>) {
  app.get("/sign-in", async (c) =>
    page(c, "sign-in.njk", { title: "Sign in", regions: await regionItems(c.get("deps")), csrf: visitorCsrf(c) }),
  );
  app.post("/sign-in", async (c) => {
    const deps = c.get("deps");
    const body = await form(c);
    checkVisitorCsrf(c, body.csrf);
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
          csrf: visitorCsrf(c),
          errors,
          email,
          regions: await regionItems(deps, body.region),
          regionError: errors.find((e) => e.href === "#region")?.text,
          emailError: errors.find((e) => e.href === "#email")?.text,
        },
        400,
      );
    }
    if (body.region !== Access.NATIONAL) await Region.get(deps, body.region!);
    await Access.requestSignIn(deps, { regionId: body.region!, email });
    return page(c, "confirm.njk", {
      title: "Check your email",
      paragraphs: [
        `If ${email} is registered for this region, we have sent a sign-in link to it. The link expires in ${Access.SIGN_IN_MINUTES} minutes.`,
      ],
    });
  });
  app.get("/s/:token", (c) =>
    page(c, "confirm.njk", {
      title: "Sign in",
      paragraphs: ["Select the button to finish signing in."],
      action: `/s/${c.req.param("token")}`,
      button: "Sign in",
      csrf: visitorCsrf(c),
    }),
  );
  app.post("/s/:token", async (c) => {
    const deps = c.get("deps");
    checkVisitorCsrf(c, (await form(c)).csrf);
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
}

/**
 * Sign-in on its own (the console mounts it after leadRoutes, whose middleware it keeps): every console visit starts
 * here, and the console function loads it without the rest of the console (console-groups.ts).
 */
export function signInRoutes() {
  const app = new Hono<AppEnv>();
  registerSignIn(app);
  return app;
}
