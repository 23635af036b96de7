/** Steps 5 and 6: needs, the menu of offers, brokering, uptake and the regional development plan. */
export * as Support from "./support";
