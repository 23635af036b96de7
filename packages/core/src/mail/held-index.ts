/**
 * The mail ledger's entry in the index of mail held about an address (`Keys.heldAbout`, gsi1): each email is
 * written under a hash of its recipient's address, so erasure and subject access find a person's mail with one
 * query, never a Scan.
 */
import { Keys, heldHash, namingEntries, normaliseEmail, type Deps } from "../shared";
import { peopleNamed, scopesOf } from "./named-people";

export const withRecipientIndex = <T extends { id: string; to: string; createdAt: string }>(item: T) => ({
  ...item,
  gsi1pk: Keys.heldAbout(heldHash(item.to)),
  gsi1sk: `MAIL#${item.createdAt}#${item.id}`,
});

/**
 * Someone else's email that names a person (their name as the sender, their address to reply to, their name or
 * address in what it says: named-people.ts): indexed under the person's address hash too (`namingEntries`), so
 * erasure rewrites it without them and subject access lists it. Reply handles' addresses name nobody.
 */
export async function indexNamed(
  deps: Pick<Deps, "store">,
  item: {
    id: string;
    to: string;
    replyTo?: string;
    createdAt: string;
    expiresAt?: number;
    subject: string;
    text: string;
    regionId?: string;
    key: { cycleId: string };
  },
  naming: string[] = [],
) {
  const said = await peopleNamed(deps, { ...item, cycleId: item.key.cycleId });
  const named = [item.replyTo, ...naming, ...said].filter(
    (a): a is string => a !== undefined && !a.startsWith("reply+") && normaliseEmail(a) !== item.to,
  );
  if (named.length)
    await deps.store.batchPut(
      namingEntries(Keys.mail(item.id), named, {
        at: item.createdAt,
        expiresAt: item.expiresAt,
        scopes: scopesOf({ ...item, cycleId: item.key.cycleId }),
      }),
    );
}
