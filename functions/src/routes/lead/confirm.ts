/**
 * Consequential actions take two posts: the first (or a GET) draws the confirmation page, which says what will happen
 * and to whom; only a post carrying `confirm=yes` acts. Works without JavaScript: the confirmation is a page.
 */
import type { ConfirmModel } from "../../view-models/confirm";
import { page } from "../../context";
import type { C } from "./http";
import { errorFor, type PageError } from "./page-errors";

/** True when the post is the confirmation's own (the second post). */
export const confirmed = (body: Record<string, string>) => body.confirm === "yes";

/** Every value of a repeated field (ticked checkboxes), which `form()` reduces to one. */
export async function allOf(c: C, name: string): Promise<string[]> {
  const body = await c.req.parseBody({ all: true });
  const v = body[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === "string");
}

export function renderConfirm(
  c: C,
  model: ConfirmModel,
  input: { values?: Record<string, string>; chosen?: string[]; errors?: PageError[] } = {},
) {
  const errors = input.errors?.length ? input.errors : undefined;
  const reasonField = model.reason?.name ?? "reason";
  return page(
    c,
    "lead-confirm.njk",
    {
      ...model,
      values: input.values ?? {},
      chosen: input.chosen ?? [],
      errors,
      reasonError: errors && (errorFor(errors, reasonField) ?? errorFor(errors, "text")),
      deadlineError: errors && errorFor(errors, "deadline"),
      chooseError: errors && errorFor(errors, "authorities"),
    },
    errors ? 400 : 200,
  );
}

/** The reason a confirmation asks for, when it is required and missing. */
export function missingReason(model: ConfirmModel, body: Record<string, string>): PageError[] {
  const r = model.reason;
  const name = r?.name ?? "reason";
  if (!r?.required || (body[name] ?? "").trim().length >= 3) return [];
  return [{ href: `#${r.id}`, text: "Enter a reason (at least 3 characters)", field: name }];
}
