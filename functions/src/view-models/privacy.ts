/**
 * The lead's data-protection pages: inbound mail held in quarantine (with the reason in plain words),
 * the region's people (by local authority or by email address) and one person's subject access,
 * sessions and erasure. Only the region's lead may see them: what they show is personal data.
 */
import {
  Access,
  NotFoundError,
  People,
  Region,
  Retention,
  Sessions,
  ValidationError,
  normaliseEmail,
  type Deps,
} from "@riia/core";
import * as z from "@riia/core/zod";
import { csrfToken } from "../middleware/csrf";
import { govukDate, lazyFormat } from "./dates";
import { escapeHtml, roleWords } from "./labels";

type Lead = Extract<Access.Principal, { kind: "person" }>;

export const PEOPLE_PATH = "/lead/people";
export const QUARANTINE_PATH = "/lead/quarantine";
export const personPath = (id: string) => `${PEOPLE_PATH}/${id}`;
/** The people listed under no local authority (leads, advisers) are picked with this value. */
const REGIONAL = "regional";

/** Only a region's lead manages its people and reads its held mail; advisers and national people are refused. */
export function requireLead(who: Lead) {
  Access.require(who, "manage-region", { regionId: who.regionId });
}

const time = lazyFormat({ hour: "numeric", minute: "2-digit", hour12: true, timeZone: "UTC" });
const when = (iso: string) => `${govukDate(iso)}, ${time(new Date(iso)).replace(" ", "")}`;

/** Why a message was held, as the stored reason says it, in words a lead can act on. */
export function plainReason(reason: string | undefined): string {
  const r = reason ?? "";
  const parts: string[] = [];
  const auth = /sender not authenticated \(([^)]*)\)/.exec(r);
  if (auth)
    parts.push(`We could not confirm it really came from the address it claims to be from (checks: ${auth[1]}).`);
  const virus = /virus scan (\w+)/.exec(r);
  if (virus)
    parts.push(
      virus[1] === "FAIL"
        ? "The virus scan found a problem with it."
        : `The virus scan could not check it (${virus[1]}).`,
    );
  if (/reply address refused: expired/.test(r)) parts.push("It answers a request that has closed.");
  if (/reply address refused: (bad-token|unknown)/.test(r))
    parts.push("It was sent to an address we did not give out.");
  if (/sender is neither/.test(r))
    parts.push("It came from someone who is neither the person asked nor a contact of their local authority.");
  if (parts.length) return parts.join(" ");
  return r ? `${r.charAt(0).toUpperCase()}${r.slice(1)}.` : "No reason was recorded.";
}

export async function quarantineModel(deps: Deps, who: Lead) {
  requireLead(who);
  const [region, held] = await Promise.all([Region.get(deps, who.regionId), Retention.quarantined(deps, who.regionId)]);
  return {
    title: "Emails held in quarantine",
    regionName: region.name,
    days: Retention.PERIODS.quarantineDays,
    rows: held.map((m) => [
      { text: when(String(m.receivedAt)) },
      { text: String(m.from ?? "") || "No sender address" },
      { text: String(m.subject ?? "") || "(no subject)" },
      { text: plainReason(m.reason as string | undefined) },
    ]),
  };
}

export interface PeopleQuery {
  authority?: string;
  email?: string;
}

const EmailSearch = z.pipe(
  z.string().check(z.minLength(1, "Enter the email address of the person you are looking for")),
  z.email("Enter an email address in the correct format, like name@example.org"),
);

/** Whom to list: everyone of one LA, the regional people, or the one person with an address. */
async function found(deps: Deps, regionId: string, q: PeopleQuery, las: Region.Authority[]) {
  if (q.email !== undefined) {
    const parsed = EmailSearch.safeParse(q.email.trim());
    if (!parsed.success)
      throw new ValidationError(parsed.error.issues[0]!.message, [
        { path: "email", message: parsed.error.issues[0]!.message },
      ]);
    const p = await People.findByEmail(deps, regionId, normaliseEmail(parsed.data));
    return { people: p ? [p] : [], searched: `with the email address ${parsed.data}` };
  }
  if (q.authority === "")
    throw new ValidationError("Choose a local authority, or regional roles", [
      { path: "authority", message: "Choose a local authority, or regional roles" },
    ]);
  if (q.authority === REGIONAL)
    return { people: await People.listRegional(deps, regionId), searched: "with a regional role" };
  const la = las.find((l) => l.code === q.authority);
  if (!la) return undefined;
  return { people: await People.listByAuthority(deps, la.code), searched: `in ${la.name}` };
}

export async function peopleModel(deps: Deps, who: Lead, q: PeopleQuery) {
  requireLead(who);
  const [region, las] = await Promise.all([Region.get(deps, who.regionId), Region.authorities(deps, who.regionId)]);
  const name = (code: string | undefined) => (code ? (las.find((l) => l.code === code)?.name ?? code) : "Regional");
  const base = {
    title: "People and data protection",
    regionName: region.name,
    boardHref: "/lead",
    quarantineHref: QUARANTINE_PATH,
    email: q.email ?? "",
    authorityItems: [
      { value: "", text: "Choose a local authority" },
      ...las.map((l) => ({ value: l.code, text: l.name, selected: l.code === q.authority })),
      { value: REGIONAL, text: "Regional roles (leads and advisers)", selected: q.authority === REGIONAL },
    ],
  };
  const result = await found(deps, who.regionId, q, las);
  return {
    ...base,
    searched: result?.searched,
    rows: (result?.people ?? []).map((p) => [
      { html: `<a class="govuk-link" href="${personPath(p.id)}">${escapeHtml(p.name)}</a>` },
      { text: p.email },
      { text: name(p.authority) },
      { text: roleWords(p.roles) },
    ]),
  };
}

/** A person of the lead's region; anyone else (another region, an unknown or malformed id) is not found. */
export async function managedPerson(deps: Deps, who: Lead, personId: string) {
  requireLead(who);
  if (!/^p-[0-9a-f]{20}$/.test(personId)) throw new NotFoundError("There is no such person.");
  const person = await People.get(deps, personId);
  if (person.regionId !== who.regionId) throw new NotFoundError("There is no such person.");
  return { person, actor: Access.actorOf(who) };
}

export async function personModel(deps: Deps, who: Lead, personId: string, session: string) {
  const { person } = await managedPerson(deps, who, personId);
  const now = deps.clock.now().getTime() / 1000;
  const [region, las, sessions] = await Promise.all([
    Region.get(deps, person.regionId),
    Region.authorities(deps, person.regionId),
    Sessions.listFor(deps, person.id),
  ]);
  const live = sessions.filter((s) => s.expiresAt > now).length;
  const la = las.find((l) => l.code === person.authority)?.name ?? person.authority;
  return {
    title: person.name,
    regionName: region.name,
    backHref: `${PEOPLE_PATH}?${person.authority ? `authority=${person.authority}` : `authority=${REGIONAL}`}`,
    base: personPath(person.id),
    csrf: csrfToken(deps, "session", session),
    self: person.id === who.personId,
    liveSessions: live,
    rows: [
      { key: { text: "Email address" }, value: { text: person.email } },
      { key: { text: "Local authority" }, value: { text: la ?? "None (regional role)" } },
      { key: { text: "Roles" }, value: { text: roleWords(person.roles) } },
      ...(person.jobTitle ? [{ key: { text: "Job title" }, value: { text: person.jobTitle } }] : []),
      { key: { text: "Signed in now" }, value: { text: live ? `${live} active session(s)` : "No active sessions" } },
    ],
  };
}

/** What the erase form may post: the reason kept with the erasure record and in the audit entry. */
export const EraseInput = z.object({
  reason: z
    .string()
    .check(
      z.trim(),
      z.minLength(3, "Enter why you are erasing this person, for example that they have left"),
      z.maxLength(500, "The reason must be 500 characters or fewer"),
    ),
});

/** The subject-access file's name. */
export const exportFileName = (personId: string, at: Date) =>
  `subject-access-${personId}-${at.toISOString().slice(0, 10)}.json`;
