// No import attribute: SST bundles with an esbuild that predates them.
import * as z from "../zod";
import reference from "../../data/reference.json";
import { Audit } from "../audit";
import {
  ConditionFailedError,
  NotFoundError,
  ValidationError,
  Keys,
  type Deps,
  type Item,
  queryAll,
  Versioned,
} from "../shared";

/** The six steps of the common core, in order. */
export const STEPS = [
  "self-evaluation",
  "peer-scrutiny",
  "development-plan",
  "peer-challenge",
  "support-menu",
  "regional-plan",
] as const;
export const Step = z.enum(STEPS);
export type Step = z.infer<typeof Step>;

const MonthDay = z.string().check(z.regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "use MM-DD"));
const Slug = z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "use lower-case words joined by hyphens"));

/** A theme in the region's taxonomy (used to tag strengths, needs and offers). */
export const Theme = z.object({ id: Slug, label: z.string().check(z.minLength(2), z.maxLength(80)) });

/** Roles a person can hold. */
export const ROLES = [
  "officer",
  "dcs",
  "reviewer",
  "regional-lead",
  "dfe-adviser",
  "lga-adviser",
  "lead-member",
  "lead-chief-executive",
  "national-coordinator",
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Per-region settings a regional lead may change. */
export const RegionSettings = z.object({
  themes: z.array(Theme).check(z.minLength(1), z.maxLength(60)),
  /** How many reviewing LAs each LA gets in peer scrutiny and peer challenge. */
  reviewersPerLa: z.int().check(z.minimum(1), z.maximum(5)),
  /** Themes shared by at least this many LAs become common priorities. */
  commonPriorityThreshold: z.int().check(z.minimum(2), z.maximum(20)),
  /** Each step's default opening and deadline (month-day; a deadline before the opening falls in the next year). */
  calendar: z.record(
    Step,
    z.object({ opens: MonthDay, deadline: MonthDay, graceDays: z.int().check(z.minimum(0), z.maximum(30)) }),
  ),
  reminders: z.object({
    daysBefore: z.array(z.int().check(z.minimum(1), z.maximum(60))).check(z.maxLength(6)),
    everyDaysAfter: z.int().check(z.minimum(1), z.maximum(30)),
    maxAfter: z.int().check(z.minimum(0), z.maximum(10)),
  }),
  /** Declared conflicts of interest: pairs of LA codes that never review each other. */
  conflicts: z._default(z.array(z.tuple([z.string(), z.string()])).check(z.maxLength(200)), []),
  /** MoU escalation ladder: who is told, how many days after the deadline. */
  escalation: z
    .array(
      z.object({
        role: z.enum(["dcs", "regional-lead", "dfe-adviser", "lga-adviser", "lead-chief-executive"]),
        afterDays: z.int().check(z.minimum(1), z.maximum(120)),
      }),
    )
    .check(z.minLength(1), z.maxLength(5)),
});
export type RegionSettings = z.infer<typeof RegionSettings>;

export const DEFAULT_THEMES: z.infer<typeof Theme>[] = [
  { id: "early-help", label: "Early help and family help" },
  { id: "front-door", label: "Front door, contact and referral" },
  { id: "child-protection", label: "Child protection" },
  { id: "children-in-care", label: "Children in care" },
  { id: "care-leavers", label: "Care leavers" },
  { id: "sufficiency", label: "Placement sufficiency" },
  { id: "workforce", label: "Workforce: recruitment, retention and practice" },
  { id: "exploitation", label: "Exploitation and extra-familial harm" },
  { id: "send", label: "Special educational needs and disabilities" },
  { id: "education", label: "Education, attendance and inclusion" },
  { id: "youth-justice", label: "Youth justice" },
  { id: "quality-assurance", label: "Quality assurance and performance" },
  { id: "leadership", label: "Leadership, governance and partnerships" },
  { id: "voice", label: "Voice of the child and participation" },
];

export const DEFAULT_SETTINGS: RegionSettings = {
  themes: DEFAULT_THEMES,
  reviewersPerLa: 2,
  commonPriorityThreshold: 3,
  calendar: {
    "self-evaluation": { opens: "09-01", deadline: "10-31", graceDays: 3 },
    "peer-scrutiny": { opens: "11-01", deadline: "11-30", graceDays: 3 },
    "development-plan": { opens: "12-01", deadline: "01-31", graceDays: 3 },
    "peer-challenge": { opens: "02-01", deadline: "02-28", graceDays: 3 },
    "support-menu": { opens: "03-01", deadline: "03-31", graceDays: 3 },
    "regional-plan": { opens: "04-01", deadline: "04-30", graceDays: 3 },
  },
  reminders: { daysBefore: [14, 7, 2], everyDaysAfter: 3, maxAfter: 5 },
  conflicts: [],
  escalation: [
    { role: "dcs", afterDays: 3 },
    { role: "regional-lead", afterDays: 10 },
    { role: "dfe-adviser", afterDays: 20 },
  ],
};

export interface Region extends Versioned.Versioned {
  kind: "region";
  id: string;
  name: string;
  riia: string;
  onsCode: string;
  authorityCount: number;
  settings: RegionSettings;
}

export interface Authority extends Item {
  kind: "authority";
  code: string;
  name: string;
  regionId: string;
  statisticalNeighbours?: string[];
}

/** The reference data file as shipped. */
export const ReferenceData = z.object({
  regions: z
    .array(
      z.object({
        id: Slug,
        name: z.string(),
        riia: z.string(),
        onsCode: z.string().check(z.regex(/^E12\d{6}$/)),
        authorities: z
          .array(z.object({ code: z.string().check(z.regex(/^E(06|08|09|10)\d{6}$/)), name: z.string() }))
          .check(z.minLength(1)),
      }),
    )
    .check(z.length(9)),
});

const regionItem = (r: z.infer<typeof ReferenceData>["regions"][number], at: string): Region => ({
  ...Keys.region(r.id),
  ...Keys.regionsIndex(),
  gsi1sk: r.name,
  kind: "region",
  id: r.id,
  name: r.name,
  riia: r.riia,
  onsCode: r.onsCode,
  authorityCount: r.authorities.length,
  settings: DEFAULT_SETTINGS,
  version: 1,
  updatedAt: at,
  updatedBy: "reference-data",
});

const authorityItem = (regionId: string, a: { code: string; name: string }): Authority => ({
  ...Keys.authority(a.code),
  gsi1pk: Keys.authoritiesOfRegion(regionId),
  gsi1sk: a.name,
  kind: "authority",
  code: a.code,
  name: a.name,
  regionId,
});

/**
 * Load the nine regions and 153 authorities. Idempotent and cheap to repeat: it reads what is
 * stored (batched), creates what is missing and corrects reference fields that differ, never
 * touching settings or neighbours a region has set.
 */
export async function loadReference(
  deps: Pick<Deps, "store" | "clock">,
): Promise<{ created: number; updated: number }> {
  const data = ReferenceData.parse(reference);
  const at = deps.clock.now().toISOString();
  const wanted: Item[] = data.regions.flatMap((r) => [
    regionItem(r, at),
    ...r.authorities.map((a) => authorityItem(r.id, a)),
  ]);
  const stored = new Map((await deps.store.batchGet(wanted)).map((i) => [`${i.pk}|${i.sk}`, i]));
  let created = 0;
  let updated = 0;
  const REFERENCE_FIELDS = [
    "name",
    "riia",
    "onsCode",
    "authorityCount",
    "regionId",
    "gsi1pk",
    "gsi1sk",
    "code",
    "kind",
    "id",
  ];
  for (const item of wanted) {
    const existing = stored.get(`${item.pk}|${item.sk}`);
    if (!existing) {
      try {
        await deps.store.put(item, { condition: { op: "notExists" } });
        created++;
      } catch (err) {
        if (!(err instanceof ConditionFailedError)) throw err; // another process loaded it first
      }
      continue;
    }
    const set = Object.fromEntries(
      REFERENCE_FIELDS.filter((f) => f in item && JSON.stringify(item[f]) !== JSON.stringify(existing[f])).map((f) => [
        f,
        item[f],
      ]),
    );
    if (Object.keys(set).length) {
      await deps.store.update(item, { set });
      updated++;
    }
  }
  return { created, updated };
}

/** All nine regions, by name (one query). */
export async function list(deps: Pick<Deps, "store">): Promise<Region[]> {
  const { items } = await deps.store.query<Region>({ index: "gsi1", pk: "REGIONS" });
  return items;
}

export { nameOf } from "./region-names";

export async function get(deps: Pick<Deps, "store">, regionId: string): Promise<Region> {
  const region = await deps.store.get<Region>(Keys.region(regionId));
  if (!region) throw new NotFoundError(`There is no region "${regionId}".`);
  return region;
}

export function authorities(deps: Pick<Deps, "store">, regionId: string): Promise<Authority[]> {
  return queryAll<Authority>(deps.store, { index: "gsi1", pk: Keys.authoritiesOfRegion(regionId) });
}

export async function authority(deps: Pick<Deps, "store">, code: string): Promise<Authority> {
  const a = await deps.store.get<Authority>(Keys.authority(code));
  if (!a) throw new NotFoundError(`There is no local authority with code "${code}".`);
  return a;
}

/** Change a region's settings (regional lead). Validated, versioned and audited. */
export async function updateSettings(
  deps: Pick<Deps, "store" | "clock">,
  input: { regionId: string; expectedVersion: number; settings: unknown; actor: Audit.Actor },
): Promise<Region> {
  const parsed = RegionSettings.safeParse(input.settings);
  if (!parsed.success) {
    throw new ValidationError(
      "The region settings are not valid.",
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  }
  const current = await get(deps, input.regionId);
  const next = await Versioned.replace<Region>(
    deps,
    { ...current, settings: parsed.data, updatedAt: deps.clock.now().toISOString(), updatedBy: input.actor.id },
    input.expectedVersion,
  );
  const changed = (Object.keys(parsed.data) as (keyof RegionSettings)[]).filter(
    (k) => JSON.stringify(current.settings[k]) !== JSON.stringify(parsed.data[k]),
  );
  await Audit.record(deps, {
    scope: Audit.regionScope(input.regionId),
    actor: input.actor,
    action: "region.settings.updated",
    entity: { type: "region", id: input.regionId, version: next.version },
    summary: `Changed ${changed.join(", ") || "nothing"}`,
    before: Object.fromEntries(changed.map((k) => [k, current.settings[k]])),
    after: Object.fromEntries(changed.map((k) => [k, parsed.data[k]])),
  });
  return next;
}

/** Each step's name as people read it ("Peer scrutiny"), for the messages the domain writes. */
export const STEP_WORDS: Record<Step, string> = {
  "self-evaluation": "Self-evaluation",
  "peer-scrutiny": "Peer scrutiny",
  "development-plan": "Development plan",
  "peer-challenge": "Peer challenge",
  "support-menu": "Support menu",
  "regional-plan": "Regional development plan",
};

export const stepWords = (step: Step): string => STEP_WORDS[step] ?? step;
