/**
 * The forms a person worked on keep their name: the submission's `contributors` (id → name) and each saved version's
 * `byName`. The forms are their LA's (or, for a review from another region, the reviewed region's) work and stay;
 * erasure rewrites the name wherever it appears in the submission's partition (the submission and its versions).
 * Found by reading each cycle's submissions (one query per cycle), never a Scan.
 */
import { queryAll, type Deps, type Item } from "../shared";
import { Submission } from "../submissions";
import { namesPerson } from "../mail";
import { rewrittenFields } from "./rewrite";

const formsOf = async (deps: Pick<Deps, "store">, cycleIds: string[]) =>
  (await Promise.all([...new Set(cycleIds)].map((id) => Submission.listForCycle(deps, id)))).flat();
const workedOn = (s: Submission.Submission, personId: string) =>
  s.updatedBy === personId || s.submittedBy === personId || personId in (s.contributors ?? {});

/** Submissions in these cycles that they changed, submitted or contributed to. */
export async function submissionsOf(deps: Pick<Deps, "store">, personId: string, cycleIds: string[]) {
  return (await formsOf(deps, cycleIds)).filter((s) => workedOn(s, personId));
}

/** Every string in an answer (text, a list's items, a table's cells). */
const textsIn = (v: unknown): string[] =>
  typeof v === "string" ? [v] : v && typeof v === "object" ? Object.values(v).flatMap(textsIn) : [];

/**
 * Forms they never worked on whose answers name them (an officer writing the DCS's name): subject access lists the
 * questions; erasure leaves them, as the LA's own words.
 */
export async function formsNaming(
  deps: Pick<Deps, "store">,
  person: { id: string; name: string; email: string },
  cycleIds: string[],
) {
  return (await formsOf(deps, cycleIds)).flatMap((s) => {
    if (workedOn(s, person.id)) return [];
    const questions = Object.entries(s.answers ?? {})
      .filter(([, v]) => textsIn(v).some((t) => namesPerson(t, person)))
      .map(([q]) => q);
    return questions.length ? [{ id: s.id, form: s.form, authority: s.authority, status: s.status, questions }] : [];
  });
}

/** Rewrite their name and address in every item of each submission's partition. Returns the items changed. */
export async function eraseFromSubmissions(
  deps: Pick<Deps, "store">,
  submissions: Submission.Submission[],
  fix: (v: unknown) => unknown,
) {
  let changed = 0;
  for (const s of submissions)
    for (const item of await queryAll<Item>(deps.store, { pk: s.pk })) {
      const set = rewrittenFields(item, fix);
      if (!Object.keys(set).length) continue;
      await deps.store.update({ pk: item.pk, sk: item.sk }, { set });
      changed++;
    }
  return changed;
}
