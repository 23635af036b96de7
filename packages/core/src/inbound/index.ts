/** Email in: trust checks, recording each message once, and routing replies to what they answer. */
export * from "./inbound";
export * as Trust from "./trust";
