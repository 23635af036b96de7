/**
 * The domain's schemas as the JSON API's routes use them. The domain validates with zod mini (small and quick to
 * load in every function); @hono/zod-openapi and its document generator need classic zod schemas, so each one the
 * API embeds is made classic here from the domain's own: enums from their options, and an object the API only passes
 * on (the domain validates it again) checked by the domain's schema and documented by zod's JSON Schema of it.
 */
import { z } from "@hono/zod-openapi";
import { Assignments, Audit, Cycle, Indicators, Region, Submission } from "@riia/core";
import { domainObject } from "./domain-object";

export { documentDomainSchemas } from "./domain-object";
export { RegionSettings, RegionSettingsInput } from "./reference-schemas";

export const FormKind = z.enum(Submission.FormKind.options);
export const SubmissionStatus = z.enum(Submission.Status.options);
export const PhaseState = z.enum(Cycle.PhaseState.options);
export const Step = z.enum(Region.Step.options);
export const Role = z.enum(Region.Role.options);
export const ReviewStep = z.enum(Assignments.ReviewStep.options);

export const Actor = domainObject<Audit.Actor>(Audit.Actor, "output");
export const Indicator = domainObject<Indicators.Indicator>(Indicators.Indicator, "output");
