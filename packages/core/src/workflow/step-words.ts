/** Steps and dates as people read them in the messages the workflow writes (pages and the audit show them). */
import { Region } from "../directory";

export const stepWords = Region.stepWords;

/** "3 January 2027": the domain's one way of writing a date in words. */
export { dateWords } from "../shared";
