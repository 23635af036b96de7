/** Impact of brokered solutions: aims and dates, what happened next (SPC verdicts), feedback and track records. */
export * as Impact from "./impact";
