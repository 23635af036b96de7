/**
 * The regional development plan: assembled from needs, brokerage and the lead's edits, edited with
 * optimistic versions, published as numbered versions and emailed to every DCS and adviser.
 */
import * as z from "../zod";
import { ConditionFailedError, ConflictError, Keys, ValidationError, type Deps, type Item } from "../shared";
import { Audit } from "../audit";
import { Cycle } from "../cycle";
import { Emails, Mail } from "../mail";
import { People, Region } from "../directory";
import { Recommendations } from "../peer-review";
import { needs } from "./needs";
import { offers } from "./offers";
import { brokerages, TYPE_OF_FORMAT, type SolutionType } from "./brokering";
import type { WorkingSections } from "./working";

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
  introduction: z._default(z.string().check(z.maxLength(10_000)), ""),
  responses: z._default(
    z.record(
      z.string(),
      z.object({
        type: ResponseType,
        owner: z.string().check(z.maxLength(200)),
        detail: z._default(z.string().check(z.maxLength(4000)), ""),
        /** When the collective response happens, in words ("From May to July 2027"). */
        when: z._default(z.string().check(z.maxLength(200)), ""),
      }),
    ),
    {},
  ),
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
    response: { type: z.infer<typeof ResponseType>; label: string; owner: string; detail: string; when?: string };
  }[];
  authorities: {
    code: string;
    name: string;
    receiving: { theme: string; need?: string; provider: string; type: string; status: string }[];
    providing: { theme: string; recipient: string; type: string; status: string }[];
    /** The recommendations of its peer-scrutiny reviews and how its development plan answered each (older published versions lack them). */
    recommendations?: { from: string; area: string; text: string; answer: string }[];
  }[];
  /** The region's offers (older published versions lack them). */
  offers?: { theme: string; provider: string; description: string; type: string; capacity: number; source: string }[];
  /** Actions, data context, uptake and impact (working.ts); plans built before them lack these. */
  working?: WorkingSections;
}

const draftKey = Keys.planDraft;

/** An LA's peer-scrutiny recommendations as the plan lists them: who made each, its area and the plan's answer. */
const recommendationsOf = (
  of:
    { recommendations: Recommendations.Recommendation[]; answers: Record<string, Recommendations.Answer> } | undefined,
  name: (code: string) => string,
  label: (theme: string) => string,
) =>
  (of?.recommendations ?? []).map((r) => ({
    from: name(r.reviewer),
    area: label(r.area),
    text: r.text,
    answer: Recommendations.answerInWords(of?.answers[r.id]),
  }));

/** Build the plan from the needs, brokerage and the lead's edits. */
export async function buildPlan(deps: Pick<Deps, "store">, cycleId: string): Promise<Plan> {
  const cycle = await Cycle.get(deps, cycleId);
  const [region, las, ns, os, bs, draft, recs] = await Promise.all([
    Region.get(deps, cycle.regionId),
    Region.authorities(deps, cycle.regionId),
    needs(deps, cycleId),
    offers(deps, cycleId),
    brokerages(deps, cycleId),
    deps.store.get<PlanDraft>(draftKey(cycleId)),
    Recommendations.ofCycle(deps, cycleId),
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
          when: chosen?.when ?? "",
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
          need: ns.find((n) => n.id === b.needId)?.description.split("\n")[0] || label(b.theme),
          provider: b.exchange ? `${b.exchange.providerName} (${b.exchange.otherRegion})` : name(b.provider),
          type: SOLUTION_LABELS[b.type],
          status: b.status,
        })),
      providing: bs
        .filter((b) => b.provider === la.code)
        .map((b) => ({
          theme: label(b.theme),
          recipient: b.exchange ? `${b.exchange.authorityName} (${b.exchange.otherRegion})` : name(b.authority),
          type: SOLUTION_LABELS[b.type],
          status: b.status,
        })),
      recommendations: recommendationsOf(recs.get(la.code), name, label),
    })),
    offers: os.map((o) => ({
      theme: label(o.theme),
      provider: name(o.authority),
      description: o.description,
      type: SOLUTION_LABELS[TYPE_OF_FORMAT[o.format]],
      capacity: o.capacity,
      source: o.source,
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
  /** What changed from the version it supersedes. */
  note?: string;
  /** Why it was published before its step (when it was). */
  reason?: string;
}

export async function publishedVersions(deps: Pick<Deps, "store">, cycleId: string): Promise<PublishedPlan[]> {
  const { items } = await deps.store.query<PublishedPlan>({ pk: Keys.plansOfCycle(cycleId), sk: { beginsWith: "V#" } });
  return items;
}

/** Who a published plan is emailed to: every DCS, adviser and regional lead of the region. */
export async function planRecipients(deps: Pick<Deps, "store">, regionId: string) {
  return (await People.listByRegion(deps, regionId)).filter((p) =>
    p.roles.some((r) => r === "dcs" || r === "dfe-adviser" || r === "lga-adviser" || r === "regional-lead"),
  );
}

/** Whether the plan's own step is open; before it, publishing needs a reason. */
export async function publishTiming(deps: Pick<Deps, "store">, cycleId: string) {
  const phase = Cycle.phase(await Cycle.get(deps, cycleId), "regional-plan");
  return { inStep: phase.state !== "scheduled", opensAt: phase.opensAt };
}

/**
 * Publish the plan as the next version and email it to every DCS and adviser in the region. Before the regional-plan
 * step opens it needs a reason; a later version supersedes the one before and says why in its note.
 */
export async function publishPlan(
  deps: Deps,
  input: { cycleId: string; actor: Audit.Actor; reason?: string; note?: string; plan?: Plan },
): Promise<PublishedPlan> {
  const reason = input.reason?.trim() ?? "";
  const timing = await publishTiming(deps, input.cycleId);
  if (!timing.inStep && reason.length < 3)
    throw new ValidationError("The regional plan step has not opened yet: give a reason to publish now.", [
      {
        path: "reason",
        message: `Give a reason to publish before the regional plan step opens on ${timing.opensAt.slice(0, 10)}`,
      },
    ]);
  // The caller may pass the plan with its working sections (Impact.workingPlan) already built.
  const plan = input.plan ?? (await buildPlan(deps, input.cycleId));
  const version = (await publishedVersions(deps, input.cycleId)).length + 1;
  const note = input.note?.trim().slice(0, 2000) || undefined;
  const item: PublishedPlan = {
    ...Keys.planVersion(input.cycleId, version),
    kind: "plan",
    cycleId: input.cycleId,
    version,
    plan,
    publishedAt: deps.clock.now().toISOString(),
    publishedBy: input.actor.id,
    ...(note ? { note } : {}),
    ...(reason ? { reason } : {}),
  };
  try {
    await deps.store.put(item, { condition: { op: "notExists" } });
  } catch (err) {
    if (err instanceof ConditionFailedError)
      throw new ConflictError("Another version was published at the same moment.");
    throw err;
  }
  const people = await planRecipients(deps, plan.region.id);
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
    summary: `Published version ${version} of the regional development plan to ${people.length} people${version > 1 ? `, superseding version ${version - 1}` : ""}${reason ? ` (reason: ${reason})` : ""}${note ? ` (note: ${note})` : ""}`,
  });
  return item;
}
