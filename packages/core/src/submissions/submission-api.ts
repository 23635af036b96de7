/** The Submission namespace: a form's answers and drafts, and what happens after it is submitted. */
export * from "./submission";
export * from "./sign-off";
export * from "./attachments";
export * from "./checked-sections";
