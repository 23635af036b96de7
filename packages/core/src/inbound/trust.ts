/**
 * Inbound trust, fail-closed. A message is used only when its sender is authenticated and the virus
 * scan passes. Authenticated means DMARC passes; or, when the From domain publishes no DMARC policy
 * (SES's GRAY, or no verdict), SPF and DKIM both pass AND both vouch for the From domain itself
 * (alignment, read from the envelope and SES's own Authentication-Results). DMARC FAIL is never
 * overruled by SPF and DKIM passing for some other domain: that is what a forged From looks like.
 * Anything else means we cannot tell, so the message is held (quarantined) with the reason and shown
 * to the region's lead, and nothing is sent to any address it names.
 */
import { Keys, type Deps } from "../shared";
import { Replies } from "../mail";
import { Retention } from "../retention";
import { aligned, type Alignment } from "./alignment";

export interface VerdictSet {
  spf?: string;
  dkim?: string;
  dmarc?: string;
  /** What the From domain's DMARC record asks for when DMARC fails (SES's dmarcPolicy: none, quarantine, reject). */
  dmarcPolicy?: string;
  spam?: string;
  virus?: string;
}

export type TrustDecision = { trusted: true } | { trusted: false; reason: string };

const passes = (v: string | undefined) => (v ?? "").trim().toUpperCase() === "PASS";
const shown = (v: string | undefined) => (v ?? "").trim().toUpperCase() || "missing";

// SES says GRAY when the From domain has no DMARC policy; a verdict that is absent is read the same way.
const NO_POLICY = new Set(["GRAY", "NONE", "MISSING"]);

/** Why the sender is not authenticated, or undefined when it is. */
function authProblem(v: VerdictSet, alignment: Alignment | undefined): string | undefined {
  if (passes(v.dmarc)) return undefined;
  const checks = `SPF ${shown(v.spf)}, DKIM ${shown(v.dkim)}, DMARC ${shown(v.dmarc)}`;
  if (!NO_POLICY.has(shown(v.dmarc).toUpperCase())) {
    const policy = v.dmarcPolicy ? `, policy ${v.dmarcPolicy.trim().toLowerCase()}` : "";
    return `${checks}${policy}`;
  }
  if (!passes(v.spf) || !passes(v.dkim)) return `${checks}: no DMARC policy, so SPF and DKIM must both pass`;
  const from = alignment?.fromDomain ?? "";
  if (!from) return `${checks}: no DMARC policy, and no single From address to align with`;
  const spfOk = aligned(alignment?.spfDomain, from);
  const dkimOk = (alignment?.dkimDomains ?? []).some((d) => aligned(d, from));
  if (spfOk && dkimOk) return undefined;
  const spfFor = alignment?.spfDomain ?? "no domain";
  const dkimFor = alignment?.dkimDomains.length ? alignment.dkimDomains.join(" and ") : "no domain";
  return `${checks}: no DMARC policy, and SPF for ${spfFor}${spfOk ? "" : " not aligned"}, DKIM for ${dkimFor}${dkimOk ? "" : " not aligned"} with ${from}`;
}

/**
 * Whether to act on a message. `alignment` (the From, SPF and DKIM domains) is needed only when the
 * From domain has no DMARC policy; without it such a message is held.
 */
export function assess(v: VerdictSet, alignment?: Alignment): TrustDecision {
  const problem = authProblem(v, alignment);
  const reasons = [
    ...(problem ? [`sender not authenticated (${problem})`] : []),
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
