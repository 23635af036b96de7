/** An LA's series for one indicator: its own line with XmR process limits, and region, neighbours and England lines. */
import { chartId, esc, frame, text } from "./svg";

export interface Line {
  label: string;
  values: (number | null)[];
  /** own: the LA (solid, dark), others dashed in distinct colours. */
  kind: "own" | "region" | "neighbours" | "england";
}

const STYLE: Record<Line["kind"], { stroke: string; dash: string; width: number }> = {
  own: { stroke: "#1d70b8", dash: "", width: 3 },
  region: { stroke: "#505a5f", dash: "6 4", width: 2 },
  neighbours: { stroke: "#912b88", dash: "2 3", width: 2 },
  england: { stroke: "#0b0c0c", dash: "10 4", width: 2 },
};

/** The quarters the limits come from, shaded behind the lines and named "baseline". */
function baselineBand(
  quarters: string[],
  baseline: { from: string; to: string } | null | undefined,
  x: (i: number) => number,
  [top, bottom]: [number, number],
): string[] {
  const [b0, b1] = baseline ? [quarters.indexOf(baseline.from), quarters.indexOf(baseline.to)] : [-1, -1];
  if (b0 < 0 || b1 < b0) return [];
  const [x0, x1] = [x(b0) - 4, x(b1) + 4];
  return [
    `<rect class="baseline-band" x="${x0.toFixed(1)}" y="${top}" width="${(x1 - x0).toFixed(1)}" height="${bottom - top}" fill="#f3f2f1"/>`,
    text(x0 + 4, top + 12, "baseline", 'font-size="11"'),
  ];
}

export function lineChart(input: {
  title: string;
  desc: string;
  quarters: string[];
  lines: Line[];
  limits?: { mean: number; upper: number; lower: number } | null;
  unit: string;
  /** Quarters whose own point carries a signal: ringed. */
  marked?: string[];
  /** The quarters the limits come from: shaded, and named "baseline". */
  baseline?: { from: string; to: string } | null;
}): string {
  const id = chartId("line");
  // The top margin leaves a line above the plot for the unit, clear of the top tick's label.
  const [W, H, L, R, T, B] = [640, 300, 60, 150, 36, 40];
  const all = input.lines.flatMap((l) => l.values).filter((v): v is number => v !== null);
  if (input.limits) all.push(input.limits.upper, input.limits.lower);
  const lo = Math.min(0, ...all);
  const hi = Math.max(1, ...all) * 1.05;
  const x = (i: number) => L + (i * (W - L - R)) / Math.max(1, input.quarters.length - 1);
  const y = (v: number) => T + (H - T - B) * (1 - (v - lo) / (hi - lo || 1));
  const parts: string[] = [];
  for (let k = 0; k <= 4; k++) {
    const v = lo + ((hi - lo) * k) / 4;
    parts.push(
      `<line x1="${L}" x2="${W - R}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#b1b4b6" stroke-width="1"/>`,
    );
    parts.push(text(L - 6, y(v) + 4, String(Math.round(v * 10) / 10), 'text-anchor="end"'));
  }
  input.quarters.forEach((q, i) =>
    parts.push(text(x(i), H - B + 18, q.replace("-", " "), 'text-anchor="middle" font-size="11"')),
  );
  parts.push(...baselineBand(input.quarters, input.baseline, x, [T, H - B]));
  if (input.limits) {
    const lim = input.limits;
    for (const [v, name] of [
      [lim.upper, "upper limit"],
      [lim.mean, "mean"],
      [lim.lower, "lower limit"],
    ] as const) {
      if (v < lo || v > hi) continue;
      parts.push(
        `<line x1="${L}" x2="${W - R}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#d4351c" stroke-width="1.5" stroke-dasharray="${name === "mean" ? "" : "4 3"}"/>`,
      );
      parts.push(text(W - R + 6, y(v) + 4, `SPC ${name}`, 'font-size="11"'));
    }
  }
  input.lines.forEach((line, li) => {
    const s = STYLE[line.kind];
    const pts = line.values.map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`));
    const segments = pts
      .join(" ")
      .split(/\s*null\s*/)
      .filter((seg) => seg.trim());
    for (const seg of segments)
      parts.push(
        `<polyline points="${seg.trim()}" fill="none" stroke="${s.stroke}" stroke-width="${s.width}" stroke-dasharray="${s.dash}"/>`,
      );
    if (line.kind === "own")
      pts.forEach((p, i) => {
        if (!p) return;
        const [cx, cy] = p.split(",");
        parts.push(`<circle cx="${cx}" cy="${cy}" r="4" fill="${s.stroke}"/>`);
        if (input.marked?.includes(input.quarters[i]!))
          parts.push(
            `<circle class="signal-point" cx="${cx}" cy="${cy}" r="8" fill="none" stroke="#d4351c" stroke-width="2"/>`,
          );
      });
    const ly = T + 14 + li * 20;
    parts.push(
      `<line x1="${W - R + 6}" x2="${W - R + 30}" y1="${ly + 60}" y2="${ly + 60}" stroke="${s.stroke}" stroke-width="${s.width}" stroke-dasharray="${s.dash}"/>`,
    );
    parts.push(text(W - R + 34, ly + 64, line.label, 'font-size="11"'));
  });
  parts.push(text(8, T - 18, esc(input.unit).slice(0, 40), 'font-size="11"'));
  return frame(id, W, H, input.title, input.desc, parts.join(""));
}
