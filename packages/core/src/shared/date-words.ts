/** Dates as people read them in text the domain writes (audit summaries, documents): "1 October 2025". */
export const dateWords = (iso: string) =>
  new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** "1 October 2025 to 30 June 2026". */
export const dateSpanWords = (from: string, to: string) => `${dateWords(from)} to ${dateWords(to)}`;
