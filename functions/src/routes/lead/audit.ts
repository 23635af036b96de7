/** The cycle's audit trail as a page (filter by LA, step, person) and as CSV. */
import type { Hono } from "hono";
import { page, type AppEnv } from "../../context";
import { auditEntries, auditModel, type AuditFilter } from "../../view-models/audit";
import { signedIn, type C } from "./http";

const filterOf = (c: C): AuditFilter => ({
  authority: c.req.query("authority") || undefined,
  step: c.req.query("step") || undefined,
  person: c.req.query("person") || undefined,
  kind: c.req.query("kind") || undefined,
});

export function registerAudit(app: Hono<AppEnv>) {
  app.get("/lead/cycles/:cycleId/audit", async (c) => {
    if (!signedIn(c)) return c.redirect("/sign-in", 303);
    const model = await auditModel(
      c.get("deps"),
      c.get("principal")!,
      c.req.param("cycleId"),
      filterOf(c),
      c.req.query("page"),
    );
    return page(c, "lead-audit.njk", { ...model, filter: filterOf(c) });
  });
  app.get("/lead/cycles/:cycleId/audit.csv", async (c) => {
    if (!signedIn(c)) return c.redirect("/sign-in", 303);
    const { cycle, entries } = await auditEntries(
      c.get("deps"),
      c.get("principal")!,
      c.req.param("cycleId"),
      filterOf(c),
    );
    const { toCsv } = await import("@riia/core/plan-document");
    const rows = entries.map((e) => ({
      at: e.at,
      actor: e.actor.id,
      actorName: e.actor.name,
      action: e.action,
      authority: e.authority,
      entity: `${e.entity.type}:${e.entity.id}`,
      summary: e.summary,
    }));
    return c.body(toCsv(rows, ["at", "actor", "actorName", "action", "authority", "entity", "summary"]), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${cycle.id}-audit.csv"`,
    });
  });
}
