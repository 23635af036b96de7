/** Steps and dates as people read them in the messages the workflow writes (pages and the audit show them). */
import { Region } from "../directory";

export const stepWords = Region.stepWords;

/** "3 January 2027". */
export const dateWords = (iso: string) =>
  new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
