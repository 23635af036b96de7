/**
 * Reply handles: the short, signed token in `reply+<token>@<inbound domain>`. An email address's
 * local part holds at most 64 characters and some mail systems lower-case it, so the token is a
 * stored handle's id and a truncated HMAC, both in lower-case base32 (about 30 characters).
 */
import { Keys, type Deps, type Item } from "../shared";
import { createHmac, randomBytes } from "node:crypto";

const B32 = "abcdefghijklmnopqrstuvwxyz234567";
const base32 = (buf: Uint8Array, chars: number) => {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
};

export interface ReplyHandle extends Item {
  kind: "reply-handle";
  id: string;
  /** What a reply answers, e.g. "assignment". */
  purpose: string;
  /** The id of the thing answered (e.g. an assignment id). */
  subject: string;
  cycleId: string;
  regionId: string;
  /** The person the request went to. */
  personId: string;
  /** The authority whose contacts may also answer. */
  authority: string;
  expiresAt: number;
}

export const handleKey = Keys.replyHandle;
const macOf = (secret: string, id: string) => base32(createHmac("sha256", secret).update(`reply|${id}`).digest(), 12);

/** Create a reply handle; returns the address replies should go to. */
export async function issue(
  deps: Pick<Deps, "store" | "config">,
  input: {
    purpose: string;
    subject: string;
    cycleId: string;
    regionId: string;
    personId: string;
    authority: string;
    expiresAt: Date;
    id?: string;
  },
): Promise<{ handle: ReplyHandle; address: string }> {
  const id = input.id ?? base32(randomBytes(10), 16);
  const handle: ReplyHandle = {
    ...handleKey(id),
    // Erasure finds a person's handles here and deletes them.
    gsi1pk: Keys.capabilitiesOfPerson(input.personId),
    gsi1sk: `REPLY#${id}`,
    kind: "reply-handle",
    id,
    purpose: input.purpose,
    subject: input.subject,
    cycleId: input.cycleId,
    regionId: input.regionId,
    personId: input.personId,
    authority: input.authority,
    expiresAt: Math.floor(input.expiresAt.getTime() / 1000),
  };
  await deps.store.put(handle);
  return { handle, address: addressOf(deps, id) };
}

/** The reply address of a handle. */
export const addressOf = (deps: Pick<Deps, "config">, id: string) =>
  `reply+${id}${macOf(deps.config.appSecret, id)}@${deps.config.inboundDomain}`;

/** A deterministic handle id, so re-sending the same request re-uses its reply address. */
export const handleIdFor = (subject: string, personId: string) =>
  base32(createHmac("sha256", "reply-handle").update(`${subject}|${personId}`).digest(), 16);

/** The token (id + signature) of a handle: used in reply addresses and in accept/decline links. */
export const tokenOf = (deps: Pick<Deps, "config">, id: string) => `${id}${macOf(deps.config.appSecret, id)}`;

/** Check a bare token (from an accept/decline link) and load its handle. */
export async function resolveToken(deps: Pick<Deps, "store" | "config" | "clock">, token: string) {
  return resolve(deps, [`reply+${token.toLowerCase()}@${deps.config.inboundDomain}`]);
}

/** Why a token could not be used. */
export type Refusal = "no-token" | "bad-token" | "unknown" | "expired";

/** Find the reply token among recipient addresses, check it and load its handle. */
export async function resolve(
  deps: Pick<Deps, "store" | "config" | "clock">,
  recipients: string[],
): Promise<{ ok: true; handle: ReplyHandle } | { ok: false; why: Refusal }> {
  const domain = deps.config.inboundDomain.toLowerCase();
  const token = recipients
    .map((a) => a.toLowerCase())
    .map((a) => /^reply\+([a-z2-7]{28})@(.+)$/.exec(a))
    .find((m) => m && m[2] === domain)?.[1];
  if (!token) {
    const anyReply = recipients.some((a) => a.toLowerCase().startsWith("reply+"));
    return { ok: false, why: anyReply ? "bad-token" : "no-token" };
  }
  const id = token.slice(0, 16);
  if (macOf(deps.config.appSecret, id) !== token.slice(16)) return { ok: false, why: "bad-token" };
  const handle = await deps.store.get<ReplyHandle>(handleKey(id));
  if (!handle) return { ok: false, why: "unknown" };
  if (handle.expiresAt * 1000 <= deps.clock.now().getTime()) return { ok: false, why: "expired" };
  // An erased person's links and reply addresses name nobody now: they must not act (by web or by email).
  if (await deps.store.get(Keys.erasure(handle.personId))) return { ok: false, why: "unknown" };
  return { ok: true, handle };
}
