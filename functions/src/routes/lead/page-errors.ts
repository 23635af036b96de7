/** The GOV.UK error pattern for the lead's forms: a refused action re-renders the page with the reasons. */
import { ConflictError, StateError, ValidationError } from "@riia/core";

export interface PageError {
  href: string;
  text: string;
  field?: string;
}

/** Errors the user can act on become an error summary (and inline messages); anything else is thrown on. */
export function pageErrors(err: unknown, fieldIds: Record<string, string>): PageError[] {
  if (err instanceof ValidationError) {
    const issues = err.issues.length ? err.issues : [{ path: "", message: err.message }];
    return issues.map((i) => {
      const id = fieldIds[i.path] ?? Object.values(fieldIds)[0] ?? "main-content";
      return { href: `#${id}`, text: i.message, field: i.path };
    });
  }
  if (err instanceof StateError || err instanceof ConflictError)
    return [{ href: `#${Object.values(fieldIds)[0] ?? "main-content"}`, text: err.message }];
  throw err;
}

/** The inline message for one field. */
export const errorFor = (errors: PageError[], field: string) => errors.find((e) => e.field === field)?.text;
