/**
 * Quarterly collection. A region's round for a quarter opens when the quarter ends: each LA's data
 * contact gets an emailed link to the return form. Reminders go before the due date; once it has
 * passed, LAs still missing are escalated up the MoU ladder (DCS → regional lead → DfE adviser),
 * the same ladder overdue forms use. Opening a round schedules the next quarter's, so collection
 * runs on by itself once started. Rounds wait in gsi2 `DUE#dataset` by their next event, so the
 * scheduled step reads only what is due; every event is idempotent (mail keys are deterministic).
 */
import { Audit } from "../audit";
import { People, Region } from "../directory";
import { Emails, Mail } from "../mail";
import { Links } from "../submissions";
import { Keys, type Deps, type Item } from "../shared";
import * as Quarters from "./quarters";
import * as Store from "./store";
import type { DatasetSettings } from "./rules";

export const DUE_DATASET = "DUE#dataset";
/** Early-warning checks of a quarter, due with its returns (run by the concerns step). */
export const DUE_CHECK = "DUE#dscheck";
/** A region's daily early-warning check (catches what the checks run on every change did not). */
export const DUE_DAILY = "DUE#dsdaily";
export const FORM = "quarterly-dataset";
const DAY = 86_400_000;

export interface RoundItem extends Item {
  kind: "dataset-round";
  regionId: string;
  quarter: Quarters.Quarter;
  opensAt: string;
  dueAt: string;
  /** Events done (open, remind-7, escalate-regional-lead, …). */
  done: string[];
  /** The catalogue version the round's returns use, pinned when it opens: a later version waits for the next round. */
  catalogueVersion?: number;
  /** Reminder days the lead set for this round (else the region's settings). */
  remindDaysBefore?: number[];
  /** LAs whose return the lead reopened: authority → when, who, why, and the new deadline. */
  reopened?: Record<string, { at: string; by: string; reason: string; dueAt: string }>;
}

/** The round's events and when each falls, in order. */
export function events(
  round: Pick<RoundItem, "opensAt" | "dueAt" | "remindDaysBefore">,
  s: DatasetSettings,
): { id: string; at: string }[] {
  const due = Date.parse(round.dueAt);
  const list = [
    { id: "open", at: round.opensAt },
    ...(round.remindDaysBefore ?? s.remindDaysBefore).map((d) => ({
      id: `remind-${d}`,
      at: new Date(due - d * DAY).toISOString(),
    })),
    ...s.ladder.map((l) => ({
      id: `escalate-${l.role}`,
      at: new Date(due + Math.max(1, l.afterDays) * DAY).toISOString(),
    })),
  ];
  return list.sort((a, b) => a.at.localeCompare(b.at));
}

export const dueIndex = (r: RoundItem, s: DatasetSettings) => {
  const next = events(r, s).find((e) => !r.done.includes(e.id));
  return next ? { gsi2pk: DUE_DATASET, gsi2sk: `${next.at}#${r.regionId}#${r.quarter}` } : {};
};

/** Start (or keep) a region's round for a quarter. Idempotent. */
export async function schedule(deps: Pick<Deps, "store">, regionId: string, quarter: Quarters.Quarter) {
  const existing = await deps.store.get<RoundItem>(Keys.datasetRound(regionId, quarter));
  if (existing) return existing;
  const s = await Store.settings(deps, regionId);
  const opensAt = Quarters.end(quarter);
  const round: RoundItem = {
    ...Keys.datasetRound(regionId, quarter),
    kind: "dataset-round",
    regionId,
    quarter,
    opensAt: opensAt.toISOString(),
    // Due at the end of the working day (16:00 UTC is 17:00 in summer, 16:00 in winter in London).
    dueAt: new Date(opensAt.getTime() + (s.dueWeeks * 7 - 1) * DAY + 16 * 3600_000).toISOString(),
    done: [],
  };
  await deps.store.put({ ...round, ...dueIndex(round, s) });
  await deps.store.put({
    ...Keys.datasetCheck(regionId, quarter),
    kind: "dataset-check",
    regionId,
    quarter,
    gsi2pk: DUE_CHECK,
    gsi2sk: `${round.dueAt}#${regionId}#${quarter}`,
  });
  const daily = Keys.datasetCheck(regionId, "daily");
  if (!(await deps.store.get(daily)))
    await deps.store.put({
      ...daily,
      kind: "dataset-daily-check",
      regionId,
      gsi2pk: DUE_DAILY,
      gsi2sk: `${nextDaily(opensAt)}#${regionId}`,
    });
  return round;
}

/** The next daily check after `d`: 06:00 UTC the next morning. */
export function nextDaily(d: Date): string {
  const next = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1, 6));
  return next.toISOString();
}

/** The LA's data contacts: officers whose job title names performance, data or intelligence; else its officers. */
export async function dataContacts(deps: Pick<Deps, "store">, authority: string) {
  const people = await People.listByAuthority(deps, authority);
  const officers = people.filter((p) => p.roles.includes("officer"));
  const data = officers.filter((p) => /performance|data|intelligence|insight/i.test(p.jobTitle ?? ""));
  return data.length ? data : officers;
}

/** The personal link to an LA's return form for a quarter. */
export async function formLink(
  deps: Pick<Deps, "store" | "config" | "clock">,
  round: RoundItem,
  authority: string,
  personId: string,
) {
  const { token } = await Links.issue(deps, {
    cycleId: `${round.regionId}-${round.quarter}`,
    regionId: round.regionId,
    authority,
    form: FORM,
    personId,
    expiresAt: new Date(Date.parse(round.dueAt) + 120 * DAY),
  });
  return `${deps.config.baseUrl}/d/${token}`;
}

async function invite(deps: Deps, round: RoundItem, kind: "open" | `remind-${number}`) {
  const region = await Region.get(deps, round.regionId);
  const las = await Region.authorities(deps, round.regionId);
  const have = new Set((await Store.regionQuarter(deps, round.regionId, round.quarter)).map((i) => i.authority));
  const daysLeft = Math.max(0, Math.round((Date.parse(round.dueAt) - deps.clock.now().getTime()) / DAY));
  let queued = 0;
  for (const la of las.filter((l) => kind === "open" || !have.has(l.code))) {
    for (const person of await dataContacts(deps, la.code)) {
      const link = await formLink(deps, round, la.code, person.id);
      const common = {
        name: person.name,
        authority: la.name,
        quarter: Quarters.label(round.quarter),
        deadline: round.dueAt,
        link,
      };
      const { created } = await Mail.enqueue(deps, {
        key: { cycleId: `${round.regionId}-${round.quarter}`, step: "dataset", recipient: person.email, purpose: kind },
        to: person.email,
        regionId: round.regionId,
        message:
          kind === "open"
            ? Emails.render("datasetInvitation", { ...common, region: region.name })
            : Emails.render("datasetReminder", { ...common, daysLeft }),
      });
      if (created) queued++;
    }
  }
  return queued;
}

const ROLE_LABELS = {
  dcs: "director of children's services",
  "regional-lead": "regional lead",
  "dfe-adviser": "DfE adviser",
};

async function escalate(deps: Deps, round: RoundItem, role: DatasetSettings["ladder"][number]["role"]) {
  const region = await Region.get(deps, round.regionId);
  const have = new Set((await Store.regionQuarter(deps, round.regionId, round.quarter)).map((i) => i.authority));
  const late = (await Region.authorities(deps, round.regionId)).filter((l) => !have.has(l.code));
  const regional =
    role === "dcs" ? [] : (await People.listRegional(deps, round.regionId)).filter((p) => p.roles.includes(role));
  const days = Math.round((deps.clock.now().getTime() - Date.parse(round.dueAt)) / DAY);
  for (const la of late) {
    const to =
      role === "dcs" ? (await People.listByAuthority(deps, la.code)).filter((p) => p.roles.includes("dcs")) : regional;
    for (const person of to)
      await Mail.enqueue(deps, {
        key: {
          cycleId: `${round.regionId}-${round.quarter}`,
          step: "dataset",
          recipient: person.email,
          purpose: `escalate-${role}-${la.code}`,
        },
        to: person.email,
        regionId: round.regionId,
        message: Emails.render("escalation", {
          name: person.name,
          role: ROLE_LABELS[role],
          authority: la.name,
          form: `Core dataset return for ${Quarters.label(round.quarter)}`,
          deadline: round.dueAt,
          daysOverdue: Math.max(1, days),
          region: region.name,
        }),
      });
    await Audit.record(deps, {
      scope: Audit.regionScope(round.regionId),
      actor: Audit.systemActor("dataset-collection"),
      action: "dataset.return.escalated",
      entity: { type: "dataset-return", id: `${round.quarter}#${la.code}#${role}`, version: 1 },
      authority: la.code,
      summary: `${la.name}'s core dataset return for ${round.quarter} is late: told the ${ROLE_LABELS[role]}`,
    });
  }
  return late.length;
}

async function runEvent(deps: Deps, round: RoundItem, id: string) {
  if (id === "open") {
    await schedule(deps, round.regionId, Quarters.shift(round.quarter, 1));
    return invite(deps, round, "open");
  }
  if (id.startsWith("remind-")) return invite(deps, round, id as `remind-${number}`);
  return escalate(deps, round, id.slice("escalate-".length) as DatasetSettings["ladder"][number]["role"]);
}

/** The scheduled step: run every round event that has fallen due, oldest first. */
export async function runDue(deps: Deps, now: Date) {
  const { items } = await deps.store.query<RoundItem>({
    index: "gsi2",
    pk: DUE_DATASET,
    sk: { le: `${now.toISOString()}#~` },
    limit: 50,
  });
  let ran = 0;
  for (const stale of items) {
    let round = (await deps.store.get<RoundItem>(Keys.datasetRound(stale.regionId, stale.quarter), {
      consistent: true,
    }))!;
    const s = await Store.settings(deps, round.regionId);
    for (const e of events(round, s).filter((x) => x.at <= now.toISOString() && !round.done.includes(x.id))) {
      if (e.id === "open" && round.catalogueVersion === undefined)
        round = { ...round, catalogueVersion: (await Store.catalogue(deps, round.regionId)).version };
      await runEvent(deps, round, e.id);
      round = { ...round, done: [...round.done, e.id] };
      ran++;
    }
    const next = dueIndex(round, s);
    await deps.store.put({
      ...Object.fromEntries(Object.entries(round).filter(([k]) => !k.startsWith("gsi2"))),
      ...next,
    } as RoundItem);
  }
  return { rounds: items.length, events: ran };
}
