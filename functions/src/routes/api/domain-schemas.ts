/**
 * The domain's schemas as the JSON API's routes use them. The domain validates with zod mini (small and quick to
 * load in every function); @hono/zod-openapi and its document generator need classic zod schemas, so each one the
 * API embeds is made classic from the domain's own: enums from their options, and an object the API only passes on
 * (the domain validates it again) checked by the domain's schema and documented by zod's JSON Schema of it
 * (domain-object.ts). Each is made in the module of the resource that embeds it, so a route group loads only its own
 * domain; they are gathered here for the whole app's document.
 */
import { z } from "@hono/zod-openapi";
import { Assignments } from "@riia/core";

export { documentDomainSchemas } from "./domain-object";
export { RegionSettings, RegionSettingsInput } from "./reference-schemas";
export { Role } from "./directory-schemas";
export { FormKind, SubmissionStatus, PhaseState, Step } from "./cycle-schemas";
export { Actor } from "./audit-schemas";
export { Indicator } from "./dataset-schemas";

export const ReviewStep = z.enum(Assignments.ReviewStep.options);
