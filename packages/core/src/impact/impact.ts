export * from "./solutions";
export * from "./verdict";
export * from "./outcomes";
export * from "./feedback";
export * from "./track-record";
export * from "./plan-progress";
export * from "./working-plan";
export * from "./national-impact";
