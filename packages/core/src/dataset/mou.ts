/**
 * The region's MoU rules for early warning, changed by the lead one setting at a time: open (or
 * stop opening) a concern for a rule, for every indicator, one theme or one indicator. Each change
 * carries a reason, bumps the rules' version and is audited with the rules before and after.
 */
import { Audit } from "../audit";
import { Keys, ValidationError, type Deps } from "../shared";
import { MOU_RULE_LABELS, MouRule, type BaselineChange, type Mou } from "./rules";
import * as Quarters from "./quarters";
import * as Store from "./store";

export interface MouChange {
  /** "all": the region's default for the rule; else one theme or one indicator. */
  scope: "all" | "theme" | "indicator";
  id?: string;
  rule: MouRule;
  open: boolean;
}

/** Read and check a posted change against the region's themes and catalogue. */
export function readChange(
  body: Record<string, string>,
  known: { themes: { id: string; label: string }[]; indicators: { id: string; name: string }[] },
): { change?: MouChange; reason: string; errors: { field: string; message: string }[] } {
  const errors: { field: string; message: string }[] = [];
  const scope = body.scope === "theme" || body.scope === "indicator" ? body.scope : body.scope === "all" ? "all" : null;
  if (!scope) errors.push({ field: "scope", message: "Choose what the change applies to" });
  const rule = MouRule.safeParse(body.rule);
  if (!rule.success) errors.push({ field: "rule", message: "Choose a rule" });
  const id = scope === "theme" ? body.theme : scope === "indicator" ? body.indicator : undefined;
  if (scope === "theme" && !known.themes.some((t) => t.id === id))
    errors.push({ field: "theme", message: "Choose a theme" });
  if (scope === "indicator" && !known.indicators.some((i) => i.id === id))
    errors.push({ field: "indicator", message: "Choose an indicator" });
  if (scope && scope !== "all" && rule.success && rule.data === "spiral")
    errors.push({ field: "rule", message: "A spiral counts every indicator: change it for all indicators" });
  if (body.open !== "yes" && body.open !== "no")
    errors.push({ field: "open", message: "Choose whether the rule opens a concern" });
  const reason = (body.reason ?? "").trim().slice(0, 1000);
  if (reason.length < 10) errors.push({ field: "reason", message: "Give the reason for the change in a sentence" });
  if (errors.length || !scope || !rule.success) return { reason, errors };
  return { change: { scope, ...(id ? { id } : {}), rule: rule.data, open: body.open === "yes" }, reason, errors };
}

/** The rules after a change (an override replaced, or the default set; a scoped override equal to the default is dropped). */
export function apply(mou: Mou, c: MouChange): Mou {
  if (c.scope === "all") return { ...mou, open: { ...mou.open, [c.rule]: c.open }, version: mou.version + 1 };
  const rule = c.rule as Exclude<MouRule, "spiral">;
  const rest = mou.overrides.filter((o) => !(o.scope === c.scope && o.id === c.id && o.rule === rule));
  return { ...mou, overrides: [...rest, { scope: c.scope, id: c.id!, rule, open: c.open }], version: mou.version + 1 };
}

/** The change in plain words. */
export function describe(c: MouChange, names: (scope: "theme" | "indicator", id: string) => string): string {
  const where =
    c.scope === "all"
      ? "any indicator"
      : `${c.scope === "theme" ? "the theme" : "the indicator"} ${names(c.scope, c.id!)}`;
  return `${c.open ? "Open" : "Do not open"} a concern for ${MOU_RULE_LABELS[c.rule]} on ${where}`;
}

export async function change(
  deps: Pick<Deps, "store" | "clock">,
  input: { regionId: string; change: MouChange; reason: string; words: string; actor: Audit.Actor },
): Promise<Mou> {
  if (input.reason.trim().length < 10) throw new ValidationError("Give the reason for the change in a sentence.");
  const settings = await Store.settings(deps, input.regionId);
  const after = apply(settings.mou, input.change);
  await deps.store.put({
    ...Keys.datasetSettings(input.regionId),
    kind: "dataset-settings",
    settings: { ...settings, mou: after },
  });
  await Audit.record(deps, {
    scope: Audit.regionScope(input.regionId),
    actor: input.actor,
    action: "dataset.rules.changed",
    entity: { type: "dataset-rules", id: input.regionId, version: after.version },
    summary: `Early-warning rules version ${after.version}: ${input.words}. Reason: ${input.reason}`,
    before: settings.mou,
    after,
  });
  return after;
}

/** Read a posted baseline change: the LA, the indicator (or every one), the first quarter of the new baseline, the reason. */
export function readBaseline(
  body: Record<string, string>,
  known: { authorities: { code: string }[]; indicators: { id: string }[] },
) {
  const errors: { field: string; message: string }[] = [];
  if (!known.authorities.some((a) => a.code === body.authority))
    errors.push({ field: "authority", message: "Choose a local authority" });
  const indicator = body.indicator && body.indicator !== "all" ? body.indicator : undefined;
  if (indicator && !known.indicators.some((i) => i.id === indicator))
    errors.push({ field: "indicator", message: "Choose an indicator" });
  const from = (body.from ?? "").trim();
  if (!Quarters.isQuarter(from))
    errors.push({ field: "from", message: "Enter the first quarter of the new baseline, like 2026-Q1" });
  const reason = (body.reason ?? "").trim().slice(0, 1000);
  if (reason.length < 10)
    errors.push({ field: "baseline-reason", message: "Give the reason for the change in a sentence" });
  return {
    change: errors.length
      ? undefined
      : { authority: body.authority!, ...(indicator ? { indicator } : {}), from, reason },
    errors,
  };
}

/** Record a change in an LA's process: its baseline starts again at `from`. Audited with the reason. */
export async function recordBaseline(
  deps: Pick<Deps, "store" | "clock">,
  input: {
    regionId: string;
    change: Omit<BaselineChange, "by" | "at">;
    words: string;
    actor: Audit.Actor;
  },
) {
  const settings = await Store.settings(deps, input.regionId);
  const entry: BaselineChange = {
    ...input.change,
    by: input.actor.name ?? input.actor.id,
    at: deps.clock.now().toISOString(),
  };
  const baselineChanges = [...settings.baselineChanges, entry];
  await deps.store.put({
    ...Keys.datasetSettings(input.regionId),
    kind: "dataset-settings",
    settings: { ...settings, baselineChanges },
  });
  await Audit.record(deps, {
    scope: Audit.regionScope(input.regionId),
    actor: input.actor,
    action: "dataset.baseline.changed",
    entity: {
      type: "dataset-baseline",
      id: `${input.change.authority}#${input.change.indicator ?? "all"}`,
      version: baselineChanges.length,
    },
    authority: input.change.authority,
    summary: `${input.words}. Reason: ${input.change.reason}`,
  });
  return entry;
}
