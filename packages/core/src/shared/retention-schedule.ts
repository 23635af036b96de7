/**
 * The retention schedule: how long riia keeps each kind of record, why, and what enforces it. This
 * is the ONE place these periods are set; the TTLs written by the domains, the bucket's lifecycle
 * rules and the scheduled retention step all read them from here, and the privacy notice lists them.
 */
export const DAY_SECONDS = 86_400;

export const PERIODS = {
  /** Submissions, plans, assignments and support records: kept this many years after their cycle's year ends. */
  cycleRecordsYears: 6,
  /** Audit entries: kept this many years after they were written. */
  auditYears: 6,
  /** Raw inbound mail and the record of each received message. */
  inboundDays: 90,
  /** Inbound mail refused by the trust checks (or otherwise not used), held for the lead to review. */
  quarantineDays: 30,
  /** The ledger of emails sent (recipient, subject, text, delivery status): long enough to outlast any cycle's resends. */
  mailLedgerDays: 730,
} as const;

export interface ScheduleRow {
  record: string;
  kept: string;
  enforcedBy: string;
}

export const SCHEDULE: readonly ScheduleRow[] = [
  {
    record: "Submissions (self-evaluations, development plans, core dataset) and their versions",
    kept: `${PERIODS.cycleRecordsYears} years after the end of the cycle year`,
    enforcedBy: "scheduled retention step (deletes the cycle's records)",
  },
  {
    record: "Regional development plans, support needs, offers and brokering, peer-review assignments and replies",
    kept: `${PERIODS.cycleRecordsYears} years after the end of the cycle year`,
    enforcedBy: "scheduled retention step",
  },
  {
    record: "Raw inbound email and the record of each received message",
    kept: `${PERIODS.inboundDays} days`,
    enforcedBy: "table TTL (expiresAt) and bucket lifecycle rule on inbound/",
  },
  {
    record: "Quarantined inbound email (failed authenticity or virus checks, or not from the person asked)",
    kept: `${PERIODS.quarantineDays} days`,
    enforcedBy: "table TTL (expiresAt) and bucket lifecycle rule on quarantine/",
  },
  {
    record: "Emails riia sent (recipient, subject, text and delivery status)",
    kept: `${PERIODS.mailLedgerDays / 365} years after sending`,
    enforcedBy: "table TTL (expiresAt)",
  },
  {
    record: "Sign-in links, sessions, form and menu links, reply addresses",
    kept: "until they expire (sign-in 15 minutes, session 8 hours, links to the end of their step)",
    enforcedBy: "table TTL (expiresAt); sign-out and revocation delete sessions at once",
  },
  {
    record: "Audit trail",
    kept: `${PERIODS.auditYears} years`,
    enforcedBy: 'scheduled retention step; a person erased keeps their entries, named "Erased person"',
  },
  {
    record: "People (names, email addresses, roles)",
    kept: "while they hold a role; when they leave, the lead or an admin erases them (contact record deleted, name anonymised)",
    enforcedBy: "erasure on request (POST /api/privacy/people/{id}/erase)",
  },
  {
    record: "Email addresses that bounced or complained (the suppression list)",
    kept: "for as long as the service runs, so that it never emails the address again",
    enforcedBy: "not swept: an entry holds the address, the reason, the message and when",
  },
];

/** Epoch seconds `days` after an ISO time (for TTL attributes). */
export const ttlAfter = (iso: string, days: number) => Math.floor(Date.parse(iso) / 1000) + days * DAY_SECONDS;

/** When a cycle's records are past keeping: its year runs to 31 August of year + 1, then N years (ISO). */
export const cycleRecordsExpireAt = (year: number) =>
  new Date(Date.UTC(year + 1 + PERIODS.cycleRecordsYears, 8, 1)).toISOString();

/**
 * The first UTC day on which an audit entry written at `at` is past keeping (ISO): the sweep deletes entries
 * written before the same date N years ago, so an entry goes on the day after its date, N years on.
 */
export const auditExpiresFrom = (at: string) => {
  const d = new Date(at);
  return new Date(Date.UTC(d.getUTCFullYear() + PERIODS.auditYears, d.getUTCMonth(), d.getUTCDate() + 1)).toISOString();
};
