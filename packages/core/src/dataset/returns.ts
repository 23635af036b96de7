/**
 * The quarterly return from an emailed link: the form's fields come from the catalogue; figures
 * are checked (numbers, ranges, "not above" rules) and a figure that moved sharply from last
 * quarter is kept only with a note. A return can be sent again to correct it.
 */
import { Tokens } from "../access";
import { Audit } from "../audit";
import { People, Region } from "../directory";
import { Links } from "../submissions";
import { ForbiddenError, Keys, type Deps } from "../shared";
import type { Values } from "./benchmarks";
import { FORM, type RoundItem } from "./collection";
import * as Quarters from "./quarters";
import * as Store from "./store";
import { crossChecks, readCell, sharpMoves, type Issue } from "./values-check";

export async function session(deps: Pick<Deps, "store" | "config" | "clock">, token: string) {
  const claims = Tokens.verify(deps.config.appSecret, token, deps.clock.now());
  if (claims.f !== FORM) throw new ForbiddenError("This link is not a quarterly dataset link.");
  const link = Links.check(claims, await deps.store.get<Links.Link>(Links.linkKey(claims.i)));
  const quarter = link.cycleId.slice(link.regionId.length + 1);
  const [person, authority, round, current, previous] = await Promise.all([
    People.get(deps, link.personId),
    Region.authority(deps, link.authority),
    deps.store.get<RoundItem>(Keys.datasetRound(link.regionId, quarter)),
    Store.getValues(deps, link.regionId, quarter, link.authority),
    Store.getValues(deps, link.regionId, Quarters.shift(quarter, -1), link.authority),
  ]);
  // A return keeps the version it began with: the one it was sent on, else the one its round opened on.
  const pinned = current?.catalogueVersion ?? round?.catalogueVersion;
  const catalogue =
    pinned === undefined
      ? await Store.catalogue(deps, link.regionId)
      : await Store.catalogueVersion(deps, link.regionId, pinned);
  if (person.authority !== link.authority)
    throw new ForbiddenError("You are no longer a contact of this local authority; ask your regional lead.");
  return { link, person, authority, round, quarter, catalogue, current, previous };
}
export type Session = Awaited<ReturnType<typeof session>>;

export interface Checked {
  values: Values;
  notes: Record<string, string>;
  /** Field name → message. */
  errors: { field: string; message: string }[];
  /** Sharp moves still needing a note. */
  prompts: Issue[];
}

/** Check the posted form: `v-<indicator>` figures and `note-<indicator>` notes. */
export function check(s: Pick<Session, "catalogue" | "previous">, body: Record<string, string>): Checked {
  const values: Values = {};
  const notes: Record<string, string> = {};
  const errors: Checked["errors"] = [];
  for (const ind of s.catalogue.indicators) {
    const cell = readCell(ind, body[`v-${ind.id}`] ?? "");
    if (cell.error) errors.push({ field: `v-${ind.id}`, message: cell.error });
    else values[ind.id] = cell.value ?? null;
    const note = (body[`note-${ind.id}`] ?? "").trim().slice(0, 1000);
    if (note) notes[ind.id] = note;
  }
  for (const issue of crossChecks(s.catalogue.indicators, values))
    errors.push({ field: `v-${issue.indicator}`, message: issue.message });
  if (Object.values(values).every((v) => v === null))
    errors.push({ field: `v-${s.catalogue.indicators[0]!.id}`, message: "Enter at least one figure" });
  const prompts = sharpMoves(s.catalogue.indicators, values, s.previous?.values).filter((p) => !notes[p.indicator]);
  return { values, notes, errors, prompts };
}

/** Store a checked return (only when it has no errors and every sharp move has a note). */
export async function submit(deps: Pick<Deps, "store" | "clock">, s: Session, checked: Checked) {
  const at = deps.clock.now().toISOString();
  const item = Store.valuesItem({
    regionId: s.link.regionId,
    quarter: s.quarter,
    authority: s.authority.code,
    values: checked.values,
    notes: checked.notes,
    source: "return",
    catalogueVersion: s.catalogue.version,
    at,
    by: s.person.id,
  });
  await deps.store.put(item);
  await Store.rebuildNational(deps, s.quarter, s.catalogue.indicators);
  const late = s.round && at > s.round.dueAt;
  await Audit.record(deps, {
    scope: Audit.regionScope(s.link.regionId),
    actor: { kind: "person", id: s.person.id, name: s.person.name },
    action: "dataset.return.submitted",
    entity: { type: "dataset-return", id: `${s.quarter}#${s.authority.code}`, version: Date.parse(at) },
    authority: s.authority.code,
    summary: `${s.authority.name} sent its core dataset return for ${s.quarter}${late ? " (late)" : ""}`,
  });
  return item;
}
