export * from "./solutions";
export * from "./verdict";
export * from "./outcomes";
export * from "./feedback";
export * from "./track-record";
