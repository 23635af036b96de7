/**
 * Needs: what an LA wants support with. They come from submitted self-evaluations (themes rated
 * "requires improvement" or "inadequate"), development plans (priorities that want support) and the
 * recommendations of submitted peer-scrutiny reviews (needs of the reviewed LA, labelled as from peer scrutiny); the
 * same run also collects the offers LAs made in their self-evaluations. Deterministic keys make a
 * re-run update rather than duplicate.
 */
import { Audit } from "../audit";
import { Cycle } from "../cycle";
import { Keys, ValidationError, type Deps, type Item, queryAll } from "../shared";
import { Region } from "../directory";
import { Submission } from "../submissions";
import { Recommendations } from "../peer-review";
import { OfferFormat, type Offer } from "./offers";

const WEAK = new Set(["requires-improvement", "inadequate"]);

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

export const needs = (deps: Pick<Deps, "store">, cycleId: string) =>
  queryAll<Need>(deps.store, { pk: Keys.needsOfCycle(cycleId) });

type Rows = Record<string, unknown>[];
const rows = (v: unknown): Rows => (Array.isArray(v) ? (v as Rows) : []);

/** Needs found in forms, one per LA and theme; a second finding on the same theme joins the first. */
class Findings {
  readonly found = new Map<string, Need>();
  constructor(
    private readonly cycleId: string,
    private readonly themeIds: Set<string>,
  ) {}

  add(authority: string, theme: string, description: string, priority: number, source: string) {
    if (!this.themeIds.has(theme)) return;
    const k = `${authority}#${theme}`;
    const existing = this.found.get(k);
    if (existing) {
      existing.priority = Math.max(existing.priority, priority);
      if (!existing.sources.includes(source)) existing.sources.push(source);
      if (description && !existing.description.includes(description))
        existing.description = `${existing.description}\n${description}`.trim();
      return;
    }
    this.found.set(k, {
      ...Keys.need(this.cycleId, authority, theme),
      kind: "need",
      id: k,
      cycleId: this.cycleId,
      authority,
      theme,
      description,
      priority,
      sources: [source],
    });
  }
}

/** The offers an LA made in its self-evaluation; a theme it rates good or outstanding makes a stronger offer. */
function offersOf(cycleId: string, themeIds: Set<string>, s: Submission.Submission): Offer[] {
  const themes = rows(s.answers.themes);
  const strongThemes = new Set(
    themes.filter((t) => t.rating === "outstanding" || t.rating === "good").map((t) => String(t.theme)),
  );
  return rows(s.answers.offers).flatMap((o, i) => {
    const theme = String(o.theme);
    if (!themeIds.has(theme)) return [];
    const id = `se-${s.authority}-${i}`;
    return [
      {
        ...Keys.offer(cycleId, id),
        kind: "offer",
        id,
        cycleId,
        authority: s.authority,
        theme,
        description: String(o.description ?? ""),
        format: OfferFormat.safeParse(o.format).data ?? "one-to-one",
        capacity: Math.max(1, Math.min(20, Number(o.capacity) || 1)),
        source: "self-evaluation",
        strength: strongThemes.has(theme) ? 2 : 1,
      } satisfies Offer,
    ];
  });
}

/**
 * A need found in the forms, joined to the one already stored for the LA and theme (raised by a concern,
 * added by the lead, or derived before): it keeps every source, the highest priority and every line of
 * description, so deriving again changes nothing and never drops what another source said.
 */
function mergeNeed(stored: Need | undefined, derived: Need): Need {
  if (!stored) return derived;
  const lines = stored.description.split("\n");
  const added = derived.description.split("\n").filter((l) => l.trim() && !lines.includes(l));
  return {
    ...stored,
    ...derived,
    description: [...lines, ...added].join("\n").trim(),
    priority: Math.max(stored.priority, derived.priority),
    sources: [...new Set([...stored.sources, ...derived.sources])],
  };
}

/** Derive needs and offers from submitted forms. Deterministic keys: re-running updates, never duplicates. */
export async function deriveFromSubmissions(
  deps: Pick<Deps, "store" | "clock">,
  cycleId: string,
): Promise<{ needs: number; offers: number }> {
  const cycle = await Cycle.get(deps, cycleId);
  const region = await Region.get(deps, cycle.regionId);
  const themeIds = new Set(region.settings.themes.map((t) => t.id));
  const findings = new Findings(cycleId, themeIds);
  const submitted = async (form: "self-evaluation" | "development-plan") =>
    (await Submission.listForCycle(deps, cycleId, form)).filter((s) => s.status === "submitted");
  const offers: Offer[] = [];
  for (const s of await submitted("self-evaluation")) {
    for (const t of rows(s.answers.themes))
      if (WEAK.has(String(t.rating)))
        findings.add(
          s.authority,
          String(t.theme),
          String(t.areas ?? ""),
          t.rating === "inadequate" ? 3 : 2,
          "self-evaluation",
        );
    offers.push(...offersOf(cycleId, themeIds, s));
  }
  for (const s of await submitted("development-plan"))
    for (const p of rows(s.answers.priorities))
      if (p["support-wanted"] === "yes")
        findings.add(s.authority, String(p.theme), String(p["support-detail"] ?? p.title ?? ""), 2, "development-plan");
  // A reviewer's recommendation is a need of the reviewed LA on the area reviewed, said to come from peer scrutiny.
  const las = await Region.authorities(deps, cycle.regionId);
  const laName = (code: string) => las.find((l) => l.code === code)?.name ?? code;
  for (const [reviewee, { recommendations }] of await Recommendations.ofCycle(deps, cycleId))
    for (const r of recommendations)
      findings.add(reviewee, r.area, `Peer scrutiny (${laName(r.reviewer)}): ${r.text}`, 2, "peer-scrutiny");
  const stored = new Map((await needs(deps, cycleId)).map((n) => [n.id, n]));
  const merged = [...findings.found.values()].map((n) => mergeNeed(stored.get(n.id), n));
  await deps.store.batchPut([...offers, ...merged]);
  return { needs: merged.length, offers: offers.length };
}

/** The lead adds intelligence (Ofsted, JTAI, annual conversation…) as a need of an LA; it joins any need on the theme. */
export async function addNeed(
  deps: Pick<Deps, "store" | "clock">,
  input: { cycleId: string; authority: string; theme: string; description: string; source: string; actor: Audit.Actor },
): Promise<Need> {
  const cycle = await Cycle.get(deps, input.cycleId);
  const [region, las] = await Promise.all([Region.get(deps, cycle.regionId), Region.authorities(deps, cycle.regionId)]);
  const issues: { path: string; message: string }[] = [];
  if (!las.some((l) => l.code === input.authority))
    issues.push({ path: "authority", message: "Choose a local authority in this region" });
  if (!region.settings.themes.some((t) => t.id === input.theme))
    issues.push({ path: "theme", message: "Choose one of the region's themes" });
  if (!input.description?.trim()) issues.push({ path: "description", message: "Describe what support is needed" });
  if (!input.source?.trim()) issues.push({ path: "source", message: "Choose where the evidence comes from" });
  if (issues.length) throw new ValidationError("The need is not valid.", issues);
  const key = Keys.need(cycle.id, input.authority, input.theme);
  const existing = await deps.store.get<Need>(key);
  // Adding the same evidence twice (a double-clicked form, a repeated intelligence note) keeps one line of it.
  const need = mergeNeed(existing, {
    ...key,
    kind: "need",
    id: `${input.authority}#${input.theme}`,
    cycleId: cycle.id,
    authority: input.authority,
    theme: input.theme,
    description: input.description.trim(),
    priority: 2,
    sources: [input.source],
  });
  await deps.store.put(need);
  await Audit.record(deps, {
    scope: Audit.cycleScope(cycle.id),
    actor: input.actor,
    action: "need.added",
    entity: { type: "need", id: need.id, version: 1 },
    authority: input.authority,
    summary: `Added a ${input.source} need on ${input.theme}`,
  });
  return need;
}
