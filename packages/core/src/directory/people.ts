import * as z from "../zod";
import { createHash } from "node:crypto";
import { NotFoundError, Keys, normaliseEmail, type Deps, queryAll, type Versioned } from "../shared";
import * as Region from "./region";

/** Roles that belong to a local authority (the others are regional or national). */
export const LA_ROLES: Region.Role[] = ["officer", "dcs", "reviewer", "lead-member", "lead-chief-executive"];

export interface Person extends Versioned.Versioned {
  kind: "person";
  id: string;
  regionId: string;
  name: string;
  email: string;
  /** ONS code of the person's LA; absent for regional and national roles. */
  authority?: string;
  roles: Region.Role[];
  jobTitle?: string;
}

/** A person is a membership of one region; the id is derived from region and email, so imports are idempotent. */
export const personId = (regionId: string, email: string) =>
  `p-${createHash("sha256")
    .update(`${regionId}|${normaliseEmail(email)}`)
    .digest("hex")
    .slice(0, 20)}`;

export const PersonInput = z.object({
  name: z.string().check(z.trim(), z.minLength(2, "Enter the person's full name"), z.maxLength(120)),
  email: z.pipe(
    z.email("Enter an email address in the correct format, like name@example.org"),
    z.transform(normaliseEmail),
  ),
  authority: z.optional(z.string().check(z.trim())),
  roles: z.array(Region.Role).check(z.minLength(1, "Give at least one role")),
  jobTitle: z.optional(z.string().check(z.trim(), z.maxLength(120))),
});
export type PersonInput = z.infer<typeof PersonInput>;

export const personItem = (
  regionId: string,
  p: PersonInput & { authority?: string },
  at: string,
  by: string,
): Person => {
  const id = personId(regionId, p.email);
  return {
    ...Keys.person(id),
    gsi1pk: Keys.peopleOfRegion(regionId),
    gsi1sk: `${p.authority ?? "~"}#${p.name.toLowerCase()}#${id}`,
    kind: "person",
    id,
    regionId,
    name: p.name,
    email: p.email,
    ...(p.authority ? { authority: p.authority } : {}),
    roles: [...new Set(p.roles)].sort(),
    ...(p.jobTitle ? { jobTitle: p.jobTitle } : {}),
    version: 1,
    updatedAt: at,
    updatedBy: by,
  };
};

export async function get(deps: Pick<Deps, "store">, id: string): Promise<Person> {
  const p = await deps.store.get<Person>(Keys.person(id));
  if (!p) throw new NotFoundError("There is no such person.");
  return p;
}

export async function findByEmail(
  deps: Pick<Deps, "store">,
  regionId: string,
  email: string,
): Promise<Person | undefined> {
  return deps.store.get<Person>(Keys.person(personId(regionId, email)));
}

const peopleOf = (deps: Pick<Deps, "store">, pk: string, prefix?: string) =>
  queryAll<Person>(deps.store, { index: "gsi1", pk, sk: prefix ? { beginsWith: prefix } : undefined });

/** Everyone in a region (LA contacts first by authority, then regional roles). */
export const listByRegion = (deps: Pick<Deps, "store">, regionId: string) =>
  peopleOf(deps, Keys.peopleOfRegion(regionId));

/** The contacts of one LA. */
export async function listByAuthority(deps: Pick<Deps, "store">, code: string): Promise<Person[]> {
  const la = await Region.authority(deps, code);
  return peopleOf(deps, Keys.peopleOfRegion(la.regionId), `${code}#`);
}

/** Regional and national people of a region (leads, advisers). */
export const listRegional = (deps: Pick<Deps, "store">, regionId: string) =>
  peopleOf(deps, Keys.peopleOfRegion(regionId), "~#");
