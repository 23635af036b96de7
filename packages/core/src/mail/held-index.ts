/**
 * The mail ledger's entry in the index of mail held about an address (`Keys.heldAbout`, gsi1): each email is
 * written under a hash of its recipient's address, so erasure and subject access find a person's mail with one
 * query, never a Scan.
 */
import { Keys, heldHash } from "../shared";

export const withRecipientIndex = <T extends { id: string; to: string; createdAt: string }>(item: T) => ({
  ...item,
  gsi1pk: Keys.heldAbout(heldHash(item.to)),
  gsi1sk: `MAIL#${item.createdAt}#${item.id}`,
});
