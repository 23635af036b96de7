/**
 * The lead's pages that set up the region's dataset: the indicator catalogue (a draft edited with
 * plain forms, compared with the published version, published as a new version only when it checks
 * clean) and statistical neighbours (each LA's list and where it comes from; a CSV import checked
 * line by line, previewed, then confirmed). No JavaScript needed.
 */
import { createHash } from "node:crypto";
import type { Hono, Context } from "hono";
import { Access, CatalogueDraft, Neighbours, Quarters, Region, ValidationError } from "@riia/core";
import { checkSessionCsrf, csrfToken } from "../middleware/csrf";
import { page, type AppEnv } from "../context";
import { csvFrom } from "../charts/import-view";
import {
  catalogueModel,
  indicatorModel,
  neighboursModel,
  neighboursPreview,
  problemLinks,
} from "../view-models/dataset-admin";

type C = Context<AppEnv>;
type Issue = { path: string; message: string };
const UPLOADS = "neighbour-imports";

const regionOf = (c: C) => c.req.param("regionId") ?? "";

/** The signed-in person, allowed `action` in the page's region. */
function person(c: C, action: Access.Action) {
  const who = c.get("principal");
  Access.require(who, action, { regionId: regionOf(c) });
  return who!;
}
const csrfOf = (c: C) => csrfToken(c.get("deps"), "session", c.get("session") ?? "");
const canManage = (c: C) => Access.can(c.get("principal"), "manage-region", { regionId: regionOf(c) });

/** The posted fields (a file stays a File), once its session CSRF token is checked. */
async function readBody(c: C) {
  const body = (await c.req.parseBody()) as Record<string, string | File>;
  checkSessionCsrf(c, body.csrf);
  return body;
}
const text = (v: string | File | undefined) => (typeof v === "string" ? v : "");

// ---- the catalogue

async function showCatalogue(c: C, issues: Issue[] = [], status = 200) {
  const deps = c.get("deps");
  const regionId = regionOf(c);
  const [state, region] = await Promise.all([CatalogueDraft.load(deps, regionId), Region.get(deps, regionId)]);
  c.header("Cache-Control", "no-store");
  const model = catalogueModel(regionId, region, state, csrfOf(c));
  const errors = problemLinks(state.draft, issues);
  return page(
    c,
    "dataset-catalogue.njk",
    { ...model, canManage: canManage(c), done: c.req.query("done"), errors },
    status,
  );
}

/** The edit a posted form asks for (buttons say what they do in their value: "edit:<place>:<id>"). */
function editOf(b: Record<string, string | File>): CatalogueDraft.Edit | undefined {
  const [op, at = "", id = ""] = text(b.op).split(":");
  const place = Number.parseInt(at, 10);
  const wording = {
    name: text(b.name),
    definition: text(b.definition),
    theme: text(b.theme),
    polarity: text(b.polarity),
    min: text(b.min),
    max: text(b.max),
    aliases: typeof b.aliases === "string" ? b.aliases : undefined,
  };
  if (op === "edit") return { op, at: place, id, ...wording };
  if (op === "remove") return { op, at: place, id };
  if (op === "add" && text(b.id).trim() && text(b.name).trim())
    return { op, id: text(b.id), unit: text(b.unit), source: text(b.source), ...wording };
  return undefined;
}

async function editCatalogue(c: C) {
  const who = person(c, "manage-region");
  const deps = c.get("deps");
  const regionId = regionOf(c);
  const b = await readBody(c);
  const base = `/lead/dataset/${regionId}/catalogue`;
  if (b.op === "discard") {
    await CatalogueDraft.discardDraft(deps, regionId);
    return c.redirect(base, 303);
  }
  const edit = editOf(b);
  if (!edit) {
    const message = b.op === "add" ? "Give the new indicator an id and a name" : "Choose a change from the page";
    return showCatalogue(c, [{ path: b.op === "add" ? "#new-id" : "#changes", message }], 400);
  }
  const state = await CatalogueDraft.load(deps, regionId);
  try {
    const indicators = CatalogueDraft.applyEdit(state.draft, edit);
    const actor = Access.actorOf(who);
    await CatalogueDraft.saveDraft(deps, { regionId, indicators, basedOn: state.published.version, actor });
    const at = edit.op === "add" ? indicators.length - 1 : edit.op === "edit" ? edit.at : undefined;
    return c.redirect(`${base}${at === undefined ? "#changes" : `#indicator-${at}`}`, 303);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    return showCatalogue(c, err.issues, 400);
  }
}

async function publishCatalogue(c: C) {
  const who = person(c, "manage-region");
  const deps = c.get("deps");
  const regionId = regionOf(c);
  await readBody(c);
  const region = await Region.get(deps, regionId);
  try {
    const themes = region.settings.themes.map((t) => t.id);
    const done = await CatalogueDraft.publishDraft(deps, { regionId, themes, actor: Access.actorOf(who) });
    return c.redirect(`/lead/dataset/${regionId}/catalogue?done=${done.version}`, 303);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    return showCatalogue(c, err.issues, 400);
  }
}

async function showIndicator(c: C) {
  person(c, "manage-region");
  const deps = c.get("deps");
  const regionId = regionOf(c);
  const [state, region] = await Promise.all([CatalogueDraft.load(deps, regionId), Region.get(deps, regionId)]);
  const model = indicatorModel(regionId, region, state, Number(c.req.param("at")), csrfOf(c));
  if (!model) return c.notFound();
  c.header("Cache-Control", "no-store");
  return page(c, "dataset-indicator.njk", model);
}

// ---- statistical neighbours

/** The quarter asked for, if any (else the domain picks the latest most of the region has sent). */
const quarterOf = (c: C) => {
  const q = c.req.query("quarter");
  return q && Quarters.isQuarter(q) ? q : undefined;
};

async function showNeighbours(c: C, extra: Record<string, unknown> = {}, status = 200) {
  const deps = c.get("deps");
  const regionId = regionOf(c);
  const [region, n] = await Promise.all([
    Region.get(deps, regionId),
    Neighbours.regionNeighbours(deps, regionId, quarterOf(c)),
  ]);
  const preview = extra.changes
    ? neighboursPreview(n, extra.changes as Neighbours.NeighbourChange[], extra.named as number)
    : undefined;
  return page(
    c,
    "dataset-neighbours.njk",
    { ...neighboursModel(regionId, region, n), csrf: csrfOf(c), canManage: canManage(c), preview, ...extra },
    status,
  );
}

async function importNeighbours(c: C) {
  const who = person(c, "manage-region");
  const deps = c.get("deps");
  const regionId = regionOf(c);
  const b = await readBody(c);
  const confirm = b.confirm === "yes";
  try {
    const csv = await csvFrom(deps, b, UPLOADS);
    const r = await Neighbours.importCsv(deps, { regionId, csv, actor: Access.actorOf(who), dryRun: !confirm });
    if (confirm) return c.redirect(`/lead/dataset/${regionId}/neighbours?done=${r.written}`, 303);
    if (!r.changes.length) return showNeighbours(c, { unchanged: r.authorities });
    const upload = createHash("sha256").update(csv).digest("hex").slice(0, 32);
    await deps.blobs.put(`${UPLOADS}/${upload}.csv`, csv, { contentType: "text/csv" });
    return showNeighbours(c, { changes: r.changes, named: r.authorities, upload });
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const errors = err.issues.map((i) => ({ text: i.message, href: "#file" }));
    return showNeighbours(c, { errors, summary: err.message }, 400);
  }
}

export function datasetAdminPages(app: Hono<AppEnv>) {
  app.get("/lead/dataset/:regionId/catalogue", (c) => (person(c, "read-region"), showCatalogue(c)));
  app.post("/lead/dataset/:regionId/catalogue", editCatalogue);
  app.post("/lead/dataset/:regionId/catalogue/publish", publishCatalogue);
  app.get("/lead/dataset/:regionId/catalogue/indicators/:at{[0-9]+}", showIndicator);
  app.get("/lead/dataset/:regionId/neighbours", (c) => {
    person(c, "read-region");
    return showNeighbours(c, { done: c.req.query("done") });
  });
  app.post("/lead/dataset/:regionId/neighbours", importNeighbours);
}
