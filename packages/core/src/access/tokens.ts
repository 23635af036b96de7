/**
 * Signed link tokens: `<payload>.<signature>`, both base64url; the signature is HMAC-SHA256 of the
 * payload with the app secret. The payload binds a link id to (cycle, authority, form, person) and
 * an expiry. Verification is constant-time. Tokens are bearer credentials: never log them.
 */
import * as z from "../zod";
import { createHmac, timingSafeEqual } from "node:crypto";
import { ForbiddenError, GoneError } from "../shared";

export const LinkClaims = z.object({
  /** Link id (the stored link record, which can be revoked). */
  i: z.string().check(z.minLength(8), z.maxLength(64)),
  /** Purpose: "f" form link. */
  k: z.enum(["f"]),
  c: z.string(),
  a: z.string(),
  f: z.string(),
  p: z.string(),
  /** For a peer-review response: the LA being reviewed. */
  r: z.optional(z.string()),
  /** Expiry, seconds since the epoch. */
  e: z.int(),
});
export type LinkClaims = z.infer<typeof LinkClaims>;

const mac = (secret: string, payload: string) => createHmac("sha256", secret).update(payload).digest();

export function sign(secret: string, claims: LinkClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${payload}.${mac(secret, payload).toString("base64url")}`;
}

/**
 * The claims of a token we signed, whether or not it has expired (undefined for anything altered or not
 * made by us): what lets an expired link's owner be emailed a new one.
 */
export function readClaims(secret: string, token: string): LinkClaims | undefined {
  const [payload, signature, ...rest] = token.split(".");
  if (!payload || !signature || rest.length || token.length > 2048) return undefined;
  const expected = mac(secret, payload);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const parsed = LinkClaims.safeParse(jsonOf(payload));
  return parsed.success ? parsed.data : undefined;
}

function jsonOf(payload: string): unknown {
  try {
    return JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

/**
 * Check a token's signature and expiry. A token that was altered or not made by us is
 * `ForbiddenError` (403); one past its expiry is `GoneError` (410). The page offers to email its
 * owner a new link either way.
 */
export function verify(secret: string, token: string, now: Date): LinkClaims {
  const claims = readClaims(secret, token);
  if (!claims) throw new ForbiddenError("This link is not valid. Check you copied the whole link from the email.");
  if (claims.e * 1000 <= now.getTime()) throw new GoneError("This link has expired.");
  return claims;
}
