/** Email in: trust checks, recording each message once, and routing replies to what they answer. */
export * from "./inbound";
export * as Trust from "./trust";
export { alignmentOf, aligned, TRUSTED_AUTHSERV_ID, type Alignment } from "./alignment";
export { MAX_STORED_BYTES, withinFileLimit } from "./stored-size";
export * from "./types";
export { isAutoReply, isBounce, isAbsenceNotice } from "./screen";
export { reviewFromText, REVIEW_FIELDS } from "./review-headings";
import type { ReviewLabels } from "../peer-review";
/** What the inbound path needs of the forms engine to read a review sent by email (functions passes it). */
export type ReviewForms = ReviewLabels.ReviewForms;
export type FormShape = ReviewLabels.FormShape;
