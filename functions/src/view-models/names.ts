/**
 * People's and LAs' names where a stored text has their ids: audit summaries written before they named people, or
 * by modules that only had codes, read with names on the lead's pages.
 */
import { People, Region, type Deps } from "@riia/core";
import { STEP_LABELS } from "./labels";

const LA_CODE = /\b[EWSN]\d{8}\b/g;
const PERSON_ID = /\bp-[0-9a-f]{20}\b/g;
const STEP = new RegExp(`\\b(${Region.STEPS.join("|")})\\b`, "g");

/** Replace LA codes, person ids and step slugs in `text` with names and words (unknown ids stay as they are). */
export function named(text: string, las: Map<string, string>, people: Map<string, string>): string {
  return text
    .replace(LA_CODE, (code) => las.get(code) ?? code)
    .replace(PERSON_ID, (id) => people.get(id) ?? id)
    .replace(STEP, (s) => STEP_LABELS[s as Region.Step].toLowerCase());
}

/** The region's LA names and people's names, by code and id (two queries). */
export async function namesOf(deps: Deps, regionId: string) {
  const [las, people] = await Promise.all([Region.authorities(deps, regionId), People.listByRegion(deps, regionId)]);
  return {
    las: new Map(las.map((l) => [l.code, l.name])),
    people: new Map(people.map((p) => [p.id, p.name])),
  };
}
