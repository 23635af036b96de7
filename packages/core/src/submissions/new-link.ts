/**
 * "Email me a new link": from an expired, withdrawn or otherwise refused link's page, its owner asks for a fresh
 * one. It goes only to the address on file for the link's person (the page never asks for an address), at most
 * `LIMIT` an hour per person (counted in the store, so it holds across instances), and the caller says the same
 * thing whatever happened, so an unknown token reveals nothing.
 */
import * as z from "../zod";
import { randomInt } from "node:crypto";
import { Allowance, Keys, type Deps } from "../shared";
import { Audit } from "../audit";
import { Tokens } from "../access";
import { Emails, Replies, sendNow } from "../mail";
import { type People, Region } from "../directory";
import * as Links from "./links";

/** New links one person may be emailed in `WINDOW_SECONDS`. */
export const LIMIT = 3;
export const WINDOW_SECONDS = 3600;
const DAY = 86_400;

/** The page the link was for: its path's first segment, and for a reviewer's link the part after the token. */
export const Page = z.enum(["f", "sign-off", "m", "d", "c", "r-work", "r-accept", "r-decline"]);
export type Page = z.infer<typeof Page>;

export type Outcome = "sent" | "unknown" | "withdrawn" | "not-listed" | "limited";

/**
 * Take one of the person's new-link sends for this window; false when they have used them all (counted in the
 * store by shared/allowance.ts, so the limit holds across instances).
 */
export async function takeSend(deps: Pick<Deps, "store" | "clock">, personId: string): Promise<boolean> {
  const rule = { kind: "new-link-limit", limit: LIMIT, windowSeconds: WINDOW_SECONDS, fields: { personId } };
  return (await Allowance.take(deps, Keys.newLinkLimit(personId), rule)).allowed;
}

const FORM_NAMES: Record<string, string> = {
  "self-evaluation": "self-evaluation",
  "development-plan": "development plan",
  "peer-challenge-response": "peer review response",
  "core-dataset": "core dataset",
  "quarterly-dataset": "quarterly dataset return",
  "concern-response": "response to a concern",
  "support-menu": "menu of support offers",
};

/** The path a fresh form link opens: where the link's form is answered, or the DCS's sign-off page. */
function formPath(form: string, page: Page) {
  if (form === "support-menu") return "m";
  if (form === "concern-response") return "c";
  if (form === "quarterly-dataset") return "d";
  return page === "sign-off" ? "sign-off" : "f";
}

/** How long the fresh link lives: as long as the first one did, within two weeks and six months. */
const lifetime = (link: Links.Link) => {
  const first = link.expiresAt - Math.floor(Date.parse(link.createdAt) / 1000);
  return Math.min(180 * DAY, Math.max(14 * DAY, Number.isFinite(first) ? first : 60 * DAY));
};

interface Found {
  person: People.Person;
  regionId: string;
  authority: string;
  scopeId: string;
  withdrawn: boolean;
  /** Issue the fresh link; returns its address and what it opens. */
  renew: (expiresAt: Date) => Promise<{ url: string; what: string; id: string }>;
  expiresAt: Date;
}

async function authorityName(deps: Pick<Deps, "store">, code: string) {
  return (await Region.authority(deps, code).catch(() => undefined))?.name ?? code;
}

/** A signed form link (`/f`, `/sign-off`, `/m`, `/d`, `/c`), expired or not, and its stored record. */
async function findFormLink(deps: Deps, token: string, page: Page): Promise<Found | undefined> {
  const claims = Tokens.readClaims(deps.config.appSecret, token);
  const link = claims && (await deps.store.get<Links.Link>(Links.linkKey(claims.i)));
  if (!claims || !link) return undefined;
  try {
    Links.check(claims, { ...link, revokedAt: undefined });
  } catch {
    return undefined; // a token that does not match its record names nobody
  }
  const person = await deps.store.get<People.Person>(Keys.person(link.personId));
  if (!person) return undefined;
  const now = deps.clock.now().getTime();
  return {
    person,
    regionId: link.regionId,
    authority: link.authority,
    scopeId: link.id,
    withdrawn: Boolean(link.revokedAt),
    expiresAt: new Date(now + lifetime(link) * 1000),
    renew: async (expiresAt) => {
      const { link: fresh, token: t } = await Links.issue(deps, {
        cycleId: link.cycleId,
        regionId: link.regionId,
        authority: link.authority,
        form: link.form,
        personId: link.personId,
        reviewee: link.reviewee,
        expiresAt,
        // A generation of its own: the old link's record (and its expiry) stays as it was.
        generation: randomInt(2, 2 ** 47),
      });
      const la = await authorityName(deps, link.authority);
      return {
        url: `${deps.config.baseUrl}/${formPath(link.form, page)}/${t}`,
        what: `${la}'s ${FORM_NAMES[link.form] ?? link.form}`,
        id: fresh.id,
      };
    },
  };
}

/** A reviewer's link (`/r/<token>/work`, `/accept`, `/decline`): a signed reply handle, expired or not. */
async function findReviewerLink(deps: Deps, given: string, page: Page): Promise<Found | undefined> {
  const token = given.toLowerCase(); // as reply addresses are read: some mail systems upper-case them
  if (!/^[a-z2-7]{28}$/.test(token)) return undefined;
  const id = token.slice(0, 16);
  if (Replies.tokenOf(deps, id) !== token) return undefined;
  const handle = await deps.store.get<Replies.ReplyHandle>(Replies.handleKey(id));
  if (!handle || handle.purpose !== "assignment") return undefined;
  const person = await deps.store.get<People.Person>(Keys.person(handle.personId));
  if (!person) return undefined;
  return {
    person,
    regionId: handle.regionId,
    authority: handle.authority,
    scopeId: handle.id,
    withdrawn: false,
    expiresAt: new Date(deps.clock.now().getTime() + 60 * DAY * 1000),
    renew: async (expiresAt) => {
      const { handle: fresh } = await Replies.issue(deps, {
        purpose: handle.purpose,
        subject: handle.subject,
        cycleId: handle.cycleId,
        regionId: handle.regionId,
        personId: handle.personId,
        authority: handle.authority,
        expiresAt,
      });
      const suffix = page === "r-accept" ? "accept" : page === "r-decline" ? "decline" : "work";
      return {
        url: `${deps.config.baseUrl}/r/${Replies.tokenOf(deps, fresh.id)}/${suffix}`,
        what: suffix === "work" ? "the work you are reviewing" : "your answer to a review request",
        id: fresh.id,
      };
    },
  };
}

const ACTOR: Audit.Actor = { kind: "system", id: "new-link", name: "Email me a new link" };

/**
 * Email the owner of this link a fresh one, if the token names someone still listed for its local authority and
 * they have not had `LIMIT` this hour. Returns what happened, for the audit and tests; the page says the same
 * whatever it is.
 */
export async function requestNewLink(deps: Deps, input: { token: string; page: Page }): Promise<Outcome> {
  const found = input.page.startsWith("r-")
    ? await findReviewerLink(deps, input.token, input.page)
    : await findFormLink(deps, input.token, input.page);
  if (!found) return "unknown";
  const { person } = found;
  const audit = (action: string, summary: string) =>
    Audit.record(deps, {
      scope: Audit.regionScope(found.regionId),
      actor: ACTOR,
      action,
      entity: { type: "link", id: found.scopeId, version: deps.clock.now().getTime() },
      authority: found.authority,
      summary,
    });
  if (found.withdrawn) {
    await audit("link.renewal-refused", `Did not email ${person.name} a new link: their link was withdrawn`);
    return "withdrawn";
  }
  // The address on file, for someone still listed where the link works (an LA's contact, or its reviewer).
  if (person.regionId !== found.regionId || person.authority !== found.authority) {
    await audit("link.renewal-refused", `Did not email ${person.name} a new link: no longer listed for this LA`);
    return "not-listed";
  }
  if (!(await takeSend(deps, person.id))) {
    await audit("link.renewal-limited", `Did not email ${person.name} a new link: ${LIMIT} sent in the last hour`);
    return "limited";
  }
  const fresh = await found.renew(found.expiresAt);
  await sendNow(deps, {
    key: { step: "new-link", recipient: person.email, purpose: `new-link:${fresh.id}` },
    to: person.email,
    regionId: found.regionId,
    message: Emails.render("newLink", {
      name: person.name,
      what: fresh.what,
      link: fresh.url,
      expires: found.expiresAt.toISOString(),
    }),
  });
  await audit("link.renewed", `Emailed ${person.name} a new link to ${fresh.what} at the address on file`);
  return "sent";
}
