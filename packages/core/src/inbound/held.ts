/**
 * An inbound message's entry in the index of mail held about an address (`Keys.heldAbout`): erasure and subject
 * access find every message a person sent with one query. The entry names the sender only by a hash, and expires
 * with the longest a message is kept.
 */
import { Keys, RetentionSchedule, heldHash, type Deps } from "../shared";

export async function recordSender(
  deps: Pick<Deps, "store">,
  record: { messageId: string; from: string; receivedAt: string },
): Promise<void> {
  if (!record.from) return;
  await deps.store.put({
    ...Keys.inboundSender(record.messageId),
    kind: "inbound-sender",
    messageId: record.messageId,
    gsi1pk: Keys.heldAbout(heldHash(record.from)),
    gsi1sk: `INBOUND#${record.receivedAt}#${record.messageId}`,
    expiresAt: RetentionSchedule.ttlAfter(record.receivedAt, RetentionSchedule.PERIODS.inboundDays),
  });
}
