/**
 * The regional lead's unpublished changes to the region's indicator catalogue, kept like a form
 * template's draft: each edit updates the draft as typed (mistakes and all), the draft is compared
 * with the published version, and it is published as the next version only when it checks clean.
 * Returns already started keep the version they began with (the round pins it when it opens).
 */
import type { Audit } from "../audit";
import { Keys, ValidationError, type Deps, type Item } from "../shared";
import { Catalogue, Polarity, Unit, UNIT_LABELS, type Indicator } from "./indicators";
import * as Store from "./store";

/** An indicator as the lead left it: numbers they typed that are not numbers stay as text until it is published. */
export type DraftIndicator = { id: string } & Record<string, unknown>;

export interface CatalogueDraftItem extends Item {
  kind: "dataset-catalogue-draft";
  regionId: string;
  indicators: DraftIndicator[];
  /** The published version it was started from. */
  basedOn: number;
  updatedAt: string;
  updatedBy: string;
}

export const POLARITY_LABELS: Record<Polarity, string> = {
  higher: "higher is better",
  lower: "lower is better",
  neither: "neither higher nor lower is better",
};

/** The fields a lead may change on an indicator already in the catalogue (its id, unit and rules stay). */
export interface Wording {
  name: string;
  definition: string;
  theme: string;
  polarity: string;
  min: string;
  max: string;
  /** Other names a file's column may use, separated by commas (DfE's column names); absent leaves them as they are. */
  aliases?: string;
}
/** Edits name the indicator by its place and id, so a page left open while the draft changed edits nothing wrongly. */
export type Edit =
  | ({ op: "edit"; at: number; id: string } & Wording)
  | ({ op: "add"; id: string; unit: string; source: string } & Wording)
  | { op: "remove"; at: number; id: string };

/** A number as typed ("1,200" is 1200); anything else is kept as typed, for the check to name. */
const numberOr = (s: string) => {
  const t = s.trim().replace(/,/g, "");
  return t !== "" && Number.isFinite(Number(t)) ? Number(t) : s.trim();
};
const wording = (e: Wording) => ({
  name: e.name.trim(),
  definition: e.definition.trim(),
  theme: e.theme,
  polarity: e.polarity,
  min: numberOr(e.min),
  max: numberOr(e.max),
  ...(e.aliases === undefined ? {} : { aliases: aliasesOf(e.aliases) }),
});
const aliasesOf = (text: string) => {
  const list = [
    ...new Set(
      text
        .split(",")
        .map((a) => a.trim())
        .filter(Boolean),
    ),
  ];
  return list.length ? list : undefined;
};

export function applyEdit(draft: DraftIndicator[], edit: Edit): DraftIndicator[] {
  if (edit.op !== "add" && draft[edit.at]?.id !== edit.id)
    throw new ValidationError("The catalogue changed since this page was opened.", [
      { path: "problems", message: "The catalogue changed since this page was opened: check it and try again" },
    ]);
  if (edit.op === "remove") return draft.filter((_, n) => n !== edit.at);
  if (edit.op === "edit") return draft.map((i, n) => (n === edit.at ? { ...i, ...wording(edit) } : i));
  const source = edit.source === "imported" ? "imported" : "quarterly-return";
  return [...draft, { id: edit.id.trim(), unit: edit.unit, source, ...wording(edit) }];
}

/** The published catalogue and the lead's draft of it (a copy of the published one until edited). */
export async function load(deps: Pick<Deps, "store">, regionId: string) {
  const [published, stored] = await Promise.all([
    Store.catalogue(deps, regionId),
    deps.store.get<CatalogueDraftItem>(Keys.datasetCatalogueDraft(regionId)),
  ]);
  const draft: DraftIndicator[] = stored ? stored.indicators : published.indicators;
  return { published, draft, edited: Boolean(stored) };
}

export async function saveDraft(
  deps: Pick<Deps, "store" | "clock">,
  input: { regionId: string; indicators: DraftIndicator[]; basedOn: number; actor: Audit.Actor },
) {
  await deps.store.put({
    ...Keys.datasetCatalogueDraft(input.regionId),
    kind: "dataset-catalogue-draft",
    regionId: input.regionId,
    indicators: input.indicators,
    basedOn: input.basedOn,
    updatedAt: deps.clock.now().toISOString(),
    updatedBy: input.actor.id,
  } satisfies CatalogueDraftItem);
}

export const discardDraft = (deps: Pick<Deps, "store">, regionId: string) =>
  deps.store.delete(Keys.datasetCatalogueDraft(regionId));

/** One mistake, in words, with the indicator and field it is about (for the error summary's links). */
export interface Problem {
  id?: string;
  field?: string;
  message: string;
}

const text = (v: unknown) => (typeof v === "string" ? v : "");
const labelOf = (i: DraftIndicator) => `“${text(i.name) || i.id}”`;

/** One indicator's own mistakes. */
function indicatorProblems(i: DraftIndicator, themes: Set<string>): Problem[] {
  const out: Problem[] = [];
  const add = (field: string, message: string) => out.push({ id: i.id, field, message: `${labelOf(i)}: ${message}` });
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(i.id))
    add("id", `give an id in lower-case words joined by hyphens, like "care-leavers-eet" (not "${i.id}")`);
  if (text(i.name).length < 3 || text(i.name).length > 120) add("name", "give a name of 3 to 120 characters");
  if (text(i.definition).length < 3 || text(i.definition).length > 600)
    add("definition", "give a definition of 3 to 600 characters");
  if (!Unit.safeParse(i.unit).success)
    add("unit", `"${text(i.unit)}" is not a unit: choose ${Object.values(UNIT_LABELS).join(", ")}`);
  if (!Polarity.safeParse(i.polarity).success) add("polarity", "choose which way is better");
  if (!themes.has(text(i.theme))) add("theme", `"${text(i.theme)}" is not one of the region's themes`);
  const [min, max] = [i.min, i.max];
  if (typeof min !== "number") add("min", `the lowest valid value must be a number (not "${String(min)}")`);
  if (typeof max !== "number") add("max", `the highest valid value must be a number (not "${String(max)}")`);
  if (typeof min === "number" && typeof max === "number" && min >= max)
    add("min", `the lowest valid value (${min}) must be below the highest (${max})`);
  return out;
}

/** Mistakes across the catalogue: repeated ids, "not above" rules naming an indicator no longer there. */
function catalogueProblems(draft: DraftIndicator[]): Problem[] {
  const out: Problem[] = [];
  if (!draft.length) out.push({ message: "Keep at least one indicator" });
  if (draft.length > 60) out.push({ message: "A catalogue can have at most 60 indicators" });
  const seen = new Set<string>();
  for (const i of draft) {
    if (seen.has(i.id))
      out.push({ id: i.id, field: "id", message: `Two indicators have the id "${i.id}": each id must be different` });
    seen.add(i.id);
  }
  for (const i of draft) {
    const other = text(i.notAbove);
    if (other && !seen.has(other))
      out.push({
        id: i.id,
        message: `${labelOf(i)} is checked against "${other}", which is no longer in the catalogue: keep "${other}"`,
      });
  }
  return out;
}

export type Checked = { ok: true; indicators: Indicator[] } | { ok: false; problems: Problem[] };

/** Check a draft against the catalogue's rules and the region's themes. */
export function checkDraft(draft: DraftIndicator[], themes: string[]): Checked {
  const set = new Set(themes);
  const problems = [...draft.flatMap((i) => indicatorProblems(i, set)), ...catalogueProblems(draft)];
  if (problems.length) return { ok: false, problems };
  const parsed = Catalogue.safeParse(draft);
  if (parsed.success) return { ok: true, indicators: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => ({ message: `${i.path.join(".")}: ${i.message}` })) };
}

const range = (i: Record<string, unknown>) => `${String(i.min)} to ${String(i.max)}`;

/** What changed from the published version, in words, in catalogue order. */
export function changes(published: Indicator[], draft: DraftIndicator[], themeLabel: (id: string) => string) {
  const before = new Map(published.map((i) => [i.id, i]));
  const after = new Set(draft.map((i) => i.id));
  const out: string[] = [];
  const seen = new Set<string>();
  for (const d of draft) {
    // A second indicator with an id already used is an addition (and a mistake the check names), not an edit.
    const p = seen.has(d.id) ? undefined : before.get(d.id);
    seen.add(d.id);
    const name = labelOf(d);
    if (!p) {
      out.push(`Added ${name} (${UNIT_LABELS[d.unit as Unit] ?? text(d.unit)}, ${themeLabel(text(d.theme))})`);
      continue;
    }
    if (p.name !== d.name) out.push(`Renamed “${p.name}” to ${name}`);
    if (p.definition !== d.definition) out.push(`Reworded the definition of ${name}`);
    if (p.min !== d.min || p.max !== d.max)
      out.push(`Changed the valid range of ${name} from ${range(p)} to ${range(d)}`);
    if (p.polarity !== d.polarity)
      out.push(
        `${name}: ${POLARITY_LABELS[d.polarity as Polarity] ?? text(d.polarity)} (was ${POLARITY_LABELS[p.polarity]})`,
      );
    if (p.theme !== d.theme) out.push(`Moved ${name} from ${themeLabel(p.theme)} to ${themeLabel(text(d.theme))}`);
  }
  for (const p of published) if (!after.has(p.id)) out.push(`Removed “${p.name}”`);
  return out;
}

/** Publish the lead's draft as the next version, or refuse with every mistake; the draft goes once published. */
export async function publishDraft(
  deps: Pick<Deps, "store" | "clock">,
  input: { regionId: string; themes: string[]; actor: Audit.Actor },
) {
  const { draft, published } = await load(deps, input.regionId);
  if (JSON.stringify(draft) === JSON.stringify(published.indicators))
    throw new ValidationError("There are no changes to publish.", [
      { path: "#changes", message: "There are no changes to publish: change the catalogue first" },
    ]);
  const checked = checkDraft(draft, input.themes);
  if (!checked.ok)
    throw new ValidationError(
      "The catalogue has mistakes; nothing was published.",
      checked.problems.map((p) => ({ path: p.id && p.field ? `${p.field}-${p.id}` : "problems", message: p.message })),
    );
  const stored = await Store.publishCatalogue(deps, {
    regionId: input.regionId,
    indicators: checked.indicators,
    actor: input.actor,
  });
  await discardDraft(deps, input.regionId);
  return stored;
}
