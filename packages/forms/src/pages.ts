/**
 * View models for the form's own pages that need more than the answers: the task list (status,
 * deadline, lateness, why the form was given back) and the step-specific title.
 */
import type { Cycle, Region, Submission } from "@riia/core";
import type { Context } from "./answers";
import type { Template } from "./definition";
import { checkRows, taskItems, type FileLinks } from "./views";
import { needsCheck } from "./before-submit";

interface Session {
  submission: Submission.Submission;
  cycle: Cycle.Cycle;
  template: Template;
  ctx: Context;
  authority: Region.Authority;
}

/** What each review step's response form is called (one template serves both review steps). */
const REVIEW_TITLES: Partial<Record<Region.Step, { title: string; description: string }>> = {
  "peer-scrutiny": {
    title: "Peer scrutiny response",
    description:
      "Record your lines of enquiry, what you found and the questions you would put to the local authority about its self-evaluation. Comments marked for the regional lead are not shared with the local authority.",
  },
  "peer-challenge": {
    title: "Peer challenge response",
    description:
      "Record your lines of enquiry, what you found and your challenge to the local authority's development plan. Comments marked for the regional lead are not shared with the local authority.",
  },
};

/** The template as this step's form: a scrutiny reviewer is not sent a form titled "Peer challenge response". */
export function titledForStep(template: Template, step: Region.Step | undefined): Template {
  const named = template.kind === "peer-challenge-response" && step ? REVIEW_TITLES[step] : undefined;
  // A region's own template keeps its own title; only the built-in one is renamed per step.
  if (!named || template.version !== 1) return template;
  return { ...template, ...named };
}

const LOCKED = new Set<Submission.Status>(["submitted", "awaiting-sign-off"]);

/** Whole days from `now` until the end of the deadline's day (negative once it has passed). */
const daysLeft = (deadline: string, now: Date) => Math.ceil((Date.parse(deadline) - now.getTime()) / 86_400_000);

/** The task list page. */
export function taskListView(session: Session, now: Date, base: string, step?: Region.Step) {
  const sub = session.submission;
  const locked = LOCKED.has(sub.status);
  const phase = step ? session.cycle.phases.find((p) => p.step === step) : undefined;
  const tasks = taskItems(
    session.template,
    sub.answers,
    session.ctx,
    (id) => (locked ? undefined : `${base}/s/${id}`),
    (s) => !locked && needsCheck(s, sub),
  );
  const left = phase?.deadline ? daysLeft(phase.deadline, now) : undefined;
  return {
    title: session.template.title,
    authorityName: session.authority.name,
    template: session.template,
    tasks,
    completed: tasks.filter((t) => t.status.text === "Completed").length,
    total: tasks.length,
    status: sub.status,
    submittedAt: sub.submittedAt,
    reference: sub.reference,
    deadline: phase?.deadline,
    late: left !== undefined && left < 0 && !locked,
    carriedForward: sub.carriedForward.length > 0,
    notice: !locked ? sub.notice : undefined,
    checkHref: `${base}/check`,
    historyHref: `${base}/history`,
  };
}

/** Every section's answers as read-only summary rows (the DCS's sign-off page, a kept version). */
export function readOnlySections(
  template: Template,
  answers: Submission.Answers,
  ctx: Context,
  files?: FileLinks["files"],
) {
  return template.sections.map((s) => ({
    title: s.title,
    rows: checkRows(s, answers, ctx, { forLead: true, files }),
  }));
}
