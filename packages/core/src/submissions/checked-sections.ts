/** Sections of carried-forward answers that someone has checked (see Submission.checkedSections). */
import { NotFoundError, type Deps } from "../shared";
import { keyOf, LOCKED, parseSubmissionId, unlocked, type Submission } from "./submission";

/**
 * Record that a section of carried-forward answers has been checked (opened and saved as complete). Not a new
 * version: colleagues editing other sections are not made to refresh. Nothing is written to a locked form.
 */
export async function markSectionChecked(
  deps: Pick<Deps, "store" | "clock">,
  input: { id: string; section: string },
): Promise<Submission> {
  const key = keyOf(parseSubmissionId(input.id));
  const current = await deps.store.get<Submission>(key, { consistent: true });
  if (!current) throw new NotFoundError("There is no such submission.");
  if (current.checkedSections?.[input.section] || LOCKED.includes(current.status)) return current;
  const checkedSections = { ...(current.checkedSections ?? {}), [input.section]: deps.clock.now().toISOString() };
  return deps.store.update<Submission>(key, { set: { checkedSections } }, { condition: { op: "and", of: unlocked } });
}
