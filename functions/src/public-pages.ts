/**
 * What the public pages say that is data rather than prose: the retention schedule the privacy notice
 * shows (one row per kind of record, so it can be fed from the retention rules when they exist in code),
 * who to contact, and the accessibility statement's dates. Routes render these; views lay them out.
 */

/** One row of the privacy notice's "how long we keep it" table. */
export interface RetentionRow {
  what: string;
  howLong: string;
}

/** The agreed retention schedule, as the privacy notice states it. */
export const RETENTION_ROWS: RetentionRow[] = [
  {
    what: "Forms local authorities submit (self-evaluations, development plans, peer review responses, quarterly data) and the regional plans made from them",
    howLong: "6 years after the end of the cycle they belong to",
  },
  { what: "The audit trail (who changed what, and when)", howLong: "6 years" },
  { what: "Emails sent to the service (replies), as received", howLong: "90 days" },
  { what: "Emails held back as suspicious (quarantined)", howLong: "30 days" },
  { what: "Sign-in links and signed-in sessions", howLong: "Until they expire, within hours" },
  { what: "Personal links to forms", howLong: "Until 60 days after the step they belong to closes" },
  {
    what: "Names, work email addresses, job titles and roles of the people in the directory",
    howLong: "Until the person leaves the role or asks us, when they are removed or anonymised",
  },
  {
    what: "Email addresses that bounce or complain (the suppression list)",
    howLong: "For as long as the address bounces",
  },
];

export interface PublicPageModel {
  title: string;
  [key: string]: unknown;
}

/** Whom to ask about personal data and accessibility (the alliance, through each region's lead). */
const CONTACT = {
  who: "your region's regional lead",
  how: "Reply to any email the service sent you, or contact your Regional Improvement and Innovation Alliance.",
  controller:
    "The Regional Improvement and Innovation Alliance for your region, through the local authority that hosts it, is the data controller.",
};

export function startPage(): PublicPageModel {
  return { title: "Sector-led improvement for children's services" };
}

export function privacyPage(rows: RetentionRow[] = RETENTION_ROWS): PublicPageModel {
  return {
    title: "Privacy notice",
    retentionTable: rows.map((r) => [{ text: r.what }, { text: r.howLong }]),
    contact: CONTACT,
    updated: "2026-12-01",
  };
}

/**
 * The accessibility statement's facts. `lastTested` is the date of the last test of the service
 * (automated axe-core checks of each kind of page in Chromium, test/e2e).
 */
export function accessibilityPage(): PublicPageModel {
  return {
    title: "Accessibility statement",
    contact: CONTACT,
    prepared: "2026-12-01",
    reviewed: "2026-12-01",
    lastTested: "2026-12-01",
  };
}
