/**
 * What happens to a form after the officers submit it: the LA's DCS approves it (only then does it
 * count as submitted) or returns it with a comment; the regional lead may reopen a submitted form
 * with a reason. Each step keeps a copy of the form in its history, is audited, and tells the
 * people who must act, with their own link.
 */
import { Audit } from "../audit";
import { People, Region } from "../directory";
import { Emails, Replies, ReplyText, sendNow, type RenderedEmail } from "../mail";
import {
  ConditionFailedError,
  ConflictError,
  ForbiddenError,
  Keys,
  StateError,
  ValidationError,
  type Deps,
} from "../shared";
import * as Links from "./links";
import {
  get,
  keyOf,
  parseSubmissionId,
  type Notice,
  type Status,
  type Submission,
  type SubmissionVersion,
} from "./submission";

const DAY = 86_400_000;
export const SIGN_OFF_PURPOSE = "sign-off";

/** How emails name each form (the forms package owns the full titles; these are for sentences). */
export const FORM_NAMES: Record<Submission["form"], string> = {
  "self-evaluation": "Annual self-evaluation",
  "development-plan": "Development plan",
  "peer-challenge-response": "Peer review response",
  "core-dataset": "Quarterly core dataset",
};

/** The LA whose contacts act on a submission, and (for review responses) who it is about. */
function partiesOf(sub: Pick<Submission, "authority">) {
  const [la, ...rest] = sub.authority.split("~");
  return { la: la!, reviewee: rest.length ? rest.join("~") : undefined };
}

/** The LA's directors of children's services. */
export async function directorsOf(deps: Pick<Deps, "store">, sub: Pick<Submission, "authority">) {
  return (await People.listByAuthority(deps, partiesOf(sub).la)).filter((p) => p.roles.includes("dcs"));
}

/** A person's own link to the form (a fresh link; earlier ones keep working until they expire). */
async function formLinkFor(deps: Deps, sub: Submission, person: People.Person, path = "f") {
  const { reviewee } = partiesOf(sub);
  const { token } = await Links.issue(deps, {
    cycleId: sub.cycleId,
    regionId: sub.regionId,
    authority: partiesOf(sub).la,
    form: sub.form,
    personId: person.id,
    expiresAt: new Date(deps.clock.now().getTime() + 120 * DAY),
    reviewee,
  });
  return `${deps.config.baseUrl}/${path}/${token}`;
}

/** Queue an email to one person about this version of the submission, and try to send it at once. */
async function send(
  deps: Deps,
  sub: Submission,
  to: People.Person,
  purpose: string,
  message: RenderedEmail,
  replyTo?: string,
) {
  await sendNow(deps, {
    key: { cycleId: sub.cycleId, step: sub.form, recipient: to.email, purpose: `${purpose}:${sub.id}`, n: sub.version },
    to: to.email,
    ...(replyTo ? { replyTo } : {}),
    message,
    regionId: sub.regionId,
  });
}

/**
 * Ask the LA's DCS to approve a form the officers have just submitted: each gets a personal link to
 * read the whole form and approve or return it, and a reply address that takes APPROVE / RETURN.
 */
export async function requestSignOff(deps: Deps, input: { submission: Submission; submittedBy: string }) {
  const sub = input.submission;
  const authority = await Region.authority(deps, partiesOf(sub).la);
  for (const dcs of await directorsOf(deps, sub)) {
    const { address } = await Replies.issue(deps, {
      id: Replies.handleIdFor(`${sub.id}|${sub.version}`, dcs.id),
      purpose: SIGN_OFF_PURPOSE,
      subject: sub.id,
      cycleId: sub.cycleId,
      regionId: sub.regionId,
      personId: dcs.id,
      authority: authority.code,
      expiresAt: new Date(deps.clock.now().getTime() + 120 * DAY),
    });
    const message = Emails.render("signOffRequest", {
      name: dcs.name,
      authority: authority.name,
      form: FORM_NAMES[sub.form],
      submittedBy: input.submittedBy,
      link: await formLinkFor(deps, sub, dcs, "sign-off"),
    });
    await send(deps, sub, dcs, "sign-off", message, address);
  }
}

/** Change a submission's status from `from`, keeping a copy in its history and an audit entry. */
async function transition(
  deps: Deps,
  input: {
    id: string;
    from: Status;
    to: Status;
    actor: Audit.Actor;
    note?: string;
    set?: Record<string, unknown>;
    remove?: string[];
    action: string;
    summary: string;
  },
): Promise<Submission> {
  const current = await get(deps, input.id);
  if (current.status !== input.from) throw new StateError(stateMessage(current.status));
  const ref = parseSubmissionId(input.id);
  const at = deps.clock.now().toISOString();
  const version = current.version + 1;
  let saved: Submission;
  try {
    saved = await deps.store.update<Submission>(
      keyOf(ref),
      {
        set: { status: input.to, version, updatedAt: at, updatedBy: input.actor.id, ...input.set },
        ...(input.remove ? { remove: input.remove } : {}),
      },
      {
        condition: {
          op: "and",
          of: [
            { op: "eq", attr: "version", value: current.version },
            { op: "eq", attr: "status", value: input.from },
          ],
        },
      },
    );
  } catch (err) {
    if (err instanceof ConditionFailedError)
      throw new ConflictError("Someone else changed this form at the same moment. Refresh and try again.");
    throw err;
  }
  const snapshot: SubmissionVersion = {
    ...Keys.submissionVersion(ref.cycleId, ref.form, ref.authority, version),
    kind: "submission-version",
    version,
    status: input.to,
    answers: saved.answers,
    at,
    by: input.actor.id,
    byName: input.actor.name,
    ...(saved.reference ? { reference: saved.reference } : {}),
    ...(input.note ? { note: input.note } : {}),
    templateVersion: saved.templateVersion,
  };
  await deps.store.batchPut([
    snapshot,
    Audit.entry(deps, {
      scope: Audit.cycleScope(ref.cycleId),
      actor: input.actor,
      action: input.action,
      entity: { type: "submission", id: input.id, version },
      authority: partiesOf(ref).la,
      summary: input.summary,
      before: { status: input.from },
      after: { status: input.to },
      at,
    }),
  ]);
  return saved;
}

function stateMessage(status: Status) {
  if (status === "submitted") return "This form has already been approved and submitted.";
  if (status === "returned" || status === "reopened" || status === "draft")
    return "This form is being changed by the officers; it is not waiting for approval.";
  return "This form cannot be changed now.";
}

const Comment = (what: string, min: number) => (text: string | undefined) => {
  const t = (text ?? "").trim();
  if (t.length < min) throw new ValidationError(`${what}.`, [{ path: "comment", message: what }]);
  if (t.length > 2000)
    throw new ValidationError("Keep it shorter.", [
      { path: "comment", message: `${what} in 2,000 characters or fewer` },
    ]);
  return t;
};

/** The DCS approves: the form now counts as submitted, and the officers are told, with a link to read it. */
export async function approve(deps: Deps, input: { id: string; actor: Audit.Actor; comment?: string }) {
  const current = await get(deps, input.id);
  const comment = input.comment?.trim() ? input.comment.trim().slice(0, 2000) : undefined;
  const at = deps.clock.now().toISOString();
  const saved = await transition(deps, {
    id: input.id,
    from: "awaiting-sign-off",
    to: "submitted",
    actor: input.actor,
    note: comment,
    set: {
      signOff: {
        ...(current.signOff ?? { declaredBy: "", declaredByName: "", at }),
        dcsName: input.actor.name ?? input.actor.id,
        dcsApproved: true,
        approvedAt: at,
        ...(comment ? { comment } : {}),
      },
    },
    action: "submission.approved",
    summary: `The DCS approved the ${current.form}${comment ? `: ${comment}` : ""}`,
  });
  await tellContacts(
    deps,
    saved,
    (p, link, la) =>
      Emails.render("signOffApproved", {
        name: p.name,
        authority: la,
        form: FORM_NAMES[saved.form],
        dcsName: input.actor.name ?? "Your director",
        reference: saved.reference ?? "",
        link,
      }),
    "approved",
    (p) => !p.roles.includes("dcs"),
  );
  return saved;
}

/** The DCS returns the form to the officers with a comment; they are emailed and see it on the form. */
export async function returnToOfficers(deps: Deps, input: { id: string; actor: Audit.Actor; comment?: string }) {
  const comment = Comment("Say what needs to change before you can approve it", 3)(input.comment);
  const notice: Notice = {
    kind: "returned",
    by: input.actor.id,
    byName: input.actor.name ?? "Your director",
    at: deps.clock.now().toISOString(),
    text: comment,
  };
  const saved = await transition(deps, {
    id: input.id,
    from: "awaiting-sign-off",
    to: "returned",
    actor: input.actor,
    note: comment,
    set: { notice },
    action: "submission.returned",
    summary: `The DCS returned the ${parseSubmissionId(input.id).form} to the officers: ${comment}`,
  });
  await tellContacts(
    deps,
    saved,
    (p, link, la) =>
      Emails.render("signOffReturned", {
        name: p.name,
        authority: la,
        form: FORM_NAMES[saved.form],
        dcsName: notice.byName,
        comment,
        link,
      }),
    "returned",
    (p) => !p.roles.includes("dcs"),
  );
  return saved;
}

/** Reopen a submitted form (regional lead), with a reason: the LA's contacts are emailed it and see it on the form. */
export async function reopen(deps: Deps, input: { id: string; reason: string; actor: Audit.Actor }) {
  const reason = Comment("Give a reason for reopening", 3)(input.reason);
  const notice: Notice = {
    kind: "reopened",
    by: input.actor.id,
    byName: input.actor.name ?? "Your regional lead",
    at: deps.clock.now().toISOString(),
    text: reason,
  };
  const saved = await transition(deps, {
    id: input.id,
    from: "submitted",
    to: "reopened",
    actor: input.actor,
    note: reason,
    set: { notice },
    action: "submission.reopened",
    summary: `Reopened the ${parseSubmissionId(input.id).form}: ${reason}`,
  });
  await tellContacts(
    deps,
    saved,
    (p, link, la) =>
      Emails.render("reopened", { name: p.name, authority: la, form: FORM_NAMES[saved.form], reason, link }),
    "reopened",
  );
  return saved;
}

async function tellContacts(
  deps: Deps,
  sub: Submission,
  message: (p: People.Person, link: string, authorityName: string) => RenderedEmail,
  purpose: string,
  who: (p: People.Person) => boolean = () => true,
) {
  const authority = await Region.authority(deps, partiesOf(sub).la);
  for (const person of (await People.listByAuthority(deps, authority.code)).filter(who)) {
    await send(deps, sub, person, purpose, message(person, await formLinkFor(deps, sub, person), authority.name));
  }
}

/**
 * A reply to a sign-off request: APPROVE (or "I approve", "Approved"), or RETURN followed by what
 * needs to change, on the first line that is not a greeting. Anything else decides nothing: a
 * director's approval is not guessed from "looks fine".
 */
export function decisionOf(
  text: string,
): { decision: "approve" } | { decision: "return"; comment: string } | undefined {
  const lines = text.trim().split(/\r?\n/);
  // Greetings before the answer ("Hi Sam,", "Dear all") are read as the peer-review replies read them.
  while (lines.length > 1 && (ReplyText.isGreeting(lines[0]!) || !lines[0]!.trim())) lines.shift();
  const answer = lines.join("\n").trim();
  if (/^(i\s+)?approved?\b/i.test(answer)) return { decision: "approve" };
  const ret = /^return(ed)?\b[\s:,.-]*([\s\S]*)$/i.exec(answer);
  return ret ? { decision: "return", comment: ret[2]!.trim() } : undefined;
}

type ReplyResult =
  | { ok: true; decision: "approve" | "return" }
  | { ok: true; decision: "asked"; reason: string }
  | { ok: false; reason: string };

/**
 * Act on an emailed reply to a sign-off request; only a DCS of the LA may decide. A director whose
 * reply decides nothing (no APPROVE or RETURN, a return without a reason, a form no longer waiting)
 * is told so by email with their link, rather than left thinking it was done.
 */
export async function recordReply(
  deps: Deps,
  input: { subject: string; regionId: string; from: string; text: string; handleId: string; messageId: string },
): Promise<ReplyResult> {
  const sub = await get(deps, input.subject);
  const sender = await People.findByEmail(deps, input.regionId, input.from);
  if (!sender || !sender.roles.includes("dcs") || sender.authority !== partiesOf(sub).la)
    return {
      ok: false,
      reason: "only the local authority's director of children's services can approve or return a form",
    };
  const said = decisionOf(input.text);
  const askBack = async (problem: string): Promise<ReplyResult> => {
    const authority = await Region.authority(deps, partiesOf(sub).la);
    const message = Emails.render("signOffUnclear", {
      name: sender.name,
      authority: authority.name,
      form: FORM_NAMES[sub.form],
      problem,
      link: await formLinkFor(deps, sub, sender, "sign-off"),
    });
    await send(
      deps,
      sub,
      sender,
      `sign-off-asked:${input.messageId}`,
      message,
      Replies.addressOf(deps, input.handleId),
    );
    return { ok: true, decision: "asked", reason: problem };
  };
  if (!said) return askBack("Your reply did not start with APPROVE or RETURN.");
  const actor: Audit.Actor = { kind: "person", id: sender.id, name: sender.name };
  try {
    if (said.decision === "approve") await approve(deps, { id: sub.id, actor });
    else await returnToOfficers(deps, { id: sub.id, actor, comment: said.comment });
  } catch (err) {
    if (err instanceof ValidationError || err instanceof StateError) return askBack(err.message);
    throw err;
  }
  return { ok: true, decision: said.decision };
}

/** May this person decide on this submission? */
export function assertDirector(person: People.Person, sub: Submission) {
  if (!person.roles.includes("dcs") || person.authority !== partiesOf(sub).la)
    throw new ForbiddenError("Only the local authority's director of children's services can approve this form.");
}
