/**
 * The form journey's domain steps, shared by the HTTP routes: open a session from an emailed
 * link, save a section, submit. Reads for a page are one batched round trip.
 */
import {
  type Audit,
  Cycle,
  ForbiddenError,
  Keys,
  Links,
  NotFoundError,
  type People,
  Region,
  StateError,
  Submission,
  Tasks,
  Templates,
  Tokens,
  ValidationError,
  type Deps,
} from "@riia/core";
import { createHash } from "node:crypto";
import {
  readSection,
  formErrors,
  type Answers,
  type Context,
  type FieldError,
  type FormBody,
  type Mode,
} from "./answers";
import { checkTemplate, type Template, type TemplateSection } from "./definition";
import { BUILT_IN } from "./templates/index";
import { titledForStep } from "./pages";
import { needsCheck, sectionsToCheck } from "./before-submit";

/** The cycle step a submission belongs to (review responses name theirs). */
export function stepOf(submission: Pick<Submission.Submission, "form" | "authority">): Region.Step | undefined {
  const reviewStep = submission.authority.split("~")[2];
  return reviewStep ? Region.Step.parse(reviewStep) : Tasks.STEP_OF_FORM[submission.form];
}

/** Forms that start from last year's submitted answers. */
const CARRIED_FORWARD: Submission.FormKind[] = ["self-evaluation", "development-plan"];

export interface FormSession {
  token: string;
  link: Links.Link;
  person: People.Person;
  region: Region.Region;
  authority: Region.Authority;
  cycle: Cycle.Cycle;
  submission: Submission.Submission;
  template: Template;
  ctx: Context;
  actor: Audit.Actor;
  /** The lead reopened this LA's work after its step closed, and the reopening has not run out. */
  reopened?: boolean;
}

/** The template a submission uses: built in (version 1) or the region's published version. */
export { titledForStep };

export async function templateFor(
  deps: Pick<Deps, "store">,
  regionId: string,
  form: Submission.FormKind,
  version: number,
): Promise<Template> {
  if (version === 1) return BUILT_IN[form];
  const stored = await Templates.getVersion(deps, regionId, form, version);
  const checked = stored && checkTemplate(stored.definition);
  if (!checked || !checked.ok)
    throw new NotFoundError("The form this link points to is no longer available. Ask your regional lead for help.");
  return checked.template;
}

/** The version a new submission of this form would start on: the region's latest published, else built in. */
export async function currentTemplate(deps: Pick<Deps, "store">, regionId: string, form: Submission.FormKind) {
  const latest = await Templates.latest(deps, regionId, form);
  const version = latest?.version ?? 1;
  return { version, template: await templateFor(deps, regionId, form, version), publishedAt: latest?.publishedAt };
}

/**
 * Open a session from a link token: verify it (403 tampered, 410 expired or withdrawn), then read
 * the link, person, region, authority, cycle and submission in one round trip. A first visit
 * creates the draft (carrying last year's answers forward where the form does).
 */
export async function openSession(deps: Deps, token: string): Promise<FormSession> {
  const claims = Tokens.verify(deps.config.appSecret, token, deps.clock.now());
  const form = Submission.FormKind.parse(claims.f);
  const { regionId, year } = Cycle.parseCycleId(claims.c);
  // A peer-review response is about another LA (`r` = "<reviewee>~<step>"); the reviewer's LA answers it.
  const [reviewee] = claims.r ? claims.r.split("~") : [];
  const subjectAuthority = claims.r ? `${claims.a}~${claims.r}` : claims.a;
  const keys = {
    link: Links.linkKey(claims.i),
    person: Keys.person(claims.p),
    region: Keys.region(regionId),
    authority: Keys.authority(reviewee ?? claims.a),
    cycle: Keys.cycle(regionId, year),
    submission: Keys.submission(claims.c, form, subjectAuthority),
    task: Keys.task(claims.c, Tasks.STEP_OF_FORM[form] ?? "-", claims.a),
  };
  const items = await deps.store.batchGet(Object.values(keys));
  const find = <T>(k: { pk: string; sk: string }) => items.find((i) => i.pk === k.pk && i.sk === k.sk) as T | undefined;
  const link = Links.check(claims, find<Links.Link>(keys.link));
  const person = find<People.Person>(keys.person);
  const region = find<Region.Region>(keys.region);
  const authority = find<Region.Authority>(keys.authority);
  const cycle = find<Cycle.Cycle>(keys.cycle);
  if (!region || !authority || !cycle) throw new NotFoundError("The form this link points to no longer exists.");
  // A review response may be written by a reviewer from another region a lead asked (exchange/reviewers.ts): the
  // link was issued to that person, who is listed in their own region's directory.
  if (!person || (person.regionId !== regionId && !claims.r) || person.authority !== claims.a) {
    throw new ForbiddenError(
      "This link is for a contact of another local authority. You are no longer listed as one; ask your regional lead.",
    );
  }
  const task = claims.r ? undefined : find<Tasks.Task>(keys.task);
  const reopened = !!task?.reopenedUntil && Date.parse(task.reopenedUntil) > deps.clock.now().getTime();
  let submission = find<Submission.Submission>(keys.submission);
  if (!submission) {
    const latest = await Templates.latest(deps, regionId, form);
    const previous = CARRIED_FORWARD.includes(form)
      ? await Submission.lastSubmitted(deps, { regionId, year, form, authority: subjectAuthority })
      : undefined;
    submission = await Submission.open(deps, {
      cycleId: claims.c,
      regionId,
      form,
      authority: subjectAuthority,
      templateVersion: latest?.version ?? 1,
      carryForward: previous?.answers,
    });
  }
  const template = titledForStep(
    await templateFor(deps, regionId, form, submission.templateVersion),
    stepOf(submission),
  );
  return {
    token,
    link,
    person,
    region,
    authority,
    cycle,
    submission,
    template,
    ctx: { themes: region.settings.themes, today: deps.clock.now().toISOString().slice(0, 10) },
    actor: { kind: "person", id: person.id, name: person.name },
    reopened,
  };
}

export function section(session: FormSession, sectionId: string): TemplateSection {
  const s = session.template.sections.find((x) => x.id === sectionId);
  if (!s) throw new NotFoundError("There is no such section in this form.");
  return s;
}

/** Can this session still change the form? */
export function assertEditable(session: FormSession) {
  if (session.submission.status === "awaiting-sign-off") {
    throw new StateError(
      "This form is waiting for your director of children's services to approve it, so it cannot be changed. If it needs changes, they can return it to you.",
    );
  }
  if (session.submission.status === "submitted") {
    throw new StateError("This form has been submitted, so it cannot be changed unless your regional lead reopens it.");
  }
  const step = stepOf(session.submission);
  if (step && Cycle.phase(session.cycle, step).state === "closed" && !session.reopened) {
    throw new StateError(
      "This step of the cycle has closed, so the form can no longer be changed. Contact your regional lead.",
    );
  }
}

const fingerprint = (value: unknown) =>
  createHash("sha256")
    .update(JSON.stringify(value ?? null))
    .digest("base64url")
    .slice(0, 12);

/**
 * What a section's answers were when its page was drawn: sent back with the post so that only the
 * answers this person actually changed are saved. That is what lets two people edit different
 * questions of one section at once without either overwriting the other.
 */
export function seenFingerprint(section: TemplateSection, answers: Answers): string {
  return Buffer.from(
    JSON.stringify(Object.fromEntries(section.questions.map((q) => [q.id, fingerprint(answers[q.id])]))),
  ).toString("base64url");
}

function parseSeen(seen: string | undefined): Record<string, string> | undefined {
  if (!seen) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(seen, "base64url").toString("utf8"));
    return v && typeof v === "object" ? (v as Record<string, string>) : undefined;
  } catch {
    return undefined;
  }
}

export type SaveOutcome =
  | { ok: true; submission: Submission.Submission }
  | {
      ok: false;
      errors: FieldError[];
      conflict?: string;
      /** On a clash: the questions someone else changed too, and every question this person changed. */
      clashes?: string[];
      changed?: string[];
    };

/**
 * Save one posted section. `complete` also enforces required answers (Save and continue); `draft`
 * saves whatever is well formed. Nothing is saved while any answer is malformed. Emptied answers
 * are cleared. A clash with someone else's change to the same answer is reported, not lost.
 */
export async function saveSection(
  deps: Deps,
  session: FormSession,
  sectionId: string,
  body: FormBody,
  mode: Mode,
  expectedVersion: number,
  seen?: string,
): Promise<SaveOutcome> {
  assertEditable(session);
  const s = section(session, sectionId);
  const { answers, errors } = readSection(s, body, session.submission.answers, session.ctx, mode);
  if (errors.length) return { ok: false, errors };
  const before = parseSeen(seen);
  const patch: Answers = {};
  for (const q of s.questions) {
    const value = answers[q.id] ?? null;
    if (before && before[q.id] === fingerprint(value)) continue; // unchanged by this person
    patch[q.id] = value;
  }
  // "Save and continue" on a section of carried-forward answers is someone checking them: it stops reading "To check".
  const checked = async (saved: Submission.Submission) =>
    mode === "complete" && needsCheck(s, session.submission)
      ? Submission.markSectionChecked(deps, { id: saved.id, section: s.id })
      : saved;
  if (Object.keys(patch).length === 0) return { ok: true, submission: await checked(session.submission) };
  try {
    const submission = await Submission.saveDraft(deps, {
      id: session.submission.id,
      expectedVersion,
      answers: patch,
      actor: session.actor,
    });
    return { ok: true, submission: await checked(submission) };
  } catch (err) {
    if (err instanceof Error && err.name === "ConflictError") {
      const clashes = (err as { detail?: { questions?: string[] } }).detail?.questions ?? [];
      const questions = clashes.map((id) => s.questions.find((q) => q.id === id)?.label ?? id);
      return {
        ok: false,
        errors: [],
        clashes,
        changed: Object.keys(patch),
        conflict: questions.length
          ? `Someone else changed ${questions.map((q) => `“${q}”`).join(", ")} while you were editing, so your changes are not saved yet. Your text is kept in the form below and their saved answer is shown above it: merge the two, then save again.`
          : err.message,
      };
    }
    throw err;
  }
}

/** Does this submission need its LA's DCS to approve it (and is there a DCS to ask)? */
export async function needsSignOff(deps: Deps, session: FormSession): Promise<boolean> {
  if (!session.template.declaration.requiresDcs || session.person.roles.includes("dcs")) return false;
  return (await Submission.directorsOf(deps, session.submission)).length > 0;
}

/**
 * Submit the whole form with its declaration. Refused (400) while any section is incomplete. Where
 * the template asks for DCS sign-off and an officer submits, it waits for the DCS's approval (the
 * DCS is emailed); a DCS's own submission counts at once.
 */
export async function submit(
  deps: Deps,
  session: FormSession,
  input: { expectedVersion: number; declaration: boolean },
): Promise<Submission.Submission> {
  assertEditable(session);
  const incomplete = formErrors(session.template, session.submission.answers, session.ctx);
  if (incomplete.length) {
    throw new ValidationError(
      "Some sections are not complete.",
      incomplete.map((x) => ({ path: x.section.id, message: `Complete “${x.section.title}”` })),
    );
  }
  const toCheck = sectionsToCheck(session.template, session.submission);
  if (toCheck.length) {
    throw new ValidationError(
      "Some sections carried forward from last year have not been checked.",
      toCheck.map((s) => ({
        path: s.id,
        message: `Check “${s.title}”, carried forward from last year, and save it with Save and continue`,
      })),
    );
  }
  if (!input.declaration)
    throw new ValidationError("Confirm the declaration to submit.", [
      { path: "declaration", message: "Confirm the declaration to submit" },
    ]);
  const isDcs = session.person.roles.includes("dcs");
  const awaitSignOff = await needsSignOff(deps, session);
  const at = deps.clock.now().toISOString();
  const submitted = await Submission.submit(deps, {
    id: session.submission.id,
    expectedVersion: input.expectedVersion,
    actor: session.actor,
    awaitSignOff,
    signOff: {
      declaredBy: session.person.id,
      declaredByName: session.person.name,
      dcsName: isDcs ? session.person.name : "",
      dcsApproved: isDcs,
      at,
      ...(isDcs ? { approvedAt: at } : {}),
    },
  });
  if (awaitSignOff) await Submission.requestSignOff(deps, { submission: submitted, submittedBy: session.person.name });
  return submitted;
}
