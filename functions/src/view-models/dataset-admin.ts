/** View models of the lead's catalogue and statistical neighbours pages. */
import { CatalogueDraft, Indicators, Neighbours, Quarters, type Region } from "@riia/core";

type DraftState = Awaited<ReturnType<typeof CatalogueDraft.load>>;
const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));

const SOURCE_LABELS: Record<string, string> = {
  "quarterly-return": "Collected quarterly from local authorities",
  imported: "Imported (published statistics or the region's data team)",
};

/** Each indicator of the draft as its card shows it, with the values its edit form starts from. */
function cards(draft: CatalogueDraft.DraftIndicator[], themeLabel: (id: string) => string, published: Set<string>) {
  return draft.map((i, at) => ({
    at,
    id: i.id,
    name: str(i.name) || i.id,
    isNew: !published.has(i.id),
    rows: [
      ["Id", i.id],
      ["Theme", themeLabel(str(i.theme))],
      ["Unit", Indicators.UNIT_LABELS[i.unit as Indicators.Unit] ?? str(i.unit)],
      ["Which way is better", CatalogueDraft.POLARITY_LABELS[i.polarity as Indicators.Polarity] ?? str(i.polarity)],
      ["Valid range", `${str(i.min)} to ${str(i.max)}`],
      ["Source", SOURCE_LABELS[str(i.source)] ?? str(i.source)],
      ["Definition", str(i.definition)],
      ["Other names in files", Array.isArray(i.aliases) ? i.aliases.join(", ") : "None"],
    ].map(([k, v]) => ({ key: { text: k }, value: { text: v } })),
    values: {
      name: str(i.name),
      definition: str(i.definition),
      min: str(i.min),
      max: str(i.max),
      aliases: Array.isArray(i.aliases) ? i.aliases.join(", ") : "",
    },
    theme: str(i.theme),
    polarity: str(i.polarity),
  }));
}

const items = (options: [string, string][], selected?: string) =>
  options.map(([value, text]) => ({ value, text, selected: value === selected }));

const themeLabelOf = (region: Region.Region) => (id: string) =>
  region.settings.themes.find((t) => t.id === id)?.label ?? id;
const themeOptions = (region: Region.Region) => region.settings.themes.map((t): [string, string] => [t.id, t.label]);
const polarityOptions = Object.entries(CatalogueDraft.POLARITY_LABELS);

/** The catalogue page: the draft (the published version until edited), what changed, and what is wrong. */
export function catalogueModel(regionId: string, region: Region.Region, state: DraftState, csrf: string) {
  const themeLabel = themeLabelOf(region);
  const checked = CatalogueDraft.checkDraft(
    state.draft,
    region.settings.themes.map((t) => t.id),
  );
  return {
    title: "Indicator catalogue",
    regionName: region.name,
    regionId,
    base: `/lead/dataset/${regionId}/catalogue`,
    backLink: `/lead/dataset/${regionId}`,
    csrf,
    publishedVersion: state.published.version,
    edited: state.edited,
    changes: CatalogueDraft.changes(state.published.indicators, state.draft, themeLabel),
    problems: checked.ok ? [] : checked.problems.map((p) => p.message),
    indicators: cards(state.draft, themeLabel, new Set(state.published.indicators.map((i) => i.id))),
    themeItems: items(themeOptions(region)),
    polarityItems: items(polarityOptions),
    unitItems: items(Object.entries(Indicators.UNIT_LABELS)),
    sourceItems: items(Object.entries(SOURCE_LABELS), "quarterly-return"),
  };
}

/** The page that changes one indicator of the draft (its wording, theme, polarity and valid range). */
export function indicatorModel(regionId: string, region: Region.Region, state: DraftState, at: number, csrf: string) {
  const card = cards(state.draft, themeLabelOf(region), new Set())[at];
  if (!card) return undefined;
  return {
    title: `Change “${card.name}”`,
    regionName: region.name,
    action: `/lead/dataset/${regionId}/catalogue`,
    backLink: `/lead/dataset/${regionId}/catalogue#indicator-${at}`,
    csrf,
    card,
    op: `edit:${at}:${card.id}`,
    themeItems: items(themeOptions(region), card.theme),
    polarityItems: items(polarityOptions, card.polarity),
  };
}

/** Error summary links: to the card of the indicator a mistake is about, else to the list of mistakes. */
export function problemLinks(draft: CatalogueDraft.DraftIndicator[], issues: { path: string; message: string }[]) {
  return issues.map((i) => {
    if (i.path.startsWith("#")) return { text: i.message, href: i.path };
    const id = i.path.slice(i.path.indexOf("-") + 1);
    const at = i.path.includes("-") ? draft.findIndex((d) => d.id === id) : -1;
    return { text: i.message, href: at >= 0 ? `#indicator-${at}` : "#problems" };
  });
}

type RegionNeighbours = Awaited<ReturnType<typeof Neighbours.regionNeighbours>>;
const names = (list: { name: string }[]) => list.map((n) => n.name).join(", ") || "None yet";

/** How an LA's neighbours were chosen, in words (shown beside every list). */
export const methodOf = (n: RegionNeighbours, a: RegionNeighbours["authorities"][number]) =>
  a.source === "imported"
    ? "Imported list (such as the statistical neighbours DfE publishes)"
    : a.neighbours.length
      ? `${Neighbours.defaultMethod(n.contextMeasures, n.quarter)}${n.illustrative ? " (illustrative: the demo's made-up figures)" : ""}`
      : "Default: none until the quarter's figures are in";

/** The neighbours page: each LA's list and where it comes from, and the default explained in words. */
export function neighboursModel(regionId: string, region: Region.Region, n: RegionNeighbours) {
  return {
    title: "Statistical neighbours",
    regionName: region.name,
    regionId,
    action: `/lead/dataset/${regionId}/neighbours`,
    backLink: `/lead/dataset/${regionId}`,
    quarterLabel: Quarters.label(n.quarter),
    count: Neighbours.DEFAULT_COUNT,
    measures: n.contextMeasures,
    illustrative: n.illustrative,
    rows: n.authorities.map((a) => [{ text: a.name }, { text: names(a.neighbours) }, { text: methodOf(n, a) }]),
  };
}

/** What an import would change, LA by LA, before anything is written. */
export function neighboursPreview(n: RegionNeighbours, changes: Neighbours.NeighbourChange[], named: number) {
  const now = new Map(n.authorities.map((a) => [a.code, a.neighbours]));
  return {
    named,
    changed: changes.length,
    rows: changes.map((c) => [
      { text: n.nameOf(c.authority) },
      { text: `${names(now.get(c.authority) ?? [])} (${c.beforeSource === "imported" ? "imported" : "default"})` },
      { text: names(c.after.map((code) => ({ name: n.nameOf(code) }))) },
    ]),
  };
}
