/** The Support namespace: steps 5 and 6 (needs, offers, brokering, the regional development plan). */
export * from "./needs";
export * from "./offers";
export * from "./brokering";
export * from "./plan";
export type * from "./working";
