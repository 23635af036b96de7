/** Email in: trust checks, recording each message once, and routing replies to what they answer. */
export * from "./inbound";
export * as Trust from "./trust";
export * from "./types";
export { isAutoReply, isBounce, isAbsenceNotice } from "./screen";
export { reviewFromText, REVIEW_FIELDS } from "./review-headings";
export type { ReviewForms, FormShape } from "../peer-review/review-labels";
