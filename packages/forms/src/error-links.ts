/**
 * GOV.UK's error summary links each problem to the field that has it. Where a link names a question's container — a
 * date's `div` (`#deadline`), a fieldset, a list of items — clicking it would leave focus on the link; GOV.UK points
 * it at the question's first field instead (`#deadline-day`). Done once on the rendered page, so every form's errors,
 * whoever built them, land on a field.
 */
const FIELD = /^<(input|select|textarea)\b/i;
const FIRST_FIELD = /<(?:input|select|textarea)\b[^>]*>/gi;

/** The id of the first field (not hidden) at or after `from`, if one is near enough to belong to the question. */
function firstFieldAfter(html: string, from: number): string | undefined {
  FIRST_FIELD.lastIndex = from;
  for (let m = FIRST_FIELD.exec(html); m && m.index - from < 20_000; m = FIRST_FIELD.exec(html)) {
    if (/\btype="hidden"/i.test(m[0])) continue;
    return /\bid="([^"]+)"/.exec(m[0])?.[1];
  }
  return undefined;
}

/** Where a link to `#id` should point: the element itself if it is a field, else the first field inside it. */
function fieldFor(html: string, id: string, summaryEnd: number): string {
  const at = html.indexOf(`id="${id}"`, summaryEnd);
  if (at < 0) return id;
  const start = html.lastIndexOf("<", at);
  if (FIELD.test(html.slice(start, at))) return id;
  return firstFieldAfter(html, at) ?? id;
}

export function pointErrorLinksAtFields(html: string): string {
  const list = html.indexOf("govuk-error-summary__list");
  if (list < 0) return html;
  const end = html.indexOf("</ul>", list);
  if (end < 0) return html;
  const links = html
    .slice(list, end)
    .replace(/href="#([^"]+)"/g, (whole, id: string) => `href="#${fieldFor(html, id, end)}"`);
  return html.slice(0, list) + links + html.slice(end);
}
