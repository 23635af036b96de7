/**
 * Exports: the regional development plan as Word (docx), and the menu, needs, brokerage and
 * submissions as CSV or JSON. Imported by subpath (`@riia/core/plan-document`); `docx` itself is loaded
 * only when a Word file is asked for.
 */
import type { Plan } from "./plan";

/** CSV with RFC 4180 quoting; cells that a spreadsheet would run as a formula are made text. */
export function toCsv(rows: Record<string, unknown>[], columns: string[]): string {
  const cell = (v: unknown) => {
    let s =
      v === undefined || v === null
        ? ""
        : Array.isArray(v)
          ? v.join("; ")
          : typeof v === "object"
            ? JSON.stringify(v)
            : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.join(","), ...rows.map((r) => columns.map((c) => cell(r[c])).join(","))].join("\r\n") + "\r\n";
}

/** The plan as a Word document. */
export async function planDocx(plan: Plan): Promise<Buffer> {
  const { Document, HeadingLevel, Packer, Paragraph, TextRun } = await import("docx");
  const h = (text: string, heading: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
    new Paragraph({ text, heading });
  const p = (text: string) => new Paragraph({ children: [new TextRun(text)] });
  const bullet = (text: string) => new Paragraph({ text, bullet: { level: 0 } });
  const children: InstanceType<typeof Paragraph>[] = [
    h(`${plan.region.name} regional development plan ${plan.year} to ${plan.year + 1}`, HeadingLevel.TITLE),
    ...(plan.introduction ? plan.introduction.split(/\n+/).map(p) : []),
    h("Common priorities", HeadingLevel.HEADING_1),
  ];
  if (!plan.priorities.length)
    children.push(p("No theme is shared by enough local authorities to be a common priority."));
  for (const pr of plan.priorities) {
    children.push(h(pr.label, HeadingLevel.HEADING_2));
    children.push(p(`Local authorities: ${pr.authorities.join(", ")}`));
    children.push(p(`Collective response: ${pr.response.label}, led by ${pr.response.owner}.`));
    if (pr.response.detail) children.push(p(pr.response.detail));
  }
  children.push(h("Local authorities", HeadingLevel.HEADING_1));
  for (const la of plan.authorities) {
    children.push(h(la.name, HeadingLevel.HEADING_2));
    children.push(h("Brokered solutions", HeadingLevel.HEADING_3));
    if (la.receiving.length)
      la.receiving.forEach((r) => children.push(bullet(`${r.theme}: ${r.type} with ${r.provider} (${r.status})`)));
    else children.push(p("None."));
    children.push(h("Support offered to others", HeadingLevel.HEADING_3));
    if (la.providing.length)
      la.providing.forEach((r) => children.push(bullet(`${r.theme}: ${r.type} for ${r.recipient} (${r.status})`)));
    else children.push(p("None taken up yet."));
  }
  const doc = new Document({
    creator: "riia",
    title: `${plan.region.name} regional development plan`,
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}
