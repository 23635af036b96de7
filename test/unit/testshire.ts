/** One chart of a made-up LA ("Testshire", E1) judged at 2026-Q2, for worked examples of the early-warning rules. */
import { EarlyWarning, Indicators, Quarters } from "@riia/core";

export const ind = (id: string) => Indicators.DEFAULT_INDICATORS.find((i) => i.id === id)!;

/** The series is the indicator's figures for the 11 quarters to 2026-Q2, oldest first. */
export const judgeTestshire = (id: string, series: number[]) =>
  EarlyWarning.judge(
    ind(id),
    series,
    Quarters.window("2026-Q2", 11),
    { authority: "E1", indicator: id, theme: ind(id).theme, quarter: "2026-Q2" },
    "Testshire",
  );
