/**
 * Inbound trust, fail-closed. A message is used only when its sender is authenticated — SPF and
 * DKIM both pass, or DMARC passes — and the virus scan passes. Any other verdict (FAIL, GRAY,
 * PROCESSING_FAILED, DISABLED, missing) means we cannot tell, so the message is quarantined with
 * the reason and shown to the region's lead; a forged `From` must never change anything.
 */
import { Keys, type Deps } from "../shared";
import { Replies } from "../mail";
import { Retention } from "../retention";

export interface VerdictSet {
  spf?: string;
  dkim?: string;
  dmarc?: string;
  spam?: string;
  virus?: string;
}

export type TrustDecision = { trusted: true } | { trusted: false; reason: string };

const passes = (v: string | undefined) => (v ?? "").trim().toUpperCase() === "PASS";
const shown = (v: string | undefined) => (v ?? "").trim().toUpperCase() || "missing";

export function assess(v: VerdictSet): TrustDecision {
  const authenticated = (passes(v.spf) && passes(v.dkim)) || passes(v.dmarc);
  const reasons = [
    ...(authenticated
      ? []
      : [`sender not authenticated (SPF ${shown(v.spf)}, DKIM ${shown(v.dkim)}, DMARC ${shown(v.dmarc)})`]),
    ...(passes(v.virus) ? [] : [`virus scan ${shown(v.virus)}`]),
  ];
  return reasons.length ? { trusted: false, reason: reasons.join("; ") } : { trusted: true };
}

/**
 * Retention and visibility for a handled message: every record expires (quarantined sooner), and a
 * quarantined one is listed for the lead of the region its reply address belongs to ("unknown" if
 * none resolves — the app secret sees those). The address is only used to route visibility, never trusted.
 */
export async function handled<T extends { status: string }>(
  deps: Deps,
  record: { messageId: string; receivedAt: string; to: string[] },
  outcome: T,
): Promise<T & { expiresAt: number; gsi1pk?: string; gsi1sk?: string; regionId?: string }> {
  const { PERIODS, ttlAfter } = Retention;
  if (outcome.status !== "quarantined") {
    return { ...outcome, expiresAt: ttlAfter(record.receivedAt, PERIODS.inboundDays) };
  }
  const resolved = await Replies.resolve(deps, record.to).catch(() => undefined);
  const regionId = resolved?.ok ? resolved.handle.regionId : "unknown";
  return {
    ...outcome,
    expiresAt: ttlAfter(record.receivedAt, PERIODS.quarantineDays),
    regionId,
    gsi1pk: Keys.quarantinedOf(regionId),
    gsi1sk: `${record.receivedAt}#${record.messageId}`,
  };
}
