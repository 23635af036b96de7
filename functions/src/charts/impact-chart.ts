/** A solution's aimed indicator: the LA's quarters and its neighbours' average, normal variation before the start, and the start and end marked. */
import { chartId, frame, text } from "./svg";

export interface ImpactChartInput {
  title: string;
  desc: string;
  quarters: string[];
  own: (number | null)[];
  neighbours: (number | null)[];
  ownLabel: string;
  /** What the second line averages ("its statistical neighbours' average"). */
  neighboursLabel: string;
  limits?: { mean: number; upper: number; lower: number };
  startQuarter: string;
  endQuarter: string;
}

const path = (pts: [number, number][]) =>
  pts.map(([x, y], i) => `${i ? "L" : "M"}${x.toFixed(1)} ${y.toFixed(1)}`).join(" ");

export function impactChart(input: ImpactChartInput): string {
  const id = chartId("impact");
  const [W, H, L, R, T, B] = [640, 330, 60, 110, 24, 70];
  const all = [...input.own, ...input.neighbours].filter((v): v is number => v !== null);
  if (input.limits) all.push(input.limits.upper, input.limits.lower);
  // Zoomed to the figures (not from zero): the question is movement against normal variation.
  const [min, max] = all.length ? [Math.min(...all), Math.max(...all)] : [0, 1];
  const pad = (max - min || Math.abs(max) || 1) * 0.15;
  const lo = Math.max(0, min - pad);
  const hi = max + pad;
  const n = input.quarters.length;
  const x = (i: number) => L + (i * (W - L - R)) / Math.max(1, n - 1);
  const y = (v: number) => T + (H - T - B) * (1 - (v - lo) / (hi - lo || 1));
  const parts: string[] = [];
  for (let k = 0; k <= 4; k++) {
    const v = lo + ((hi - lo) * k) / 4;
    parts.push(
      `<line x1="${L}" x2="${W - R}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#b1b4b6" stroke-width="1"/>`,
      text(L - 6, y(v) + 4, String(Math.round(v * 10) / 10), 'text-anchor="end"'),
    );
  }
  input.quarters.forEach((q, i) => {
    // Every other quarter, counted back from the latest (always labelled).
    if ((n - 1 - i) % 2 === 0) parts.push(text(x(i), H - B + 18, q, 'text-anchor="middle"'));
  });
  const start = input.quarters.indexOf(input.startQuarter);
  if (input.limits && start > 0) {
    for (const [v, label] of [
      [input.limits.upper, "upper limit"],
      [input.limits.mean, "mean before"],
      [input.limits.lower, "lower limit"],
    ] as const)
      parts.push(
        `<line x1="${L}" x2="${W - R}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#505a5f" stroke-width="1.5" stroke-dasharray="${label === "mean before" ? "2 3" : "6 4"}"/>`,
        text(W - R + 6, y(v) + 4, label),
      );
  }
  for (const [q, label] of [
    [input.startQuarter, "start"],
    [input.endQuarter, "end"],
  ] as const) {
    const i = input.quarters.indexOf(q);
    if (i < 0) continue;
    parts.push(
      `<line x1="${x(i).toFixed(1)}" x2="${x(i).toFixed(1)}" y1="${T}" y2="${H - B}" stroke="#0b0c0c" stroke-width="2"/>`,
      text(x(i) + 4, T - 6, label, 'font-weight="bold"'),
    );
  }
  const series = (values: (number | null)[], stroke: string, dash: string, width: number) => {
    const pts = values.flatMap((v, i) => (v === null ? [] : [[x(i), y(v)] as [number, number]]));
    if (!pts.length) return;
    parts.push(
      `<path d="${path(pts)}" fill="none" stroke="${stroke}" stroke-width="${width}"${dash ? ` stroke-dasharray="${dash}"` : ""}/>`,
    );
    for (const [px, py] of pts)
      parts.push(`<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="3" fill="${stroke}"/>`);
  };
  series(input.neighbours, "#912b88", "2 3", 2);
  series(input.own, "#1d70b8", "", 3);
  parts.push(
    // The key, under the quarters: a swatch of each line and its name.
    `<line x1="${L}" x2="${L + 28}" y1="${H - 14}" y2="${H - 14}" stroke="#1d70b8" stroke-width="3"/>`,
    text(L + 34, H - 10, input.ownLabel.slice(0, 30), 'fill="#1d70b8" font-weight="bold"'),
    `<line x1="${L + 260}" x2="${L + 288}" y1="${H - 14}" y2="${H - 14}" stroke="#912b88" stroke-width="2" stroke-dasharray="2 3"/>`,
    text(L + 294, H - 10, input.neighboursLabel, 'fill="#912b88"'),
  );
  return frame(id, W, H, input.title, input.desc, parts.join(""));
}
