/**
 * An LA's peer reviews as a Word document: one part per review with who sent it and when, its rating, every
 * answer under the form's own headings, and the LA's response. The caller builds the model (the same rows the
 * pages show); `docx` is loaded only when a document is asked for.
 */
export interface ReviewsDocument {
  title: string;
  subtitle: string;
  introduction: string[];
  reviews: {
    heading: string;
    meta: [string, string][];
    sections: { title: string; rows: [string, string][] }[];
    reply?: string;
  }[];
}

export async function reviewsDocx(d: ReviewsDocument): Promise<Buffer> {
  const { Document, HeadingLevel, Packer, Paragraph, TextRun } = await import("docx");
  const p = (text: string) => new Paragraph({ children: [new TextRun(text)] });
  const labelled = ([label, value]: [string, string]) => [
    new Paragraph({ children: [new TextRun({ text: label, bold: true })] }),
    ...(value || "Not answered").split(/\n/).map(p),
  ];
  const children = [
    new Paragraph({ text: d.title, heading: HeadingLevel.TITLE }),
    p(d.subtitle),
    ...d.introduction.map(p),
  ];
  if (!d.reviews.length) children.push(p("No review has been submitted yet."));
  for (const r of d.reviews) {
    children.push(new Paragraph({ text: r.heading, heading: HeadingLevel.HEADING_1 }), ...r.meta.flatMap(labelled));
    for (const s of r.sections) {
      children.push(new Paragraph({ text: s.title, heading: HeadingLevel.HEADING_2 }), ...s.rows.flatMap(labelled));
    }
    if (r.reply)
      children.push(
        new Paragraph({ text: "The local authority's response", heading: HeadingLevel.HEADING_2 }),
        p(r.reply),
      );
  }
  const doc = new Document({ creator: "riia", title: d.title, sections: [{ children }] });
  return Packer.toBuffer(doc);
}
