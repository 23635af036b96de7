/**
 * An offering LA's track record in its region: the support it has given, what the receiving LAs said of it, and what
 * happened next. Shown when the lead next brokers one of its offers.
 */
import type { Deps } from "../shared";
import { outcomes } from "./outcomes";
import { feedbackSummary, list, type Solution } from "./solutions";
import type { Verdict } from "./verdict";

export interface TrackRecord {
  provider: string;
  solutions: number;
  ended: number;
  feedback: ReturnType<typeof feedbackSummary>;
  verdicts: Partial<Record<Verdict, number>>;
  comments: { authority: string; text: string; useful: number }[];
}

const endedBy = (s: Solution, now: Date) => `${s.endsOn}T23:59:59Z` <= now.toISOString();

/** Every offering LA's track record in the region (solutions, feedback, and each ended solution's verdict). */
export async function trackRecords(deps: Pick<Deps, "store">, regionId: string, now: Date) {
  const all = (await list(deps, regionId)).filter((s) => s.status === "active");
  const out = new Map<string, TrackRecord>();
  for (const s of all) {
    const t = out.get(s.provider) ?? {
      provider: s.provider,
      solutions: 0,
      ended: 0,
      feedback: feedbackSummary([]),
      verdicts: {},
      comments: [],
    };
    t.solutions++;
    if (endedBy(s, now)) {
      t.ended++;
      const v = s.indicators.length ? (await outcomes(deps, s, now)).verdict : undefined;
      if (v) t.verdicts[v] = (t.verdicts[v] ?? 0) + 1;
    }
    t.comments.push(...s.feedback.map((f) => ({ authority: s.authority, text: f.changed, useful: f.useful })));
    out.set(s.provider, t);
  }
  for (const t of out.values())
    t.feedback = feedbackSummary(all.filter((s) => s.provider === t.provider).flatMap((s) => s.feedback));
  return out;
}
