/**
 * The dataset in the table: catalogue versions, settings, one item per LA per quarter (a region's
 * quarter is one partition), and a national summary per quarter rebuilt after every write so a
 * region's benchmarks never read other regions' partitions.
 */
import { Audit } from "../audit";
import { Region } from "../directory";
import { Keys, ValidationError, queryAll, type Deps, type Item } from "../shared";
import { summarise, type NationalSummary, type Values } from "./benchmarks";
import { Catalogue, DEFAULT_INDICATORS, type Indicator } from "./indicators";
import { DEFAULT_SETTINGS, DatasetSettings } from "./rules";
import type { Quarter } from "./quarters";

type StoreDeps = Pick<Deps, "store" | "clock">;

export interface CatalogueItem extends Item {
  kind: "dataset-catalogue";
  regionId: string;
  version: number;
  indicators: Indicator[];
  publishedAt: string;
  publishedBy: string;
}

/** The region's latest catalogue, or the default set (version 0). */
export async function catalogue(deps: Pick<Deps, "store">, regionId: string) {
  const { items } = await deps.store.query<CatalogueItem>({
    pk: Keys.datasetCataloguesOf(regionId),
    reverse: true,
    limit: 1,
  });
  const latest = items[0];
  return latest
    ? { version: latest.version, indicators: latest.indicators }
    : { version: 0, indicators: DEFAULT_INDICATORS };
}

/** One published version of the region's catalogue (0 is the default set); the latest if that version is not stored. */
export async function catalogueVersion(deps: Pick<Deps, "store">, regionId: string, version: number) {
  if (version === 0) return { version: 0, indicators: DEFAULT_INDICATORS };
  const item = await deps.store.get<CatalogueItem>(Keys.datasetCatalogue(regionId, version));
  return item ? { version: item.version, indicators: item.indicators } : catalogue(deps, regionId);
}

/** Publish a new catalogue version for a region (validated and audited). */
export async function publishCatalogue(
  deps: StoreDeps,
  input: { regionId: string; indicators: unknown; actor: Audit.Actor },
) {
  const parsed = Catalogue.safeParse(input.indicators);
  if (!parsed.success)
    throw new ValidationError(
      "The indicator catalogue is not valid.",
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  const current = await catalogue(deps, input.regionId);
  const version = current.version + 1;
  const at = deps.clock.now().toISOString();
  await deps.store.put(
    {
      ...Keys.datasetCatalogue(input.regionId, version),
      kind: "dataset-catalogue",
      regionId: input.regionId,
      version,
      indicators: parsed.data,
      publishedAt: at,
      publishedBy: input.actor.id,
    } satisfies CatalogueItem,
    { condition: { op: "notExists" } },
  );
  await Audit.record(deps, {
    scope: Audit.regionScope(input.regionId),
    actor: input.actor,
    action: "dataset.catalogue.published",
    entity: { type: "dataset-catalogue", id: input.regionId, version },
    summary: `Published indicator catalogue version ${version} (${parsed.data.length} indicators)`,
  });
  return { version, indicators: parsed.data };
}

export async function settings(deps: Pick<Deps, "store">, regionId: string): Promise<DatasetSettings> {
  const item = await deps.store.get(Keys.datasetSettings(regionId));
  return item ? DatasetSettings.parse(item.settings) : DEFAULT_SETTINGS;
}

export async function updateSettings(
  deps: StoreDeps,
  input: { regionId: string; settings: unknown; actor: Audit.Actor },
): Promise<DatasetSettings> {
  const parsed = DatasetSettings.safeParse(input.settings);
  if (!parsed.success)
    throw new ValidationError(
      "The dataset settings are not valid.",
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  const at = deps.clock.now().toISOString();
  await deps.store.put({ ...Keys.datasetSettings(input.regionId), kind: "dataset-settings", settings: parsed.data });
  await Audit.record(deps, {
    scope: Audit.regionScope(input.regionId),
    actor: input.actor,
    action: "dataset.settings.updated",
    entity: { type: "dataset-settings", id: input.regionId, version: Date.parse(at) },
    summary: "Changed the early-warning rules and collection settings",
    after: parsed.data,
  });
  return parsed.data;
}

export interface ValuesFields {
  regionId: string;
  quarter: Quarter;
  authority: string;
  values: Values;
  /** Notes kept with figures that moved sharply (indicator id → note). */
  notes: Record<string, string>;
  source: "return" | "import";
  catalogueVersion: number;
  at: string;
  by: string;
}
export type ValuesItem = Item & ValuesFields & { kind: "dataset-values" };

export const valuesItem = (v: ValuesFields): ValuesItem => ({
  ...Keys.datasetValues(v.regionId, v.quarter, v.authority),
  kind: "dataset-values",
  ...v,
});

export const getValues = (deps: Pick<Deps, "store">, regionId: string, quarter: Quarter, authority: string) =>
  deps.store.get<ValuesItem>(Keys.datasetValues(regionId, quarter, authority));

/** One region's figures for one quarter: one partition. */
export const regionQuarter = (deps: Pick<Deps, "store">, regionId: string, quarter: Quarter) =>
  queryAll<ValuesItem>(deps.store, { pk: Keys.datasetQuarterOf(regionId, quarter) });

interface SummaryItem extends Item {
  kind: "dataset-national";
  summary: NationalSummary;
}

/** Rebuild a quarter's national summary from every region's partition (after an import or a return). */
export async function rebuildNational(deps: Pick<Deps, "store">, quarter: Quarter, indicators: Indicator[]) {
  const regions = await Region.list(deps);
  const rows = (await Promise.all(regions.map((r) => regionQuarter(deps, r.id, quarter)))).flat();
  const pub = await published(deps, quarter);
  // Every region's indicators, so a region with its own catalogue never drops another's from the summary.
  const all = [...new Map([...DEFAULT_INDICATORS, ...indicators].map((i) => [i.id, i])).values()];
  const summary = summarise(
    quarter,
    all,
    rows.map((r) => ({ authority: r.authority, regionId: r.regionId, values: r.values })),
    pub.values,
    pub.regions,
  );
  await deps.store.put({ ...Keys.datasetNational(quarter), kind: "dataset-national", summary } satisfies SummaryItem);
  return summary;
}

export async function nationalSummaries(deps: Pick<Deps, "store">, quarters: Quarter[]) {
  const items = await deps.store.batchGet<SummaryItem>(quarters.map((q) => Keys.datasetNational(q)));
  return new Map(items.map((i) => [i.summary.quarter, i.summary]));
}

/** England's published figures for a quarter, and each region's (region id → figures), from imported National and Regional rows. */
export async function putPublished(
  deps: Pick<Deps, "store">,
  quarter: Quarter,
  values: Values,
  regions: Record<string, Values> = {},
) {
  await deps.store.put({ ...Keys.datasetPublished(quarter), kind: "dataset-published", quarter, values, regions });
}

export async function published(deps: Pick<Deps, "store">, quarter: Quarter) {
  const item = await deps.store.get(Keys.datasetPublished(quarter));
  return {
    values: (item?.values as Values | undefined) ?? {},
    regions: (item?.regions as Record<string, Values> | undefined) ?? {},
  };
}

export const publishedKey = Keys.datasetPublished;
