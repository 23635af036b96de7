/** A brokered solution's page (the lead's, and the LAs' from their emailed link) and the lead's list of solutions. */
import { Impact, Region, Support, type Deps } from "@riia/core";
import { impactChart } from "../charts/impact-chart";
import { govukDate } from "./dates";

const r1 = (v: number | null | undefined) => (v === null || v === undefined ? "–" : String(Math.round(v * 10) / 10));
const signed = (v: number) => `${v > 0 ? "+" : ""}${r1(v)}`;

/** The aims form's choices: every indicator that can improve and the receiving LA's plan priorities. */
export async function aimChoices(
  deps: Deps,
  regionId: string,
  cycleId: string,
  authority: string,
  chosen: { indicators: string[]; priorities: string[] },
) {
  const [indicators, priorities] = await Promise.all([
    Impact.aimableIndicators(deps, regionId),
    Impact.planPriorities(deps, cycleId, authority),
  ]);
  return {
    indicatorItems: indicators.map((i) => ({
      value: i.id,
      text: `${i.name} (${i.polarity} is better)`,
      checked: chosen.indicators.includes(i.id),
    })),
    priorityItems: priorities.map((p) => ({ value: p, text: p, checked: chosen.priorities.includes(p) })),
  };
}

function outcomeView(o: Impact.IndicatorOutcome, laName: string, neighbourWords: string) {
  const quarterRows = o.quarters.map((q, i) => [
    { text: q },
    { text: r1(o.own[i]) },
    { text: r1(o.neighbours[i]) },
    { text: q === o.startQuarter ? "Support started" : q === o.endQuarter ? "Support ended" : "" },
  ]);
  const compare =
    o.ownChange !== undefined && o.neighbourChange !== undefined
      ? `Since the start ${laName}'s average moved ${signed(o.ownChange)}; ${neighbourWords}' average moved ${signed(o.neighbourChange)} over the same quarters (${o.indicator.polarity} is better).`
      : undefined;
  return {
    id: o.indicator.id,
    name: o.indicator.name,
    verdict: o.verdict,
    verdictWords: Impact.VERDICT_WORDS[o.verdict],
    reason: o.reason,
    compare,
    svg: impactChart({
      title: `${o.indicator.name}: ${laName} and ${neighbourWords}`,
      desc: `${laName}'s quarters from ${o.quarters[0]} to ${o.quarters[o.quarters.length - 1]}, support from ${o.startQuarter} to ${o.endQuarter}. Verdict: ${Impact.VERDICT_WORDS[o.verdict]}. The table below gives the same figures.`,
      quarters: o.quarters,
      own: o.own,
      neighbours: o.neighbours,
      ownLabel: laName,
      neighboursLabel: `${neighbourWords.replace(/^its /, "")} (average)`,
      ...(o.limits ? { limits: o.limits } : {}),
      startQuarter: o.startQuarter,
      endQuarter: o.endQuarter,
    }),
    head: [{ text: "Quarter" }, { text: laName }, { text: `${neighbourWords} (average)` }, { text: "" }],
    rows: quarterRows,
  };
}

export const trackRecordView = (t: Impact.TrackRecord | undefined) =>
  t && {
    solutions: t.solutions,
    ended: t.ended,
    feedbackCount: t.feedback.count,
    useful: t.feedback.useful,
    recommend: t.feedback.recommend,
    verdicts: Object.entries(t.verdicts).map(([v, k]) => `${k} ${Impact.VERDICT_WORDS[v as Impact.Verdict]}`),
    comments: t.comments.slice(-3),
  };

/** Everything the solution's page shows. */
export async function solutionModel(deps: Deps, s: Impact.Solution, now: Date) {
  const [name, region, outcome, records, who] = await Promise.all([
    Impact.names(deps, [s.authority, s.provider]),
    Region.get(deps, s.regionId),
    Impact.outcomes(deps, s, now),
    Impact.trackRecords(deps, s.regionId, now),
    Impact.feedbackNames(
      deps,
      s.feedback.map((f) => f.personId),
    ),
  ]);
  const laName = name(s.authority);
  const neighbourWords =
    outcome.neighbourBasis === "statistical" ? "its statistical neighbours" : "the region's other LAs";
  const catalogue = await Impact.aimableIndicators(deps, s.regionId);
  const ended = `${s.endsOn}T23:59:59Z` <= now.toISOString();
  return {
    solution: s,
    runs: s.version > 0 ? `${govukDate(s.startsOn)} to ${govukDate(s.endsOn)}` : "",
    receivingName: laName,
    providerName: name(s.provider),
    themeLabel: region.settings.themes.find((t) => t.id === s.theme)?.label ?? s.theme,
    ended,
    cancelled: s.status === "cancelled",
    aimsList: [
      ...s.indicators.map((id) => catalogue.find((i) => i.id === id)?.name ?? id),
      ...s.priorities.map((p) => `Development-plan priority: ${p}`),
    ],
    verdictWords: outcome.verdict && Impact.VERDICT_WORDS[outcome.verdict],
    outcomes: outcome.indicators.map((o) => outcomeView(o, laName, neighbourWords)),
    neighbourNote:
      outcome.neighbourBasis === "statistical"
        ? `Its ${outcome.neighbourCount} statistical neighbours are shown for comparison.`
        : `${laName} has no statistical neighbours recorded, so the region's ${outcome.neighbourCount} other LAs are shown for comparison.`,
    feedback: s.feedback.map((f) => ({
      ...f,
      name: who(f.personId),
      at: govukDate(f.at),
      recommendWords: f.recommend ? "Would recommend" : "Would not recommend",
      viaWords: f.via === "email" ? "by email" : "on the page",
    })),
    trackRecord: trackRecordView(records.get(s.provider)),
  };
}

/** The lead's list: every brokered solution of the cycle, with its aims, dates, verdict and feedback. */
export async function solutionsModel(deps: Deps, cycleId: string, regionId: string, now: Date) {
  const [brokerages, solutions, las, records] = await Promise.all([
    Support.brokerages(deps, cycleId),
    Impact.list(deps, regionId),
    Region.authorities(deps, regionId),
    Impact.trackRecords(deps, regionId, now),
  ]);
  const name = (code: string) => las.find((l) => l.code === code)?.name ?? code;
  const rows = await Promise.all(
    brokerages
      .filter((b) => b.status !== "declined")
      .map(async (b) => {
        const s = solutions.find((x) => x.cycleId === cycleId && x.needId === b.needId);
        const verdict = s && s.indicators.length ? (await Impact.outcomes(deps, s, now)).verdict : undefined;
        const link = `/lead/cycles/${cycleId}/impact/${encodeURIComponent(b.needId)}`;
        return [
          { html: `<a class="govuk-link" href="${link}">${name(b.authority).replace(/[<>&"]/g, "")}</a>` },
          { text: name(b.provider) },
          { text: b.theme },
          { text: s ? `${govukDate(s.startsOn)} to ${govukDate(s.endsOn)}` : "No aims yet" },
          { text: s?.status === "cancelled" ? "Cancelled" : verdict ? Impact.VERDICT_WORDS[verdict] : "–" },
          { text: s ? String(s.feedback.length) : "0" },
        ];
      }),
  );
  return {
    rows,
    missing: brokerages.filter(
      (b) => b.status !== "declined" && !solutions.some((s) => s.cycleId === cycleId && s.needId === b.needId),
    ).length,
    records: [...records.values()].map((t) => ({ name: name(t.provider), ...trackRecordView(t)! })),
  };
}

/** The track records of the LAs offering on this menu, shown where the lead brokers their offers. */
export async function offerTrackRecords(
  deps: Deps,
  regionId: string,
  providers: string[],
  name: (c: string) => string,
) {
  const records = await Impact.trackRecords(deps, regionId, deps.clock.now());
  return [...new Set(providers)].flatMap((p) => {
    const t = trackRecordView(records.get(p));
    return t ? [{ name: name(p), ...t }] : [];
  });
}

/** The national view's rows: impact across regions by theme of support. */
export async function nationalImpactRows(deps: Pick<Deps, "store" | "clock">) {
  const themes = await Impact.nationalImpact(deps, deps.clock.now());
  return themes.map((t) => [
    { text: t.label },
    { text: t.regions.map((r) => `${r.name} (${r.solutions})`).join("; ") },
    { text: String(t.solutions), format: "numeric" },
    { text: String(t.ended), format: "numeric" },
    { text: String(t.verdicts.improved), format: "numeric" },
    { text: String(t.verdicts["no-change"]), format: "numeric" },
    { text: String(t.verdicts.worsened), format: "numeric" },
    { text: t.feedback ? `${t.feedback} (useful ${t.useful} of 5)` : "None yet" },
  ]);
}

/** The brokered solutions still without aims, each linked to its page (shown where the lead brokers). */
export async function aimsToRecord(deps: Deps, cycleId: string, regionId: string, name: (c: string) => string) {
  const [brokerages, solutions] = await Promise.all([Support.brokerages(deps, cycleId), Impact.list(deps, regionId)]);
  return brokerages
    .filter((b) => b.status !== "declined" && !solutions.some((s) => s.cycleId === cycleId && s.needId === b.needId))
    .map((b) => ({
      text: `${name(b.provider)} to ${name(b.authority)} (${b.theme})`,
      href: `/lead/cycles/${cycleId}/impact/${encodeURIComponent(b.needId)}`,
    }));
}

/** Indicator names with their better direction, as the aims email lists them. */
export async function indicatorNames(deps: Deps, regionId: string) {
  const list = await Impact.aimableIndicators(deps, regionId);
  return (id: string) => {
    const i = list.find((x) => x.id === id);
    return i ? `${i.name} (${i.polarity} is better)` : id;
  };
}

/** What the support page shows of impact: the offering LAs' track records and the solutions still without aims. */
export async function supportImpact(
  deps: Deps,
  cycleId: string,
  regionId: string,
  offers: { authority: string }[],
  name: (c: string) => string,
) {
  return {
    trackRecords: await offerTrackRecords(
      deps,
      regionId,
      offers.map((o) => o.authority),
      name,
    ),
    aimsToRecord: await aimsToRecord(deps, cycleId, regionId, name),
  };
}
