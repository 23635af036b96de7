/**
 * The support exports: the plan (Word, HTML, JSON) and the menu, needs, brokerage and submissions as CSV or JSON.
 * The submissions CSV has one column per question (`answersTable`), each form's questions under its title, so a
 * spreadsheet reads like the forms.
 */
import { type Deps, Region, Submission, Support, Tasks } from "@riia/core";
import { answersTable, FormService } from "@riia/forms";

type Table = { rows: Record<string, unknown>[]; columns: string[] };

const FIXED = ["id", "form", "authority", "status", "version", "reference", "submittedAt"] as const;

/** The cycle's submissions, one row each: the fixed fields, then the questions of its form. */
export async function submissionsTable(deps: Pick<Deps, "store">, cycleId: string, regionId: string): Promise<Table> {
  const [region, subs] = await Promise.all([Region.get(deps, regionId), Submission.listForCycle(deps, cycleId)]);
  const columns: string[] = [...FIXED];
  const rows: Record<string, unknown>[] = [];
  for (const form of Submission.FormKind.options) {
    const mine = subs.filter((s) => s.form === form);
    if (!mine.length) continue;
    // Columns follow the newest template version any of these forms uses; answers are matched by question id.
    const newest = Math.max(1, ...mine.map((s) => s.templateVersion));
    const template = await FormService.templateFor(deps, regionId, form, newest);
    const fixed = (s: Submission.Submission) => ({
      id: s.id,
      form: s.form,
      authority: s.authority,
      status: s.status,
      version: String(s.version),
      reference: s.reference ?? "",
      submittedAt: s.submittedAt ?? "",
    });
    const table = answersTable(
      template,
      mine.map((s) => ({ answers: s.answers, fixed: fixed(s) })),
      { themes: region.settings.themes },
    );
    const heading = (i: number) => `${Tasks.FORM_TITLES[form]}: ${table.headings[i]}`;
    const keys = table.columns.slice(FIXED.length);
    columns.push(...keys.map((_, i) => heading(i + FIXED.length)));
    for (const r of table.rows)
      rows.push(
        Object.fromEntries([...FIXED.map((k) => [k, r[k]]), ...keys.map((k, i) => [heading(i + FIXED.length), r[k]])]),
      );
  }
  return { rows, columns };
}

/** The JSON shape keeps answers as they are stored (structured, one field per question id). */
export async function submissionsJson(deps: Pick<Deps, "store">, cycleId: string): Promise<Table> {
  const subs = await Submission.listForCycle(deps, cycleId);
  const columns = [...FIXED, "answers"];
  return { rows: subs.map((s) => Object.fromEntries(columns.map((k) => [k, s[k as keyof typeof s]]))), columns };
}

export async function supportTable(
  deps: Pick<Deps, "store">,
  name: string,
  cycle: { id: string; regionId: string },
  ext: string,
): Promise<Table> {
  if (name === "menu")
    return {
      rows: await Support.offers(deps, cycle.id),
      columns: ["id", "authority", "theme", "description", "format", "capacity", "source", "strength"],
    };
  if (name === "needs")
    return {
      rows: await Support.needs(deps, cycle.id),
      columns: ["id", "authority", "theme", "priority", "description", "sources"],
    };
  if (name === "brokerage")
    return {
      rows: await Support.brokerages(deps, cycle.id),
      columns: ["needId", "authority", "theme", "offerId", "provider", "type", "status", "override"],
    };
  return ext === "csv" ? submissionsTable(deps, cycle.id, cycle.regionId) : submissionsJson(deps, cycle.id);
}
