/** What the solution pages' forms post, read the same way for the lead and for the LAs' emailed links. */
import { ValidationError, type Impact } from "@riia/core";
import type { Context } from "hono";
import type { AppEnv } from "../../context";

/** Every string field, repeated ones (ticked checkboxes) as lists. */
export async function posted(c: Context<AppEnv>) {
  const type = c.req.header("content-type") ?? "";
  if (!type.includes("application/x-www-form-urlencoded") && !type.includes("multipart/form-data"))
    throw new ValidationError("Send the form as a web form.");
  const raw = await c.req.parseBody({ all: true });
  const one: Record<string, string> = {};
  const many: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(raw)) {
    const list = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === "string");
    many[k] = list;
    if (list.length) one[k] = list[0]!;
  }
  return { one, many };
}

/** A GOV.UK date input's three fields as YYYY-MM-DD ("" when incomplete; the domain says what is wrong). */
export function dateOf(body: Record<string, string>, prefix: string) {
  const [d, m, y] = ["day", "month", "year"].map((p) => (body[`${prefix}-${p}`] ?? "").trim());
  if (!d || !m || !/^\d{4}$/.test(y!) || !/^\d{1,2}$/.test(d!) || !/^\d{1,2}$/.test(m!)) return "";
  const iso = `${y}-${m!.padStart(2, "0")}-${d!.padStart(2, "0")}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso ? "" : iso;
}

export const aimsOf = (p: Awaited<ReturnType<typeof posted>>): Impact.AimsInput => ({
  indicators: p.many.indicators ?? [],
  priorities: p.many.priorities ?? [],
  startsOn: dateOf(p.one, "startsOn"),
  endsOn: dateOf(p.one, "endsOn"),
});

/** The date fields to show again: what was posted, else the stored date. */
export function dateFields(body: Record<string, string>, prefix: string, stored?: string) {
  const [y, m, d] = (stored ?? "").split("-");
  return {
    day: body[`${prefix}-day`] ?? (d ? String(Number(d)) : ""),
    month: body[`${prefix}-month`] ?? (m ? String(Number(m)) : ""),
    year: body[`${prefix}-year`] ?? y ?? "",
  };
}

export function feedbackOf(body: Record<string, string>) {
  const useful = Number(body.useful);
  return {
    ...(body.useful && Number.isInteger(useful) ? { useful } : {}),
    changed: body.changed ?? "",
    ...(body.recommend === "yes" ? { recommend: true } : body.recommend === "no" ? { recommend: false } : {}),
  };
}
