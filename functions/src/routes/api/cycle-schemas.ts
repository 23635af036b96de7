/** A cycle's shapes in the JSON API: its phases and its submissions. */
import { z } from "@hono/zod-openapi";
import { Cycle, Region, Submission } from "@riia/core";
import { pick } from "./reference-schemas";

export const FormKind = z.enum(Submission.FormKind.options);
export const SubmissionStatus = z.enum(Submission.Status.options);
export const PhaseState = z.enum(Cycle.PhaseState.options);
export const Step = z.enum(Region.Step.options);
export const Phase = z
  .object({
    step: Step,
    opensAt: z.string(),
    deadline: z.string(),
    graceDays: z.number(),
    state: PhaseState,
  })
  .openapi("Phase");
export const CycleSchema = z
  .object({
    id: z.string(),
    regionId: z.string(),
    year: z.number().int(),
    version: z.number().int(),
    phases: z.array(Phase),
  })
  .openapi("Cycle");
export const SubmissionSummary = z
  .object({
    id: z.string(),
    authority: z.string(),
    form: FormKind,
    status: SubmissionStatus,
    version: z.number().int(),
    templateVersion: z.number().int(),
    updatedAt: z.string(),
    submittedAt: z.string().optional(),
    reference: z.string().optional(),
  })
  .openapi("SubmissionSummary");

export const cycle = (c: Cycle.Cycle) => ({
  ...pick(c, ["id", "regionId", "year", "version"]),
  phases: c.phases.map(({ step, opensAt, deadline, graceDays, state }) => ({
    step,
    opensAt,
    deadline,
    graceDays,
    state,
  })),
});
export const submissionSummary = (s: Submission.Submission) => ({
  id: s.id,
  authority: s.authority,
  form: s.form,
  status: s.status,
  version: s.version,
  templateVersion: s.templateVersion,
  updatedAt: s.updatedAt,
  ...(s.submittedAt ? { submittedAt: s.submittedAt } : {}),
  ...(s.reference ? { reference: s.reference } : {}),
});
