/**
 * A date formatter made on first use. The first Intl formatter a process makes loads the locale data: ~17 ms of CPU
 * (measured in a function's init), which a cold start whose first page shows no date need not pay.
 */
export function lazyFormat(options: Intl.DateTimeFormatOptions): (date: Date) => string {
  let format: Intl.DateTimeFormat | undefined;
  return (date) => (format ??= new Intl.DateTimeFormat("en-GB", options)).format(date);
}

/** Dates as GOV.UK writes them: "1 December 2026". Stored deadlines are UTC, so they are read in UTC. */
const long = lazyFormat({ day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

export const govukDate = (iso: string | undefined) => (iso ? long(new Date(iso)) : "");

/** "in 3 days", "today", "2 days ago". */
export const daysPhrase = (days: number) =>
  days === 0
    ? "today"
    : days > 0
      ? `in ${days} day${days === 1 ? "" : "s"}`
      : `${-days} day${days === -1 ? "" : "s"} ago`;

/** A GOV.UK date input posts `<name>-day`, `-month`, `-year`; read it, or say what is wrong. */
export function readDateInput(
  body: Record<string, string>,
  name: string,
): { ok: true; iso: string } | { ok: false; message: string } {
  const [d, m, y] = ["day", "month", "year"].map((k) => (body[`${name}-${k}`] ?? "").trim());
  if (!d && !m && !y) return { ok: false, message: "Enter the new deadline" };
  if (!d || !m || !y)
    return { ok: false, message: `The new deadline must include a ${!d ? "day" : !m ? "month" : "year"}` };
  const [day, month, year] = [Number(d), Number(m), Number(y)];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    !/^\d{1,2}$/.test(d) ||
    !/^\d{1,2}$/.test(m) ||
    !/^\d{4}$/.test(y) ||
    date.getUTCDate() !== day ||
    date.getUTCMonth() !== month - 1
  )
    return { ok: false, message: "The new deadline must be a real date" };
  return { ok: true, iso: date.toISOString().slice(0, 10) };
}
