/** Reading replies: the person's own words, and the accept / decline they carry. */
export { ownWords, ownWordsOfText, type OwnWords } from "./reply-text";
export { readDecision, subjectWords, plain, isGreeting, type Decision, type ReadDecision } from "./reply-decision";
export { htmlToText } from "./html-text";
