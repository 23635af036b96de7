/**
 * Queue an email and try to send it at once. The ledger key makes it once-only, and the scheduled
 * step sends whatever this could not, so a failure here is logged, not thrown. Every path that
 * answers a person straight away (a reply's acknowledgement, a sign-off request, a lead's notice)
 * goes through this.
 */
import type { Deps } from "../shared";
import * as Outbox from "./outbox";

export async function sendNow(deps: Deps, input: Parameters<typeof Outbox.enqueue>[1]) {
  const queued = await Outbox.enqueue(deps, input);
  await Outbox.dispatch(deps, queued.item.id, Outbox.storeRateLimiter(deps, deps.config.sesMaxSendRate), {
    inProcessRetries: 1,
  }).catch((err: unknown) =>
    deps.log.warn({ err, mail: queued.item.id }, "email not sent now; the scheduled step will send it"),
  );
  return queued;
}
