/** Email out: the ledger and dispatch, the catalogue of messages, composing them, and reply-address handles. */
export * as Mail from "./outbox";
export * as Emails from "./catalogue";
export * as Replies from "./reply-handles";
export * as ReplyText from "./reply-reading";
export { compose as composeEmail, type Block as EmailBlock, type RenderedEmail } from "./compose";
export { sendNow } from "./send-now";
export { mentions as namesPerson } from "./named-people";
