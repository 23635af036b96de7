/**
 * @riia/core — the domain of riia, one folder per domain (see README.md). Each folder's index is its public face.
 * Heavy modules are imported by subpath so entry points that do not use them do not bundle them:
 * `@riia/core/inbound` (mail parsing), `@riia/core/plan-document` (Word export), `@riia/core/adapters` (AWS SDK).
 */
export * from "./shared";
export * from "./audit";
export * from "./directory";
export * from "./access";
export * from "./submissions";
export * from "./cycle";
export * from "./workflow";
export * from "./peer-review";
export * from "./solver";
export * from "./support";
export * from "./mail";
export * from "./retention";
export * from "./dataset";
export * from "./concerns";
export * from "./national";
export * from "./exchange";
export * from "./impact";
