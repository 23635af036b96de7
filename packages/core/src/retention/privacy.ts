/**
 * Subject access and erasure for one person. Export gathers what riia holds about them; erasure
 * removes their contact record and sessions and anonymises them in the audit trail (their name where
 * they acted or were recorded, their address anywhere), while every audit entry stays (same id, same action, same entity) so the trail still adds up.
 */
import { Keys, escapeRegExp, queryAll, type Deps, type Item } from "../shared";
import { Audit } from "../audit";
import { People, Region, Suppression } from "../directory";
import { Access, Sessions } from "../access";
import { Cycle, Tasks } from "../cycle";
import { Assignments } from "../peer-review";
import { eraseHeld, listHeld, scrubber } from "./held";
import { namedScopes } from "./named";
import { eraseFromSubmissions, formsNaming, submissionsOf } from "./submissions-held";
import { eraseInRegions, listInRegions } from "./region-held";
import { replacing, withoutKeys } from "./rewrite";

export const ERASED_NAME = "Erased person";

/** Reviews asked of them by another region (the national list, one query): they live in that region's cycles. */
const crossReviewsOf = async (deps: Pick<Deps, "store">, personId: string) =>
  (await queryAll<Assignments.Assignment>(deps.store, { index: "gsi1", pk: Keys.crossRegionReviews() })).filter(
    (a) => a.crossRegion?.personId === personId,
  );

/**
 * Every audit scope that may hold them: their region's own and each of its cycles', and those of other regions where
 * an act naming them was recorded (an exchange request, a group, a review asked of them from another region).
 */
async function auditScopes(
  deps: Pick<Deps, "store">,
  person: Pick<People.Person, "id" | "name" | "email" | "regionId">,
) {
  const regionId = person.regionId;
  const [cycles, elsewhere, cross] = await Promise.all([
    Cycle.listForRegion(deps, regionId),
    namedScopes(deps, person),
    crossReviewsOf(deps, person.id),
  ]);
  const scopes = [
    Audit.regionScope(regionId),
    ...cycles.map((c) => Audit.cycleScope(c.id)),
    ...elsewhere,
    ...cross.map((a) => Audit.cycleScope(a.cycleId)),
  ];
  const unique = [...new Set(scopes)];
  // The cycles and regions those scopes are (a cycle's id begins with its region's): where their work may name them.
  const cycleIds = unique.filter((s) => s.startsWith("cycle:")).map((s) => s.slice("cycle:".length));
  const regionIds = [
    ...new Set([
      regionId,
      ...cross.map((a) => a.regionId),
      ...unique.filter((s) => s.startsWith("region:")).map((s) => s.slice("region:".length)),
      ...cycleIds.map((id) => id.slice(0, id.lastIndexOf("-"))),
    ]),
  ];
  return { cycles, cross, scopes: unique, places: { cycleIds, regionIds } };
}

const entriesOf = (deps: Pick<Deps, "store">, scope: string) =>
  queryAll<Audit.AuditEntry>(deps.store, { pk: Keys.auditScope(scope) });

const reviewSteps = Tasks.REVIEW_STEPS as Assignments.ReviewStep[];

/**
 * Assignments holding the person: replies they sent (`keys`), or a decision recorded by them (`decided`), in their
 * region's cycles and in the reviews other regions asked of them (`cross`).
 */
async function repliesBy(
  deps: Pick<Deps, "store">,
  cycles: Cycle.Cycle[],
  person: Pick<People.Person, "id" | "email">,
  cross: Assignments.Assignment[] = [],
) {
  const email = person.email;
  const isThem = (by: string | undefined) =>
    by !== undefined && (by.toLowerCase() === email.toLowerCase() || by === person.id);
  const out: { assignment: Assignments.Assignment; keys: string[]; decided: boolean }[] = [];
  const own: Assignments.Assignment[] = [];
  for (const c of cycles)
    for (const step of reviewSteps) own.push(...(await Assignments.listForStep(deps, c.id, step)));
  const seen = new Set(own.map((a) => a.id));
  for (const a of [...own, ...cross.filter((x) => !seen.has(x.id))]) {
    const keys = Object.entries(a.replies ?? {})
      .filter(([, r]) => r.from === email)
      .map(([k]) => k);
    const decided = isThem(a.decidedBy);
    // A review asked of them from another region is theirs even before they answer (its reason may name them).
    if (keys.length || decided || a.crossRegion?.personId === person.id) out.push({ assignment: a, keys, decided });
  }
  return out;
}

/**
 * Subject access: everything riia holds about this person, as one JSON document. Who asked for it is
 * audited (a copy of someone's data has left the service), after the document is gathered.
 */
export async function exportPerson(deps: Deps, person: People.Person, actor: Audit.Actor) {
  const document = await gather(deps, person);
  await Audit.record(deps, {
    scope: Audit.regionScope(person.regionId),
    actor,
    action: "person.exported",
    entity: { type: "person", id: person.id },
    summary: "Everything held about a person was exported (subject access)",
  });
  return document;
}

async function gather(deps: Deps, person: People.Person) {
  const { cycles, cross, scopes, places } = await auditScopes(deps, person);
  const acted: Audit.AuditEntry[] = [];
  const about: Audit.AuditEntry[] = [];
  const names = (e: Audit.AuditEntry) => {
    const json = JSON.stringify([e.summary, e.before, e.after]).toLowerCase();
    return json.includes(person.email.toLowerCase()) || json.includes(person.name.toLowerCase());
  };
  for (const scope of scopes)
    for (const e of await entriesOf(deps, scope)) {
      if (e.actor.id === person.id) acted.push(e);
      // About them, or naming them (another region's lead asking them to review, say).
      else if (e.entity.id === person.id || names(e)) about.push(e);
    }
  const submissions = await submissionsOf(deps, person.id, places.cycleIds);
  return {
    exportedAt: deps.clock.now().toISOString(),
    person: withoutKeys(person),
    // National people are listed under a scope that is not a region.
    region: person.regionId === Access.NATIONAL ? "National" : (await Region.get(deps, person.regionId)).name,
    sessions: (await Sessions.listFor(deps, person.id)).map((s) => ({
      startedAt: s.createdAt,
      expiresAt: new Date(s.expiresAt * 1000).toISOString(),
    })),
    emailSuppressed: await Suppression.isSuppressed(deps, person.email),
    actionsTaken: acted.map(withoutKeys),
    recordsAboutThem: about.map(withoutKeys),
    submissionsLastChangedOrSubmitted: submissions.map((s) => ({
      id: s.id,
      form: s.form,
      authority: s.authority,
      status: s.status,
      updatedAt: s.updatedAt,
    })),
    // Forms they never worked on whose answers name them: listed, and left as the LA's words by erasure.
    formsNamingThem: await formsNaming(deps, person, places.cycleIds),
    peerReviewReplies: (await repliesBy(deps, cycles, person, cross)).flatMap(({ assignment, keys }) =>
      keys.map((k) => ({ assignment: assignment.id, ...assignment.replies[k] })),
    ),
    // Concerns, plan progress, impact, rounds, review drafts and the like that name them as who did what.
    regionRecordsNamingThem: await listInRegions(deps, person, places),
    // Reviews other regions asked of them, whether or not they have answered.
    crossRegionReviews: cross.map((a) => ({
      assignment: a.id,
      cycle: a.cycleId,
      step: a.step,
      reviewee: a.reviewee,
      status: a.status,
      askedAt: a.crossRegion!.at,
      reason: a.crossRegion!.reason,
    })),
    // The emails sent to them (with what each said) and the messages they sent in (with the files each left).
    ...(await listHeld(deps, person)),
  };
}

/**
 * What to rewrite in one audit entry so it no longer identifies the person: their name as its actor;
 * in its words and recorded values, their address wherever it appears, their name anywhere in entries by
 * or about them and as a whole name in any other (someone else's name may merely contain theirs). The
 * entry itself stays: same id, action and entity.
 */
function anonymised(e: Audit.AuditEntry, person: People.Person): Record<string, unknown> | undefined {
  const theirs = e.actor.id === person.id || e.entity.id === person.id;
  // Their name as a whole name anywhere (a system's note such as "Emailed <name> a new link" is about them too),
  // anywhere at all in entries by or about them.
  const name = theirs ? escapeRegExp(person.name) : `(?<![\\p{L}\\p{N}])${escapeRegExp(person.name)}(?![\\p{L}\\p{N}])`;
  const words = [escapeRegExp(person.email), ...(person.name.length >= 2 ? [name] : [])];
  const pattern = new RegExp(words.join("|"), "giu");
  const fix = replacing(pattern, person.id, ERASED_NAME);
  const set: Record<string, unknown> = {};
  if (e.actor.id === person.id && e.actor.name !== ERASED_NAME) set["actor.name"] = ERASED_NAME;
  for (const k of ["summary", "before", "after"] as const) {
    if (e[k] === undefined) continue;
    const next = fix(e[k]);
    if (JSON.stringify(next) !== JSON.stringify(e[k])) set[k] = next;
  }
  return Object.keys(set).length ? set : undefined;
}

/**
 * Their replies (rewritten without them; the files a reply carried are kept as the review's work, `keepFiles`), the
 * decisions recorded by them, and the reason another region gave for asking them to review.
 */
async function eraseFromAssignments(
  deps: Pick<Deps, "store">,
  person: People.Person,
  found: Awaited<ReturnType<typeof repliesBy>>,
) {
  let replies = 0;
  let decisions = 0;
  let crossReviews = 0;
  const scrub = scrubber(person, ERASED_NAME);
  const keepFiles = new Set<string>();
  for (const { assignment, keys, decided } of found) {
    const set: Record<string, unknown> = {};
    for (const k of keys) {
      const reply = assignment.replies[k]!;
      for (const f of [...reply.attachments.map((a) => a.key), ...(reply.textKey ? [reply.textKey] : [])])
        keepFiles.add(f);
      set[`replies.${k}`] = { ...(scrub(reply) as object), from: `erased:${person.id}` };
      replies++;
    }
    if (decided) {
      set.decidedBy = `erased:${person.id}`;
      decisions++;
    }
    if (assignment.crossRegion?.personId === person.id) {
      set["crossRegion.reason"] = scrub(assignment.crossRegion.reason);
      crossReviews++;
    }
    if (Object.keys(set).length) await deps.store.update({ pk: assignment.pk, sk: assignment.sk }, { set });
  }
  return { keepFiles, replies, decisions, crossRegionReviews: crossReviews };
}

/**
 * Erase a person who has left. Returns counts of what changed. Re-running is harmless: every step
 * reads what is still there.
 */
export async function erasePerson(
  deps: Deps,
  person: People.Person,
  input: { reason: string; actor: Audit.Actor },
): Promise<{ erased: string; removed: Record<string, number> }> {
  const at = deps.clock.now().toISOString();
  const sessions = await Sessions.endAll(deps, person.id);
  const { cycles, cross, scopes, places } = await auditScopes(deps, person);
  let audit = 0;
  for (const scope of scopes)
    for (const e of await entriesOf(deps, scope)) {
      const set = anonymised(e, person);
      if (!set) continue;
      await deps.store.update({ pk: e.pk, sk: e.sk }, { set });
      audit++;
    }
  const { keepFiles, ...assignments } = await eraseFromAssignments(
    deps,
    person,
    await repliesBy(deps, cycles, person, cross),
  );
  const scrub = scrubber(person, ERASED_NAME);
  const formItems = await eraseFromSubmissions(deps, await submissionsOf(deps, person.id, places.cycleIds), scrub);
  const regionRecords = await eraseInRegions(scrub, deps, person, places);
  const held = await eraseHeld(deps, person, { keepFiles, placeholder: ERASED_NAME, erasedBy: input.actor.id });
  await deps.store.put({
    ...Keys.erasure(person.id),
    kind: "erasure",
    personId: person.id,
    regionId: person.regionId,
    erasedAt: at,
    erasedBy: input.actor.id,
    reason: input.reason,
  });
  await deps.store.delete(Keys.person(person.id));
  People.forgetNames();
  await Audit.record(deps, {
    scope: Audit.regionScope(person.regionId),
    actor: input.actor,
    action: "person.erased",
    entity: { type: "person", id: person.id },
    summary: `A person's contact details were erased and their name anonymised (${input.reason})`,
    at,
  });
  return {
    erased: person.id,
    removed: { person: 1, sessions, auditNamesAnonymised: audit, ...assignments, formItems, regionRecords, ...held },
  };
}

/** End every session of a person at once, audited. */
export async function revokeSessions(deps: Deps, person: People.Person, actor: Audit.Actor): Promise<number> {
  const ended = await Sessions.endAll(deps, person.id);
  await Audit.record(deps, {
    scope: Audit.regionScope(person.regionId),
    actor,
    action: "person.sessions-revoked",
    entity: { type: "person", id: person.id },
    summary: `Ended ${ended} session(s)`,
  });
  return ended;
}

/** Inbound mail held in quarantine for a region, newest first, with the reason. */
export async function quarantined(deps: Pick<Deps, "store">, regionId: string) {
  const page = await deps.store.query<Item>({
    index: "gsi1",
    pk: Keys.quarantinedOf(regionId),
    reverse: true,
    limit: 100,
  });
  return page.items.map((m) => ({
    messageId: m.messageId,
    from: m.from,
    subject: m.subject,
    receivedAt: m.receivedAt,
    reason: m.reason,
    verdicts: m.verdicts,
  }));
}
