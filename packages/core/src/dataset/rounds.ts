/**
 * Rounds as the lead runs them from the console: schedule a quarter's round (when it opens, its
 * deadline, the reminder days), see each LA's return as it comes in, and reopen one LA's return
 * with a fresh link and deadline. The emailing itself stays in collection.ts (the scheduled step).
 */
import { Audit } from "../audit";
import { Region } from "../directory";
import { Emails, Mail } from "../mail";
import { Keys, ValidationError, queryAll, type Deps } from "../shared";
import * as Collection from "./collection";
import * as Quarters from "./quarters";
import * as Store from "./store";

type Issue = { path: string; message: string };
const DAY = 86_400_000;

export interface Plan {
  quarter: string;
  /** ISO dates (YYYY-MM-DD) as the form posts them. */
  opens: string;
  due: string;
  /** "7, 2": days before the deadline. */
  reminders: string;
}

export interface CheckedPlan {
  quarter: Quarters.Quarter;
  opensAt: string;
  dueAt: string;
  remindDaysBefore: number[];
}

const isoDay = (d: string) => (/^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(d)) ? Date.parse(d) : NaN);

/** Check a plan posted from the page: every problem named against its field. */
export function checkPlan(p: Plan, existing?: Collection.RoundItem): CheckedPlan {
  const issues: Issue[] = [];
  if (!Quarters.isQuarter(p.quarter))
    issues.push({ path: "quarter", message: "Choose the quarter the round collects" });
  const opens = isoDay(p.opens);
  const due = isoDay(p.due);
  if (Number.isNaN(opens)) issues.push({ path: "opens", message: "Enter the date the round opens, like 2026-07-01" });
  if (Number.isNaN(due)) issues.push({ path: "due", message: "Enter the deadline, like 2026-08-11" });
  else if (!Number.isNaN(opens) && due <= opens)
    issues.push({ path: "due", message: "The deadline must be after the round opens" });
  const reminders = p.reminders
    .split(/[,\s]+/)
    .filter(Boolean)
    .map(Number);
  if (reminders.some((d) => !Number.isInteger(d) || d < 1 || d > 30) || reminders.length > 4)
    issues.push({
      path: "reminders",
      message: "Give up to 4 whole numbers of days before the deadline, from 1 to 30, like 7, 2",
    });
  else if (!Number.isNaN(opens) && !Number.isNaN(due) && reminders.some((d) => due - d * DAY <= opens))
    issues.push({ path: "reminders", message: "Every reminder must fall after the round opens" });
  const opensAt = Number.isNaN(opens) ? "" : new Date(opens).toISOString();
  if (existing?.done.includes("open") && existing.opensAt !== opensAt)
    issues.push({ path: "opens", message: "This round has opened: its opening date cannot change" });
  if (issues.length) throw new ValidationError("The round's dates need changing.", issues);
  return {
    quarter: p.quarter,
    opensAt,
    // The deadline is the end of that working day (16:00 UTC), as rounds scheduled by the API have.
    dueAt: new Date(due + 16 * 3600_000).toISOString(),
    remindDaysBefore: [...new Set(reminders)].sort((a, b) => b - a),
  };
}

/** The plan a new round starts from: the region's settings for that quarter. */
export async function defaultPlan(
  deps: Pick<Deps, "store">,
  regionId: string,
  quarter: Quarters.Quarter,
): Promise<Plan> {
  const s = await Store.settings(deps, regionId);
  const opens = Quarters.end(quarter);
  const due = new Date(opens.getTime() + (s.dueWeeks * 7 - 1) * DAY);
  return {
    quarter,
    opens: opens.toISOString().slice(0, 10),
    due: due.toISOString().slice(0, 10),
    reminders: s.remindDaysBefore.join(", "),
  };
}

export const round = (deps: Pick<Deps, "store">, regionId: string, quarter: string) =>
  deps.store.get<Collection.RoundItem>(Keys.datasetRound(regionId, quarter), { consistent: true });

export const rounds = (deps: Pick<Deps, "store">, regionId: string) =>
  queryAll<Collection.RoundItem>(deps.store, { pk: Keys.datasetRoundsOf(regionId) });

/** Schedule (or re-plan, before it opens) a quarter's round with the lead's dates; audited. */
export async function scheduleRound(
  deps: Pick<Deps, "store" | "clock">,
  input: { regionId: string; plan: CheckedPlan; actor: Audit.Actor },
) {
  const { regionId, plan } = input;
  const existing =
    (await round(deps, regionId, plan.quarter)) ?? (await Collection.schedule(deps, regionId, plan.quarter));
  const s = await Store.settings(deps, regionId);
  const next: Collection.RoundItem = {
    ...existing,
    opensAt: plan.opensAt,
    dueAt: plan.dueAt,
    remindDaysBefore: plan.remindDaysBefore,
  };
  const stripped = Object.fromEntries(
    Object.entries(next).filter(([k]) => !k.startsWith("gsi2")),
  ) as Collection.RoundItem;
  await deps.store.put({ ...stripped, ...Collection.dueIndex(next, s) });
  await deps.store.update(Keys.datasetCheck(regionId, plan.quarter), {
    set: { gsi2sk: `${plan.dueAt}#${regionId}#${plan.quarter}` },
  });
  await Audit.record(deps, {
    scope: Audit.regionScope(regionId),
    actor: input.actor,
    action: "dataset.round.scheduled",
    entity: {
      type: "dataset-round",
      id: `${regionId}#${plan.quarter}`,
      version: Date.parse(deps.clock.now().toISOString()),
    },
    summary: `Scheduled the ${Quarters.label(plan.quarter)} round: opens ${plan.opensAt.slice(0, 10)}, due ${plan.dueAt.slice(0, 10)}, reminders ${plan.remindDaysBefore.join(", ") || "none"} days before`,
  });
  return next;
}

export type ReturnState = "returned" | "imported" | "awaiting" | "late" | "reopened";

/** Each LA's return in a round, as it stands. */
export async function returnsOf(deps: Pick<Deps, "store" | "clock">, r: Collection.RoundItem) {
  const [las, items] = await Promise.all([
    Region.authorities(deps, r.regionId),
    Store.regionQuarter(deps, r.regionId, r.quarter),
  ]);
  const byLa = new Map(items.map((i) => [i.authority, i]));
  const now = deps.clock.now().toISOString();
  return las
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((la) => {
      const item = byLa.get(la.code);
      const reopened = r.reopened?.[la.code];
      const state: ReturnState =
        reopened && (!item || item.at <= reopened.at)
          ? "reopened"
          : item
            ? item.source === "return"
              ? "returned"
              : "imported"
            : now > r.dueAt
              ? "late"
              : "awaiting";
      return { code: la.code, name: la.name, state, at: item?.at, reopened };
    });
}

/** Reopen one LA's return: its data contacts get a fresh link with a new deadline; audited with the reason. */
export async function reopen(
  deps: Deps,
  input: { regionId: string; quarter: string; authority: string; reason: string; days: number; actor: Audit.Actor },
) {
  const r = await round(deps, input.regionId, input.quarter);
  if (!r)
    throw new ValidationError("There is no round for that quarter.", [
      { path: "quarter", message: "Schedule the round first" },
    ]);
  if (!r.done.includes("open"))
    throw new ValidationError("The round has not opened yet.", [
      { path: "authority", message: "A return can be reopened once its round has opened" },
    ]);
  const reason = input.reason.trim();
  if (reason.length < 3)
    throw new ValidationError("Say why.", [
      { path: "reason", message: "Say why the return is reopened (it is kept in the audit)" },
    ]);
  const la = await Region.authority(deps, input.authority);
  if (la.regionId !== input.regionId)
    throw new ValidationError("Not this region's local authority.", [
      { path: "authority", message: "Choose one of the region's local authorities" },
    ]);
  const at = deps.clock.now().toISOString();
  const dueAt = new Date(Date.parse(at) + input.days * DAY).toISOString();
  const region = await Region.get(deps, input.regionId);
  const contacts = await Collection.dataContacts(deps, la.code);
  for (const person of contacts)
    await Mail.enqueue(deps, {
      key: {
        cycleId: `${r.regionId}-${r.quarter}`,
        step: "dataset",
        recipient: person.email,
        purpose: `reopen-${la.code}-${at}`,
      },
      to: person.email,
      regionId: r.regionId,
      message: Emails.render("datasetInvitation", {
        name: person.name,
        authority: la.name,
        quarter: Quarters.label(r.quarter),
        deadline: dueAt,
        link: await Collection.formLink(deps, { ...r, dueAt }, la.code, person.id),
        region: region.name,
      }),
    });
  await deps.store.update(Keys.datasetRound(r.regionId, r.quarter), {
    set: { reopened: { ...r.reopened, [la.code]: { at, by: input.actor.id, reason, dueAt } } },
  });
  await Audit.record(deps, {
    scope: Audit.regionScope(r.regionId),
    actor: input.actor,
    action: "dataset.return.reopened",
    entity: { type: "dataset-return", id: `${r.quarter}#${la.code}`, version: Date.parse(at) },
    authority: la.code,
    summary: `Reopened ${la.name}'s core dataset return for ${r.quarter} (due ${dueAt.slice(0, 10)}): ${reason}`,
  });
  return { contacts: contacts.map((p) => p.email), dueAt };
}
