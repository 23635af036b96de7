import {
  ConflictError,
  ForbiddenError,
  GoneError,
  NotFoundError,
  type RiiaError,
  StateError,
  UnauthorizedError,
  ValidationError,
} from "@riia/core";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** RFC 9457 problem details, the body of every JSON error. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Sign in required",
  403: "Forbidden",
  404: "Not found",
  409: "Conflict",
  410: "Gone",
  413: "Too large",
  415: "Unsupported media type",
  422: "Unprocessable content",
  429: "Too many requests",
  500: "Internal server error",
};

/** The one mapping from typed errors to HTTP statuses. Anything unknown is a 500. */
export function statusFor(err: unknown): ContentfulStatusCode | undefined {
  if (err instanceof ValidationError) return 400;
  if (err instanceof UnauthorizedError) return 401;
  if (err instanceof ForbiddenError) return 403;
  if (err instanceof NotFoundError) return 404;
  if (err instanceof ConflictError) return 409;
  if (err instanceof StateError) return 409;
  if (err instanceof GoneError) return 410;
  return undefined;
}

export function problem(status: number, init: Partial<Problem> = {}): Problem {
  const { type, title, ...rest } = init;
  return {
    type: type ?? `https://riia.example.org/problems/${status}`,
    title: title ?? TITLES[status] ?? "Error",
    status,
    ...rest,
  };
}

/** Problem details for a typed domain error. */
/** Titles for errors whose status alone would mislead (a submitted form is not a "conflict"). */
const CODE_TITLES: Record<string, string> = { state: "You cannot change this now" };

export function problemFor(err: RiiaError, status: number, requestId?: string): Problem {
  return problem(status, {
    ...(CODE_TITLES[err.code] ? { title: CODE_TITLES[err.code] } : {}),
    type: `https://riia.example.org/problems/${err.code}`,
    detail: err.message,
    requestId,
    ...(err instanceof ValidationError ? { errors: err.issues } : {}),
    ...(err instanceof ConflictError && err.detail ? { current: err.detail } : {}),
  });
}
