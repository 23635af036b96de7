/** View models for a form's kept versions and the comparison of any two. */
import type { Submission } from "@riia/core";
import type { Context } from "./answers";
import type { Template } from "./definition";
import { compareAnswers } from "./flatten";

const EVENTS: Record<Submission.Status, string> = {
  "awaiting-sign-off": "Submitted for the director's approval",
  submitted: "Submitted",
  returned: "Returned by the director for changes",
  reopened: "Reopened by the regional lead",
  draft: "Draft",
};

/** The versions list and, when asked, the comparison of two of them ("current" is the form as it is now). */
export function historyView(
  t: Template,
  sub: Submission.Submission,
  versions: Submission.SubmissionVersion[],
  ctx: Context,
  query: { from?: string; to?: string },
  base: string,
) {
  const answersOf = (v: string | undefined) =>
    v === "current" ? sub.answers : versions.find((x) => String(x.version) === v)?.answers;
  const options = [
    ...versions.map((v) => ({ value: String(v.version), text: `Version ${v.version}: ${EVENTS[v.status]}` })),
    { value: "current", text: "The form as it is now" },
  ];
  const last = versions.at(-1);
  const from =
    query.from ?? (versions.length > 1 ? String(versions.at(-2)!.version) : last ? String(last.version) : undefined);
  const to = query.to ?? "current";
  const before = answersOf(from);
  const after = answersOf(to);
  return {
    title: `Versions of the ${t.title.toLowerCase()}`,
    formTitle: t.title,
    rows: versions.map((v) => ({
      version: v.version,
      event: v.status === "submitted" && v.note !== undefined ? "Approved by the director" : EVENTS[v.status],
      at: v.at,
      by: v.byName ?? v.by,
      note: v.note,
      reference: v.reference,
    })),
    action: base,
    fromItems: options.map((o) => ({ ...o, selected: o.value === from })),
    toItems: options.map((o) => ({ ...o, selected: o.value === to })),
    compared: before && after ? { from, to, changes: compareAnswers(t, before, after, ctx) } : undefined,
    notFound: (query.from || query.to) && (!before || !after),
  };
}
