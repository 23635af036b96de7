/** Sending the emails inbound mail causes: queued in the ledger (once per key) and tried at once. */
import { createHash } from "node:crypto";

export { sendNow } from "../mail";

/** A number that tells apart emails answering different messages (the ledger's `n`). */
export const messageNumber = (messageId: string) =>
  parseInt(createHash("sha256").update(messageId).digest("hex").slice(0, 8), 16);
