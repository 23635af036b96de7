import * as z from "../zod";
import { createHash } from "node:crypto";
import { Audit } from "../audit";
import {
  ConditionFailedError,
  ConflictError,
  NotFoundError,
  StateError,
  ValidationError,
  Keys,
  type Deps,
  type Item,
  queryAll,
  type Versioned,
} from "../shared";

/** The forms of the common core. */
export const FormKind = z.enum(["self-evaluation", "development-plan", "peer-challenge-response", "core-dataset"]);
export type FormKind = z.infer<typeof FormKind>;

/**
 * `awaiting-sign-off`: the officers have submitted and the LA's DCS has been asked to approve;
 * `submitted`: final (approved, or needing no sign-off) — only this completes the LA's task;
 * `returned`: the DCS sent it back to the officers with a comment; `reopened`: the lead did.
 */
export const Status = z.enum(["draft", "submitted", "reopened", "awaiting-sign-off", "returned"]);
export type Status = z.infer<typeof Status>;

/** Statuses in which nobody may change the answers. */
export const LOCKED: Status[] = ["submitted", "awaiting-sign-off"];
export const unlocked = LOCKED.map((value) => ({ op: "ne" as const, attr: "status", value }));

/** Why a form was given back for changes: shown as a banner on the form until it is submitted again. */
export interface Notice {
  kind: "returned" | "reopened";
  by: string;
  byName: string;
  at: string;
  text: string;
}

/** Answers by question id. Ids are slugs (no dots), so each answer is its own map entry in the item. */
export const QuestionId = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9_-]{0,80}$/i, "question ids are letters, digits, - and _"));
export const Answers = z.record(QuestionId, z.unknown());
export type Answers = z.infer<typeof Answers>;

export interface Submission extends Versioned.Versioned {
  kind: "submission";
  id: string;
  cycleId: string;
  regionId: string;
  authority: string;
  form: FormKind;
  /** The template version this submission started on; it keeps it even if the region publishes a newer one. */
  templateVersion: number;
  answers: Answers;
  /** The submission version at which each answer last changed: lets concurrent saves of different questions merge. */
  answerVersions: Record<string, number>;
  /** Question ids whose answers were carried forward from last year and not yet changed. */
  carriedForward: string[];
  /**
   * Sections holding carried-forward answers that someone has opened and saved with "Save and continue" (section id
   * → when): until then such a section reads "To check" and the form cannot be submitted.
   */
  checkedSections?: Record<string, string>;
  status: Status;
  /** Everyone who has saved into it: person id → name. */
  contributors: Record<string, string>;
  /** Who last changed each answer, and when: the in-item trail of draft edits. */
  answerMeta: Record<string, { by: string; at: string }>;
  /** Uploaded files, by id (at most 10 per form). */
  attachments: Record<string, Attachment>;
  /** The declaration and DCS sign-off given at submission. */
  signOff?: {
    declaredBy: string;
    declaredByName: string;
    dcsName: string;
    dcsApproved: boolean;
    at: string;
    approvedAt?: string;
    comment?: string;
  };
  /** The latest return (DCS) or reopening (lead), while the form is being changed again. */
  notice?: Notice;
  createdAt: string;
  submittedAt?: string;
  submittedBy?: string;
  reference?: string;
}

export interface Attachment {
  id: string;
  question: string;
  name: string;
  size: number;
  type: string;
  key: string;
  by: string;
  at: string;
}

/** A frozen copy of the submission at each submit, approval, return and reopening (its history). */
export interface SubmissionVersion extends Item {
  kind: "submission-version";
  version: number;
  status: Status;
  answers: Answers;
  at: string;
  by: string;
  byName?: string;
  reference?: string;
  /** The DCS's comment or the lead's reason. */
  note?: string;
  templateVersion?: number;
}

export const submissionId = (cycleId: string, form: FormKind, authority: string) => `${cycleId}.${form}.${authority}`;

export function parseSubmissionId(id: string): { cycleId: string; form: FormKind; authority: string } {
  const [cycleId, form, authority, ...rest] = id.split(".");
  const f = FormKind.safeParse(form);
  if (!cycleId || !f.success || !authority || rest.length) throw new NotFoundError("There is no such submission.");
  return { cycleId, form: f.data, authority };
}

export const keyOf = (s: { cycleId: string; form: FormKind; authority: string }) =>
  Keys.submission(s.cycleId, s.form, s.authority);

/** Short reference for the confirmation page and email: stable for a given submission version. */
export const referenceFor = (id: string, version: number) =>
  createHash("sha256").update(`${id}|${version}`).digest("hex").slice(0, 8).toUpperCase();

/**
 * Get the submission, creating an empty draft (optionally carrying answers forward) if there is
 * none. Safe to call concurrently: the deterministic key means one item, whoever wins.
 */
export async function open(
  deps: Pick<Deps, "store" | "clock">,
  input: {
    cycleId: string;
    regionId: string;
    form: FormKind;
    authority: string;
    templateVersion: number;
    carryForward?: Answers;
  },
): Promise<Submission> {
  const key = keyOf(input);
  const existing = await deps.store.get<Submission>(key);
  if (existing) return existing;
  const at = deps.clock.now().toISOString();
  const answers = input.carryForward ?? {};
  const sub: Submission = {
    ...key,
    gsi1pk: Keys.submissionsOfCycle(input.cycleId),
    gsi1sk: `${input.form}#${input.authority}`,
    kind: "submission",
    id: submissionId(input.cycleId, input.form, input.authority),
    cycleId: input.cycleId,
    regionId: input.regionId,
    authority: input.authority,
    form: input.form,
    templateVersion: input.templateVersion,
    answers,
    answerVersions: Object.fromEntries(Object.keys(answers).map((k) => [k, 1])),
    carriedForward: Object.keys(answers),
    status: "draft",
    contributors: {},
    answerMeta: {},
    attachments: {},
    createdAt: at,
    version: 1,
    updatedAt: at,
    updatedBy: "system",
  };
  try {
    await deps.store.put(sub, { condition: { op: "notExists" } });
    return sub;
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    return (await deps.store.get<Submission>(key, { consistent: true }))!;
  }
}

export async function get(deps: Pick<Deps, "store">, id: string): Promise<Submission> {
  const sub = await deps.store.get<Submission>(keyOf(parseSubmissionId(id)));
  if (!sub) throw new NotFoundError("There is no such submission.");
  return sub;
}

/** Submissions of a cycle, optionally of one form (one query per page). */
export function listForCycle(deps: Pick<Deps, "store">, cycleId: string, form?: FormKind): Promise<Submission[]> {
  return queryAll<Submission>(deps.store, {
    index: "gsi1",
    pk: Keys.submissionsOfCycle(cycleId),
    sk: form ? { beginsWith: `${form}#` } : undefined,
  });
}

/** What a conflicting save is told: which questions someone else changed since the person's copy. */
export interface SaveConflict {
  questions: string[];
  updatedBy: string;
  updatedAt: string;
  version: number;
}

/**
 * Save answers into a draft. The caller names the version it read. If someone else saved in the
 * meantime, the save still goes through when they changed *other* questions (the answers merge);
 * if they changed any of the same questions, nothing is written and a ConflictError says which.
 * One round trip when nobody else saved. Draft edits are not separate audit entries: the item
 * records who last changed each answer and when (`answerMeta`); status changes are audited.
 */
export async function saveDraft(
  deps: Pick<Deps, "store" | "clock">,
  input: { id: string; expectedVersion: number; answers: Answers; actor: Audit.Actor },
): Promise<Submission> {
  const parsed = Answers.safeParse(input.answers);
  if (!parsed.success) {
    throw new ValidationError(
      "Those answers cannot be saved.",
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  }
  const patch = parsed.data;
  const ref = parseSubmissionId(input.id);
  const key = keyOf(ref);
  const at = deps.clock.now().toISOString();
  let base = input.expectedVersion;
  for (let attempt = 0; attempt < 5; attempt++) {
    const next = base + 1;
    const set: Record<string, unknown> = { version: next, updatedAt: at, updatedBy: input.actor.id };
    for (const [q, v] of Object.entries(patch)) {
      set[`answers.${q}`] = v;
      set[`answerVersions.${q}`] = next;
      set[`answerMeta.${q}`] = { by: input.actor.id, at };
    }
    if (input.actor.kind === "person") set[`contributors.${input.actor.id}`] = input.actor.name ?? input.actor.id;
    try {
      const saved = await deps.store.update<Submission>(
        key,
        { set },
        {
          condition: {
            op: "and",
            of: [{ op: "eq", attr: "version", value: base }, ...unlocked],
          },
        },
      );
      // Carried-forward marks drop once an answer is changed; only rewrite when that list changes.
      const stillCarried = saved.carriedForward.filter((q) => !(q in patch));
      const result =
        stillCarried.length !== saved.carriedForward.length
          ? await deps.store.update<Submission>(key, { set: { carriedForward: stillCarried } })
          : saved;
      return result;
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) throw err;
      const current = await deps.store.get<Submission>(key, { consistent: true });
      if (!current) throw new NotFoundError("There is no such submission.");
      if (LOCKED.includes(current.status)) {
        throw new StateError(
          "This form has been submitted, so it cannot be changed unless the regional lead reopens it.",
        );
      }
      const clashes = Object.keys(patch).filter(
        (q) =>
          (current.answerVersions[q] ?? 0) > input.expectedVersion &&
          JSON.stringify(current.answers[q]) !== JSON.stringify(patch[q]),
      );
      if (clashes.length) {
        const detail: SaveConflict = {
          questions: clashes,
          updatedBy: current.updatedBy,
          updatedAt: current.updatedAt,
          version: current.version,
        };
        throw new ConflictError(
          `Someone else changed ${clashes.length === 1 ? "an answer" : `${clashes.length} answers`} you also changed. Your changes to ${clashes.join(", ")} were not saved.`,
          { ...detail },
        );
      }
      base = current.version; // their changes were to other questions: merge on top and retry
    }
  }
  throw new ConflictError("This form is being changed by several people at once. Please try again.");
}

/** Submit the draft: it becomes read-only, gets a reference, and a copy is kept in its history. */
export async function submit(
  deps: Pick<Deps, "store" | "clock">,
  input: {
    id: string;
    expectedVersion: number;
    actor: Audit.Actor;
    signOff?: Submission["signOff"];
    /** The LA's DCS must approve before it counts as submitted. */
    awaitSignOff?: boolean;
  },
): Promise<Submission> {
  const status: Status = input.awaitSignOff ? "awaiting-sign-off" : "submitted";
  const ref = parseSubmissionId(input.id);
  const key = keyOf(ref);
  const at = deps.clock.now().toISOString();
  const next = input.expectedVersion + 1;
  const reference = referenceFor(input.id, next);
  let saved: Submission;
  try {
    saved = await deps.store.update<Submission>(
      key,
      {
        set: {
          status,
          version: next,
          submittedAt: at,
          submittedBy: input.actor.id,
          reference,
          updatedAt: at,
          updatedBy: input.actor.id,
          ...(input.signOff ? { signOff: input.signOff } : {}),
        },
        remove: ["notice"],
      },
      { condition: { op: "and", of: [{ op: "eq", attr: "version", value: input.expectedVersion }, ...unlocked] } },
    );
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    const current = await deps.store.get<Submission>(key, { consistent: true });
    if (!current) throw new NotFoundError("There is no such submission.");
    if (LOCKED.includes(current.status))
      throw new StateError("This form has already been submitted.", { reference: current.reference });
    throw new ConflictError(
      "Someone else changed this form since you opened it. Check the answers, then submit again.",
      {
        version: current.version,
        updatedBy: current.updatedBy,
      },
    );
  }
  const snapshot: SubmissionVersion = {
    ...Keys.submissionVersion(ref.cycleId, ref.form, ref.authority, next),
    kind: "submission-version",
    version: next,
    status,
    answers: saved.answers,
    at,
    by: input.actor.id,
    byName: input.actor.name,
    reference,
    templateVersion: saved.templateVersion,
  };
  // The history copy and the audit entry have deterministic keys: one batched round trip, safe to repeat.
  await deps.store.batchPut([
    snapshot,
    Audit.entry(deps, {
      scope: Audit.cycleScope(ref.cycleId),
      actor: input.actor,
      action: input.awaitSignOff ? "submission.sent-for-sign-off" : "submission.submitted",
      entity: { type: "submission", id: input.id, version: next },
      authority: ref.authority,
      summary: input.awaitSignOff
        ? `Sent the ${ref.form} to the DCS for approval (reference ${reference})`
        : `Submitted the ${ref.form} (reference ${reference})`,
      at,
    }),
  ]);
  return saved;
}

/** Every kept version of a submission (submits, approvals, returns, reopenings), oldest first. */
export async function history(deps: Pick<Deps, "store">, id: string): Promise<SubmissionVersion[]> {
  const ref = parseSubmissionId(id);
  const { items } = await deps.store.query<SubmissionVersion>({ pk: keyOf(ref).pk, sk: { beginsWith: "V#" } });
  return items;
}

/** Last year's submitted answers for the same LA and form, for carrying forward. */
export async function lastSubmitted(
  deps: Pick<Deps, "store">,
  input: { regionId: string; year: number; form: FormKind; authority: string },
) {
  const prev = await deps.store.get<Submission>(
    Keys.submission(`${input.regionId}-${input.year - 1}`, input.form, input.authority),
  );
  return prev && prev.status === "submitted" ? prev : undefined;
}
