/** The year's calendar: a region's cycle, its steps and their dates, and each LA's task in a step. */
export * as Cycle from "./cycle";
export * as Tasks from "./tasks";
