/**
 * Step progress as a server-rendered SVG stacked bar chart (no script). Each bar is one step; segments are the
 * task states. The page shows the same figures in a table, which is the accessible alternative: the SVG carries a
 * title and description and is otherwise decorative for screen readers' sake.
 */
export interface ProgressBar {
  label: string;
  segments: { key: string; value: number }[];
}

/** Colours chosen to be told apart and to hold 3:1 contrast against white. */
export const SEGMENT_COLOURS: Record<string, { fill: string; label: string }> = {
  submitted: { fill: "#00703c", label: "Submitted" },
  inProgress: { fill: "#1d70b8", label: "In progress" },
  notStarted: { fill: "#505a5f", label: "Not started" },
  overdue: { fill: "#b35900", label: "Overdue" },
  escalated: { fill: "#d4351c", label: "Escalated" },
  waived: { fill: "#4c2c92", label: "Waived" },
};

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);

export function progressChart(bars: ProgressBar[], options: { id: string; title: string; tableId: string }): string {
  const labelWidth = 220;
  const barWidth = 460;
  const rowHeight = 34;
  const legendHeight = 30;
  const height = bars.length * rowHeight + legendHeight + 10;
  const width = labelWidth + barWidth + 60;
  const max = Math.max(1, ...bars.map((b) => b.segments.reduce((n, s) => n + s.value, 0)));
  const rows = bars.map((bar, i) => {
    const y = i * rowHeight + 6;
    let x = labelWidth;
    const total = bar.segments.reduce((n, s) => n + s.value, 0);
    const rects = bar.segments
      .filter((s) => s.value > 0)
      .map((s) => {
        const w = (s.value / max) * barWidth;
        const rect = `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="22" fill="${SEGMENT_COLOURS[s.key]?.fill ?? "#b1b4b6"}"/>`;
        x += w;
        return rect;
      })
      .join("");
    return `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end" font-size="14" fill="#0b0c0c">${esc(bar.label)}</text>${rects}<text x="${(x + 6).toFixed(1)}" y="${y + 16}" font-size="14" fill="#0b0c0c">${total}</text>`;
  });
  const legendY = bars.length * rowHeight + 14;
  const legend = Object.values(SEGMENT_COLOURS)
    .map(
      (c, i) =>
        `<rect x="${10 + i * 120}" y="${legendY}" width="14" height="14" fill="${c.fill}"/><text x="${28 + i * 120}" y="${legendY + 12}" font-size="13" fill="#0b0c0c">${c.label}</text>`,
    )
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${options.id}-title ${options.id}-desc" viewBox="0 0 ${width} ${height}" width="100%" class="riia-chart" id="${options.id}"><title id="${options.id}-title">${esc(options.title)}</title><desc id="${options.id}-desc">The same figures are in the table that follows the chart.</desc>${rows.join("")}${legend}</svg>`;
}
