/**
 * The region's early-warning rules on a page: the MDC rules in plain words, which of them open a
 * concern under the region's MoU (the defaults and each theme's or indicator's exception), the
 * spiral and the trigger for other signals. A lead changes one setting at a time with a reason;
 * nothing changes until the confirm page is confirmed; each change is a new version, audited.
 */
import type { Context, Hono } from "hono";
import { Access, DatasetRules, DatasetStore, Mou, Quarters, Region } from "@riia/core";
import { checkSessionCsrf, csrfToken } from "../middleware/csrf";
import { page, type AppEnv } from "../context";
import { form } from "./lead/http";

type C = Context<AppEnv>;
const RULES = DatasetRules.MouRule.options;

async function show(c: C, extra: Record<string, unknown> = {}, status = 200) {
  const deps = c.get("deps");
  const regionId = c.req.param("regionId") ?? "";
  const who = c.get("principal");
  Access.require(who, "read-region", { regionId });
  const [region, settings, catalogue, authorities] = await Promise.all([
    Region.get(deps, regionId),
    DatasetStore.settings(deps, regionId),
    DatasetStore.catalogue(deps, regionId),
    Region.authorities(deps, regionId),
  ]);
  const mou = settings.mou;
  const themeName = (id: string) => region.settings.themes.find((t) => t.id === id)?.label ?? id;
  const indName = (id: string) => catalogue.indicators.find((i) => i.id === id)?.name ?? id;
  const yes = (b: boolean) => (b ? "Opens a concern" : "Shown, does not open a concern");
  c.header("Cache-Control", "no-store");
  return page(
    c,
    "dataset-rules.njk",
    {
      title: "Early-warning rules",
      regionName: region.name,
      regionId,
      version: mou.version,
      action: `/lead/dataset/${regionId}/rules`,
      backLink: `/lead/dataset/${regionId}`,
      csrf: csrfToken(deps, "session", c.get("session") ?? ""),
      canManage: Access.can(who, "manage-region", { regionId }),
      defaults: RULES.map((r) => [{ text: DatasetRules.MOU_RULE_LABELS[r] }, { text: yes(mou.open[r]) }]),
      overrides: mou.overrides.map((o) => [
        { text: o.scope === "theme" ? `Theme: ${themeName(o.id)}` : `Indicator: ${indName(o.id)}` },
        { text: DatasetRules.MOU_RULE_LABELS[o.rule] },
        { text: yes(o.open) },
      ]),
      spiral: mou.spiral,
      trigger: settings.trigger,
      rules: RULES.map((r) => ({ value: r, text: DatasetRules.MOU_RULE_LABELS[r] })),
      themes: region.settings.themes.map((t) => ({ value: t.id, text: t.label })),
      authorities: authorities.map((a) => ({ value: a.code, text: a.name })),
      baselineChanges: settings.baselineChanges.map((b) => [
        { text: authorities.find((a) => a.code === b.authority)?.name ?? b.authority },
        { text: b.indicator ? indName(b.indicator) : "Every indicator" },
        { text: Quarters.label(b.from) },
        { text: b.reason },
        { text: `${b.by}, ${b.at.slice(0, 10)}` },
      ]),
      indicators: catalogue.indicators.map((i) => ({ value: i.id, text: i.name })),
      done: c.req.query("done"),
      ...extra,
    },
    status,
  );
}

/** A lead's post to the region's rules: may manage the region, the form's strings, its CSRF token checked. */
async function managedPost(c: Context<AppEnv>) {
  const regionId = c.req.param("regionId")!;
  const who = c.get("principal");
  Access.require(who, "manage-region", { regionId });
  const body = await form(c);
  checkSessionCsrf(c, body.csrf);
  return { deps: c.get("deps"), regionId, who, body };
}

export function datasetRulesPages(app: Hono<AppEnv>) {
  app.get("/lead/dataset/:regionId/rules", (c) => show(c));
  app.post("/lead/dataset/:regionId/rules", async (c) => {
    const { deps, regionId, who, body } = await managedPost(c);
    const [region, catalogue] = await Promise.all([Region.get(deps, regionId), DatasetStore.catalogue(deps, regionId)]);
    const read = Mou.readChange(body, { themes: region.settings.themes, indicators: catalogue.indicators });
    if (!read.change)
      return show(c, { errors: read.errors.map((e) => ({ text: e.message, href: `#${e.field}` })), posted: body }, 400);
    const names = (scope: "theme" | "indicator", id: string) =>
      scope === "theme"
        ? (region.settings.themes.find((t) => t.id === id)?.label ?? id)
        : (catalogue.indicators.find((i) => i.id === id)?.name ?? id);
    const words = Mou.describe(read.change, names);
    // Nothing changes on the first post: the lead confirms the change in words first.
    if (body.confirm !== "yes") return show(c, { confirm: { words, reason: read.reason, fields: body } });
    const after = await Mou.change(deps, {
      regionId,
      change: read.change,
      reason: read.reason,
      words,
      actor: Access.actorOf(who!),
    });
    return c.redirect(
      `/lead/dataset/${regionId}/rules?done=${encodeURIComponent(`Version ${after.version}: ${words}.`)}`,
      303,
    );
  });
  app.post("/lead/dataset/:regionId/rules/baseline", async (c) => {
    const { deps, regionId, who, body } = await managedPost(c);
    const [authorities, catalogue] = await Promise.all([
      Region.authorities(deps, regionId),
      DatasetStore.catalogue(deps, regionId),
    ]);
    const read = Mou.readBaseline(body, { authorities, indicators: catalogue.indicators });
    if (!read.change)
      return show(
        c,
        { errors: read.errors.map((e) => ({ text: e.message, href: `#${e.field}` })), postedBaseline: body },
        400,
      );
    const la = authorities.find((a) => a.code === read.change!.authority)!.name;
    const ind = read.change.indicator
      ? catalogue.indicators.find((i) => i.id === read.change!.indicator)!.name.toLowerCase()
      : "every indicator";
    const words = `A new baseline for ${la}'s ${ind} from ${Quarters.label(read.change.from)}`;
    // Nothing changes on the first post: the lead confirms first.
    if (body.confirm !== "yes")
      return show(c, { confirmBaseline: { words, reason: read.change.reason, fields: body } });
    await Mou.recordBaseline(deps, { regionId, change: read.change, words, actor: Access.actorOf(who!) });
    return c.redirect(`/lead/dataset/${regionId}/rules?done=${encodeURIComponent(`${words}.`)}`, 303);
  });
}
