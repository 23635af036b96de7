/**
 * The sections that make the regional plan a working document (built by the impact domain, which reads brokering,
 * the dataset and feedback, and carried on the plan so the page and the Word document render them): actions with
 * owners and dates, data context per priority, uptake and impact, and sign-off.
 */
export interface WorkingSections {
  /** Each collective response as an action: owner, dates, participating LAs and progress. */
  actions: {
    theme: string;
    priority: string;
    response: string;
    owner: string;
    startsOn?: string;
    endsOn?: string;
    participants: string[];
    status: string;
    note: string;
    updatedAt?: string;
  }[];
  /** Per priority, the region's figures beside England's for its indicators (latest quarter with figures). */
  context: {
    theme: string;
    priority: string;
    quarter?: string;
    rows: { indicator: string; region: string; england: string; better: string }[];
  }[];
  uptake: {
    brokered: number;
    takenUp: number;
    withAims: number;
    ended: number;
    feedbackAsked: number;
    feedbackReceived: number;
    /** Average usefulness (1–5) over every feedback response. */
    useful?: number;
    verdicts: Record<string, number>;
    byTheme: { theme: string; brokered: number; takenUp: number; ended: number; improved: number; feedback: number }[];
  };
  /** When the sections were built (a progress report says "as at"). */
  asAt: string;
}
