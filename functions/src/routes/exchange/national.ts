/** The national coordinator convenes a cross-region task-and-finish group (a form, a confirmation page, then invitations). */
import type { Hono } from "hono";
import { Exchange, ForbiddenError } from "@riia/core";
import { page, type AppEnv } from "../../context";
import { csrfToken } from "../../middleware/csrf";
import { groupChoices, groupConfirm } from "../../view-models/exchange-national";
import { allOf, confirmed, renderConfirm } from "../lead/confirm";
import { checkCsrf, doneRedirect, form, person, signedIn, type C } from "../lead/http";
import { pageErrors, type PageError } from "../lead/page-errors";

function coordinator(c: C) {
  const who = person(c);
  if (!Exchange.isCoordinator(who))
    throw new ForbiddenError("Only the national coordinator can convene a cross-region group.");
  return who;
}

async function renderGroupForm(
  c: C,
  theme: string,
  errors: PageError[] = [],
  values: Record<string, string> = {},
  chosen: string[] = [],
) {
  const { choices, themes } = await groupChoices(c.get("deps"), theme);
  const fieldErrors = Object.fromEntries(errors.filter((e) => e.field).map((e) => [e.field!, e.text]));
  return page(
    c,
    "lead-exchange-group.njk",
    {
      title: "Convene a cross-region task-and-finish group",
      theme,
      themeItems: [
        { value: "", text: "Choose" },
        ...[...new Map(themes.map((t) => [t.id, t])).values()].map((t) => ({
          value: t.id,
          text: t.label,
          selected: t.id === theme,
        })),
      ],
      choices: choices.map((o) => ({ ...o, checked: chosen.includes(o.value) })),
      values,
      csrf: csrfToken(c.get("deps"), "session", c.get("session")!),
      errors: errors.length ? errors : undefined,
      fieldErrors,
    },
    errors.length ? 400 : 200,
  );
}

export function registerExchangeNational(app: Hono<AppEnv>) {
  app.get("/lead/national/groups", async (c) => {
    if (!signedIn(c)) return c.redirect("/sign-in", 303);
    coordinator(c);
    return renderGroupForm(c, c.req.query("theme") ?? "");
  });
  app.post("/lead/national/groups", async (c) => {
    const body = await form(c);
    checkCsrf(c, body);
    const who = coordinator(c);
    const chosen = await allOf(c, "authorities");
    const theme = body.theme ?? "";
    if (body.intent === "choose") return renderGroupForm(c, theme, [], body, chosen);
    const { choices, themeLabel } = await groupChoices(c.get("deps"), theme);
    const errors: PageError[] = [];
    if (!themeLabel) errors.push({ href: "#theme", text: "Choose a theme", field: "theme" });
    if ((body.title ?? "").trim().length < 3)
      errors.push({ href: "#title", text: "Give the group a name", field: "title" });
    if (!chosen.length)
      errors.push({ href: "#authorities", text: "Choose the local authorities to invite", field: "authorities" });
    if (errors.length) return renderGroupForm(c, theme, errors, body, chosen);
    try {
      if (!confirmed(body)) {
        await Exchange.checkGroup(c.get("deps"), chosen);
        const csrf = csrfToken(c.get("deps"), "session", c.get("session")!);
        return renderConfirm(
          c,
          groupConfirm({ theme, themeLabel: themeLabel!, title: body.title!.trim(), chosen, choices }, csrf),
        );
      }
      const group = await Exchange.convene(c.get("deps"), { who, theme, title: body.title!, authorities: chosen });
      return doneRedirect(
        c,
        "/lead/national",
        `"${group.title}" is convened; ${group.authorities.length} local authorities are invited.`,
      );
    } catch (err) {
      return renderGroupForm(
        c,
        theme,
        pageErrors(err, { title: "title", authorities: "authorities", theme: "theme" }),
        body,
        chosen,
      );
    }
  });
}
