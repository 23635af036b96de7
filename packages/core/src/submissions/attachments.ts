import { ConditionFailedError, ConflictError, NotFoundError, StateError, ValidationError, type Deps } from "../shared";
import { keyOf, LOCKED, parseSubmissionId, unlocked, type Attachment, type Submission } from "./submission";

/** The most files one form may carry. */
export const MAX_ATTACHMENTS = 10;

/** Attach a checked, stored file to a draft (refused once submitted or when the form is full). */
export async function attach(
  deps: Pick<Deps, "store" | "clock">,
  input: { id: string; attachment: Attachment },
): Promise<Submission> {
  const key = keyOf(parseSubmissionId(input.id));
  const current = await deps.store.get<Submission>(key, { consistent: true });
  if (!current) throw new NotFoundError("There is no such submission.");
  if (LOCKED.includes(current.status)) throw new StateError("This form has been submitted, so files cannot be added.");
  if (input.attachment.id in current.attachments) return current;
  if (Object.keys(current.attachments).length >= MAX_ATTACHMENTS)
    throw new ValidationError(`A form can have at most ${MAX_ATTACHMENTS} files.`, [
      { path: "file", message: `Remove a file before uploading another (at most ${MAX_ATTACHMENTS})` },
    ]);
  const list = Array.isArray(current.answers[input.attachment.question])
    ? (current.answers[input.attachment.question] as string[])
    : [];
  try {
    return await deps.store.update<Submission>(
      key,
      {
        set: {
          [`attachments.${input.attachment.id}`]: input.attachment,
          [`answers.${input.attachment.question}`]: [...list, input.attachment.id],
          version: current.version + 1,
          updatedAt: deps.clock.now().toISOString(),
          updatedBy: input.attachment.by,
        },
      },
      {
        condition: {
          op: "and",
          of: [{ op: "eq", attr: "version", value: current.version }, ...unlocked],
        },
      },
    );
  } catch (err) {
    if (err instanceof ConditionFailedError)
      throw new ConflictError("The form changed while the file was uploading. Try again.");
    throw err;
  }
}
