/** The verdict on an aimed indicator: baseline before the start, a change beyond its XmR limits after it. */
import { describe, expect, it } from "vitest";
import { Impact } from "@riia/core";

const before = [16.0, 16.4, 15.8, 16.2, 16.1, 15.9, 16.3, 16.0];

describe("Impact.judge", () => {
  it("is too early with too few quarters before or after the start", () => {
    expect(Impact.judge([16, 16.2, 15.9], [12, 11], "lower").verdict).toBe("too-early");
    expect(Impact.judge(before, [12], "lower")).toMatchObject({
      verdict: "too-early",
      reason: expect.stringContaining("1 quarter of figures since the start"),
    });
  });
  it("reads a fall beyond the lower limit as improvement when lower is better, and as worsening when higher is", () => {
    expect(Impact.judge(before, [14.9, 14.1], "lower").verdict).toBe("improved");
    expect(Impact.judge(before, [14.9, 14.1], "higher").verdict).toBe("worsened");
  });
  it("finds no change within normal variation, and a shift of four quarters on one side of the mean", () => {
    expect(Impact.judge(before, [16.2, 15.9, 16.1], "lower").verdict).toBe("no-change");
    expect(Impact.judge(before, [16.4, 16.5, 16.4], "lower").verdict).toBe("no-change");
    expect(Impact.judge(before, [16.4, 16.5, 16.4, 16.6], "lower").verdict).toBe("worsened");
  });
  it("sums a solution's indicators: improved only when nothing worsened", () => {
    expect(Impact.overall(["improved", "no-change"])).toBe("improved");
    expect(Impact.overall(["improved", "worsened"])).toBe("no-change");
    expect(Impact.overall(["too-early", "too-early"])).toBe("too-early");
    expect(Impact.overall([])).toBeUndefined();
  });
});

describe("Impact.feedbackFromText", () => {
  it("reads the three headings of a reply", () => {
    expect(Impact.feedbackFromText("Useful: 4\nWhat changed: Stay conversations.\nMore so.\nRecommend: yes")).toEqual({
      useful: 4,
      changed: "Stay conversations.\nMore so.",
      recommend: true,
    });
    expect(Impact.feedbackFromText("Recommend: no\nUseful - 2")).toEqual({ useful: 2, changed: "", recommend: false });
    expect(Impact.feedbackFromText("Thanks, it was fine")).toEqual({ changed: "" });
  });
});
