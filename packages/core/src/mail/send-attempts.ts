/**
 * One run's attempt at sending one email, and what happens when SES never answers.
 *
 * SES v1 has no idempotency key and no way to ask whether a message went. So a send whose answer is
 * lost (a timeout, a dropped connection: no HTTP response at all) may or may not have been accepted.
 * Such a send is never retried in the same run: the ledger marks the email `uncertain` and counts the
 * unanswered send. Then either SES's own Send event (the configuration set publishes it, tagged with
 * the ledger id) arrives and marks it sent, or the next run resolves it by sending once more and
 * writing down that it may have arrived twice. Each duplicate therefore follows one lost answer:
 * duplicates ≤ lost acknowledgements. Throttling and 5xx are SES answering "not sent", so those are
 * retried here as before.
 */
import { ConditionFailedError, Keys, type Deps, type OutboundEmail } from "../shared";

/** What a send needs of a ledger item (outbox's MailItem). */
interface Sendable {
  id: string;
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  purpose: string;
}

/** How long an uncertain email waits before a later run resolves it (the tick runs every 15 minutes). */
export const UNCERTAIN_WAIT_MS = 5 * 60 * 1000;

/** The tag by which SES's events name the ledger item a message was sent for. */
export const MAIL_ID_TAG = "mailId";

/** Worth trying again: SES answered that it is busy or failing, or the request did not get through. */
export const isRetryable = (err: unknown) => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  const status = e.$metadata?.httpStatusCode ?? 0;
  return (
    status >= 500 ||
    status === 429 ||
    /Throttl|TooManyRequests|ServiceUnavailable|RequestTimeout|TimeoutError|ECONNRESET/i.test(e.name ?? "") ||
    Boolean(e.$retryable)
  );
};

/**
 * No answer came back, so SES may have accepted the message: a client-side timeout or a connection
 * dropped after the request went. Any HTTP status at all is SES answering, and is not this.
 */
export function noAnswer(err: unknown): boolean {
  const e = err as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  if (e?.$metadata?.httpStatusCode) return false;
  return /Timeout|TimedOut|ETIMEDOUT|ECONNRESET|EPIPE|ECONNABORTED|socket hang up|AbortError|NetworkingError/i.test(
    `${e?.name ?? ""} ${e?.code ?? ""} ${e?.message ?? ""}`,
  );
}

export type Attempt = { messageId: string } | { error: unknown; uncertain: boolean };

/**
 * Send through the mailer, retrying SES's "not now" answers in process with jittered backoff, but
 * never a send that got no answer. `recordSent` runs inside the attempt, so a failure to record the
 * send counts as that attempt failing (as it always has).
 */
export async function sendWithRetries(
  deps: Pick<Deps, "config" | "mailer">,
  item: Sendable,
  limiter: { acquire(): Promise<void> },
  options: { inProcessRetries?: number; backoffMs?: number },
  recordSent: (messageId: string) => Promise<void>,
): Promise<Attempt> {
  const email: OutboundEmail = {
    to: [item.to],
    from: deps.config.mailFrom,
    ...(item.replyTo ? { replyTo: [item.replyTo] } : {}),
    subject: item.subject,
    text: item.text,
    html: item.html,
    tags: { purpose: item.purpose, [MAIL_ID_TAG]: item.id },
  };
  const retries = options.inProcessRetries ?? 3;
  const backoff = options.backoffMs ?? 200;
  let lastError: unknown;
  for (let attempt = 0; attempt <= retries; attempt++) {
    await limiter.acquire();
    let messageId: string;
    try {
      ({ messageId } = await deps.mailer.send(email));
    } catch (err) {
      if (noAnswer(err)) return { error: err, uncertain: true };
      lastError = err;
      if (!isRetryable(err)) break;
      await new Promise((r) => setTimeout(r, backoff * 2 ** attempt * (0.5 + Math.random() / 2)));
      continue;
    }
    try {
      await recordSent(messageId);
      return { messageId };
    } catch (err) {
      // SES took it but the ledger write failed: sending again in this run would surely duplicate it.
      return { error: err, uncertain: true };
    }
  }
  return { error: lastError, uncertain: false };
}

/** A send got no answer: the email waits, uncertain, for a later run (never retried in this one). */
export async function leaveUncertain(
  deps: Pick<Deps, "log">,
  item: { id: string; purpose: string; unanswered?: number },
  now: Date,
  message: string,
  finish: (set: {
    status: "uncertain";
    unanswered: number;
    lastError: string;
    nextAttemptAt: string;
    gsi2sk: string;
  }) => Promise<void>,
): Promise<{ id: string; outcome: "uncertain" }> {
  const next = new Date(now.getTime() + UNCERTAIN_WAIT_MS).toISOString();
  const unanswered = (item.unanswered ?? 0) + 1;
  await finish({
    status: "uncertain",
    unanswered,
    lastError: message,
    nextAttemptAt: next,
    gsi2sk: `${next}#${item.id}`,
  });
  deps.log.warn(
    { mail: item.id, purpose: item.purpose, error: message, unanswered, next },
    "mail send got no answer: uncertain, not retried in this run",
  );
  return { id: item.id, outcome: "uncertain" };
}

/** What the ledger says about an email sent again after unanswered sends. */
export const resentNote = (unanswered: number) =>
  `sent again after ${unanswered} unanswered send${unanswered === 1 ? "" : "s"}: it may have arrived twice`;

/**
 * SES reported a message it accepted (its Send event, tagged with the ledger id): an email left
 * uncertain is marked sent and never sent again. Evidence that arrives while a run holds the email
 * is kept on it, and that run's resolution reads it. Returns what it did.
 */
export async function recordSendEvidence(
  deps: Pick<Deps, "store" | "clock" | "log">,
  input: { mailId: string; messageId: string; event: string },
): Promise<"resolved" | "kept" | "ignored"> {
  const key = Keys.mail(input.mailId);
  const evidence = `${input.event} event from SES for message ${input.messageId}`;
  try {
    await deps.store.update(
      key,
      {
        set: {
          status: "sent",
          messageId: input.messageId,
          sentAt: deps.clock.now().toISOString(),
          resolution: `marked sent on evidence: ${evidence}`,
        },
        remove: ["gsi2pk", "gsi2sk", "lastError"],
      },
      { condition: { op: "eq", attr: "status", value: "uncertain" } },
    );
    deps.log.info({ mail: input.mailId, messageId: input.messageId }, "uncertain mail resolved: SES reported it sent");
    return "resolved";
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
  }
  try {
    await deps.store.update(key, { set: { evidence } }, { condition: { op: "eq", attr: "status", value: "claimed" } });
    return "kept";
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    return "ignored";
  }
}
