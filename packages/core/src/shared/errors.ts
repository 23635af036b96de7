/**
 * Typed errors of the domain. The HTTP layer maps each to a status code in one place
 * (`functions/src/app.ts` → `onError`); anything that is not one of these is a 500.
 */

/** Base class: every expected failure the user can act on. */
export abstract class RiiaError extends Error {
  /** A short, stable, machine-readable code (used as the problem `type` suffix). */
  abstract readonly code: string;
  constructor(
    message: string,
    /** Extra, safe-to-show detail (never secrets or tokens). */
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A thing the caller asked for does not exist (or they may not know that it does). */
export class NotFoundError extends RiiaError {
  readonly code = "not-found";
}

/** Input failed validation. `issues` lists each problem with the field it belongs to. */
export class ValidationError extends RiiaError {
  readonly code = "validation";
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message, { issues });
  }
}

/** Someone else changed the record first (optimistic concurrency). */
export class ConflictError extends RiiaError {
  readonly code = "conflict";
}

/** The caller is not signed in or their credential is missing/invalid. */
export class UnauthorizedError extends RiiaError {
  readonly code = "unauthorised";
}

/** The caller is known but may not do this. */
export class ForbiddenError extends RiiaError {
  readonly code = "forbidden";
}

/** The thing existed but is no longer available (expired or revoked link). */
export class GoneError extends RiiaError {
  readonly code = "gone";
}

/** The action is not allowed in the current state (e.g. a step is closed). */
export class StateError extends RiiaError {
  readonly code = "state";
}

/** Configuration is missing or invalid; raised once at start-up so the process fails fast. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n- ${problems.join("\n- ")}`);
    this.name = "ConfigError";
  }
}

/** A conditional write failed at the store: the adapter raises this, domain code turns it into a ConflictError. */
export class ConditionFailedError extends Error {
  constructor(message = "Condition failed") {
    super(message);
    this.name = "ConditionFailedError";
  }
}
