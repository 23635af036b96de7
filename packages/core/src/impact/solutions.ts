/**
 * A brokered solution's aims: what it is meant to move (core-dataset indicators, the receiving LA's development-plan
 * priorities) and when it starts and ends. The lead records them when brokering; both LAs see and may amend them. A
 * solution waits on the due index (gsi2) until its end, when the scheduled step asks for feedback (feedback.ts).
 */
import * as z from "../zod";
import { Audit } from "../audit";
import { Cycle } from "../cycle";
import { DatasetStore } from "../dataset";
import { type Region } from "../directory";
import { type Support } from "../support";
import {
  ConditionFailedError,
  ConflictError,
  dateSpanWords,
  Keys,
  NotFoundError,
  ValidationError,
  queryAll,
  type Deps,
  type Item,
} from "../shared";

export const DUE_IMPACT = "DUE#impact";
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface Feedback {
  /** Who answered; their name is read from the directory when shown, so erasing them leaves no name here. */
  personId: string;
  /** 1 (not useful) to 5 (very useful). */
  useful: number;
  changed: string;
  recommend: boolean;
  via: "page" | "email";
  at: string;
}

export interface Solution extends Item {
  kind: "impact-solution";
  regionId: string;
  cycleId: string;
  needId: string;
  /** The receiving LA. */
  authority: string;
  provider: string;
  offerId: string;
  offer: string;
  theme: string;
  indicators: string[];
  priorities: string[];
  startsOn: string;
  endsOn: string;
  status: "active" | "cancelled";
  cancelledReason?: string;
  feedbackAskedAt?: string;
  feedback: Feedback[];
  version: number;
}

export const solutionKey = Keys.impactSolution;

export const list = (deps: Pick<Deps, "store">, regionId: string) =>
  queryAll<Solution>(deps.store, { pk: Keys.impactOfRegion(regionId) });

export async function get(deps: Pick<Deps, "store">, regionId: string, cycleId: string, needId: string) {
  return deps.store.get<Solution>(solutionKey(regionId, cycleId, needId), { consistent: true });
}

/** The due index while feedback is still to be asked for (the day after the end, so the end day itself counts). */
export function withDue<T extends Solution>(s: T): T {
  const { gsi2pk: _a, gsi2sk: _b, ...rest } = s;
  if (s.status !== "active" || s.feedbackAskedAt) return rest as T;
  return {
    ...rest,
    gsi2pk: DUE_IMPACT,
    gsi2sk: `${s.endsOn}T23:59:59Z#${s.regionId}#${s.cycleId}#${s.needId}`,
  } as unknown as T;
}

/**
 * Write a solution only if nobody changed it since it was read (`readVersion`, 0 for a new one): a feedback answer,
 * an amendment and the scheduled step never overwrite each other unseen.
 */
export async function save(deps: Pick<Deps, "store">, next: Solution, readVersion: number) {
  try {
    await deps.store.put(withDue(next), {
      condition: readVersion === 0 ? { op: "notExists" } : { op: "eq", attr: "version", value: readVersion },
    });
  } catch (err) {
    if (err instanceof ConditionFailedError)
      throw new ConflictError("Someone changed this solution at the same moment. Check it and try again.");
    throw err;
  }
}

/** The receiving LA's development-plan priorities (titles), the aims a solution may serve besides indicators. */
export async function planPriorities(deps: Pick<Deps, "store">, cycleId: string, authority: string) {
  const s = await deps.store.get<Item & { answers?: Record<string, unknown> }>(
    Keys.submission(cycleId, "development-plan", authority),
  );
  const rows = Array.isArray(s?.answers?.priorities) ? (s.answers.priorities as Record<string, unknown>[]) : [];
  return rows.map((r) => String(r.title ?? "").trim()).filter(Boolean);
}

/** A brokered match with no aims yet, as the page shows it before the lead records them (dates suggested: six months from today). */
export async function draft(deps: Pick<Deps, "store" | "clock">, cycleId: string, needId: string): Promise<Solution> {
  const cycle = await Cycle.get(deps, cycleId);
  const existing = await get(deps, cycle.regionId, cycleId, needId);
  if (existing) return existing;
  const b = await deps.store.get<Support.Brokerage>(Keys.brokerage(cycleId, needId));
  if (!b || b.status === "declined") throw new NotFoundError("That need has no brokered solution.");
  const offer = await deps.store.get<Support.Offer>(Keys.offer(cycleId, b.offerId));
  const today = deps.clock.now();
  const later = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 6, today.getUTCDate()));
  return {
    ...solutionKey(cycle.regionId, cycleId, needId),
    kind: "impact-solution",
    regionId: cycle.regionId,
    cycleId,
    needId,
    authority: b.authority,
    provider: b.provider,
    offerId: b.offerId,
    offer: offer?.description ?? b.offerId,
    theme: b.theme,
    indicators: [],
    priorities: [],
    startsOn: today.toISOString().slice(0, 10),
    endsOn: later.toISOString().slice(0, 10),
    status: "active",
    feedback: [],
    version: 0,
  };
}

/** Indicators a solution may aim at: those with a better direction (context measures cannot improve). */
export async function aimableIndicators(deps: Pick<Deps, "store">, regionId: string) {
  return (await DatasetStore.catalogue(deps, regionId)).indicators.filter((i) => i.polarity !== "neither");
}

export const AimsInput = z.object({
  indicators: z.array(z.string()),
  priorities: z.array(z.string()),
  startsOn: z.string(),
  endsOn: z.string(),
});
export type AimsInput = z.infer<typeof AimsInput>;

type Issue = { path: string; message: string };
function checkAims(a: AimsInput, indicatorIds: Set<string>, priorities: string[]): Issue[] {
  const issues: Issue[] = [];
  if (!a.indicators.length && !a.priorities.length)
    issues.push({ path: "indicators", message: "Choose at least one indicator or priority the support aims to move" });
  for (const i of a.indicators)
    if (!indicatorIds.has(i)) issues.push({ path: "indicators", message: `"${i}" is not an indicator you can aim at` });
  for (const p of a.priorities)
    if (!priorities.includes(p))
      issues.push({ path: "priorities", message: `"${p}" is not a priority in the LA's development plan` });
  const valid = (d: string) => DAY.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`));
  if (!valid(a.startsOn)) issues.push({ path: "startsOn", message: "Enter the start date as a real date" });
  if (!valid(a.endsOn)) issues.push({ path: "endsOn", message: "Enter the end date as a real date" });
  else if (valid(a.startsOn) && a.endsOn <= a.startsOn)
    issues.push({ path: "endsOn", message: "The end date must be after the start date" });
  return issues;
}

/**
 * Record or amend a solution's aims and dates. `expectedVersion` guards against overwriting someone's change unseen;
 * an LA may amend only its own solutions (`authority` given: the receiving or the offering LA).
 */
export async function setAims(
  deps: Pick<Deps, "store" | "clock">,
  input: {
    cycleId: string;
    needId: string;
    aims: AimsInput;
    expectedVersion?: number;
    actor: Audit.Actor;
    authority?: string;
  },
): Promise<{ solution: Solution; created: boolean }> {
  const cycle = await Cycle.get(deps, input.cycleId);
  const brokerage = await deps.store.get<Support.Brokerage>(Keys.brokerage(input.cycleId, input.needId));
  if (!brokerage || brokerage.status === "declined")
    throw new NotFoundError("That need has no brokered solution to set aims for.");
  if (input.authority && input.authority !== brokerage.authority && input.authority !== brokerage.provider)
    throw new NotFoundError("That solution is not one your LA gives or receives.");
  const [indicators, priorities, offer, existing] = await Promise.all([
    aimableIndicators(deps, cycle.regionId),
    planPriorities(deps, input.cycleId, brokerage.authority),
    deps.store.get<Support.Offer>(Keys.offer(input.cycleId, brokerage.offerId)),
    get(deps, cycle.regionId, input.cycleId, input.needId),
  ]);
  const aims = { ...input.aims, indicators: [...new Set(input.aims.indicators)] };
  const issues = checkAims(aims, new Set(indicators.map((i) => i.id)), priorities);
  if (issues.length) throw new ValidationError("Check the aims and dates.", issues);
  if (existing && input.expectedVersion !== undefined && existing.version !== input.expectedVersion)
    throw new ConflictError("Someone changed these aims since you opened the page. Check them and save again.");
  const changedEnd = existing && existing.endsOn !== aims.endsOn;
  const solution = withDue<Solution>({
    ...solutionKey(cycle.regionId, input.cycleId, input.needId),
    kind: "impact-solution",
    regionId: cycle.regionId,
    cycleId: input.cycleId,
    needId: input.needId,
    authority: brokerage.authority,
    provider: brokerage.provider,
    offerId: brokerage.offerId,
    offer: offer?.description ?? brokerage.offerId,
    theme: brokerage.theme,
    ...aims,
    status: existing?.status ?? "active",
    feedback: existing?.feedback ?? [],
    // An end moved later than a request already sent asks again when the new end comes.
    ...(existing?.feedbackAskedAt && !changedEnd ? { feedbackAskedAt: existing.feedbackAskedAt } : {}),
    version: (existing?.version ?? 0) + 1,
  });
  await save(deps, solution, existing?.version ?? 0);
  await Audit.record(deps, {
    scope: Audit.cycleScope(input.cycleId),
    actor: input.actor,
    action: existing ? "impact.aims.amended" : "impact.aims.recorded",
    entity: { type: "solution", id: input.needId, version: solution.version },
    authority: brokerage.authority,
    summary: `${existing ? "Amended" : "Recorded"} the aims of ${brokerage.provider}'s support to ${brokerage.authority} (${aimCount(aims)}), ${dateSpanWords(aims.startsOn, aims.endsOn)}`,
    ...(existing ? { before: aimsOf(existing) } : {}),
    after: aimsOf(solution),
  });
  return { solution, created: !existing };
}

const aimsOf = (s: Solution) => ({
  indicators: s.indicators,
  priorities: s.priorities,
  startsOn: s.startsOn,
  endsOn: s.endsOn,
});

/** Cancel a solution that will not run (no feedback is asked for); audited with the lead's reason. */
export async function cancel(
  deps: Pick<Deps, "store" | "clock">,
  input: { regionId: string; cycleId: string; needId: string; reason: string; actor: Audit.Actor },
) {
  const s = await get(deps, input.regionId, input.cycleId, input.needId);
  if (!s) throw new NotFoundError("There is no such solution.");
  if (input.reason.trim().length < 3)
    throw new ValidationError("Give a reason.", [
      { path: "reason", message: "Enter a reason (at least 3 characters)" },
    ]);
  const next = withDue<Solution>({
    ...s,
    status: "cancelled",
    cancelledReason: input.reason.trim(),
    version: s.version + 1,
  });
  await save(deps, next, s.version);
  await Audit.record(deps, {
    scope: Audit.cycleScope(input.cycleId),
    actor: input.actor,
    action: "impact.cancelled",
    entity: { type: "solution", id: input.needId, version: next.version },
    authority: s.authority,
    summary: `Cancelled ${s.provider}'s support to ${s.authority} (reason: ${input.reason.trim()})`,
  });
  return next;
}

/** Names of the people who gave feedback ("a former contact" once erased or gone). */
export async function feedbackNames(deps: Pick<Deps, "store">, personIds: string[]) {
  const items = await deps.store.batchGet<Item & { id: string; name: string }>(
    [...new Set(personIds)].map((id) => Keys.person(id)),
  );
  const map = new Map(items.map((p) => [p.id, p.name]));
  return (id: string) => map.get(id) ?? "A former contact";
}

/** Names of LAs by code (for pages and email). */
export async function names(deps: Pick<Deps, "store">, codes: string[]) {
  const items = await deps.store.batchGet<Region.Authority>([...new Set(codes)].map((c) => Keys.authority(c)));
  const map = new Map(items.map((a) => [a.code, a.name]));
  return (code: string) => map.get(code) ?? code;
}

export const feedbackSummary = (f: Feedback[]) => ({
  count: f.length,
  useful: f.length ? Math.round((f.reduce((a, x) => a + x.useful, 0) / f.length) * 10) / 10 : undefined,
  recommend: f.filter((x) => x.recommend).length,
});

/** "2 indicators and 1 plan priority": what the aims cover, for the audit's summary. */
function aimCount(aims: { indicators: string[]; priorities: string[] }) {
  const count = (k: number, one: string, many: string) => (k ? `${k} ${k === 1 ? one : many}` : "");
  return [
    count(aims.indicators.length, "indicator", "indicators"),
    count(aims.priorities.length, "plan priority", "plan priorities"),
  ]
    .filter(Boolean)
    .join(" and ");
}
