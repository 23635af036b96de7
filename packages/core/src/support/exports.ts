/**
 * Exports: the regional development plan as Word (docx), and the menu, needs, brokerage and
 * submissions as CSV or JSON. Imported by subpath (`@riia/core/plan-document`); `docx` itself is loaded
 * only when a Word file is asked for.
 */
import { planDocument, type Table as DocTable } from "./document";
import type { Plan } from "./plan";
import { formatCsv } from "../shared";

export { planDocument, uptakeLabel, type PlanDocument } from "./document";

/** Records as CSV, one column per name in `columns` (quoting and formula-safety as every export: formatCsv). */
export const toCsv = (rows: Record<string, unknown>[], columns: string[]): string =>
  formatCsv([columns, ...rows.map((r) => columns.map((c) => r[c]))]);

/** The plan as a Word document, rendered from the same document model as the HTML page. */
export async function planDocx(plan: Plan, version?: number): Promise<Buffer> {
  const docx = await import("docx");
  const { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } = docx;
  const d = planDocument(plan, version);
  const h = (text: string, heading: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
    new Paragraph({ text, heading });
  const p = (text: string) => new Paragraph({ children: [new TextRun(text)] });
  const cell = (text: string, bold = false) =>
    new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
  const table = (t: DocTable) =>
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: t.head.map((x) => cell(x, true)) }),
        ...t.rows.map((r) => new TableRow({ children: r.map((x) => cell(x)) })),
      ],
    });
  const block = (x: DocTable | { empty: string }) => ("empty" in x ? [p(x.empty)] : [table(x)]);
  const children: (InstanceType<typeof Paragraph> | InstanceType<typeof Table>)[] = [
    h(d.title, HeadingLevel.TITLE),
    p(d.subtitle),
    h("Contents", HeadingLevel.HEADING_1),
    ...d.contents.map((c) => new Paragraph({ text: c.title, bullet: { level: 0 } })),
    h("Summary", HeadingLevel.HEADING_1),
    ...d.summary.map(p),
    ...d.introduction.map(p),
    h("Common priorities", HeadingLevel.HEADING_1),
    ...block(d.priorities),
    h("Local authorities", HeadingLevel.HEADING_1),
  ];
  for (const la of d.authorities) {
    children.push(h(la.name, HeadingLevel.HEADING_2));
    if (la.solutions) children.push(table(la.solutions));
    if (la.recommendations) children.push(p(la.recommendations.caption), table(la.recommendations));
    if (la.providing.length) {
      children.push(p("Support it gives to others:"));
      la.providing.forEach((x) => children.push(new Paragraph({ text: x, bullet: { level: 0 } })));
    }
    if (la.empty) children.push(p(la.empty));
  }
  children.push(h("The region's offers", HeadingLevel.HEADING_1), ...block(d.offers));
  const w = d.working;
  if (w) {
    children.push(h("Data context for each priority", HeadingLevel.HEADING_1));
    for (const c of w.context)
      children.push(h(c.priority, HeadingLevel.HEADING_2), ...block(c.table ?? { empty: c.empty! }));
    children.push(h("Actions, owners and dates", HeadingLevel.HEADING_1), ...block(w.actions));
    children.push(h("Uptake and impact", HeadingLevel.HEADING_1), p(`As at ${w.asAt}.`), ...w.uptake.summary.map(p));
    if (w.uptake.table) children.push(p(w.uptake.table.caption), table(w.uptake.table));
    children.push(h("Sign-off", HeadingLevel.HEADING_1), ...w.signOff.map(p));
  }
  const doc = new Document({ creator: "riia", title: d.title, sections: [{ children }] });
  return Packer.toBuffer(doc);
}

export { reviewsDocx, type ReviewsDocument } from "./review-document";
