/**
 * Steps 5 and 6: the support menu, brokering and the regional development plan.
 *
 * Needs come from submitted self-evaluations (themes rated "requires improvement" or
 * "inadequate") and development plans (priorities that want support). Offers come from what LAs
 * said they could give, plus intelligence the lead adds (Ofsted focused visits, JTAI findings,
 * annual conversations, Partners in Practice), each with a capacity. Brokering matches needs to
 * offers exactly (HiGHS): cover as many needs as possible, prefer the strongest evidenced offers
 * and the ones LAs asked for, respect capacity, never an LA to itself, and spread the load.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { Audit } from "../audit";
import { Cycle } from "../cycle";
import { Emails, Mail } from "../mail";
import {
  ConditionFailedError,
  Keys,
  ConflictError,
  NotFoundError,
  ValidationError,
  type Deps,
  type Item,
  queryAll,
} from "../shared";
import { Matching } from "../solver";
import { People, Region } from "../directory";
import { Submission } from "../submissions";

const WEAK = new Set(["requires-improvement", "inadequate"]);
const hash = (s: string) => createHash("sha256").update(s).digest("base64url").slice(0, 12);

// ------------------------------------------------------------------ needs and offers

export interface Need extends Item {
  kind: "need";
  id: string;
  cycleId: string;
  authority: string;
  theme: string;
  description: string;
  /** 3 inadequate, 2 requires improvement or support asked for in the plan. */
  priority: number;
  sources: string[];
}

export const OfferSource = z.enum([
  "self-evaluation",
  "ofsted-focused-visit",
  "jtai",
  "annual-conversation",
  "partners-in-practice",
  "other",
]);
export const OfferFormat = z.enum(["one-to-one", "group", "visit", "practice-sharing"]);

export interface Offer extends Item {
  kind: "offer";
  id: string;
  cycleId: string;
  authority: string;
  theme: string;
  description: string;
  format: z.infer<typeof OfferFormat>;
  capacity: number;
  source: z.infer<typeof OfferSource>;
  /** Strength of evidence: 1 self-declared, 2 rated good or better by the LA, 3 external evidence. */
  strength: number;
}

const needKey = Keys.need;
const offerKey = Keys.offer;

const all = <T extends Item>(deps: Pick<Deps, "store">, pk: string) => queryAll<T>(deps.store, { pk });
export const needs = (deps: Pick<Deps, "store">, cycleId: string) => all<Need>(deps, Keys.needsOfCycle(cycleId));
export const offers = (deps: Pick<Deps, "store">, cycleId: string) => all<Offer>(deps, Keys.offersOfCycle(cycleId));

/** Derive needs and offers from submitted forms. Deterministic keys: re-running updates, never duplicates. */
export async function deriveFromSubmissions(
  deps: Pick<Deps, "store" | "clock">,
  cycleId: string,
): Promise<{ needs: number; offers: number }> {
  const cycle = await Cycle.get(deps, cycleId);
  const region = await Region.get(deps, cycle.regionId);
  const themeIds = new Set(region.settings.themes.map((t) => t.id));
  const found = new Map<string, Need>();
  const addNeed = (authority: string, theme: string, description: string, priority: number, source: string) => {
    if (!themeIds.has(theme)) return;
    const k = `${authority}#${theme}`;
    const existing = found.get(k);
    if (existing) {
      existing.priority = Math.max(existing.priority, priority);
      if (!existing.sources.includes(source)) existing.sources.push(source);
      if (description && !existing.description.includes(description))
        existing.description = `${existing.description}\n${description}`.trim();
      return;
    }
    found.set(k, {
      ...needKey(cycleId, authority, theme),
      kind: "need",
      id: `${authority}#${theme}`,
      cycleId,
      authority,
      theme,
      description,
      priority,
      sources: [source],
    });
  };
  const items: Item[] = [];
  const selfEvaluations = (await Submission.listForCycle(deps, cycleId, "self-evaluation")).filter(
    (s) => s.status === "submitted",
  );
  for (const s of selfEvaluations) {
    const themes = Array.isArray(s.answers.themes) ? (s.answers.themes as Record<string, unknown>[]) : [];
    for (const t of themes)
      if (WEAK.has(String(t.rating)))
        addNeed(
          s.authority,
          String(t.theme),
          String(t.areas ?? ""),
          t.rating === "inadequate" ? 3 : 2,
          "self-evaluation",
        );
    const strongThemes = new Set(
      themes.filter((t) => t.rating === "outstanding" || t.rating === "good").map((t) => String(t.theme)),
    );
    const offered = Array.isArray(s.answers.offers) ? (s.answers.offers as Record<string, unknown>[]) : [];
    offered.forEach((o, i) => {
      const theme = String(o.theme);
      if (!themeIds.has(theme)) return;
      const id = `se-${s.authority}-${i}`;
      items.push({
        ...offerKey(cycleId, id),
        kind: "offer",
        id,
        cycleId,
        authority: s.authority,
        theme,
        description: String(o.description ?? ""),
        format: OfferFormat.catch("one-to-one").parse(o.format),
        capacity: Math.max(1, Math.min(20, Number(o.capacity) || 1)),
        source: "self-evaluation",
        strength: strongThemes.has(theme) ? 2 : 1,
      } satisfies Offer);
    });
  }
  for (const s of (await Submission.listForCycle(deps, cycleId, "development-plan")).filter(
    (x) => x.status === "submitted",
  )) {
    const priorities = Array.isArray(s.answers.priorities) ? (s.answers.priorities as Record<string, unknown>[]) : [];
    for (const p of priorities)
      if (p["support-wanted"] === "yes")
        addNeed(s.authority, String(p.theme), String(p["support-detail"] ?? p.title ?? ""), 2, "development-plan");
  }
  items.push(...found.values());
  await deps.store.batchPut(items);
  return { needs: found.size, offers: items.length - found.size };
}

/** The lead adds intelligence as an offer: an Ofsted focused visit, JTAI finding, annual conversation… */
export async function addOffer(
  deps: Pick<Deps, "store" | "clock">,
  input: {
    cycleId: string;
    authority: string;
    theme: string;
    description: string;
    format: string;
    capacity: number;
    source: string;
    actor: Audit.Actor;
  },
): Promise<Offer> {
  const cycle = await Cycle.get(deps, input.cycleId);
  const region = await Region.get(deps, cycle.regionId);
  const las = await Region.authorities(deps, cycle.regionId);
  const issues: { path: string; message: string }[] = [];
  if (!las.some((l) => l.code === input.authority))
    issues.push({ path: "authority", message: "Choose a local authority in this region" });
  if (!region.settings.themes.some((t) => t.id === input.theme))
    issues.push({ path: "theme", message: "Choose one of the region's themes" });
  if (!input.description?.trim()) issues.push({ path: "description", message: "Describe what is offered" });
  if (!OfferFormat.safeParse(input.format).success)
    issues.push({ path: "format", message: "Choose how it would be offered" });
  if (!OfferSource.safeParse(input.source).success)
    issues.push({ path: "source", message: "Choose where the evidence comes from" });
  if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > 20)
    issues.push({ path: "capacity", message: "Capacity must be a whole number from 1 to 20" });
  if (issues.length) throw new ValidationError("The offer is not valid.", issues);
  const id = `lead-${hash(`${input.authority}|${input.theme}|${input.source}|${input.description}`)}`;
  const offer: Offer = {
    ...offerKey(cycle.id, id),
    kind: "offer",
    id,
    cycleId: cycle.id,
    authority: input.authority,
    theme: input.theme,
    description: input.description.trim(),
    format: input.format as Offer["format"],
    capacity: input.capacity,
    source: input.source as Offer["source"],
    strength: input.source === "self-evaluation" ? 1 : 3,
  };
  await deps.store.put(offer);
  await Audit.record(deps, {
    scope: Audit.cycleScope(cycle.id),
    actor: input.actor,
    action: "offer.added",
    entity: { type: "offer", id, version: 1 },
    authority: input.authority,
    summary: `Added a ${input.source} offer on ${input.theme}`,
  });
  return offer;
}

// ------------------------------------------------------------------ interest (from the menu link)

export interface Interest extends Item {
  kind: "interest";
  cycleId: string;
  authority: string;
  offerId: string;
  by: string;
  at: string;
}

export const interests = (deps: Pick<Deps, "store">, cycleId: string) =>
  all<Interest>(deps, Keys.interestsOfCycle(cycleId));

/** An LA says which offers on the menu it is interested in (replacing its earlier choice). */
export async function expressInterest(
  deps: Pick<Deps, "store" | "clock">,
  input: { cycleId: string; authority: string; offerIds: string[]; by: string },
) {
  const menu = await offers(deps, input.cycleId);
  const bad = input.offerIds.filter((id) => !menu.some((o) => o.id === id));
  if (bad.length)
    throw new ValidationError("Choose offers from the menu.", [
      { path: "offers", message: "Choose only offers shown on the menu" },
    ]);
  if (menu.some((o) => input.offerIds.includes(o.id) && o.authority === input.authority))
    throw new ValidationError("You cannot ask for your own offer.", [
      { path: "offers", message: "Choose offers from other local authorities" },
    ]);
  const existing = (await interests(deps, input.cycleId)).filter((i) => i.authority === input.authority);
  for (const i of existing.filter((x) => !input.offerIds.includes(x.offerId)))
    await deps.store.delete({ pk: i.pk, sk: i.sk });
  const at = deps.clock.now().toISOString();
  await deps.store.batchPut(
    input.offerIds.map((offerId) => ({
      ...Keys.interest(input.cycleId, input.authority, offerId),
      kind: "interest",
      cycleId: input.cycleId,
      authority: input.authority,
      offerId,
      by: input.by,
      at,
    })),
  );
}

// ------------------------------------------------------------------ brokering (exact)

export const SolutionType = z.enum(["one-to-one", "small-group", "deep-dive-visit", "practice-sharing-visit"]);
const TYPE_OF_FORMAT: Record<Offer["format"], z.infer<typeof SolutionType>> = {
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
  version: number;
}

const brokerKey = Keys.brokerage;
export const brokerages = (deps: Pick<Deps, "store">, cycleId: string) =>
  all<Brokerage>(deps, Keys.brokeragesOfCycle(cycleId));

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
  input: { cycleId: string; needId: string; offerId?: string; actor: Audit.Actor },
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
    summary: input.offerId
      ? `Matched ${need.id} to offer ${input.offerId} by hand`
      : `Cleared the match for ${need.id}`,
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

// ------------------------------------------------------------------ the regional development plan

export const ResponseType = z.enum([
  "regional-seminar",
  "collaborative-project",
  "thematic-hosted-visit",
  "task-and-finish-group",
]);
export const RESPONSE_LABELS: Record<z.infer<typeof ResponseType>, string> = {
  "regional-seminar": "Regional seminar",
  "collaborative-project": "Collaborative project",
  "thematic-hosted-visit": "Thematic hosted visit",
  "task-and-finish-group": "Task and finish group",
};
export const SOLUTION_LABELS: Record<z.infer<typeof SolutionType>, string> = {
  "one-to-one": "One LA supporting another",
  "small-group": "A small group of LAs working jointly",
  "deep-dive-visit": "Deep-dive thematic peer-challenge visit",
  "practice-sharing-visit": "Practice-sharing visit",
};

export const PlanEdits = z.object({
  introduction: z.string().max(10_000).default(""),
  responses: z
    .record(
      z.string(),
      z.object({ type: ResponseType, owner: z.string().max(200), detail: z.string().max(4000).default("") }),
    )
    .default({}),
});
export type PlanEdits = z.infer<typeof PlanEdits>;

export interface PlanDraft extends Item {
  kind: "plan-draft";
  cycleId: string;
  edits: PlanEdits;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export interface Plan {
  cycleId: string;
  region: { id: string; name: string };
  year: number;
  introduction: string;
  priorities: {
    theme: string;
    label: string;
    authorities: string[];
    response: { type: z.infer<typeof ResponseType>; label: string; owner: string; detail: string };
  }[];
  authorities: {
    code: string;
    name: string;
    receiving: { theme: string; provider: string; type: string; status: string }[];
    providing: { theme: string; recipient: string; type: string; status: string }[];
  }[];
}

const draftKey = Keys.planDraft;

/** Build the plan from the needs, brokerage and the lead's edits. */
export async function buildPlan(deps: Pick<Deps, "store">, cycleId: string): Promise<Plan> {
  const cycle = await Cycle.get(deps, cycleId);
  const [region, las, ns, os, bs, draft] = await Promise.all([
    Region.get(deps, cycle.regionId),
    Region.authorities(deps, cycle.regionId),
    needs(deps, cycleId),
    offers(deps, cycleId),
    brokerages(deps, cycleId),
    deps.store.get<PlanDraft>(draftKey(cycleId)),
  ]);
  const edits = draft?.edits ?? PlanEdits.parse({});
  const name = (code: string) => las.find((l) => l.code === code)?.name ?? code;
  const label = (theme: string) => region.settings.themes.find((t) => t.id === theme)?.label ?? theme;
  const byTheme = new Map<string, Set<string>>();
  for (const n of ns) byTheme.set(n.theme, (byTheme.get(n.theme) ?? new Set()).add(n.authority));
  const priorities = [...byTheme.entries()]
    .filter(([, set]) => set.size >= region.settings.commonPriorityThreshold)
    .sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0]))
    .map(([theme, set]) => {
      const strongest = os
        .filter((o) => o.theme === theme)
        .sort((a, b) => b.strength - a.strength || b.capacity - a.capacity)[0];
      const chosen = edits.responses[theme];
      const type = chosen?.type ?? (set.size * 2 >= las.length ? "regional-seminar" : "task-and-finish-group");
      return {
        theme,
        label: label(theme),
        authorities: [...set].map(name).sort(),
        response: {
          type,
          label: RESPONSE_LABELS[type],
          owner: chosen?.owner || (strongest ? name(strongest.authority) : "Regional lead"),
          detail: chosen?.detail ?? "",
        },
      };
    });
  return {
    cycleId,
    region: { id: region.id, name: region.name },
    year: cycle.year,
    introduction: edits.introduction,
    priorities,
    authorities: las.map((la) => ({
      code: la.code,
      name: la.name,
      receiving: bs
        .filter((b) => b.authority === la.code)
        .map((b) => ({
          theme: label(b.theme),
          provider: name(b.provider),
          type: SOLUTION_LABELS[b.type],
          status: b.status,
        })),
      providing: bs
        .filter((b) => b.provider === la.code)
        .map((b) => ({
          theme: label(b.theme),
          recipient: name(b.authority),
          type: SOLUTION_LABELS[b.type],
          status: b.status,
        })),
    })),
  };
}

/** The lead edits the narrative and the collective responses (versioned). */
export async function editPlan(
  deps: Pick<Deps, "store" | "clock">,
  input: { cycleId: string; edits: unknown; expectedVersion: number; actor: Audit.Actor },
) {
  const parsed = PlanEdits.safeParse(input.edits);
  if (!parsed.success)
    throw new ValidationError(
      "The plan edits are not valid.",
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  const at = deps.clock.now().toISOString();
  const item: PlanDraft = {
    ...draftKey(input.cycleId),
    kind: "plan-draft",
    cycleId: input.cycleId,
    edits: parsed.data,
    version: input.expectedVersion + 1,
    updatedAt: at,
    updatedBy: input.actor.id,
  };
  try {
    await deps.store.put(item, {
      condition:
        input.expectedVersion === 0 ? { op: "notExists" } : { op: "eq", attr: "version", value: input.expectedVersion },
    });
  } catch (err) {
    if (err instanceof ConditionFailedError)
      throw new ConflictError(
        "Someone else changed the plan since you opened it. Reload it and make your changes again.",
      );
    throw err;
  }
  await Audit.record(deps, {
    scope: Audit.cycleScope(input.cycleId),
    actor: input.actor,
    action: "plan.edited",
    entity: { type: "plan", id: input.cycleId, version: item.version },
    summary: "Edited the regional development plan",
  });
  return item;
}

export interface PublishedPlan extends Item {
  kind: "plan";
  cycleId: string;
  version: number;
  plan: Plan;
  publishedAt: string;
  publishedBy: string;
}

export async function publishedVersions(deps: Pick<Deps, "store">, cycleId: string): Promise<PublishedPlan[]> {
  const { items } = await deps.store.query<PublishedPlan>({ pk: Keys.plansOfCycle(cycleId), sk: { beginsWith: "V#" } });
  return items;
}

/** Publish the plan as the next version and email it to every DCS and adviser in the region. */
export async function publishPlan(deps: Deps, input: { cycleId: string; actor: Audit.Actor }): Promise<PublishedPlan> {
  const plan = await buildPlan(deps, input.cycleId);
  const version = (await publishedVersions(deps, input.cycleId)).length + 1;
  const item: PublishedPlan = {
    ...Keys.planVersion(input.cycleId, version),
    kind: "plan",
    cycleId: input.cycleId,
    version,
    plan,
    publishedAt: deps.clock.now().toISOString(),
    publishedBy: input.actor.id,
  };
  try {
    await deps.store.put(item, { condition: { op: "notExists" } });
  } catch (err) {
    if (err instanceof ConditionFailedError)
      throw new ConflictError("Another version was published at the same moment.");
    throw err;
  }
  const people = (await People.listByRegion(deps, plan.region.id)).filter((p) =>
    p.roles.some((r) => r === "dcs" || r === "dfe-adviser" || r === "lga-adviser" || r === "regional-lead"),
  );
  const yearLabel = `${plan.year} to ${plan.year + 1}`;
  for (const p of people) {
    await Mail.enqueue(deps, {
      key: { cycleId: input.cycleId, step: "regional-plan", recipient: p.email, purpose: "plan-published", n: version },
      to: p.email,
      regionId: plan.region.id,
      message: Emails.render("planPublished", {
        name: p.name,
        region: plan.region.name,
        year: yearLabel,
        version,
        link: `${deps.config.baseUrl}/plans/${input.cycleId}/${version}`,
        priorities: plan.priorities.map((x) => x.label),
      }),
    });
  }
  await Audit.record(deps, {
    scope: Audit.cycleScope(input.cycleId),
    actor: input.actor,
    action: "plan.published",
    entity: { type: "plan", id: input.cycleId, version },
    summary: `Published version ${version} of the regional development plan to ${people.length} people`,
  });
  return item;
}
