/**
 * Records that name a person without being about them: an exchange request they asked for or answered, a case study
 * they published or are the contact of, a task-and-finish group they convened, and other people's emails that name
 * them (as the lead who asked, the reviewer chosen, the address to reply to). Each is found through its entry in
 * `Keys.heldAbout` (shared/held-names.ts), never a Scan. Subject access lists them; erasure rewrites them without the
 * person (the record stays: the other region's work is theirs too) and deletes the entries.
 */
import { Keys, NAMING_KIND, heldHash, queryAll, type Deps, type Item, type NamingEntry } from "../shared";
import { rewrittenFields, withoutKeys } from "./rewrite";

/** The person as erasure sees them (held.ts's `Subject`; declared here so the two files do not import each other). */
interface Subject {
  email: string;
}

async function namingOf(deps: Pick<Deps, "store">, email: string) {
  const entries = await queryAll<Item>(deps.store, { index: "gsi1", pk: Keys.heldAbout(heldHash(email)) });
  const naming = entries.filter((e): e is NamingEntry => e.kind === NAMING_KIND);
  const records = naming.length ? await deps.store.batchGet<Item>(naming.map((e) => e.ref)) : [];
  return { naming, records };
}

/** The audit scopes (other regions' cycles and the regions of a group) where acts naming them were recorded. */
export async function namedScopes(deps: Pick<Deps, "store">, person: Subject): Promise<string[]> {
  const { naming } = await namingOf(deps, person.email);
  return [...new Set(naming.flatMap((e) => e.scopes ?? []))];
}

/** What subject access shows of one record: someone else's email without their address; any other record whole. */
function describe(r: Item) {
  if (r.kind === "mail")
    return {
      record: "an email to someone else that names them",
      id: r.id,
      purpose: r.purpose,
      subject: r.subject,
      text: r.text,
      createdAt: r.createdAt,
    };
  const { kind, ...rest } = withoutKeys(r);
  return { record: String(kind), ...rest };
}

export async function listNamed(deps: Pick<Deps, "store">, person: Subject) {
  const { records } = await namingOf(deps, person.email);
  return records.map(describe);
}

/**
 * Rewrite every record naming the person (their name and address replaced wherever they appear) and delete the
 * entries that found them. An email's reply-to address that was theirs is removed (a pending email stays sendable).
 */
export async function eraseNamed(deps: Pick<Deps, "store">, person: Subject, fix: (v: unknown) => unknown) {
  const { naming, records } = await namingOf(deps, person.email);
  let rewritten = 0;
  for (const r of records) {
    const set = rewrittenFields(r, fix);
    const remove = r.kind === "mail" && "replyTo" in set ? ["replyTo"] : [];
    if (remove.length) delete set.replyTo;
    if (!Object.keys(set).length && !remove.length) continue;
    await deps.store.update({ pk: r.pk, sk: r.sk }, { set, ...(remove.length ? { remove } : {}) });
    rewritten++;
  }
  await deps.store.batchDelete(naming.map(({ pk, sk }) => ({ pk, sk })));
  return { recordsNamingThem: rewritten };
}
