/**
 * The quarterly core dataset in the JSON API: `importDataset`, `getEarlyWarning`, `scheduleDatasetRound`,
 * `getDatasetCatalogue`.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  Access,
  Collection,
  Concerns,
  DatasetStore,
  EarlyWarning,
  DatasetImport,
  Quarters,
  Region,
  Warning,
} from "@riia/core";
import type { AppEnv } from "../../context";
import { requirePrincipal } from "../../middleware/auth";
import { RegionId, secured } from "./reference-schemas";
import { Indicator } from "./domain-schemas";

const QuarterQuery = z
  .string()
  .regex(/^\d{4}-Q[1-4]$/)
  .optional()
  .openapi({ param: { name: "quarter", in: "query" }, example: "2026-Q2" });

const problems = {
  400: { description: "Not valid" },
  401: { description: "Not signed in" },
  403: { description: "Not allowed" },
  404: { description: "Not found" },
};

const importDataset = createRoute({
  method: "post",
  path: "/api/regions/{regionId}/dataset/import",
  operationId: "importDataset",
  tags: ["Dataset"],
  security: secured,
  summary:
    "Import core dataset figures from a CSV in DfE's explore-education-statistics tidy form, long or wide (dryRun: the same account without writing). Rows that read cleanly go in; every change, refused row (with its line) and warning is listed. A not-published symbol never replaces a held figure unless its key is in replace. With the app secret, rows for any English LA are accepted.",
  request: {
    params: z.object({ regionId: RegionId }),
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({
            csv: z.string().min(1).max(10_000_000),
            dryRun: z.boolean().default(false),
            replace: z.array(z.string().max(200)).max(10_000).optional().openapi({
              description:
                'Keys (from withheld[].key of a dry run) of held figures to replace with "not published"; others are kept',
            }),
          }),
        },
      },
    },
  },
  responses: {
    200: {
      description: "Checked (and written unless dryRun)",
      content: {
        "application/json": {
          schema: z.object({
            rows: z.number(),
            written: z.number(),
            quarters: z.array(z.string()),
            dryRun: z.boolean(),
            changes: z.array(
              z.object({
                level: z.enum(["local authority", "regional", "national"]),
                authority: z.string(),
                name: z.string(),
                quarter: z.string(),
                indicator: z.string(),
                from: z.number().nullable().optional(),
                to: z.number().nullable(),
                why: z.string().optional(),
              }),
            ),
            refused: z.array(z.object({ line: z.number(), reason: z.string(), cells: z.array(z.string()) })),
            warnings: z.array(z.object({ line: z.number().optional(), message: z.string() })),
            withheld: z.array(
              z.object({
                key: z.string(),
                level: z.string(),
                authority: z.string(),
                name: z.string(),
                quarter: z.string(),
                indicator: z.string(),
                held: z.number(),
                symbol: z.string(),
                why: z.string(),
                replaced: z.boolean(),
              }),
            ),
            refusedCsv: z.string(),
          }),
        },
      },
    },
    ...problems,
  },
});

const getEarlyWarning = createRoute({
  method: "get",
  path: "/api/regions/{regionId}/early-warning",
  operationId: "getEarlyWarning",
  tags: ["Dataset"],
  security: secured,
  summary:
    "Signals per LA for a quarter (default: the last quarter ended), each with its plain-words explanation and evidence, and the LA's benchmarks",
  request: { params: z.object({ regionId: RegionId }), query: z.object({ quarter: QuarterQuery }) },
  responses: {
    200: {
      description: "Signals and benchmarks per LA",
      content: {
        "application/json": {
          schema: z.object({
            regionId: z.string(),
            quarter: z.string(),
            catalogueVersion: z.number(),
            authorities: z.array(
              z.object({
                authority: z.string(),
                name: z.string(),
                concernThemes: z.array(z.string()),
                signals: z.array(z.record(z.string(), z.unknown())),
                benchmarks: z.array(z.record(z.string(), z.unknown())),
              }),
            ),
          }),
        },
      },
    },
    ...problems,
  },
});

const scheduleDatasetRound = createRoute({
  method: "post",
  path: "/api/regions/{regionId}/dataset/rounds",
  operationId: "scheduleDatasetRound",
  tags: ["Dataset"],
  security: secured,
  summary:
    "Start quarterly collection from a quarter: its round opens when the quarter ends, and each round schedules the next",
  request: {
    params: z.object({ regionId: RegionId }),
    body: {
      required: true,
      content: { "application/json": { schema: z.object({ quarter: z.string().regex(/^\d{4}-Q[1-4]$/) }) } },
    },
  },
  responses: {
    200: {
      description: "Scheduled",
      content: {
        "application/json": { schema: z.object({ quarter: z.string(), opensAt: z.string(), dueAt: z.string() }) },
      },
    },
    ...problems,
  },
});

const getDatasetCatalogue = createRoute({
  method: "get",
  path: "/api/regions/{regionId}/dataset/catalogue",
  operationId: "getDatasetCatalogue",
  tags: ["Dataset"],
  security: secured,
  summary:
    "The region's current indicator catalogue: its version (0 is the default set every region starts with) and each indicator",
  request: { params: z.object({ regionId: RegionId }) },
  responses: {
    200: {
      description: "The published catalogue",
      content: {
        "application/json": {
          schema: z.object({
            regionId: z.string(),
            version: z.number().int(),
            indicators: z.array(Indicator),
          }),
        },
      },
    },
    ...problems,
  },
});

function register(app: OpenAPIHono<AppEnv>) {
  app.use("/api/regions/:regionId/dataset/*", requirePrincipal);
  app.use("/api/regions/:regionId/early-warning", requirePrincipal);
  app.openapi(importDataset, async (c) => {
    const { regionId } = c.req.valid("param");
    const who = c.get("principal");
    Access.require(who, "manage-region", { regionId });
    const body = c.req.valid("json");
    const result = await DatasetImport.importCsv(c.get("deps"), {
      regionId,
      csv: body.csv,
      dryRun: body.dryRun,
      replace: body.replace,
      national: who!.kind === "api",
      actor: Access.actorOf(who!),
    });
    // Checks on every change: the import re-runs the early-warning checks for the LAs it touched.
    if (!body.dryRun)
      await Concerns.checkAfterChange(c.get("deps"), { changes: result.touched, actor: Access.actorOf(who!) });
    return c.json(result, 200);
  });
  app.openapi(getEarlyWarning, async (c) => {
    const { regionId } = c.req.valid("param");
    Access.require(c.get("principal"), "read-region", { regionId });
    const deps = c.get("deps");
    const quarter = c.req.valid("query").quarter ?? Quarters.lastEnded(deps.clock.now());
    const ew = await Warning.earlyWarning(deps, regionId, quarter);
    return c.json(
      {
        regionId,
        quarter,
        catalogueVersion: ew.catalogueVersion,
        authorities: ew.results.map((r) => ({
          authority: r.authority,
          name: r.name,
          concernThemes: [
            ...new Set(EarlyWarning.reasons(r.signals, ew.catalogue.indicators, ew.settings).flatMap((w) => w.themes)),
          ].sort(),
          signals: r.signals as unknown as Record<string, unknown>[],
          benchmarks: r.benchmarks as unknown as Record<string, unknown>[],
        })),
      },
      200,
    );
  });
  app.openapi(getDatasetCatalogue, async (c) => {
    const { regionId } = c.req.valid("param");
    Access.require(c.get("principal"), "read-region", { regionId });
    const deps = c.get("deps");
    await Region.get(deps, regionId);
    const current = await DatasetStore.catalogue(deps, regionId);
    return c.json({ regionId, version: current.version, indicators: current.indicators }, 200);
  });
  app.openapi(scheduleDatasetRound, async (c) => {
    const { regionId } = c.req.valid("param");
    Access.require(c.get("principal"), "manage-region", { regionId });
    await Region.get(c.get("deps"), regionId);
    const r = await Collection.schedule(c.get("deps"), regionId, c.req.valid("json").quarter);
    return c.json({ quarter: r.quarter, opensAt: r.opensAt, dueAt: r.dueAt }, 200);
  });
}

export function datasetApiRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  register(app);
  return app;
}
