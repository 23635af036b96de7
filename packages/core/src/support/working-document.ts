/**
 * The working plan's sections as the document renders them (Word and HTML): data context per priority, actions with
 * owners and dates, uptake and impact, and sign-off. Empty when the plan was built without them.
 */
import { dateSpanWords, dateWords } from "../shared";
import type { WorkingSections } from "./working";

interface Table {
  caption: string;
  head: string[];
  rows: string[][];
}

export interface WorkingDocument {
  context: { priority: string; table?: Table; empty?: string }[];
  actions: Table | { empty: string };
  uptake: { summary: string[]; table?: Table };
  signOff: string[];
  asAt: string;
}

export const WORKING_CONTENTS = [
  { id: "context", title: "Data context for each priority" },
  { id: "actions", title: "Actions, owners and dates" },
  { id: "uptake", title: "Uptake and impact" },
  { id: "sign-off", title: "Sign-off" },
];

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function workingDocument(w: WorkingSections, region: string): WorkingDocument {
  const u = w.uptake;
  const verdicts = Object.entries(u.verdicts).map(([v, n]) => `${n} ${v}`);
  return {
    asAt: dateWords(w.asAt),
    context: w.context.map((c) => ({
      priority: c.priority,
      ...(c.rows.length
        ? {
            table: {
              caption: `${c.priority}: ${region} and England${c.quarter ? `, ${c.quarter}` : ""}`,
              head: ["Indicator", region, "England", "Direction"],
              rows: c.rows.map((r) => [r.indicator, r.region, r.england, r.better]),
            },
          }
        : { empty: `No core-dataset figures for ${c.priority.toLowerCase()} yet.` }),
    })),
    actions: w.actions.length
      ? {
          caption: "Actions: the collective response to each common priority",
          head: ["Priority", "Action", "Owner", "Dates", "Participating LAs", "Progress"],
          rows: w.actions.map((a) => [
            a.priority,
            a.response,
            a.owner,
            a.startsOn && a.endsOn ? dateSpanWords(a.startsOn, a.endsOn) : "To be agreed",
            a.participants.join(", ") || "To be agreed",
            [a.status, a.note].filter(Boolean).join(": "),
          ]),
        }
      : { empty: "There are no common priorities, so no collective actions." },
    uptake: {
      summary: [
        `${count(u.brokered, "brokered solution")}, ${u.takenUp} taken up; ${u.withAims} with aims and dates recorded.`,
        `${count(u.ended, "solution")} ended so far; feedback asked for on ${u.feedbackAsked} and received on ${u.feedbackReceived}${u.useful !== undefined ? ` (useful ${u.useful} out of 5 on average)` : ""}.`,
        verdicts.length
          ? `What happened next, for ended solutions with indicators: ${verdicts.join(", ")}. This shows association, not proof.`
          : "No ended solution has a verdict yet.",
      ],
      ...(u.byTheme.length
        ? {
            table: {
              caption: "Uptake and impact by theme of support",
              head: ["Theme", "Brokered", "Taken up", "Ended", "Improved beyond normal variation", "With feedback"],
              rows: u.byTheme.map((t) => [t.theme, t.brokered, t.takenUp, t.ended, t.improved, t.feedback].map(String)),
            },
          }
        : {}),
    },
    signOff: [
      `Adopted by the ${region} directors of children's services meeting on: ____________________`,
      "Chair: ____________________   Signature: ____________________",
      "Regional lead: ____________________   Signature: ____________________",
      "Progress is reviewed at each quarterly meeting; the regional lead publishes a progress report after each review.",
    ],
  };
}
