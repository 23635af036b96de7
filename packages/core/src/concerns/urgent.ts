/**
 * What is particular to an early-warning concern: why the region's MoU opened it, in plain words
 * with the numbers, and, for an urgent one (a spiral), the regional lead told the same day.
 */
import type { Deps } from "../shared";
import { DatasetStore, EarlyWarning, Quarters, Warning } from "../dataset";
import { People, Region } from "../directory";
import { Emails, Mail } from "../mail";

/** The concern's fields this needs. */
interface Opened {
  id: string;
  authority: string;
  regionId: string;
  authorityName: string;
  openedAt: string;
  evidence: string[];
}

/** An urgent concern (a spiral): the regional lead hears the same day as the DCS, not at the ladder's next rung. */
export async function tellLead(deps: Deps, c: Opened, regionName: string, already = false) {
  const leads = (await People.listRegional(deps, c.regionId)).filter((p) => p.roles.includes("regional-lead"));
  // A concern already open that a spiral makes urgent: its DCS hears that it is now urgent, too.
  const dcs = already ? (await People.listByAuthority(deps, c.authority)).filter((p) => p.roles.includes("dcs")) : [];
  const queued: string[] = [];
  for (const [person, role] of [
    ...leads.map((p) => [p, "regional lead"] as const),
    ...dcs.map((p) => [p, "director of children's services"] as const),
  ]) {
    const { item } = await Mail.enqueue(deps, {
      key: { cycleId: `concern-${c.id}`, step: "concern", recipient: person.email, purpose: "urgent" },
      to: person.email,
      regionId: c.regionId,
      message: Emails.render("concernEscalated", {
        name: person.name,
        role,
        authority: c.authorityName,
        region: regionName,
        raisedOn: c.openedAt,
        reason: already
          ? `This concern is now urgent: several of ${c.authorityName}'s indicators have turned worse in the last one or two quarters.`
          : `This is an urgent concern, opened at once because several of ${c.authorityName}'s indicators have turned worse in the last one or two quarters; the director of children's services has been asked to respond today.`,
        evidence: c.evidence,
        link: `${deps.config.baseUrl}/lead/concerns/${c.regionId}/${encodeURIComponent(c.id)}`,
      }),
    });
    queued.push(item.id);
  }
  return { told: leads.length, queued };
}

/** The steps of concern.ts that making a concern urgent uses (passed in, so this file does not import it). */
interface Steps<C extends Opened & { history: { at: string; action: string; by: string; note?: string }[] }> {
  save: (c: C) => Promise<C>;
  audit: (c: C, summary: string) => Promise<unknown>;
  sendNow: (ids: string[]) => Promise<unknown>;
}

/** A spiral at an LA with a concern already open: the concern becomes urgent, never a second one. */
export async function makeUrgent<
  C extends Opened & {
    history: { at: string; action: string; by: string; note?: string }[];
    urgent?: boolean;
    because?: string[];
  },
>(deps: Deps, c: C, spiral: EarlyWarning.Reason, by: string, steps: Steps<C>) {
  const region = await Region.get(deps, c.regionId);
  const at = deps.clock.now().toISOString();
  const words = spiral.signal!.explanation;
  const saved = await steps.save({
    ...c,
    urgent: true,
    evidence: [words, ...c.evidence],
    because: [...becauseLines([spiral]), ...(c.because ?? [])],
    history: [...c.history, { at, action: "made urgent", by, note: words }],
  });
  const told = await tellLead(deps, saved, region.name, true);
  await steps.sendNow(told.queued);
  await steps.audit(
    saved,
    `A spiral made the concern about ${c.authorityName} urgent; told the regional lead and the DCS the same day`,
  );
  return saved;
}

/** "Opened because…": each MoU reason in plain words, with the signal's numbers. */
export function becauseLines(reasons: EarlyWarning.Reason[]): string[] {
  return reasons.map((r) =>
    r.signal
      ? `The MoU opens a concern for ${r.because}. ${r.signal.explanation}`
      : `The MoU opens a concern for ${r.because}: the ${r.themes.join(", ")} signals cross it.`,
  );
}

/**
 * Do the signals that opened an early-warning concern still stand? Judged at the latest quarter the
 * LA has figures for (from the last quarter ended back to the concern's own): cleared when the
 * region's MoU would no longer open a concern for it.
 */
export async function signalsNow(
  deps: Pick<Deps, "store" | "clock">,
  c: { regionId: string; authority: string; quarter?: string; source: string },
): Promise<{ quarter: string; cleared: boolean; reasons: string[] } | null> {
  if (c.source !== "early-warning" || !c.quarter) return null;
  let q = Quarters.lastEnded(deps.clock.now());
  while (q > c.quarter && !(await DatasetStore.getValues(deps, c.regionId, q, c.authority))) q = Quarters.shift(q, -1);
  if (q < c.quarter) q = c.quarter;
  const ew = await Warning.earlyWarning(deps, c.regionId, q);
  const r = ew.results.find((x) => x.authority === c.authority);
  if (!r) return null;
  const why = EarlyWarning.reasons(r.signals, ew.catalogue.indicators, ew.settings);
  return { quarter: q, cleared: why.length === 0, reasons: becauseLines(why) };
}
