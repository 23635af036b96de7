import { Links, People, type Deps } from "@riia/core";

/** Issue a form link for a seeded contact, as the invitation email would. */
export async function linkFor(
  deps: Deps,
  input: { email: string; form: string; cycleId?: string; authority?: string; expiresAt?: Date; generation?: number },
) {
  const person = (await People.findByEmail(deps, "east-midlands", input.email))!;
  const { token, link } = await Links.issue(deps, {
    cycleId: input.cycleId ?? "east-midlands-2026",
    regionId: "east-midlands",
    authority: input.authority ?? person.authority!,
    form: input.form,
    personId: person.id,
    expiresAt: input.expiresAt ?? new Date("2027-06-30T00:00:00Z"),
    generation: input.generation,
  });
  return { token, link, person };
}
