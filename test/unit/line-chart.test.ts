/** The line chart's unit label sits on its own line above the plot, clear of the top tick's label. */
import { describe, expect, it } from "vitest";
import { lineChart } from "@riia/functions/charts/line-chart";

describe("line chart", () => {
  it("puts the unit above the top tick label, not on it", () => {
    const svg = lineChart({
      title: "Re-referrals",
      desc: "Eight quarters",
      quarters: ["2025-Q1", "2025-Q2", "2025-Q3"],
      lines: [{ label: "Derby", values: [20, 22, 24], kind: "own" }],
      unit: "Percentage of referrals within 12 months",
      limits: null,
    });
    const texts = [...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)<\/text>/g)].map((m) => ({
      y: Number(m[2]),
      text: m[3]!,
    }));
    const unit = texts.find((t) => t.text.startsWith("Percentage"))!;
    const ticks = texts.filter((t) => /^\d+(\.\d)?$/.test(t.text));
    const top = Math.min(...ticks.map((t) => t.y));
    // 11 px type: the unit's baseline is a full line above the top tick's.
    expect(top - unit.y).toBeGreaterThanOrEqual(14);
    expect(unit.y).toBeGreaterThan(0);
  });
});
