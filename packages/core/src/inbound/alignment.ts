/**
 * Which domains SPF and DKIM vouched for, and whether they are the From domain's own (DMARC
 * "alignment"). SES's verdicts say only pass or fail; the domains come from the SMTP envelope
 * (SPF checks MAIL FROM) and from the Authentication-Results header SES prepends to every message
 * it receives. Only the topmost such header is read, and only when SES wrote it: a sender can put
 * its own Authentication-Results lower down, and those must never count.
 */
import type { ParsedMail } from "mailparser";

/** The receiving MX whose Authentication-Results we believe: SES's (the local stand-in writes the same). */
export const TRUSTED_AUTHSERV_ID = "amazonses.com";

export interface Alignment {
  /** The domain of the one From address ("" when there is none, or more than one). */
  fromDomain: string;
  /** The domain SPF was checked for (the envelope MAIL FROM). */
  spfDomain?: string;
  /** The domains whose DKIM signatures passed, as SES reported them. */
  dkimDomains: string[];
}

const domainOf = (address: string) => (/@([^@\s>;]+)\s*>?$/.exec(address.trim())?.[1] ?? "").toLowerCase();

/** The receiver's own results: the first Authentication-Results header, when SES wrote it. */
function receiverResults(mail: Pick<ParsedMail, "headerLines">): string[] {
  const first = mail.headerLines.find((h) => h.key === "authentication-results");
  if (!first) return [];
  const value = first.line
    .replace(/^[^:]*:/, "")
    .replace(/\r?\n[ \t]+/g, " ")
    .replace(/\([^()]*\)/g, " ");
  const [authserv, ...clauses] = value.split(";").map((s) => s.trim());
  return authserv?.split(/\s+/)[0]?.toLowerCase() === TRUSTED_AUTHSERV_ID ? clauses : [];
}

/** Read the From domain, the SPF domain and the passing DKIM domains of a received message. */
export function alignmentOf(mail: Pick<ParsedMail, "headerLines" | "from">, envelopeFrom?: string): Alignment {
  const froms = mail.from?.value ?? [];
  const fromDomain = froms.length === 1 ? domainOf(froms[0]?.address ?? "") : "";
  const clauses = receiverResults(mail);
  const property = (clause: string, name: string) =>
    new RegExp(`(?:^|\\s)${name.replace(".", "\\.")}=("?)([^\\s";]+)\\1`, "i").exec(clause)?.[2];
  const dkimDomains = clauses
    .filter((c) => /^dkim=pass\b/i.test(c))
    .map((c) => (property(c, "header.d") ?? domainOf(property(c, "header.i") ?? "")).toLowerCase())
    .filter(Boolean);
  const spfClause = clauses.find((c) => /^spf=/i.test(c)) ?? "";
  const spfFromHeader = property(spfClause, "smtp.mailfrom") ?? property(spfClause, "envelope-from");
  const spfDomain = domainOf(envelopeFrom || spfFromHeader || "") || undefined;
  return { fromDomain, ...(spfDomain ? { spfDomain } : {}), dkimDomains };
}

// Second-level labels under which a country code registers names (gov.uk, co.uk, org.uk, nhs.uk, ac.uk …).
const SECOND_LEVEL = new Set(["gov", "co", "org", "ac", "nhs", "police", "sch", "ltd", "plc", "net", "me", "mod"]);

/**
 * A domain that is itself registrable rather than a public suffix (`leicester.gov.uk` yes, `gov.uk`
 * no). Without a public-suffix list this errs strict: an unknown shape counts as not registrable.
 */
function registrable(domain: string): boolean {
  const labels = domain.split(".").filter(Boolean);
  if (labels.length < 2) return false;
  const tld = labels.at(-1)!;
  const under = labels.at(-2)!;
  if (tld.length === 2 && SECOND_LEVEL.has(under)) return labels.length >= 3;
  return true;
}

/**
 * Relaxed alignment, read strictly: the same domain, or one a subdomain of the other where the
 * shorter is a registrable domain (mail.leicester.gov.uk with leicester.gov.uk; never evil.gov.uk
 * with gov.uk, and never two sibling subdomains).
 */
export function aligned(domain: string | undefined, fromDomain: string): boolean {
  const a = (domain ?? "").toLowerCase();
  const f = fromDomain.toLowerCase();
  if (!a || !f) return false;
  if (a === f) return registrable(f);
  if (a.endsWith(`.${f}`)) return registrable(f);
  if (f.endsWith(`.${a}`)) return registrable(a);
  return false;
}
