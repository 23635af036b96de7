/** Words and tags the lead's pages share. */
import type { Region } from "@riia/core";

export const STEP_LABELS: Record<Region.Step, string> = {
  "self-evaluation": "Self-evaluation",
  "peer-scrutiny": "Peer scrutiny",
  "development-plan": "Development plan",
  "peer-challenge": "Peer challenge",
  "support-menu": "Support menu",
  "regional-plan": "Regional development plan",
};
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
