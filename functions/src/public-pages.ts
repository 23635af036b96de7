/**
 * What the public pages say that is data rather than prose: the retention schedule the privacy notice
 * shows (read from `RetentionSchedule.SCHEDULE`, the one place the periods are set, so the notice cannot drift
 * from what the sweep and the TTLs do), who to contact, and the accessibility statement's dates.
 * Routes render these; views lay them out.
 */
// The schedule from its own module: the Retention namespace brings subject access and erasure (most of the domain).
import { RetentionSchedule } from "@riia/core";

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

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function privacyPage(
  rows: readonly RetentionSchedule.ScheduleRow[] = RetentionSchedule.SCHEDULE,
): PublicPageModel {
  return {
    title: "Privacy notice",
    retentionTable: rows.map((r) => [{ text: r.record }, { text: sentence(r.kept) }]),
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
