/**
 * The quarterly core dataset: the indicator catalogue, collection through emailed links, CSV
 * import, benchmarks, statistical neighbours and early-warning signals.
 */
export * as Indicators from "./indicators";
export * as Quarters from "./quarters";
export * as Benchmarks from "./benchmarks";
export * as Spc from "./spc";
export * as EarlyWarning from "./early-warning";
export * as DatasetRules from "./rules";
export * as DatasetStore from "./store";
export * as DatasetImport from "./csv-import";
export * as DatasetChecks from "./values-check";
export * as Neighbours from "./neighbours";
export * as CatalogueDraft from "./catalogue-draft";
export * as Collection from "./collection";
export * as Returns from "./returns";
export * as Warning from "./warning";
export * as Mou from "./mou";
export * as Ees from "./ees";
export * as LaCodes from "./la-codes";
export * as Rounds from "./rounds";
export * as StudentT from "./student-t";
