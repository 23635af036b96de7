/** Words and tags the lead's pages share. */
import { Region } from "@riia/core";

/** Each step's name as people read it: the domain's own words, so pages and messages never differ. */
export const STEP_LABELS: Record<Region.Step, string> = Region.STEP_WORDS;
const STATUS_TAGS: Record<string, string> = {
  "not-started": "govuk-tag--grey",
  "in-progress": "govuk-tag--light-blue",
  submitted: "govuk-tag--green",
  overdue: "govuk-tag--orange",
  escalated: "govuk-tag--red",
  waived: "govuk-tag--purple",
};

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);

export const tag = (status: string) =>
  `<strong class="govuk-tag ${STATUS_TAGS[status] ?? ""}">${escapeHtml(status.replace("-", " "))}</strong>`;

/**
 * When a step runs, as its state makes true: a step opened early says when it opened, not the date it was planned
 * for ("Opened 6 December 2026, deadline 30 January 2027"); a closed one says when it closed.
 */
export function phaseWhen(
  p: { state: string; opensAt: string; deadline: string; openedAt?: string; closedAt?: string },
  date: (iso: string) => string,
): string {
  const opened = p.state !== "scheduled" && p.openedAt ? `Opened ${date(p.openedAt)}` : `Opens ${date(p.opensAt)}`;
  if (p.state === "closed") return `${opened}, closed${p.closedAt ? ` ${date(p.closedAt)}` : ""}`;
  return `${opened}, deadline ${date(p.deadline)}`;
}

/** A person's roles in words: "regional lead", "national coordinator". */
export const roleWords = (roles: readonly string[]) => roles.map((r) => r.replace(/-/g, " ")).join(", ");

/** How many invitations opening a step sent, in words that read right for none, one and many. */
export function invitationsWords(invited: number): string {
  if (invited === 0) return "Every local authority already had its invitation, so no new ones were sent.";
  return invited === 1 ? "1 invitation is on its way." : `${invited} invitations are on their way.`;
}
