/**
 * Findings a reviewer emailed under the review headings, copied into their response form's draft so
 * they can check and correct them in the form. Only empty answers are filled: what the reviewer has
 * already written in the form is never overwritten, and a submitted response is left alone.
 */
import type * as Assignments from "./assignments";
import { responseAuthority } from "./assignments";
import { Submission, Templates } from "../submissions";
import { ConflictError, ValidationError, type Deps } from "../shared";
import { Audit } from "../audit";
import { mergeEmpty, readReview, type FormShape, type ReadReview, type ReviewForms } from "./review-labels";

const RESPONSE = "peer-challenge-response";
const empty = (v: unknown) => v === undefined || v === null || v === "" || (Array.isArray(v) && !v.length);

/** The response form's answers for the headed findings (question ids of the response template). */
export function draftAnswers(review: Record<string, string>): Record<string, unknown> {
  const area = Object.fromEntries(
    [
      ["findings", review.strengths ? `Strengths:\n${review.strengths}` : undefined],
      ["challenge", review.challenges],
      ["recommendations", review.recommendations],
    ].filter(([, v]) => v),
  );
  const summary = review.overall ?? review.comments;
  return {
    ...(Object.keys(area).length ? { areas: [area] } : {}),
    ...(summary ? { summary } : {}),
    ...(review.rating ? { "overall-rag": review.rating } : {}),
  };
}

type Shape = Map<string, { type: string; children?: Shape }>;

/** The question ids and types of a stored template definition, groups with their own questions. */
function shapeOf(questions: unknown): Shape {
  const shape: Shape = new Map();
  for (const q of Array.isArray(questions) ? (questions as Record<string, unknown>[]) : []) {
    if (typeof q?.id !== "string" || typeof q.type !== "string") continue;
    shape.set(q.id, { type: q.type, ...(q.type === "group" ? { children: shapeOf(q.questions) } : {}) });
  }
  return shape;
}
const TEXT = new Set(["text", "textarea"]);

/**
 * Keep only the answers the draft's own template can hold: a region may have reworded, removed or replaced the
 * response form's questions in the template editor, and findings must not land in questions that are not there.
 */
export function fitToTemplate(wanted: Record<string, unknown>, definition: Record<string, unknown>) {
  const sections = Array.isArray(definition.sections) ? (definition.sections as { questions?: unknown }[]) : [];
  const shape: Shape = new Map(sections.flatMap((sec) => [...shapeOf(sec.questions)]));
  const fitted: Record<string, unknown> = {};
  const areas = shape.get("areas");
  if (Array.isArray(wanted.areas) && areas?.type === "group") {
    const kept = Object.entries(wanted.areas[0] as Record<string, unknown>).filter(([id]) =>
      TEXT.has(areas.children?.get(id)?.type ?? ""),
    );
    if (kept.length) fitted.areas = [Object.fromEntries(kept)];
  }
  if (wanted.summary !== undefined && TEXT.has(shape.get("summary")?.type ?? "")) fitted.summary = wanted.summary;
  if (wanted["overall-rag"] !== undefined && shape.get("overall-rag")?.type === "rag")
    fitted["overall-rag"] = wanted["overall-rag"];
  return fitted;
}

/** Copy a reply's headed findings into the assignment's response draft; returns the questions filled. */
export async function copyReviewToDraft(
  deps: Pick<Deps, "store" | "clock">,
  a: Assignments.Assignment,
  reply: Pick<Assignments.Reply, "review" | "from">,
  who: { id: string; name?: string },
): Promise<string[]> {
  if (!reply.review) return [];
  let wanted = draftAnswers(reply.review);
  if (!Object.keys(wanted).length) return [];
  const latest = await Templates.latest(deps, a.regionId, RESPONSE);
  const draft = await Submission.open(deps, {
    cycleId: a.cycleId,
    regionId: a.regionId,
    form: RESPONSE,
    authority: responseAuthority(a),
    templateVersion: latest?.version ?? 1,
  });
  if (Submission.LOCKED.includes(draft.status)) return [];
  // Version 1 is the built-in template, whose ids draftAnswers uses; later versions are the region's own.
  if (draft.templateVersion > 1) {
    const stored =
      draft.templateVersion === latest?.version
        ? latest
        : await Templates.getVersion(deps, a.regionId, RESPONSE, draft.templateVersion);
    wanted = fitToTemplate(wanted, stored?.definition ?? {});
  }
  const patch = Object.fromEntries(Object.entries(wanted).filter(([q]) => empty(draft.answers[q])));
  if (!Object.keys(patch).length) return [];
  try {
    await Submission.saveDraft(deps, {
      id: draft.id,
      expectedVersion: draft.version,
      answers: patch,
      actor: { kind: "person", id: who.id, name: who.name ?? reply.from },
    });
  } catch (err) {
    // The reviewer is writing those answers in the form right now: theirs win.
    if (err instanceof ConflictError) return [];
    throw err;
  }
  return Object.keys(patch);
}

/** What an emailed review did to the response form. */
export type EmailedReview =
  | { kind: "submitted"; reference: string; read: { label: string; value: string }[]; answers: Submission.Answers }
  | { kind: "draft"; missing: string[]; headings: string[]; read: { label: string; value: string }[] }
  /** The form was already submitted (and the deadline has passed) or is not the reviewer's yet: nothing was changed. */
  | { kind: "locked"; read: { label: string; value: string }[] }
  /** Changes to a submitted review that would leave it incomplete: the submitted review stands. */
  | { kind: "unchanged"; missing: string[]; read: { label: string; value: string }[] };

/** Every question label a reviewer may use as a heading, in the form's order. */
export function headingsOf(form: FormShape): string[] {
  return form.sections.flatMap((s) =>
    s.questions.flatMap((q) => (q.type === "group" ? (q.questions ?? []).map((x) => x.label) : [q.label])),
  );
}

/**
 * Read a reviewer's email into their response form by the form's own labels, fill the answers the
 * draft does not have yet, and submit the form when nothing is missing and the review is theirs to do
 * (accepted). Returns undefined when the email names no question of the form (it is not a review).
 */
export async function fillFromEmail(
  deps: Pick<Deps, "store" | "clock">,
  input: {
    assignment: Assignments.Assignment;
    text: string;
    forms: ReviewForms;
    who: { id: string; name?: string };
    names: string[];
    themes: { id: string; label: string }[];
    /** Until when a submitted review may be changed by email (the step's deadline). */
    changeBy?: string;
    /** Files sent with the email, kept in the bucket: attached to the form's first file question. */
    attachments: Omit<Submission.Attachment, "question">[];
  },
): Promise<EmailedReview | undefined> {
  const a = input.assignment;
  const latest = await Templates.latest(deps, a.regionId, RESPONSE);
  const existing = await deps.store.get<Submission.Submission>(
    Submission.keyOf({ cycleId: a.cycleId, form: RESPONSE, authority: responseAuthority(a) }),
    { consistent: true },
  );
  const version = existing?.templateVersion ?? latest?.version ?? 1;
  const form = await input.forms.template(a.regionId, version);
  const found = readReview(input.text, form, { themes: input.themes, names: input.names });
  const fileQuestion = form.sections.flatMap((sec) => sec.questions).find((q) => q.type === "file");
  const files = fileQuestion ? input.attachments : [];
  if (!found && !files.length) return undefined;
  const read = found?.read ?? [];
  const draft =
    existing ??
    (await Submission.open(deps, {
      cycleId: a.cycleId,
      regionId: a.regionId,
      form: RESPONSE,
      authority: responseAuthority(a),
      templateVersion: version,
    }));
  const actor = { kind: "person" as const, id: input.who.id, name: input.who.name ?? input.who.id };
  const changing =
    draft.status === "submitted" &&
    a.status === "accepted" &&
    !!found &&
    !!input.changeBy &&
    deps.clock.now().getTime() <= Date.parse(input.changeBy);
  if (changing)
    return changeSubmitted(deps, { draft, form, found: found!, actor, forms: input.forms, themes: input.themes });
  if (Submission.LOCKED.includes(draft.status) || a.status !== "accepted") return { kind: "locked", read };
  let current = draft;
  for (const file of files) {
    try {
      current = await Submission.attach(deps, { id: current.id, attachment: { ...file, question: fileQuestion!.id } });
    } catch (err) {
      // A full form (ten files) or one changing right now: the file stays with the reply, which the lead sees.
      if (!(err instanceof ValidationError || err instanceof ConflictError)) throw err;
      current = await Submission.get(deps, current.id);
    }
  }
  const patch = mergeEmpty(current.answers, found?.answers ?? {});
  if (Object.keys(patch).length) {
    try {
      current = await Submission.saveDraft(deps, {
        id: current.id,
        expectedVersion: current.version,
        answers: patch,
        actor,
      });
    } catch (err) {
      // The reviewer is writing those answers in the form right now: theirs win.
      if (!(err instanceof ConflictError)) throw err;
      current = await Submission.get(deps, draft.id);
    }
  }
  const missing = input.forms.missing(form, current.answers, input.themes);
  if (missing.length) return { kind: "draft", missing, headings: headingsOf(form), read };
  const submitted = await Submission.submit(deps, { id: current.id, expectedVersion: current.version, actor });
  return { kind: "submitted", reference: submitted.reference ?? "", read, answers: submitted.answers };
}

/** The answers with the email's named questions replaced (group items field by field). */
function replaced(answers: Submission.Answers, wanted: Record<string, unknown>): Submission.Answers {
  const out: Submission.Answers = { ...answers };
  for (const [id, value] of Object.entries(wanted)) {
    const have = answers[id];
    if (Array.isArray(value) && Array.isArray(have) && value.every((x) => x && typeof x === "object")) {
      const merged = (have as Record<string, unknown>[]).map((x) => ({ ...x }));
      value.forEach((item: Record<string, unknown>, i) => (merged[i] = { ...(merged[i] ?? {}), ...item }));
      out[id] = merged;
    } else out[id] = value;
  }
  return out;
}

/**
 * A reviewer changes their submitted review by email before the deadline: the questions the email
 * names are replaced and the review submitted again (a new reference, a new copy), audited. Refused,
 * with what is missing, when the change would leave the review incomplete.
 */
async function changeSubmitted(
  deps: Pick<Deps, "store" | "clock">,
  input: {
    draft: Submission.Submission;
    form: FormShape;
    found: ReadReview;
    actor: Audit.Actor;
    forms: ReviewForms;
    themes: { id: string; label: string }[];
  },
): Promise<EmailedReview> {
  const { draft, found, actor } = input;
  const answers = replaced(draft.answers, found.answers);
  const missing = input.forms.missing(input.form, answers, input.themes);
  if (missing.length) return { kind: "unchanged", missing, read: found.read };
  const at = deps.clock.now().toISOString();
  const key = Submission.keyOf(Submission.parseSubmissionId(draft.id));
  const opened = await deps.store.update<Submission.Submission>(
    key,
    { set: { status: "reopened", version: draft.version + 1, updatedAt: at, updatedBy: actor.id } },
    {
      condition: {
        op: "and",
        of: [
          { op: "eq", attr: "version", value: draft.version },
          { op: "eq", attr: "status", value: "submitted" },
        ],
      },
    },
  );
  const saved = await Submission.saveDraft(deps, {
    id: draft.id,
    expectedVersion: opened.version,
    answers: Object.fromEntries(Object.keys(found.answers).map((q) => [q, answers[q]])),
    actor,
  });
  const submitted = await Submission.submit(deps, { id: draft.id, expectedVersion: saved.version, actor });
  await Audit.record(deps, {
    scope: Audit.cycleScope(draft.cycleId),
    actor,
    action: "submission.changed-by-email",
    entity: { type: "submission", id: draft.id, version: submitted.version },
    authority: draft.authority,
    summary: `Changed the submitted review by email (${found.read.map((r) => r.label).join(", ")}); now reference ${submitted.reference}`,
  });
  return { kind: "submitted", reference: submitted.reference ?? "", read: found.read, answers: submitted.answers };
}
