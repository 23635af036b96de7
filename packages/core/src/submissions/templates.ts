import { Keys, ConditionFailedError, ConflictError, type Deps, type Item } from "../shared";
import { Audit } from "../audit";

/** A region's published version of a form template (version 2 onwards; version 1 is built in). */
export interface StoredTemplate extends Item {
  kind: "template";
  regionId: string;
  form: string;
  version: number;
  definition: Record<string, unknown>;
  publishedAt: string;
  publishedBy: string;
}

const pk = Keys.templatesOf;
export const templateKey = Keys.template;

/** The latest published version of a region's template for a form, if any (one query). */
export async function latest(
  deps: Pick<Deps, "store">,
  regionId: string,
  form: string,
): Promise<StoredTemplate | undefined> {
  const { items } = await deps.store.query<StoredTemplate>({ pk: pk(regionId, form), reverse: true, limit: 1 });
  // Version 0 is the lead's unpublished draft: never a version a form starts on.
  return items[0]?.version ? items[0] : undefined;
}

/** The region lead's working copy of a template (stored as version 0; published versions are 2 onwards). */
export interface TemplateDraft extends Item {
  kind: "template-draft";
  regionId: string;
  form: string;
  definition: Record<string, unknown>;
  /** The published version it was started from. */
  basedOn: number;
  updatedAt: string;
  updatedBy: string;
}

export const getDraft = (deps: Pick<Deps, "store">, regionId: string, form: string) =>
  deps.store.get<TemplateDraft>(templateKey(regionId, form, 0));

export async function saveDraft(
  deps: Pick<Deps, "store" | "clock">,
  input: { regionId: string; form: string; definition: Record<string, unknown>; basedOn: number; actor: Audit.Actor },
): Promise<TemplateDraft> {
  const draft: TemplateDraft = {
    ...templateKey(input.regionId, input.form, 0),
    kind: "template-draft",
    regionId: input.regionId,
    form: input.form,
    definition: input.definition,
    basedOn: input.basedOn,
    updatedAt: deps.clock.now().toISOString(),
    updatedBy: input.actor.id,
  };
  await deps.store.put(draft);
  return draft;
}

export const discardDraft = (deps: Pick<Deps, "store">, regionId: string, form: string) =>
  deps.store.delete(templateKey(regionId, form, 0));

export async function getVersion(deps: Pick<Deps, "store">, regionId: string, form: string, version: number) {
  return deps.store.get<StoredTemplate>(templateKey(regionId, form, version));
}

/**
 * Publish a checked definition as the next version. The caller validates it (the forms package
 * owns the definition model); this stores it, never overwriting a published version.
 */
export async function publish(
  deps: Pick<Deps, "store" | "clock">,
  input: { regionId: string; form: string; definition: Record<string, unknown>; actor: Audit.Actor },
): Promise<StoredTemplate> {
  const current = await latest(deps, input.regionId, input.form);
  const version = (current?.version ?? 1) + 1;
  const item: StoredTemplate = {
    ...templateKey(input.regionId, input.form, version),
    kind: "template",
    regionId: input.regionId,
    form: input.form,
    version,
    definition: { ...input.definition, version },
    publishedAt: deps.clock.now().toISOString(),
    publishedBy: input.actor.id,
  };
  try {
    await deps.store.put(item, { condition: { op: "notExists" } });
  } catch (err) {
    if (err instanceof ConditionFailedError)
      throw new ConflictError("Another version was published at the same moment. Try again.");
    throw err;
  }
  await Audit.record(deps, {
    scope: Audit.regionScope(input.regionId),
    actor: input.actor,
    action: "template.published",
    entity: { type: "template", id: `${input.regionId}/${input.form}`, version },
    summary: `Published version ${version} of the ${input.form} form`,
  });
  return item;
}
