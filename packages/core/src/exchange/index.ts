/** Step 5 across the nine regions: the national catalogue of offers, requests between regions and shared learning. */
export * as Exchange from "./exchange";
