/**
 * Server-rendered SVG charts: no JavaScript, colours as presentation attributes (the page's
 * Content Security Policy forbids inline styles), an accessible name and description on every
 * chart, and the same figures in a table beside it.
 */
export const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

let counter = 0;
/** A unique id prefix per chart on a page. */
export const chartId = (name: string) => `${name}-${++counter % 1_000_000}`;

export function frame(id: string, width: number, height: number, title: string, desc: string, body: string) {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-t ${id}-d" focusable="false"><title id="${id}-t">${esc(title)}</title><desc id="${id}-d">${esc(desc)}</desc>${body}</svg>`;
}

export const text = (x: number, y: number, s: string, attrs = "") =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-family="Arial, sans-serif" font-size="13" fill="#0b0c0c" ${attrs}>${esc(s)}</text>`;
