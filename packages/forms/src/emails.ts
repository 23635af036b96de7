/** Emails about forms, built from the same definitions the pages use. */
import { Emails, Mail, type EmailBlock, type Deps, type Submission } from "@riia/core";
import { displayAnswer, isShown, type Answers } from "./answers";
import type { FormSession } from "./service";

/** A copy of the answers as email blocks (lead-only answers left out: this goes to the LA). */
export function answerBlocks(session: Pick<FormSession, "template" | "ctx">, answers: Answers): EmailBlock[] {
  const blocks: EmailBlock[] = [];
  for (const s of session.template.sections) {
    blocks.push({ h: s.title });
    const rows: { label: string; value: string }[] = [];
    for (const q of s.questions) {
      if (!isShown(q, answers)) continue;
      if (q.type === "group") {
        const items = Array.isArray(answers[q.id]) ? (answers[q.id] as Answers[]) : [];
        items.forEach((item, i) => {
          for (const sq of q.questions) {
            if (sq.visibility === "lead" || !isShown(sq, item)) continue;
            rows.push({
              label: `${q.itemName.charAt(0).toUpperCase()}${q.itemName.slice(1)} ${i + 1} – ${sq.label}`,
              value: displayAnswer(sq, item[sq.id], session.ctx),
            });
          }
        });
        if (!items.length) rows.push({ label: q.label, value: "" });
      } else if (q.visibility !== "lead") {
        rows.push({ label: q.label, value: displayAnswer(q, answers[q.id], session.ctx) });
      }
    }
    blocks.push({ pre: rows });
  }
  return blocks;
}

/**
 * Put the confirmation email (with a copy of the answers) in the ledger and try to send it at
 * once. If sending fails now, the scheduled step sends it later; it is never sent twice.
 */
export async function sendSubmissionConfirmation(deps: Deps, session: FormSession, submitted: Submission.Submission) {
  const message = Emails.render("confirmation", {
    name: session.person.name,
    authority: session.authority.name,
    form: session.template.title,
    reference: submitted.reference!,
    submittedAt: submitted.submittedAt!,
    answers: answerBlocks(session, submitted.answers),
    awaitingSignOff: submitted.status === "awaiting-sign-off",
  });
  const { item } = await Mail.enqueue(deps, {
    key: {
      cycleId: submitted.cycleId,
      step: submitted.form,
      recipient: session.person.email,
      purpose: `confirmation:${submitted.id}`,
      n: submitted.version,
    },
    to: session.person.email,
    message,
    regionId: session.region.id,
  });
  try {
    await Mail.dispatch(deps, item.id, Mail.storeRateLimiter(deps, deps.config.sesMaxSendRate), {
      inProcessRetries: 1,
    });
  } catch (err) {
    deps.log.warn({ err, mail: item.id }, "confirmation not sent now; the scheduled step will send it");
  }
  return item;
}
