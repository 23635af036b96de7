/** The Exchange namespace: the catalogue, requests between regions, case studies and the national flows. */
export * from "./catalogue";
export * from "./requests";
export * from "./decisions";
export * from "./learning";
export * from "./flows";
export * from "./reviewers";
