/**
 * Outbound mail that is never lost or doubled.
 *
 * Every email has a deterministic idempotency key (cycle, step, recipient, purpose, reminder
 * number). `enqueue` writes it to the ledger once (a conditional put); `dispatch` claims it with a
 * conditional update that expires, takes a slot in the per-second send budget, sends through SES,
 * then records the message id. A run that dies after claiming leaves a claim that expires and is
 * picked up by the next run; SES throttling and 5xx errors are retried with backoff; permanent
 * rejections stop. Two runs at once cannot both claim one email. Due mail is found through gsi2
 * (`DUE#mail`, by time), so dispatch never reads the history.
 *
 * The window no ledger can close: SES accepted the message but its answer was lost, or the process
 * died before the message id was written. A send with no answer is marked uncertain and settled by a
 * later run or by SES's own Send event (send-attempts.ts): at most one duplicate per lost answer.
 */
import * as z from "../zod";
import { Keys, normaliseEmail, ConditionFailedError, RetentionSchedule, type Deps, type Item } from "../shared";
import { createHash, randomUUID } from "node:crypto";
import { Suppression, People } from "../directory";
import { render } from "./catalogue";
import { requeueCancelled, type GuardChecker, type MailGuard } from "./guard";
import { isRetryable, leaveUncertain, resentNote, sendWithRetries } from "./send-attempts";
export { noAnswer, recordSendEvidence, MAIL_ID_TAG, UNCERTAIN_WAIT_MS } from "./send-attempts";
import { indexNamed, withRecipientIndex } from "./held-index";
export type { GuardChecker, MailGuard } from "./guard";

export const DUE_MAIL = "DUE#mail";
/** How long a claim holds before another run may take the email over. */
export const CLAIM_MS = 2 * 60 * 1000;
/**
 * How long transient failures (throttling, SES 5xx, network) are retried across runs before an email
 * is given up and the lead told: long enough to outlast a regional outage, short enough to matter.
 */
export const GIVE_UP_AFTER_MS = 24 * 60 * 60 * 1000;
/** Waits between attempts double from a minute, up to this. */
export const MAX_RETRY_GAP_MS = 60 * 60 * 1000;

export const MailKey = z.object({
  cycleId: z._default(z.string(), "-"),
  step: z.string().check(z.minLength(1)),
  recipient: z.string().check(z.minLength(3)),
  purpose: z.string().check(z.minLength(1)),
  n: z._default(z.int().check(z.minimum(0)), 0),
});
export type MailKey = z.input<typeof MailKey>;

/**
 * cancelled: its guard no longer held when it was due (see guard.ts). uncertain: a send got no answer,
 * so SES may or may not have it; a later run resolves it (see send-attempts.ts).
 */
export type MailStatus =
  "pending" | "claimed" | "sent" | "failed" | "suppressed" | "rejected" | "cancelled" | "uncertain";

export interface MailItem extends Item {
  kind: "mail";
  id: string;
  key: z.output<typeof MailKey>;
  purpose: string;
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  regionId?: string;
  status: MailStatus;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string;
  claimId?: string;
  claimUntil?: string;
  messageId?: string;
  sentAt?: string;
  lastError?: string;
  guard?: MailGuard;
  cancelledReason?: string;
  /** Sends that got no answer from SES (each may have been delivered). */
  unanswered?: number;
  /** How an uncertain email was settled: sent again (perhaps twice), or marked sent on SES's evidence. */
  resolution?: string;
  /** SES's word that it accepted the message, kept when it came while a run held the email. */
  evidence?: string;
}

export const mailId = (key: MailKey) => {
  const k = MailKey.parse(key);
  return createHash("sha256")
    .update([k.cycleId, k.step, k.recipient.toLowerCase(), k.purpose, k.n].join("|"))
    .digest("base64url")
    .slice(0, 24);
};
export const mailKey = Keys.mail;
const due = (id: string, at: string) => ({ gsi2pk: DUE_MAIL, gsi2sk: `${at}#${id}` });

/** Put an email in the ledger (once per key). Returns the ledger item, new or existing. */
export async function enqueue(
  deps: Pick<Deps, "store" | "clock">,
  input: {
    key: MailKey;
    to: string;
    replyTo?: string;
    message: { subject: string; text: string; html: string };
    regionId?: string;
    guard?: MailGuard;
    /** The addresses of people the email names besides its recipient (its reply-to is counted too). */
    naming?: string[];
  },
): Promise<{ item: MailItem; created: boolean }> {
  const key = MailKey.parse(input.key);
  const id = mailId(key);
  const now = deps.clock.now().toISOString();
  const item: MailItem = {
    ...mailKey(id),
    ...due(id, now),
    kind: "mail",
    id,
    key,
    purpose: key.purpose,
    to: normaliseEmail(input.to),
    ...(input.replyTo ? { replyTo: input.replyTo } : {}),
    ...input.message,
    ...(input.regionId ? { regionId: input.regionId } : {}),
    ...(input.guard ? { guard: input.guard } : {}),
    status: "pending",
    attempts: 0,
    createdAt: now,
    nextAttemptAt: now,
    expiresAt: RetentionSchedule.ttlAfter(now, RetentionSchedule.PERIODS.mailLedgerDays),
  };
  try {
    await deps.store.put(withRecipientIndex(item), { condition: { op: "notExists" } });
    await indexNamed(deps, item, input.naming);
    return { item, created: true };
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    const existing = (await deps.store.get<MailItem>(mailKey(id), { consistent: true }))!;
    const again = existing.status === "cancelled" ? await requeueCancelled(deps, item) : undefined;
    // Queued again with today's words, which may name someone new.
    if (again) await indexNamed(deps, item, input.naming);
    return again ? { item: again, created: true } : { item: existing, created: false };
  }
}

/** A global send budget: at most `rate` sends in any one second, across every process. */
export interface RateLimiter {
  acquire(): Promise<void>;
}

/**
 * Per-second slots in the table: each send adds one to the counter of the current second, only
 * while it is below the rate; a full second means waiting for the next. Works across Lambdas.
 */
export function storeRateLimiter(deps: Pick<Deps, "store">, rate: number, now: () => number = Date.now): RateLimiter {
  return {
    async acquire() {
      for (;;) {
        const t = now();
        const second = Math.floor(t / 1000);
        try {
          await deps.store.update(
            Keys.sendRate(second),
            { add: { n: 1 }, set: { expiresAt: second + 120 } },
            {
              condition: {
                op: "or",
                of: [
                  { op: "attrNotExists", attr: "n" },
                  { op: "lt", attr: "n", value: rate },
                ],
              },
            },
          );
          return;
        } catch (err) {
          if (!(err instanceof ConditionFailedError)) throw err;
          await new Promise((r) => setTimeout(r, Math.max(1, (second + 1) * 1000 - now())));
        }
      }
    },
  };
}

export interface DispatchResult {
  id: string;
  outcome: "sent" | "skipped" | "suppressed" | "failed" | "rejected" | "cancelled" | "uncertain";
  messageId?: string;
}

type DispatchDeps = Pick<Deps, "store" | "clock" | "mailer" | "config" | "log">;

/** Claim an email that is due (pending, failed or uncertain and due again, or an abandoned claim); undefined if another run has it. */
async function claim(deps: DispatchDeps, id: string, claimId: string, now: Date): Promise<MailItem | undefined> {
  const nowIso = now.toISOString();
  const claimUntil = new Date(now.getTime() + CLAIM_MS).toISOString();
  try {
    return await deps.store.update<MailItem>(
      mailKey(id),
      { set: { status: "claimed", claimId, claimUntil, gsi2sk: `${claimUntil}#${id}` }, add: { attempts: 1 } },
      {
        condition: {
          op: "or",
          of: [
            { op: "and", of: [{ op: "eq", attr: "status", value: "pending" }] },
            {
              op: "and",
              of: [
                { op: "eq", attr: "status", value: "failed" },
                { op: "le", attr: "nextAttemptAt", value: nowIso },
              ],
            },
            {
              op: "and",
              of: [
                { op: "eq", attr: "status", value: "claimed" },
                { op: "lt", attr: "claimUntil", value: nowIso },
              ],
            },
            {
              op: "and",
              of: [
                { op: "eq", attr: "status", value: "uncertain" },
                { op: "le", attr: "nextAttemptAt", value: nowIso },
              ],
            },
          ],
        },
      },
    );
  } catch (err) {
    if (err instanceof ConditionFailedError) return undefined;
    throw err;
  }
}

/** Record the outcome of our claim, unless another run has taken the claim over. */
async function finishClaim(
  deps: DispatchDeps,
  id: string,
  claimId: string,
  set: Partial<MailItem>,
  remove: string[] = [],
) {
  try {
    await deps.store.update(
      mailKey(id),
      { set, remove: ["claimId", "claimUntil", ...remove] },
      { condition: { op: "eq", attr: "claimId", value: claimId } },
    );
  } catch (err) {
    // Our claim was taken over (we were too slow); the other run owns the outcome now.
    if (!(err instanceof ConditionFailedError)) throw err;
  }
}

/**
 * Send one email from the ledger if it is due and nobody else holds it. Safe to call from any
 * number of processes at once: only the one whose conditional claim succeeds sends.
 */
export async function dispatch(
  deps: DispatchDeps,
  id: string,
  limiter: RateLimiter,
  options: { inProcessRetries?: number; backoffMs?: number; guards?: GuardChecker } = {},
): Promise<DispatchResult> {
  const now = deps.clock.now();
  const claimId = randomUUID();
  const item = await claim(deps, id, claimId, now);
  if (!item) return { id, outcome: "skipped" };
  const finish = (set: Partial<MailItem>, remove: string[] = []) => finishClaim(deps, id, claimId, set, remove);

  const cancelled = item.guard && (await options.guards?.whyNot(item.guard, item));
  if (cancelled) {
    await finish({ status: "cancelled", cancelledReason: cancelled }, ["gsi2pk", "gsi2sk"]);
    deps.log.info({ mail: id, purpose: item.purpose, reason: cancelled }, "mail cancelled: no longer applies");
    return { id, outcome: "cancelled" };
  }
  if (await Suppression.isSuppressed(deps, item.to)) {
    await finish({ status: "suppressed" }, ["gsi2pk", "gsi2sk"]);
    deps.log.warn({ mail: id, purpose: item.purpose }, "mail skipped: address suppressed");
    await tellLeads(deps, item, "the address has bounced or complained before, so we no longer send to it");
    return { id, outcome: "suppressed" };
  }

  const unanswered = item.unanswered ?? 0;
  if (unanswered && item.evidence) {
    await finish(
      { status: "sent", sentAt: now.toISOString(), resolution: `marked sent on evidence: ${item.evidence}` },
      ["gsi2pk", "gsi2sk"],
    );
    return { id, outcome: "sent" };
  }
  const sent = await sendWithRetries(deps, item, limiter, options, (messageId) =>
    finish(
      {
        status: "sent",
        messageId,
        sentAt: deps.clock.now().toISOString(),
        ...(unanswered ? { resolution: resentNote(unanswered) } : {}),
      },
      ["gsi2pk", "gsi2sk"],
    ),
  );
  if ("messageId" in sent) {
    if (unanswered)
      deps.log.warn({ mail: id, purpose: item.purpose, unanswered }, `uncertain mail ${resentNote(unanswered)}`);
    return { id, outcome: "sent", messageId: sent.messageId };
  }
  const lastError = sent.error;
  const message = `${(lastError as Error)?.name ?? "Error"}: ${(lastError as Error)?.message ?? ""}`.slice(0, 300);
  const givenUp = now.getTime() - Date.parse(item.createdAt) >= GIVE_UP_AFTER_MS;
  if (sent.uncertain && !givenUp) return leaveUncertain(deps, item, now, message, finish);
  if (!(sent.uncertain || isRetryable(lastError)) || givenUp) {
    await finish({ status: "rejected", lastError: message }, ["gsi2pk", "gsi2sk"]);
    deps.log.error({ mail: id, purpose: item.purpose, error: message }, "mail could not be sent");
    await tellLeads(deps, item, "the email service would not send it");
    return { id, outcome: "rejected" };
  }
  const next = new Date(now.getTime() + Math.min(60_000 * 2 ** item.attempts, MAX_RETRY_GAP_MS)).toISOString();
  await finish({ status: "failed", lastError: message, nextAttemptAt: next, gsi2sk: `${next}#${id}` });
  deps.log.warn({ mail: id, purpose: item.purpose, error: message, next }, "mail send failed; will retry");
  return { id, outcome: "failed" };
}

/**
 * Tell the region's leads that someone could not be reached. Queued (not sent inline), once per
 * undeliverable email; never about a notice of this kind itself, so it cannot loop.
 */
async function tellLeads(deps: Pick<Deps, "store" | "clock">, item: MailItem, reason: string) {
  if (!item.regionId || item.purpose.startsWith("undeliverable")) return;
  const leads = (await People.listRegional(deps, item.regionId)).filter((p) => p.roles.includes("regional-lead"));
  for (const lead of leads) {
    await enqueue(deps, {
      key: { cycleId: item.key.cycleId, step: "mail", recipient: lead.email, purpose: `undeliverable:${item.id}` },
      to: lead.email,
      regionId: item.regionId,
      message: render("undeliverable", {
        name: lead.name,
        region: item.regionId,
        address: item.to,
        purpose: item.purpose,
        reason,
      }),
    });
  }
}

/** Every email due now (pending, failed and due again, or abandoned claims), oldest first, one query page at a time. */
export async function dueIds(deps: Pick<Deps, "store" | "clock">, limit = 500): Promise<string[]> {
  return (await dueItems(deps, limit)).map((i) => i.id);
}

async function dueItems(deps: Pick<Deps, "store" | "clock">, limit = 500): Promise<MailItem[]> {
  const now = deps.clock.now().toISOString();
  const ids: MailItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.query<MailItem>({
      index: "gsi2",
      pk: DUE_MAIL,
      sk: { le: `${now}#~` },
      limit: Math.min(100, limit - ids.length),
      cursor,
    });
    ids.push(...page.items);
    cursor = page.cursor;
  } while (cursor && ids.length < limit);
  return ids;
}

/** Send everything due, within a time budget. The scheduled step calls this, with the workflow's `guards`. */
export async function dispatchDue(
  deps: DispatchDeps,
  options: { limiter?: RateLimiter; budgetMs?: number; limit?: number; guards?: GuardChecker } = {},
): Promise<Record<DispatchResult["outcome"], number>> {
  const limiter = options.limiter ?? storeRateLimiter(deps, deps.config.sesMaxSendRate);
  const started = Date.now();
  const counts = { sent: 0, skipped: 0, suppressed: 0, failed: 0, rejected: 0, cancelled: 0, uncertain: 0 };
  const due = await dueItems(deps, options.limit);
  await options.guards?.prefetch?.(due.flatMap((i) => (i.guard ? [i.guard] : [])));
  for (const { id } of due) {
    if (Date.now() - started > (options.budgetMs ?? 240_000)) break;
    counts[(await dispatch(deps, id, limiter, { guards: options.guards })).outcome]++;
  }
  return counts;
}

export async function get(deps: Pick<Deps, "store">, id: string) {
  return deps.store.get<MailItem>(mailKey(id), { consistent: true });
}
