/** The calibration report's bounds for shifts (calibration-oracle.ts), checked against figures worked by hand. */
import { describe, expect, it } from "vitest";
import { normalQuantile, normalUpper, oracleDetects, perChart, scanDetects } from "./calibration-oracle";

describe("the shift oracle", () => {
  it("has the standard normal's tail and quantiles", () => {
    expect(normalUpper(0)).toBeCloseTo(0.5, 6);
    expect(normalUpper(1.959964)).toBeCloseTo(0.025, 6);
    expect(normalUpper(-1.644854)).toBeCloseTo(0.95, 6);
    expect(normalQuantile(0.001)).toBeCloseTo(3.0902, 3);
    expect(normalQuantile(0.0005)).toBeCloseTo(3.2905, 3);
  });

  it("spreads an LA's false alarms over its charts", () => {
    // 2 % of LAs with one on any of 13 charts: about 0.155 % a chart.
    expect(perChart(0.02, 13)).toBeCloseTo(0.001553, 5);
    expect(1 - (1 - perChart(0.02, 13)) ** 13).toBeCloseTo(0.02, 10);
  });

  it("flags a 3-sd step by its z against the quarters before it, at the chart's false-alarm rate", () => {
    // Held 9 of 11 quarters: 2 before, z = 3 / √(1/2 + 1/9) = 3.84; at 0.2 % a chart (z 2.878) that is Φ(0.96) = 83 %.
    expect(oracleDetects(3, 9, 11, 0.002)).toBeCloseTo(0.831, 2);
    // Held 7 of 11: 4 before, z = 4.79, Φ(1.91) = 97.2 %.
    expect(oracleDetects(3, 7, 11, 0.002)).toBeCloseTo(0.972, 2);
    // With 20 quarters, 11 before: z = 6.24, found nearly always.
    expect(oracleDetects(3, 9, 20, 0.002)).toBeGreaterThan(0.999);
    expect(oracleDetects(3, 9, 11, 0)).toBe(0);
  });

  it("finds fewer when it must also scan for the start than when it is told it", () => {
    for (const run of [7, 8, 9]) {
      const scan = scanDetects(run, 11, 0.0015);
      expect(scan, `held ${run}`).toBeLessThan(oracleDetects(3, run, 11, 0.0015));
      expect(scan, `held ${run}`).toBeGreaterThan(oracleDetects(3, run, 11, 0.0015) - 0.12);
    }
    // Same seed, same figure.
    expect(scanDetects(9, 11, 0.0015)).toBe(scanDetects(9, 11, 0.0015));
  });
});
