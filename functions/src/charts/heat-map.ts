/**
 * The regional heat map: LAs down, indicators across, each cell coloured by the LA's national
 * quartile band with polarity (1 best … 4 worst), its band number written in the cell so colour
 * is never the only cue, and a ring where the LA has a signal on that indicator.
 */
import { chartId, esc, frame, text } from "./svg";

export const BAND_FILL: Record<number, string> = { 1: "#85c1a4", 2: "#cce2d8", 3: "#fbd3a5", 4: "#f4a99d" };
export const BAND_LABELS: Record<number, string> = {
  1: "best quarter of English LAs",
  2: "second quarter",
  3: "third quarter",
  4: "worst quarter of English LAs",
};

export interface HeatCell {
  band: number | null;
  signal: boolean;
  label: string;
}

export function heatMap(input: { title: string; desc: string; rows: string[]; cols: string[]; cells: HeatCell[][] }) {
  const id = chartId("heat");
  const [cw, ch, left, top] = [34, 26, 190, 150];
  const W = left + cw * input.cols.length + 10;
  const H = top + ch * input.rows.length + 10;
  const parts: string[] = [];
  input.cols.forEach((c, j) => {
    const x = left + j * cw + cw / 2;
    parts.push(
      text(
        x,
        top - 8,
        c.length > 26 ? `${c.slice(0, 25)}…` : c,
        `font-size="11" transform="rotate(-55 ${x} ${top - 8})"`,
      ),
    );
  });
  input.rows.forEach((r, i) => {
    const y = top + i * ch;
    parts.push(text(left - 8, y + ch / 2 + 4, r, 'text-anchor="end"'));
    input.cells[i]!.forEach((cell, j) => {
      const x = left + j * cw;
      const fill = cell.band ? BAND_FILL[cell.band]! : "#f3f2f1";
      parts.push(
        `<rect x="${x}" y="${y}" width="${cw - 2}" height="${ch - 2}" fill="${fill}"><title>${esc(cell.label)}</title></rect>`,
      );
      if (cell.band)
        parts.push(text(x + cw / 2 - 1, y + ch / 2 + 3, String(cell.band), 'text-anchor="middle" font-size="12"'));
      if (cell.signal)
        parts.push(
          `<rect x="${x + 2}" y="${y + 2}" width="${cw - 6}" height="${ch - 6}" fill="none" stroke="#0b0c0c" stroke-width="2.5"/>`,
        );
    });
  });
  return frame(id, W, H, input.title, input.desc, parts.join(""));
}
