/**
 * What the reference routes need, and what any API route module may import without loading another domain: problem
 * and JSON response shapes, path parameters, the region and authority shapes. Apart from common.ts, whose shared
 * schemas reach cycles, submissions, peer review and audit, so that a first read of the regions (the API function's
 * usual first request) loads the directory alone.
 */
import { z } from "@hono/zod-openapi";
import { Region } from "@riia/core";
import { domainObject } from "./domain-object";

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");
export const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: Problem } },
});
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const RegionSettingsInput = domainObject<Region.RegionSettings>(Region.RegionSettings, "input");
export const RegionSettings = domainObject<Region.RegionSettings>(Region.RegionSettings, "output");
export const RegionSummary = z
  .object({ id: z.string(), name: z.string(), riia: z.string(), onsCode: z.string(), authorityCount: z.number().int() })
  .openapi("RegionSummary");
export const RegionDetail = RegionSummary.extend({
  version: z.number().int(),
  settings: RegionSettings,
}).openapi("Region");
export const Authority = z
  .object({
    code: z.string(),
    name: z.string(),
    regionId: z.string(),
    statisticalNeighbours: z.array(z.string()).optional(),
  })
  .openapi("Authority");
export const RegionId = z
  .string()
  .regex(/^[a-z0-9-]{2,60}$/)
  .openapi({ param: { name: "regionId", in: "path" }, example: "east-midlands" });
export const Code = z
  .string()
  .regex(/^E\d{8}$/, "an ONS code like E06000015")
  .openapi({ param: { name: "code", in: "path" }, example: "E06000015" });
export const CycleId = z
  .string()
  .regex(/^[a-z0-9-]{2,60}-\d{4}$/)
  .openapi({ param: { name: "cycleId", in: "path" }, example: "east-midlands-2026" });
export const secured = [{ appSecret: [] }];

export const pick = <T extends object, K extends keyof T>(o: T, keys: K[]) =>
  Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as Pick<T, K>;
export const summary = (r: Region.Region) => pick(r, ["id", "name", "riia", "onsCode", "authorityCount"]);
export const authority = (a: Region.Authority) => pick(a, ["code", "name", "regionId", "statisticalNeighbours"]);
