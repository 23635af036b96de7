import * as z from "../zod";
import { Keys, normaliseEmail, type Deps, type Item } from "../shared";

/** Why an address no longer receives mail. */
export const Reason = z.enum(["bounce", "complaint"]);

export interface SuppressedAddress extends Item {
  kind: "suppression";
  email: string;
  reason: z.infer<typeof Reason>;
  messageId: string;
  at: string;
}

export const suppressionKey = Keys.suppressed;

/** Record that an address bounced permanently or complained. Re-running overwrites with the latest event. */
export async function suppress(
  deps: Deps,
  input: { email: string; reason: z.infer<typeof Reason>; messageId: string },
) {
  const email = normaliseEmail(input.email);
  const item: SuppressedAddress = {
    ...suppressionKey(email),
    kind: "suppression",
    email,
    reason: Reason.parse(input.reason),
    messageId: input.messageId,
    at: deps.clock.now().toISOString(),
  };
  await deps.store.put(item);
  deps.log.warn({ reason: item.reason, messageId: item.messageId }, "address suppressed");
  return item;
}

/** Is this address suppressed? */
export async function isSuppressed(deps: Pick<Deps, "store">, email: string): Promise<boolean> {
  return (await deps.store.get(suppressionKey(email))) !== undefined;
}
