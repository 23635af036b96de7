/**
 * Who may do what. Regional leads run their region's cycle; DfE and LGA advisers read it; LA
 * officers, DCSs and reviewers see only their own LA. National people (the national coordinator, and
 * DfE and LGA advisers listed nationally) read every region and the national view, and change nothing.
 * The API's app secret acts for every region (automation and operators).
 */
import * as z from "../zod";
import {
  Allowance,
  Keys,
  normaliseEmail,
  ConflictError,
  Versioned,
  ConditionFailedError,
  GoneError,
  type Deps,
  type Item,
} from "../shared";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { Emails, Mail } from "../mail";
import { Audit } from "../audit";
import { People } from "../directory";
import * as Sessions from "./sessions";
import { NATIONAL, type Principal } from "./principal";

export {
  NATIONAL,
  NATIONAL_ROLES,
  isNational,
  can,
  require,
  fromSession,
  type Principal,
  type Action,
} from "./principal";

export const NationalPersonInput = z.object({
  name: z.string().check(z.trim(), z.minLength(2), z.maxLength(120)),
  email: z.email(),
  roles: z.array(z.enum(["national-coordinator", "dfe-adviser", "lga-adviser"])).check(z.minLength(1)),
  jobTitle: z.optional(z.string().check(z.trim(), z.maxLength(120))),
});

/** List someone nationally (idempotent: the id comes from the scope and the address, as for regional people). */
export async function addNationalPerson(
  deps: Pick<Deps, "store" | "clock">,
  input: z.input<typeof NationalPersonInput>,
  actor: Audit.Actor,
): Promise<People.Person> {
  const p = NationalPersonInput.parse(input);
  const item = People.personItem(NATIONAL, p, deps.clock.now().toISOString(), actor.id);
  const existing = await deps.store.get<People.Person>(Keys.person(item.id));
  if (existing) return existing;
  await Versioned.create(deps, item).catch((err: unknown) => {
    if (!(err instanceof ConflictError)) throw err;
  });
  People.forgetNames();
  await Audit.record(deps, {
    scope: Audit.regionScope(NATIONAL),
    actor,
    action: "person.created",
    entity: { type: "person", id: item.id, version: 1 },
    summary: `Added ${item.name} nationally (${item.roles.join(", ")})`,
    after: { name: item.name, email: item.email, roles: item.roles },
  });
  return item;
}

export const actorOf = (who: Principal) =>
  who.kind === "api"
    ? { kind: "api" as const, id: "api", name: "API (app secret)" }
    : { kind: "person" as const, id: who.personId, name: who.name };

// ---- signed sign-in links (sessions are server-side: ./sessions.ts)

const SignedData = z.object({ p: z.string(), r: z.string(), e: z.number(), n: z.optional(z.string()) });
type SignedData = z.infer<typeof SignedData>;

function sign(secret: string, purpose: string, data: SignedData) {
  const payload = Buffer.from(JSON.stringify(data)).toString("base64url");
  return `${payload}.${createHmac("sha256", secret).update(`${purpose}|${payload}`).digest("base64url")}`;
}
function verify(secret: string, purpose: string, token: string, now: Date): SignedData | undefined {
  const [payload, mac, ...rest] = token.split(".");
  if (!payload || !mac || rest.length || token.length > 1024) return undefined;
  const expected = createHmac("sha256", secret).update(`${purpose}|${payload}`).digest();
  const given = Buffer.from(mac, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const data = SignedData.parse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
    return data.e * 1000 > now.getTime() ? data : undefined;
  } catch {
    return undefined;
  }
}

export const SIGN_IN_MINUTES = 15;
export const SESSION_HOURS = 8;

interface SignInRecord extends Item {
  kind: "sign-in";
  personId: string;
  usedAt?: string;
  expiresAt: number;
}

/**
 * Email a one-time sign-in link if this address belongs to someone in the region. The caller
 * always says the same thing whatever happened, so the form does not reveal who is registered.
 */
export async function requestSignIn(deps: Deps, input: { regionId: string; email: string }): Promise<boolean> {
  const person = await People.findByEmail(deps, input.regionId, input.email);
  if (!person) return false;
  // At most `limits.signInPerHour` emails to one address an hour, whichever region was chosen; the page says the same.
  const address = normaliseEmail(person.email);
  const allowance = await Allowance.take(deps, Keys.allowance("sign-in", Allowance.subjectHash("sign-in", address)), {
    kind: "sign-in-limit",
    limit: deps.config.limits.signInPerHour,
    windowSeconds: 3600,
  });
  if (!allowance.allowed) {
    deps.log.warn({ personId: person.id }, "sign-in email not sent: this address's hourly limit is used up");
    return false;
  }
  const nonce = randomBytes(16).toString("base64url");
  const e = Math.floor(deps.clock.now().getTime() / 1000) + SIGN_IN_MINUTES * 60;
  await deps.store.put({
    ...Keys.signIn(nonce),
    kind: "sign-in",
    personId: person.id,
    expiresAt: e,
  } satisfies SignInRecord);
  const token = sign(deps.config.appSecret, "sign-in", { p: person.id, r: person.regionId, e, n: nonce });
  const { item } = await Mail.enqueue(deps, {
    // Each request is its own email (keyed by its one-time nonce), so asking again sends a new link.
    key: { step: "sign-in", recipient: person.email, purpose: `sign-in:${nonce}` },
    to: person.email,
    regionId: person.regionId,
    message: Emails.render("signIn", {
      name: person.name,
      link: `${deps.config.baseUrl}/s/${token}`,
      minutes: SIGN_IN_MINUTES,
    }),
  });
  await Mail.dispatch(deps, item.id, Mail.storeRateLimiter(deps, deps.config.sesMaxSendRate), {
    inProcessRetries: 1,
  }).catch((err: unknown) => deps.log.warn({ err }, "sign-in email not sent now; the scheduled step will send it"));
  return true;
}

/** Use a sign-in link (once) and start a new server-side session; any session the browser already had ends. */
export async function completeSignIn(
  deps: Pick<Deps, "store" | "config" | "clock">,
  token: string,
  previous?: string,
): Promise<{ session: string; person: People.Person }> {
  const data = verify(deps.config.appSecret, "sign-in", token, deps.clock.now());
  if (!data?.n) throw new GoneError("This sign-in link has expired or is not valid. Ask for a new one.");
  try {
    await deps.store.update(
      Keys.signIn(data.n),
      { set: { usedAt: deps.clock.now().toISOString() } },
      { condition: { op: "and", of: [{ op: "exists" }, { op: "attrNotExists", attr: "usedAt" }] } },
    );
  } catch (err) {
    if (err instanceof ConditionFailedError)
      throw new GoneError("This sign-in link has already been used. Ask for a new one.");
    throw err;
  }
  const person = await People.get(deps, data.p);
  // Rotation: a session id from before sign-in (possibly planted) never becomes a signed-in session.
  if (previous) await Sessions.end(deps, previous);
  const session = await Sessions.start(deps, person, SESSION_HOURS);
  return { session, person };
}

/** Sign out: the session ends in the store, so the cookie is useless even if it was copied. */
export const signOut = (deps: Pick<Deps, "store">, session: string | undefined) =>
  session ? Sessions.end(deps, session) : Promise.resolve();

/** An admin ends every session a person has (e.g. a lost laptop, or they left). */
export const revokeSessions = (deps: Pick<Deps, "store">, personId: string) => Sessions.endAll(deps, personId);
