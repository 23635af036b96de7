/**
 * Brokering: match needs to offers exactly (HiGHS) — cover as many needs as possible, prefer the
 * strongest evidenced offers and the ones LAs asked for, respect capacity, never an LA to itself, and
 * spread the load — then let the lead override a match and record uptake.
 */
import * as z from "../zod";
import { ConditionFailedError, Keys, NotFoundError, ValidationError, type Deps, type Item, queryAll } from "../shared";
import { Audit } from "../audit";
import { Matching } from "../solver";
import { needs } from "./needs";
import { interests, offers, type Offer } from "./offers";

export const SolutionType = z.enum(["one-to-one", "small-group", "deep-dive-visit", "practice-sharing-visit"]);
export const TYPE_OF_FORMAT: Record<Offer["format"], z.infer<typeof SolutionType>> = {
  "one-to-one": "one-to-one",
  group: "small-group",
  visit: "deep-dive-visit",
  "practice-sharing": "practice-sharing-visit",
};

export interface BrokerInstance {
  needs: { id: string; authority: string; theme: string; priority: number }[];
  offers: { id: string; authority: string; theme: string; capacity: number; strength: number }[];
  /** [need id, offer id] pairs the LA asked for on the menu. */
  interest?: [string, string][];
}

/** Weights: covering a need dominates everything; then evidence, interest and priority; then spreading the load. */
export const WEIGHTS = { cover: 1000, strength: 30, interest: 40, priority: 10, maxLoad: 1 } as const;

export const matchValue = (
  inst: BrokerInstance,
  n: BrokerInstance["needs"][number],
  o: BrokerInstance["offers"][number],
) =>
  WEIGHTS.cover +
  WEIGHTS.strength * o.strength +
  WEIGHTS.priority * n.priority +
  (inst.interest?.some(([a, b]) => a === n.id && b === o.id) ? WEIGHTS.interest : 0);

export const eligible = (n: BrokerInstance["needs"][number], o: BrokerInstance["offers"][number]) =>
  n.theme === o.theme && n.authority !== o.authority;

/** The brokering model in CPLEX LP format (maximise value minus the heaviest provider's load). */
export function brokerLp(inst: BrokerInstance): string {
  const vars: { name: string; n: number; o: number; value: number }[] = [];
  inst.needs.forEach((n, i) =>
    inst.offers.forEach(
      (o, j) => eligible(n, o) && vars.push({ name: `y_${i}_${j}`, n: i, o: j, value: matchValue(inst, n, o) }),
    ),
  );
  const providers = [...new Set(inst.offers.map((o) => o.authority))];
  const lines = [
    "Maximize",
    ` obj: ${[...vars.map((v) => `${v.value} ${v.name}`), `- ${WEIGHTS.maxLoad} maxload`].join(" + ").replace(/\+ -/g, "-")}`,
    "Subject To",
  ];
  inst.needs.forEach((_, i) => {
    const mine = vars.filter((v) => v.n === i);
    if (mine.length) lines.push(` need_${i}: ${mine.map((v) => v.name).join(" + ")} <= 1`);
  });
  inst.offers.forEach((o, j) => {
    const mine = vars.filter((v) => v.o === j);
    if (mine.length) lines.push(` cap_${j}: ${mine.map((v) => v.name).join(" + ")} <= ${o.capacity}`);
  });
  providers.forEach((p, k) => {
    const mine = vars.filter((v) => inst.offers[v.o]!.authority === p);
    if (mine.length) lines.push(` load_${k}: ${mine.map((v) => v.name).join(" + ")} - maxload <= 0`);
  });
  lines.push("Bounds", " maxload >= 0");
  if (vars.length) lines.push("Binary", ` ${vars.map((v) => v.name).join(" ")}`);
  lines.push("End");
  return lines.join("\n");
}

/** Value of a matching under the objective (used to compare with brute force). */
export function brokerValue(inst: BrokerInstance, pairs: [number, number][]): number {
  const loads = new Map<string, number>();
  let value = 0;
  for (const [i, j] of pairs) {
    value += matchValue(inst, inst.needs[i]!, inst.offers[j]!);
    const a = inst.offers[j]!.authority;
    loads.set(a, (loads.get(a) ?? 0) + 1);
  }
  return value - WEIGHTS.maxLoad * Math.max(0, ...loads.values());
}

/** Solve brokering exactly: [need index, offer index] pairs. */
export async function solveBrokering(
  inst: BrokerInstance,
): Promise<{ pairs: [number, number][]; value: number; optimal: boolean; ms: number }> {
  const started = performance.now();
  if (!inst.needs.length || !inst.offers.length) return { pairs: [], value: 0, optimal: true, ms: 0 };
  const raw = await Matching.solveLp(brokerLp(inst));
  if (raw.Status !== "Optimal") throw new Error(`Brokering stopped without an optimum (${raw.Status}).`);
  const pairs: [number, number][] = Object.keys(raw.Columns)
    .filter((k) => k.startsWith("y_") && raw.Columns[k]!.Primal > 0.5)
    .map((k) => {
      const [, i, j] = k.split("_");
      return [Number(i), Number(j)];
    });
  return { pairs, value: brokerValue(inst, pairs), optimal: true, ms: performance.now() - started };
}

/** Exhaustive optimum for small instances (the tests' reference). */
export function bruteForceBrokering(inst: BrokerInstance): number {
  let best = 0;
  const used = inst.offers.map(() => 0);
  const chosen: [number, number][] = [];
  const go = (i: number) => {
    if (i === inst.needs.length) {
      best = Math.max(best, brokerValue(inst, chosen));
      return;
    }
    go(i + 1); // leave need i uncovered
    inst.offers.forEach((o, j) => {
      if (!eligible(inst.needs[i]!, o) || used[j]! >= o.capacity) return;
      used[j]!++;
      chosen.push([i, j]);
      go(i + 1);
      chosen.pop();
      used[j]!--;
    });
  };
  go(0);
  return best;
}

export interface Brokerage extends Item {
  kind: "brokerage";
  cycleId: string;
  needId: string;
  authority: string;
  theme: string;
  offerId: string;
  provider: string;
  type: z.infer<typeof SolutionType>;
  status: "proposed" | "agreed" | "taken-up" | "declined";
  /** Set when the lead chose this match by hand. */
  override?: boolean;
  /** Set for a match across regions (the exchange): the request and the other side's names. */
  exchange?: { requestId: string; otherRegion: string; authorityName: string; providerName: string };
  version: number;
}

const brokerKey = Keys.brokerage;
export const brokerages = (deps: Pick<Deps, "store">, cycleId: string) =>
  queryAll<Brokerage>(deps.store, { pk: Keys.brokeragesOfCycle(cycleId) });

/** Broker the cycle's needs to its offers and store the matches (keeps the lead's overrides and recorded uptake). */
export async function broker(deps: Pick<Deps, "store" | "clock">, input: { cycleId: string; actor: Audit.Actor }) {
  const [ns, os, ints, existing] = await Promise.all([
    needs(deps, input.cycleId),
    offers(deps, input.cycleId),
    interests(deps, input.cycleId),
    brokerages(deps, input.cycleId),
  ]);
  const fixed = existing.filter((b) => b.override || b.status !== "proposed");
  const capacity = new Map(
    os.map((o) => [o.id, o.capacity - fixed.filter((b) => b.offerId === o.id && b.status !== "declined").length]),
  );
  const open = ns.filter((n) => !fixed.some((b) => b.needId === n.id && b.status !== "declined"));
  const inst: BrokerInstance = {
    needs: open.map((n) => ({ id: n.id, authority: n.authority, theme: n.theme, priority: n.priority })),
    offers: os.map((o) => ({
      id: o.id,
      authority: o.authority,
      theme: o.theme,
      capacity: Math.max(0, capacity.get(o.id)!),
      strength: o.strength,
    })),
    interest: ints.flatMap((i) =>
      open.filter((n) => n.authority === i.authority).map((n) => [n.id, i.offerId] as [string, string]),
    ),
  };
  const solved = await solveBrokering(inst);
  for (const b of existing.filter((x) => !fixed.includes(x))) await deps.store.delete({ pk: b.pk, sk: b.sk });
  const items: Brokerage[] = solved.pairs.map(([i, j]) => {
    const n = open[i]!;
    const o = os[j]!;
    return {
      ...brokerKey(input.cycleId, n.id),
      kind: "brokerage",
      cycleId: input.cycleId,
      needId: n.id,
      authority: n.authority,
      theme: n.theme,
      offerId: o.id,
      provider: o.authority,
      type: TYPE_OF_FORMAT[o.format],
      status: "proposed",
      version: 1,
    };
  });
  await deps.store.batchPut(items);
  await Audit.record(deps, {
    scope: Audit.cycleScope(input.cycleId),
    actor: input.actor,
    action: "brokering.run",
    entity: { type: "brokering", id: input.cycleId, version: Date.parse(deps.clock.now().toISOString()) },
    summary: `Brokered ${items.length} of ${open.length} open needs (optimal, ${Math.round(solved.ms)} ms)`,
  });
  return { matched: items.length, needs: ns.length, open: open.length, ms: solved.ms };
}

/** The lead matches a need to an offer by hand (or clears it with offerId undefined). */
export async function override(
  deps: Pick<Deps, "store" | "clock">,
  input: { cycleId: string; needId: string; offerId?: string; reason?: string; actor: Audit.Actor },
) {
  const ns = await needs(deps, input.cycleId);
  const need = ns.find((n) => n.id === input.needId);
  if (!need) throw new NotFoundError("There is no such need.");
  if (!input.offerId) {
    await deps.store.delete(brokerKey(input.cycleId, need.id));
  } else {
    const os = await offers(deps, input.cycleId);
    const offer = os.find((o) => o.id === input.offerId);
    if (!offer) throw new NotFoundError("There is no such offer.");
    if (offer.authority === need.authority)
      throw new ValidationError("An LA cannot support itself.", [
        { path: "offerId", message: "Choose an offer from another local authority" },
      ]);
    const taken = (await brokerages(deps, input.cycleId)).filter(
      (b) => b.offerId === offer.id && b.needId !== need.id && b.status !== "declined",
    ).length;
    if (taken >= offer.capacity)
      throw new ValidationError("That offer is full.", [
        { path: "offerId", message: `The offer has capacity for ${offer.capacity} and all of it is used` },
      ]);
    await deps.store.put({
      ...brokerKey(input.cycleId, need.id),
      kind: "brokerage",
      cycleId: input.cycleId,
      needId: need.id,
      authority: need.authority,
      theme: need.theme,
      offerId: offer.id,
      provider: offer.authority,
      type: TYPE_OF_FORMAT[offer.format],
      status: "agreed",
      override: true,
      version: 1,
    } satisfies Brokerage);
  }
  await Audit.record(deps, {
    scope: Audit.cycleScope(input.cycleId),
    actor: input.actor,
    action: "brokering.override",
    entity: { type: "need", id: need.id, version: Date.parse(deps.clock.now().toISOString()) },
    authority: need.authority,
    summary:
      (input.offerId ? `Matched ${need.id} to offer ${input.offerId} by hand` : `Cleared the match for ${need.id}`) +
      (input.reason?.trim() ? ` (reason: ${input.reason.trim()})` : ""),
  });
}

/** Record uptake of a brokered solution. */
export async function recordUptake(
  deps: Pick<Deps, "store" | "clock">,
  input: { cycleId: string; needId: string; status: "agreed" | "taken-up" | "declined"; actor: Audit.Actor },
) {
  const key = brokerKey(input.cycleId, input.needId);
  try {
    await deps.store.update(
      key,
      { set: { status: input.status }, add: { version: 1 } },
      { condition: { op: "exists" } },
    );
  } catch (err) {
    if (err instanceof ConditionFailedError) throw new NotFoundError("That need has no brokered solution.");
    throw err;
  }
  await Audit.record(deps, {
    scope: Audit.cycleScope(input.cycleId),
    actor: input.actor,
    action: "brokering.uptake",
    entity: { type: "need", id: input.needId, version: Date.parse(deps.clock.now().toISOString()) },
    authority: input.needId.split("#")[0],
    summary: `Marked ${input.needId} ${input.status}`,
  });
}
