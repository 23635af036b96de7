/**
 * The quarterly core dataset over HTTP: the LA's return form from an emailed link (/d/…), the
 * lead's pages (heat map, LA indicator page, CSV import with preview, exports). Its JSON API is in
 * routes/api/dataset.ts, so the pages function does not carry it.
 */
import { createHash } from "node:crypto";
import { Hono, type Context } from "hono";
import {
  Access,
  Audit,
  Concerns,
  DatasetImport,
  Neighbours,
  Quarters,
  Region,
  Returns,
  ValidationError,
  Warning,
  type Deps,
} from "@riia/core";
import { checkCsrf as checkToken, checkSessionCsrf, csrfToken } from "../middleware/csrf";
import { page, type AppEnv } from "../context";
import { showRegion } from "../middleware/region";
import { heatMapModel, laModel, toCsv, govukHead, govukRows } from "../charts/models";
import { returnModel } from "../charts/return-form";
import { csvFrom, previewModel } from "../charts/import-view";
import { datasetAdminPages } from "./dataset-admin";
import { methodOf } from "../view-models/dataset-admin";
import { datasetRulesPages } from "./dataset-rules";
import { datasetRoundsPages } from "./dataset-rounds";

type C = Context<AppEnv>;

/** The signed-in person (pages), allowed `action` in the region. */
function personFor(c: C, regionId: string, action: Access.Action) {
  const who = c.get("principal");
  Access.require(who, action, { regionId });
  return who!;
}
const quarterOf = (c: C, deps: Deps) => {
  const q = c.req.query("quarter");
  return q && Quarters.isQuarter(q) ? q : Quarters.lastEnded(deps.clock.now());
};

async function renderReturn(
  c: C,
  token: string,
  extra: {
    errors?: { field: string; message: string }[];
    prompts?: { indicator: string; message: string }[];
    posted?: Record<string, string>;
  } = {},
  status = 200,
) {
  const deps = c.get("deps");
  const s = await Returns.session(deps, token);
  showRegion(c, s.link.regionId);
  c.header("Cache-Control", "no-store");
  return page(
    c,
    "dataset-return.njk",
    { ...returnModel(s, extra), action: `/d/${token}`, csrf: csrfToken(deps, "form-link", s.link.id) },
    status,
  );
}

function returnPages(app: Hono<AppEnv>) {
  app.get("/d/:token", (c) => renderReturn(c, c.req.param("token")));
  app.post("/d/:token", async (c) => {
    const deps = c.get("deps");
    const token = c.req.param("token");
    const s = await Returns.session(deps, token);
    const body = Object.fromEntries(
      Object.entries(await c.req.parseBody()).filter((e): e is [string, string] => typeof e[1] === "string"),
    );
    checkToken(deps, "form-link", s.link.id, body.csrf);
    const checked = Returns.check(s, body);
    if (checked.errors.length || checked.prompts.length)
      return renderReturn(c, token, { errors: checked.errors, prompts: checked.prompts, posted: body }, 400);
    await Returns.submit(deps, s, checked);
    // Checks on every change: a return re-runs the early-warning checks for its LA now (the daily run catches a failure).
    await Concerns.checkAfterChange(deps, {
      changes: [{ regionId: s.link.regionId, authority: s.authority.code, quarter: s.quarter }],
      actor: Audit.systemActor("early-warning"),
    }).catch((err: unknown) => deps.log.warn({ err }, "early-warning check after a return failed"));
    showRegion(c, s.link.regionId);
    return page(c, "dataset-return-done.njk", {
      title: "Figures sent",
      authorityName: s.authority.name,
      quarter: Quarters.label(s.quarter),
    });
  });
}

function leadPages(app: Hono<AppEnv>) {
  app.get("/lead/dataset/:regionId", async (c) => {
    const deps = c.get("deps");
    const regionId = c.req.param("regionId");
    const who = personFor(c, regionId, "read-region");
    const quarter = quarterOf(c, deps);
    const [ew, region] = await Promise.all([Warning.earlyWarning(deps, regionId, quarter), Region.get(deps, regionId)]);
    const m = heatMapModel(ew);
    return page(c, "dataset-region.njk", {
      title: `Core dataset, ${Quarters.label(quarter)}`,
      regionName: region.name,
      regionId,
      quarter,
      previous: Quarters.shift(quarter, -1),
      next: Quarters.shift(quarter, 1),
      svg: m.svg,
      head: govukHead(m.table),
      rows: govukRows(m.table),
      las: m.las,
      canManage: Access.can(who, "manage-region", { regionId }),
      csrf: c.get("session") ? csrfToken(deps, "session", c.get("session")!) : "",
      done: c.req.query("done"),
    });
  });
  app.get("/lead/dataset/:regionId/export/:file{heat-map\\.(csv|json)}", async (c) => {
    const deps = c.get("deps");
    const regionId = c.req.param("regionId");
    personFor(c, regionId, "read-region");
    const m = heatMapModel(await Warning.earlyWarning(deps, regionId, quarterOf(c, deps)));
    if (c.req.param("file").endsWith(".json")) return c.json(m.table);
    return c.body(toCsv(m.table), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="heat-map.csv"',
    });
  });
  app.get("/lead/dataset/:regionId/la/:code", async (c) => {
    const deps = c.get("deps");
    const regionId = c.req.param("regionId");
    personFor(c, regionId, "read-region");
    const quarter = quarterOf(c, deps);
    const code = c.req.param("code").replace(/\.(csv|json)$/, "");
    const [ew, n] = await Promise.all([
      Warning.earlyWarning(deps, regionId, quarter, { neighbourHistory: true }),
      Neighbours.regionNeighbours(deps, regionId, quarter),
    ]);
    const m = laModel(ew, code);
    const own = n.authorities.find((a) => a.code === code);
    if (!m) return c.notFound();
    if (c.req.param("code").endsWith(".json")) return c.json(m.exportTable);
    if (c.req.param("code").endsWith(".csv"))
      return c.body(toCsv(m.exportTable), 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${code}-${quarter}.csv"`,
      });
    return page(c, "dataset-la.njk", {
      title: `${m.name}: core dataset`,
      quarterLabel: Quarters.label(quarter),
      regionId,
      quarter,
      code,
      backLink: `/lead/dataset/${regionId}?quarter=${quarter}`,
      signals: m.signals.map((s) => s.explanation),
      neighbours: own
        ? { names: own.neighbours.map((x) => x.name).join(", ") || "None yet", method: methodOf(n, own) }
        : undefined,
      improvements: m.improvements,
      indicators: m.indicators.map((i) => ({ ...i, head: govukHead(i.table), rows: govukRows(i.table) })),
    });
  });
}

function importPages(app: Hono<AppEnv>) {
  const view = (c: C, regionId: string, extra: Record<string, unknown>, status = 200) =>
    page(
      c,
      "dataset-import.njk",
      {
        title: "Import core dataset figures",
        regionId,
        action: `/lead/dataset/${regionId}/import`,
        csrf: csrfToken(c.get("deps"), "session", c.get("session") ?? ""),
        backLink: `/lead/dataset/${regionId}`,
        ...extra,
      },
      status,
    );
  app.get("/lead/dataset/:regionId/import", (c) => {
    personFor(c, c.req.param("regionId"), "manage-region");
    return view(c, c.req.param("regionId"), {});
  });
  app.post("/lead/dataset/:regionId/import", async (c) => {
    const deps = c.get("deps");
    const regionId = c.req.param("regionId");
    const who = personFor(c, regionId, "manage-region");
    const all = await c.req.parseBody({ all: true });
    const one = (v: unknown) => (Array.isArray(v) ? v[0] : v) as string | File;
    const body = Object.fromEntries(Object.entries(all).map(([k, v]) => [k, one(v)]));
    checkSessionCsrf(c, body.csrf);
    const confirm = body.confirm === "yes";
    const replace = [all.replace ?? []].flat().filter((v): v is string => typeof v === "string");
    try {
      const csv = await csvFrom(deps, body);
      const actor = Access.actorOf(who);
      const r = await DatasetImport.importCsv(deps, {
        regionId,
        csv,
        dryRun: !confirm,
        national: false,
        actor,
        replace,
      });
      const upload = createHash("sha256").update(csv).digest("hex").slice(0, 32);
      const refusedHref = `/lead/dataset/${regionId}/import/${upload}/refused.csv`;
      if (confirm) {
        // Checks on every change: the import re-runs the early-warning checks for the LAs it touched.
        const opened = await Concerns.checkAfterChange(deps, { changes: r.touched, actor });
        const names = opened.map((x) => `${x.authorityName}${x.urgent ? " (urgent)" : ""}`);
        return view(c, regionId, {
          done: `Imported ${r.changes.length} figures for ${r.written} local authority quarters.${opened.length ? ` The early-warning checks opened ${opened.length} concern${opened.length === 1 ? "" : "s"}: ${names.join(", ")}.` : " The early-warning checks opened no new concern."}`,
          result: previewModel(r),
          refusedHref,
        });
      }
      await deps.blobs.put(`dataset-imports/${upload}.csv`, csv, { contentType: "text/csv" });
      return view(c, regionId, { preview: previewModel(r), upload, refusedHref });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return view(
        c,
        regionId,
        { errors: err.issues.map((i) => ({ text: i.message, href: "#file" })), summary: err.message },
        400,
      );
    }
  });
}

/** The refused rows of a checked file as CSV. */
function refusedRowsPage(app: Hono<AppEnv>) {
  // The refused rows of a checked file, to fix and import again: worked out again from the file kept at preview.
  app.get("/lead/dataset/:regionId/import/:upload{[a-f0-9]{32}}/refused.csv", async (c) => {
    const deps = c.get("deps");
    const regionId = c.req.param("regionId");
    const who = personFor(c, regionId, "manage-region");
    const blob = await deps.blobs.get(`dataset-imports/${c.req.param("upload")}.csv`);
    if (!blob) return c.notFound();
    const csv = new TextDecoder().decode(blob);
    const r = await DatasetImport.importCsv(deps, {
      regionId,
      csv,
      dryRun: true,
      national: false,
      actor: Access.actorOf(who),
    });
    return c.body(r.refusedCsv, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="refused-rows.csv"',
      "cache-control": "no-store",
    });
  });
}

export function datasetRoutes() {
  const app = new Hono<AppEnv>();
  returnPages(app);
  leadPages(app);
  importPages(app);
  refusedRowsPage(app);
  datasetAdminPages(app);
  datasetRulesPages(app);
  datasetRoundsPages(app);
  return app;
}
