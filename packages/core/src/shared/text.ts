/** Small text helpers more than one domain needs. */

/** `s` as a literal inside a regular expression (a person's name or address searched for in what was written). */
export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
