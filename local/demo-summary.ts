/** What `npm run demo` reports: figures read from the store and the mail stand-in, then where to look. */
import { relative } from "node:path";
import { localPorts } from "./config";

export interface DemoResult {
  formsSubmitted: Record<string, number>;
  emailsByKind: Record<string, number>;
  repliesRecorded: number;
  escalations: number;
  planFile: string;
  /** What brokering did, read from the store and the published plan (so the summary can only say what happened). */
  support: { needs: number; offers: number; choices: number; brokered: number; inPlan: number; priorities: number };
  /** Per step, how many LAs the board shows as submitted, of how many (read with Workflow.taskStates, as the board is). */
  board: Record<string, { submitted: number; total: number }>;
  /** The demo's data, kept for browsing with `npm start -- --data <dir>`, and the simulated moment it ended at. */
  dataDir: string;
  endedAt: string;
  cycleId: string;
}

/** The closing summary: figures from the store and the mail stand-in, then where to look. */
export function summary(r: DemoResult, seconds: number): string {
  const app = `http://localhost:${localPorts.app}`;
  const rel = (path: string) => relative(process.cwd(), path) || ".";
  const lines = [
    `\nDemo complete in ${seconds.toFixed(0)} s (simulated time ended at ${r.endedAt})`,
    "",
    "Forms submitted",
  ];
  for (const [k, v] of Object.entries(r.formsSubmitted)) lines.push(`  ${k.padEnd(28)} ${v}`);
  lines.push("", "Emails sent, by kind");
  for (const [k, v] of Object.entries(r.emailsByKind).sort((a, b) => b[1] - a[1])) lines.push(`  ${k.padEnd(60)} ${v}`);
  lines.push("", "The board (submitted of all LAs, per step)");
  for (const [k, v] of Object.entries(r.board)) lines.push(`  ${k.padEnd(28)} ${v.submitted} of ${v.total}`);
  const s = r.support;
  const chose = r.board["support-menu"]?.submitted ?? 0;
  lines.push(
    "",
    `Replies recorded from email: ${r.repliesRecorded}`,
    `Escalations: ${r.escalations}`,
    `Support: ${s.needs} needs, ${s.offers} offers, ${chose} LA${chose === 1 ? "" : "s"} chose from the menu (${s.choices} choice${s.choices === 1 ? "" : "s"}); ${s.brokered} brokered, all ${s.inPlan} in the published plan (${s.priorities} common priorities)`,
    "",
    "Where to look",
    `  The regional plan     ${rel(r.planFile)} (and regional-plan.html beside it)`,
    `  The demo's data       npm start -- --data ${rel(r.dataDir)}   (its clock resumes at ${r.endedAt})`,
    `    then the sent mail  http://127.0.0.1:${localPorts.ses}`,
    `    and the board       ${app}/lead/cycles/${r.cycleId}  (sign in as lead@em-riia.example.org at ${app}/sign-in;`,
    "                        the link arrives in the sent mail)",
    "",
  );
  return lines.join("\n");
}
