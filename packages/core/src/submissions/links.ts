import { Keys, ForbiddenError, GoneError, type Deps, type Item } from "../shared";
import { createHash } from "node:crypto";
import { Audit } from "../audit";
import { Tokens } from "../access";

/** The stored side of an emailed form link: lets a link be revoked, and names its person. */
export interface Link extends Item {
  kind: "link";
  id: string;
  cycleId: string;
  regionId: string;
  authority: string;
  form: string;
  personId: string;
  /** For a peer-review response link: the LA being reviewed. */
  reviewee?: string;
  expiresAt: number;
  createdAt: string;
  revokedAt?: string;
  revokedBy?: string;
}

export const linkKey = Keys.link;

/** The id `issue` gives a link: what a step that issues many reads ahead of issuing them. */
export const linkId = (input: {
  cycleId: string;
  authority: string;
  form: string;
  personId: string;
  generation?: number;
  reviewee?: string;
}) =>
  createHash("sha256")
    .update(
      `${input.cycleId}|${input.form}|${input.authority}|${input.reviewee ?? ""}|${input.personId}|${input.generation ?? 1}`,
    )
    .digest("base64url")
    .slice(0, 22);

/**
 * Issue a form link for one person. The id is derived from (cycle, form, authority, person,
 * generation), so issuing it again — a re-run of the step that emails it — gives the same link.
 * A revoked link is replaced by issuing the next generation.
 */
export async function issue(
  deps: Pick<Deps, "store" | "config" | "clock">,
  input: {
    cycleId: string;
    regionId: string;
    authority: string;
    form: string;
    personId: string;
    expiresAt: Date;
    generation?: number;
    reviewee?: string;
  },
): Promise<{ link: Link; token: string }> {
  const id = linkId(input);
  const expiresAt = Math.floor(input.expiresAt.getTime() / 1000);
  const link: Link = {
    ...linkKey(id),
    // Erasure finds a person's links here and revokes them.
    gsi1pk: Keys.capabilitiesOfPerson(input.personId),
    gsi1sk: `LINK#${id}`,
    kind: "link",
    id,
    cycleId: input.cycleId,
    regionId: input.regionId,
    authority: input.authority,
    form: input.form,
    personId: input.personId,
    ...(input.reviewee ? { reviewee: input.reviewee } : {}),
    expiresAt,
    createdAt: deps.clock.now().toISOString(),
  };
  const existing = await deps.store.get<Link>(linkKey(id));
  if (!existing) await deps.store.put(link);
  const kept = existing ?? link;
  const token = Tokens.sign(deps.config.appSecret, {
    i: id,
    k: "f",
    c: kept.cycleId,
    a: kept.authority,
    f: kept.form,
    p: kept.personId,
    ...(kept.reviewee ? { r: kept.reviewee } : {}),
    e: kept.expiresAt,
  });
  return { link: kept, token };
}

/**
 * Check a stored link against the token's claims: it must exist, not be revoked, and match what
 * the token says (a token for one authority never opens another's form).
 */
export function check(claims: Tokens.LinkClaims, link: Link | undefined): Link {
  if (!link) throw new ForbiddenError("This link is not valid. Check you copied the whole link from the email.");
  if (link.revokedAt) throw new GoneError("This link has been withdrawn. Ask your regional lead for a new one.");
  if (
    link.authority !== claims.a ||
    link.cycleId !== claims.c ||
    link.form !== claims.f ||
    link.personId !== claims.p ||
    (link.reviewee ?? undefined) !== claims.r
  ) {
    throw new ForbiddenError("This link does not belong to this form.");
  }
  return link;
}

/** Withdraw a link (e.g. the person left, or the email went to the wrong address). */
export async function revoke(deps: Pick<Deps, "store" | "clock">, input: { id: string; actor: Audit.Actor }) {
  const at = deps.clock.now().toISOString();
  const link = await deps.store.update<Link>(
    linkKey(input.id),
    { set: { revokedAt: at, revokedBy: input.actor.id } },
    { condition: { op: "exists" } },
  );
  await Audit.record(deps, {
    scope: Audit.cycleScope(link.cycleId),
    actor: input.actor,
    action: "link.revoked",
    entity: { type: "link", id: link.id, version: Date.parse(at) },
    authority: link.authority,
    summary: `Withdrew the ${link.form} link of person ${link.personId}`,
  });
  return link;
}
