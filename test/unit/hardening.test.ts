/** Rules behind the hardening: token shapes for log redaction, inbound trust, the retention schedule. */
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, isTokenLike, redactPath, Retention, Tokens } from "@riia/core";
import { Trust } from "@riia/core/inbound";

const secret = randomBytes(32).toString("base64url");
const linkToken = Tokens.sign(secret, {
  i: "abcdef0123456789",
  k: "f",
  c: "east-midlands-2026",
  a: "E06000015",
  f: "support-menu",
  p: "p-0123456789abcdef0123",
  e: 1_900_000_000,
});

describe("redaction by rule", () => {
  it("redacts any token-shaped path segment, whatever the route (the /m/ leak included)", () => {
    for (const prefix of ["m", "f", "s", "zz", "api/anything"]) {
      expect(redactPath(`/${prefix}/${linkToken}/next`)).toBe(`/${prefix}/:token/next`);
    }
    expect(redactPath(`/r/${"abcdefghijkmnopqrstuvwxyz234567".slice(0, 28)}/accept`)).toBe("/r/:token/accept");
    expect(redactPath(`/x/${randomBytes(32).toString("base64url")}`)).toBe("/x/:token");
    expect(redactPath(`/x/${randomBytes(16).toString("hex")}`)).toBe("/x/:token");
  });

  it("keeps ids and slugs that are not credentials", () => {
    for (const path of [
      "/lead/cycles/east-midlands-2026/assignments/peer-scrutiny",
      "/api/regions/yorkshire-and-the-humber/authorities",
      "/api/submissions/east-midlands-2026.self-evaluation.E06000015/reopen",
      "/api/people/p-0123",
    ])
      expect(redactPath(path)).toBe(path);
  });

  it("redacts token-like query values and secret-named keys", () => {
    expect(redactPath(`/f/x/uploaded?key=uploads/pending/a.pdf&u=${linkToken}&done=Saved`)).toBe(
      "/f/x/uploaded?key=[redacted]&u=[redacted]&done=Saved",
    );
    expect(redactPath(`/p?next=${encodeURIComponent(linkToken)}`)).toBe("/p?next=[redacted]");
  });

  it("scrubs tokens from any string field a log line carries", () => {
    const lines: string[] = [];
    const log = createLogger({
      level: "info",
      destination: new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }) as never,
    });
    log.info(
      {
        link: `https://riia.test/m/${linkToken}`,
        to: "reply+abcdefghijkmnopqrstuvwxyz23@in.test",
        note: `see /f/${linkToken}`,
      },
      "sent",
    );
    const out = lines.join("");
    expect(out).not.toContain(linkToken);
    expect(out).not.toContain("abcdefghijkmnopqrstuvwxyz23");
    expect(out).toContain("/m/:token");
    expect(isTokenLike("east-midlands-2026")).toBe(false);
  });
});

describe("inbound trust", () => {
  const all = (v: string) => ({ spf: v, dkim: v, dmarc: v, spam: v, virus: v });
  it("trusts only SPF+DKIM or DMARC, with a passing virus scan", () => {
    expect(Trust.assess(all("PASS"))).toEqual({ trusted: true });
    expect(Trust.assess({ ...all("FAIL"), dmarc: "PASS", virus: "PASS" })).toEqual({ trusted: true });
    // No DMARC policy (GRAY): SPF and DKIM must both pass and align with the From domain.
    const own = {
      fromDomain: "leicester.gov.uk",
      spfDomain: "mail.leicester.gov.uk",
      dkimDomains: ["leicester.gov.uk"],
    };
    expect(Trust.assess({ ...all("GRAY"), spf: "PASS", dkim: "pass", virus: "PASS" }, own)).toEqual({ trusted: true });
    expect(Trust.assess({ ...all("GRAY"), spf: "PASS", dkim: "pass", virus: "PASS" }).trusted).toBe(false);
    for (const other of [
      { ...own, spfDomain: "evil.example" },
      { ...own, dkimDomains: ["evil.gov.uk"] },
      { ...own, fromDomain: "gov.uk", spfDomain: "evil.gov.uk", dkimDomains: ["evil.gov.uk"] },
      { ...own, fromDomain: "" },
    ])
      expect(Trust.assess({ ...all("GRAY"), spf: "PASS", dkim: "PASS", virus: "PASS" }, other).trusted).toBe(false);
    // DMARC FAIL is never overruled by SPF and DKIM passing.
    expect(Trust.assess({ ...all("PASS"), dmarc: "FAIL" }, own)).toMatchObject({ trusted: false });
    for (const bad of ["FAIL", "GRAY", "PROCESSING_FAILED", "DISABLED", "", "pass-ish"]) {
      expect(Trust.assess({ ...all(bad), virus: "PASS" }).trusted).toBe(false);
      expect(Trust.assess({ ...all("PASS"), virus: bad }).trusted).toBe(false);
    }
    expect(Trust.assess({ spf: "PASS", virus: "PASS" })).toMatchObject({ trusted: false, reason: /DKIM missing/ });
  });
});

describe("retention schedule", () => {
  it("sets each period once and lists every kind of record for the privacy notice", () => {
    expect(Retention.PERIODS).toMatchObject({ inboundDays: 90, quarantineDays: 30 });
    const records = Retention.SCHEDULE.map((r) => r.record).join("\n");
    for (const kind of [/Submissions/, /plans/, /inbound email/i, /Quarantined/, /sessions/, /Audit/, /People/])
      expect(records).toMatch(kind);
    expect(Retention.cycleExpired(2019, new Date("2026-08-31T23:00:00Z"))).toBe(false);
    expect(Retention.cycleExpired(2019, new Date("2026-09-01T00:00:00Z"))).toBe(true);
  });
});
