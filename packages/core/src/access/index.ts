/** Who may do what: signed tokens, sign-in links, sessions, principals and their roles. */
export * as Access from "./access";
export * as Tokens from "./tokens";
