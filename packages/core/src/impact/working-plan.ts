/**
 * The regional plan as a working document: the plan as brokering builds it, with the sections a DCS meeting adopts
 * and follows through the year — actions (the collective responses with owner, dates, participating LAs and
 * progress), data context per priority, and uptake and impact (brokered solutions, aims, verdicts and feedback).
 */
import { DatasetStore, Quarters } from "../dataset";
import { Region } from "../directory";
import { Support } from "../support";
import type { Deps } from "../shared";
import { outcomes } from "./outcomes";
import { progressOf, PROGRESS_LABELS } from "./plan-progress";
import { list } from "./solutions";
import { VERDICT_WORDS, type Verdict } from "./verdict";

const r1 = (v: number | null | undefined) => (v === null || v === undefined ? "–" : String(Math.round(v * 10) / 10));

/** The latest of the last four quarters that has a national summary. */
async function latestSummary(deps: Pick<Deps, "store">, now: Date) {
  const quarters = Quarters.window(Quarters.lastEnded(now), 4).reverse();
  const summaries = await DatasetStore.nationalSummaries(deps, quarters);
  const q = quarters.find((x) => summaries.has(x));
  return q ? summaries.get(q) : undefined;
}

async function contextOf(deps: Pick<Deps, "store">, plan: Support.Plan, now: Date) {
  const [summary, catalogue] = await Promise.all([
    latestSummary(deps, now),
    DatasetStore.catalogue(deps, plan.region.id),
  ]);
  return plan.priorities.map((p) => ({
    theme: p.theme,
    priority: p.label,
    ...(summary ? { quarter: Quarters.label(summary.quarter) } : {}),
    rows: summary
      ? catalogue.indicators
          .filter((i) => i.theme === p.theme && summary.indicators[i.id])
          .map((i) => ({
            indicator: i.name,
            region: r1(summary.indicators[i.id]!.regions[plan.region.id]),
            england: r1(summary.indicators[i.id]!.england),
            better: i.polarity === "neither" ? "Context" : `${i.polarity === "higher" ? "Higher" : "Lower"} is better`,
          }))
      : [],
  }));
}

async function uptakeOf(deps: Pick<Deps, "store">, plan: Support.Plan, now: Date) {
  const [brokered, solutions, region] = await Promise.all([
    Support.brokerages(deps, plan.cycleId),
    list(deps, plan.region.id),
    Region.get(deps, plan.region.id),
  ]);
  const label = (t: string) => region.settings.themes.find((x) => x.id === t)?.label ?? t;
  const live = brokered.filter((b) => b.status !== "declined");
  const mine = solutions.filter((s) => s.cycleId === plan.cycleId && s.status === "active");
  const ended = mine.filter((s) => `${s.endsOn}T23:59:59Z` <= now.toISOString());
  const verdictOf = new Map<string, Verdict | undefined>();
  for (const s of ended)
    verdictOf.set(s.needId, s.indicators.length ? (await outcomes(deps, s, now)).verdict : undefined);
  const verdicts: Record<string, number> = {};
  for (const v of verdictOf.values()) if (v) verdicts[VERDICT_WORDS[v]] = (verdicts[VERDICT_WORDS[v]] ?? 0) + 1;
  const feedback = mine.flatMap((s) => s.feedback);
  const themes = [...new Set(live.map((b) => b.theme))].sort();
  return {
    brokered: live.length,
    takenUp: live.filter((b) => b.status === "taken-up").length,
    withAims: mine.length,
    ended: ended.length,
    feedbackAsked: mine.filter((s) => s.feedbackAskedAt).length,
    feedbackReceived: mine.filter((s) => s.feedback.length).length,
    ...(feedback.length
      ? { useful: Math.round((feedback.reduce((a, f) => a + f.useful, 0) / feedback.length) * 10) / 10 }
      : {}),
    verdicts,
    byTheme: themes.map((theme) => ({
      theme: label(theme),
      brokered: live.filter((b) => b.theme === theme).length,
      takenUp: live.filter((b) => b.theme === theme && b.status === "taken-up").length,
      ended: ended.filter((s) => s.theme === theme).length,
      improved: ended.filter((s) => s.theme === theme && verdictOf.get(s.needId) === "improved").length,
      feedback: mine.filter((s) => s.theme === theme && s.feedback.length).length,
    })),
  };
}

/** The plan with its working sections, as at `now`. */
export async function workingPlan(deps: Pick<Deps, "store">, cycleId: string, now: Date): Promise<Support.Plan> {
  const plan = await Support.buildPlan(deps, cycleId);
  const [progress, context, uptake] = await Promise.all([
    progressOf(deps, cycleId),
    contextOf(deps, plan, now),
    uptakeOf(deps, plan, now),
  ]);
  const names = new Map(plan.authorities.map((a) => [a.code, a.name]));
  const actions = plan.priorities.map((p) => {
    const pr = progress.find((x) => x.theme === p.theme);
    return {
      theme: p.theme,
      priority: p.label,
      response: [p.response.label, p.response.detail].filter(Boolean).join(": "),
      owner: p.response.owner,
      ...(pr ? { startsOn: pr.startsOn, endsOn: pr.endsOn, updatedAt: pr.updates.at(-1)?.at } : {}),
      participants: (pr?.participants ?? []).map((c) => names.get(c) ?? c),
      status: PROGRESS_LABELS[pr?.status ?? "not-started"],
      note: pr?.note ?? "",
    };
  });
  return { ...plan, working: { actions, context, uptake, asAt: now.toISOString() } };
}
