/**
 * Shared learning across regions: once a cross-region solution is confirmed, the offering LA may publish a short case
 * study (what, for whom, what changed, a contact) to one library every region searches; and the national coordinator
 * convenes cross-region task-and-finish groups on a common priority, inviting LAs from several regions.
 */
import { createHash } from "node:crypto";
import * as z from "../zod";
import { Access } from "../access";
import { Audit } from "../audit";
import { People, Region } from "../directory";
import { Emails, sendNow } from "../mail";
import {
  ForbiddenError,
  Keys,
  StateError,
  ValidationError,
  namingEntries,
  queryAll,
  type Deps,
  type Item,
} from "../shared";
import { auditBoth, getRequest, indexNaming } from "./requests";

export const CaseStudyInput = z.object({
  what: z.string().check(z.trim(), z.minLength(10, "Say what was done (at least 10 characters)"), z.maxLength(2000)),
  forWhom: z.string().check(z.trim(), z.minLength(3, "Say who it was for"), z.maxLength(500)),
  changed: z.string().check(z.trim(), z.minLength(10, "Say what changed (at least 10 characters)"), z.maxLength(2000)),
  contact: z.email("Give a contact email address"),
});

export interface CaseStudy extends Item, z.infer<typeof CaseStudyInput> {
  kind: "case-study";
  id: string;
  requestId: string;
  regionId: string;
  regionName: string;
  authority: string;
  authorityName: string;
  theme: string;
  themeLabel: string;
  publishedAt: string;
  publishedBy: string;
}

/** Check the case study's fields (GOV.UK errors by field). */
export function checkCaseStudy(input: Record<string, string | undefined>) {
  const parsed = CaseStudyInput.safeParse(input);
  if (!parsed.success)
    throw new ValidationError(
      "The case study is not complete.",
      parsed.error.issues.map((i) => ({ path: String(i.path[0] ?? ""), message: i.message })),
    );
  return parsed.data;
}

/** The offering LA publishes a case study of a confirmed cross-region solution (once per request; a re-publish replaces it). */
export async function publishCaseStudy(
  deps: Pick<Deps, "store" | "clock">,
  input: { requestId: string; person: People.Person; fields: Record<string, string | undefined> },
): Promise<CaseStudy> {
  const r = await getRequest(deps, input.requestId);
  if (input.person.authority !== r.to.authority)
    throw new ForbiddenError(`Only ${r.to.authorityName}'s contacts can publish this case study.`);
  if (r.status !== "confirmed") throw new StateError("A case study can be published once the support is confirmed.");
  const fields = checkCaseStudy(input.fields);
  const at = deps.clock.now().toISOString();
  const study: CaseStudy = {
    ...Keys.caseStudy(r.id),
    gsi1pk: Keys.caseStudyLibrary(),
    gsi1sk: `${at}#${r.id}`,
    kind: "case-study",
    id: r.id,
    requestId: r.id,
    regionId: r.to.regionId,
    regionName: r.to.regionName,
    authority: r.to.authority,
    authorityName: r.to.authorityName,
    theme: r.theme,
    themeLabel: r.themeLabel,
    ...fields,
    publishedAt: at,
    publishedBy: input.person.name,
  };
  await deps.store.put(study);
  // The publisher and the contact (often a person's own address) are named in it: erasure must find it.
  await indexNaming(deps, r, Keys.caseStudy(r.id), [input.person.email, fields.contact]);
  await auditBoth(deps, r, {
    actor: { kind: "person", id: input.person.id, name: input.person.name },
    action: "exchange.case-study",
    summary: `${r.to.authorityName} published a case study of its support for ${r.from.authorityName} on ${r.themeLabel}`,
  });
  return study;
}

/** The library across regions, newest first; searched by words and filtered by theme. */
export async function caseStudies(deps: Pick<Deps, "store">, input: { q?: string; theme?: string }) {
  const all = await queryAll<CaseStudy>(deps.store, { index: "gsi1", pk: Keys.caseStudyLibrary(), reverse: true });
  const words = (input.q ?? "").toLowerCase().split(/\s+/).filter(Boolean).slice(0, 10);
  return all.filter((s) => {
    const text = [s.what, s.forWhom, s.changed, s.authorityName, s.regionName, s.themeLabel].join(" ").toLowerCase();
    return (!input.theme || s.theme === input.theme) && words.every((w) => text.includes(w));
  });
}

/** The invited LAs: real ones, from at least two regions. */
export async function checkGroup(deps: Pick<Deps, "store">, codes: string[]) {
  const las = await Promise.all(
    [...new Set(codes)].slice(0, 60).map((code) => Region.authority(deps, code).catch(() => undefined)),
  );
  const found = las.filter((l): l is Region.Authority => Boolean(l));
  if (!codes.length || found.length !== new Set(codes).size || new Set(found.map((l) => l.regionId)).size < 2)
    throw new ValidationError("The group cannot be convened.", [
      { path: "authorities", message: "Choose local authorities from at least two regions" },
    ]);
  return found;
}

export interface Group extends Item {
  kind: "exchange-group";
  id: string;
  theme: string;
  themeLabel: string;
  title: string;
  authorities: { code: string; name: string; regionId: string; regionName: string }[];
  convenedBy: string;
  convenedAt: string;
}

export const isCoordinator = (who: Access.Principal | undefined) =>
  Access.isNational(who) && who?.kind === "person" && who.roles.includes("national-coordinator");

export const groups = (deps: Pick<Deps, "store">) =>
  queryAll<Group>(deps.store, { index: "gsi1", pk: Keys.exchangeGroups(), reverse: true });

/** The national coordinator convenes a task-and-finish group on a theme, inviting LAs from at least two regions. */
export async function convene(
  deps: Deps,
  input: { who: Access.Principal; theme: string; title: string; authorities: string[] },
): Promise<Group> {
  if (!isCoordinator(input.who) || input.who.kind !== "person")
    throw new ForbiddenError("Only the national coordinator can convene a cross-region group.");
  const issues: { path: string; message: string }[] = [];
  const title = (input.title ?? "").trim();
  if (title.length < 3 || title.length > 200) issues.push({ path: "title", message: "Give the group a name" });
  if (issues.length) throw new ValidationError("The group cannot be convened.", issues);
  const found = await checkGroup(deps, input.authorities);
  const at = deps.clock.now().toISOString();
  const id = createHash("sha256").update(`${input.theme}|${title}`).digest("base64url").slice(0, 12);
  const regions = await Region.list(deps);
  const names = new Map(regions.map((r) => [r.id, r.name]));
  const themeLabel = regions.flatMap((r) => r.settings.themes).find((t) => t.id === input.theme)?.label;
  if (!themeLabel) throw new ValidationError("Choose a theme.", [{ path: "theme", message: "Choose a theme" }]);
  const group: Group = {
    ...Keys.exchangeGroup(id),
    gsi1pk: Keys.exchangeGroups(),
    gsi1sk: `${at}#${id}`,
    kind: "exchange-group",
    id,
    theme: input.theme,
    themeLabel,
    title,
    authorities: found.map((l) => ({
      code: l.code,
      name: l.name,
      regionId: l.regionId,
      regionName: names.get(l.regionId) ?? l.regionId,
    })),
    convenedBy: input.who.name,
    convenedAt: at,
  };
  await deps.store.put(group, { condition: { op: "notExists" } }).catch(() => {
    throw new ValidationError("A group with that name already exists.", [
      { path: "title", message: "Choose another name" },
    ]);
  });
  const scopes = [...new Set(found.map((l) => Audit.regionScope(l.regionId)))];
  await deps.store.batchPut(namingEntries(Keys.exchangeGroup(id), [input.who.email], { at, scopes }));
  for (const regionId of new Set(found.map((l) => l.regionId)))
    await Audit.record(deps, {
      scope: Audit.regionScope(regionId),
      actor: Access.actorOf(input.who),
      action: "exchange.group-convened",
      entity: { type: "exchange-group", id, version: 1 },
      summary: `${input.who.name} convened "${title}" with ${group.authorities
        .filter((a) => a.regionId === regionId)
        .map((a) => a.name)
        .join(", ")}`,
    });
  await invite(deps, group, input.who);
  return group;
}

/** Each invited LA's DCS is emailed the invitation; replies go to the coordinator. */
async function invite(deps: Deps, group: Group, who: Access.Principal & { kind: "person" }) {
  const regions = [...new Set(group.authorities.map((a) => a.regionName))];
  for (const la of group.authorities)
    for (const dcs of (await People.listByAuthority(deps, la.code)).filter((p) => p.roles.includes("dcs")))
      await sendNow(deps, {
        key: { step: "exchange", recipient: dcs.email, purpose: `group:${group.id}` },
        to: dcs.email,
        replyTo: who.email,
        regionId: la.regionId,
        message: Emails.render("exchangeGroupInvite", {
          name: dcs.name,
          authority: la.name,
          title: group.title,
          theme: group.themeLabel,
          regions,
          convenor: who.name,
        }),
      });
}
