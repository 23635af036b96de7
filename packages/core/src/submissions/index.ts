/** What LAs send: submissions and their versions, the region's published form templates, emailed form links. */
export * as Submission from "./submission-api";
export * as Templates from "./templates";
export * as Links from "./links";
export * as NewLinks from "./new-link";
