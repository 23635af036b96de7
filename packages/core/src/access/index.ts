/** Who may do what: signed tokens, sign-in links, server-side sessions, principals and their roles. */
export * as Access from "./access";
export * as Tokens from "./tokens";
export * as Sessions from "./sessions";
