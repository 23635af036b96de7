/**
 * Whom an email names besides its recipient, read from what it says: the people of its region (and the national
 * list) whose full name or address appears in its subject or text. Sign-off notices name the DCS, escalations the
 * reviewer, assignments the reviewer to their LA; rather than each template saying whom it names, the outbox looks,
 * so a new template cannot forget. The email is then indexed under each of them (held-index.ts), and erasure and
 * subject access reach it. The directory is read whole once per store every few seconds (directory/people-names.ts).
 *
 * A name is matched as written (case aside), between word boundaries, and only when it cannot be an ordinary word:
 * two words or more, or one word of six letters or more. A false match costs an index entry: subject access would
 * list an email that was not about them, and their erasure would rewrite the matching words in it.
 */
import { Audit } from "../audit";
import { People } from "../directory";
import { escapeRegExp, normaliseEmail, type Deps } from "../shared";

/** The national list's scope (access.ts's NATIONAL: the mail module cannot import access, which sends mail). */
const NATIONAL = "national";

const WORDS = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

/** Could this name be matched without catching ordinary words? */
export function distinctive(name: string): boolean {
  const words = name.match(WORDS) ?? [];
  return words.length >= 2 || (words.length === 1 && words[0]!.length >= 6);
}

/** Does `text` name the person: their address, or their full name as a whole phrase (any spacing, any case)? */
export function mentions(text: string, person: { name: string; email: string }): boolean {
  const lower = text.toLowerCase();
  const email = normaliseEmail(person.email);
  if (lower.includes(email) && new RegExp(`(?<![\\w.+-])${escapeRegExp(email)}(?![\\w-]|\\.\\w)`, "i").test(text))
    return true;
  const name = person.name.trim();
  if (!distinctive(name)) return false;
  const first = name.split(/\s+/)[0]!.toLowerCase();
  if (!lower.includes(first)) return false;
  const phrase = name.split(/\s+/).map(escapeRegExp).join("\\s+");
  return new RegExp(`(?<![\\p{L}\\p{N}])${phrase}(?![\\p{L}\\p{N}])`, "iu").test(text);
}

const cycleRegion = (cycleId?: string) => /^(.+)-\d{4}$/.exec(cycleId ?? "")?.[1];

/** The region an email is about: its own, or its cycle's (a cycle id is `<region>-<year>`). */
function regionOf(mail: { regionId?: string; cycleId?: string }): string | undefined {
  return mail.regionId ?? cycleRegion(mail.cycleId);
}

/**
 * The audit scopes of the act an email tells of (its region's, and its cycle's when it has one): where erasure of
 * someone it names looks for audit lines and working records naming them too, when that is not their own region
 * (a national adviser named in a region's escalation).
 */
export function scopesOf(mail: { regionId?: string; cycleId?: string }): string[] {
  const region = regionOf(mail);
  if (!region || region === NATIONAL) return [];
  return [
    Audit.regionScope(region),
    ...(cycleRegion(mail.cycleId) === region ? [Audit.cycleScope(mail.cycleId!)] : []),
  ];
}

/** The addresses of the people of the email's region and the national list that it names, its recipient aside. */
export async function peopleNamed(
  deps: Pick<Deps, "store">,
  mail: { to: string; regionId?: string; cycleId?: string; subject: string; text: string },
): Promise<string[]> {
  const region = regionOf(mail);
  const people = await People.namesOf(deps, region && region !== NATIONAL ? [region, NATIONAL] : [NATIONAL]);
  const to = normaliseEmail(mail.to);
  // "Dear <name>" is the recipient: someone else of the same name is named only by their address.
  const theirName = people
    .find((p) => normaliseEmail(p.email) === to)
    ?.name.trim()
    .toLowerCase();
  const said = `${mail.subject}\n${mail.text}`;
  const named = people.filter((p) => {
    if (normaliseEmail(p.email) === to) return false;
    const namesake = p.name.trim().toLowerCase() === theirName;
    return mentions(said, namesake ? { name: "", email: p.email } : p);
  });
  return [...new Set(named.map((p) => normaliseEmail(p.email)))];
}
