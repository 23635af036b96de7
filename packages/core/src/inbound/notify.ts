/** Sending the emails inbound mail causes: queued in the ledger (once per key) and tried at once. */
import { createHash } from "node:crypto";
import { Mail } from "../mail";
import type { Deps } from "../shared";

/** Queue an email and try to send it now; the scheduled step sends it if this fails. */
export async function sendNow(deps: Deps, input: Parameters<typeof Mail.enqueue>[1]) {
  const { item } = await Mail.enqueue(deps, input);
  await Mail.dispatch(deps, item.id, Mail.storeRateLimiter(deps, deps.config.sesMaxSendRate), {
    inProcessRetries: 1,
  }).catch((err: unknown) =>
    deps.log.warn({ err, mail: item.id }, "email not sent now; the scheduled step will send it"),
  );
}

/** A number that tells apart emails answering different messages (the ledger's `n`). */
export const messageNumber = (messageId: string) =>
  parseInt(createHash("sha256").update(messageId).digest("hex").slice(0, 8), 16);
