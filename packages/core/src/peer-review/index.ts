/** Peer scrutiny and challenge: who reviews whom, proposing and sending assignments, declines and reserves. */
export * as Assignments from "./assignments";
export * as Review from "./review";
export * as Answers from "./answers";
export * as Work from "./work";
export * as ReviewsRead from "./reviews-read";
export * as ReviewNotice from "./review-notice";
export * as Recommendations from "./recommendations";
export * as ReviewDraft from "./review-draft";
export * as ReviewLabels from "./review-labels";
