/**
 * Concerns under the MoU. A concern about an LA is opened when its early-warning signals cross the
 * region's trigger, or by the regional lead from other intelligence (Ofsted, JTAI, the annual
 * conversation). The LA's DCS is emailed the evidence in plain words and asked to respond, on a
 * page or by replying, within the region's time. No response, or a response the lead does not
 * accept, climbs the ladder: DCS → regional lead → DfE adviser. Each concern becomes a need on the
 * region's support menu so brokering can answer it. Every step is audited.
 */
import * as z from "../zod";
import { createHash } from "node:crypto";
import { Keys, NotFoundError, StateError, queryAll, type Deps, type Item } from "../shared";
import { Audit } from "../audit";
import { Cycle } from "../cycle";
import { Collection, type DatasetRules, DatasetStore, EarlyWarning, Quarters, Warning } from "../dataset";
import { People, Region } from "../directory";
import { Emails, Mail, Replies } from "../mail";
import { Links } from "../submissions";
import * as Urgent from "./urgent";

export const DUE_CONCERN = "DUE#concern";
export const FORM = "concern-response";
const DAY = 86_400_000;

export const Source = z.enum(["early-warning", "ofsted", "jtai", "annual-conversation", "other"]);
export type Source = z.infer<typeof Source>;
export const SOURCE_LABELS: Record<Source, string> = {
  "early-warning": "Early-warning signals in the core dataset",
  ofsted: "Ofsted inspection or focused visit",
  jtai: "Joint targeted area inspection",
  "annual-conversation": "Annual conversation",
  other: "Other intelligence",
};

export type Status = "awaiting-response" | "responded" | "accepted" | "escalated" | "closed";
export const STATUS_LABELS: Record<Status, string> = {
  "awaiting-response": "Awaiting response",
  responded: "Response to review",
  accepted: "Response accepted",
  escalated: "Escalated",
  closed: "Closed",
};
export const ROLE_LABELS = {
  dcs: "director of children's services",
  "regional-lead": "regional lead",
  "dfe-adviser": "DfE adviser",
} as const;

export interface HistoryEntry {
  at: string;
  action: string;
  by: string;
  note?: string;
}

export interface Concern extends Item {
  kind: "concern";
  id: string;
  regionId: string;
  authority: string;
  authorityName: string;
  themes: string[];
  source: Source;
  quarter?: string;
  evidence: string[];
  /** Why the region's MoU opened it, in plain words with the numbers (early-warning concerns). */
  because?: string[];
  /** Opened at once for a spiral: the DCS and the regional lead are told the same day. */
  urgent?: boolean;
  /** The version of the region's MoU rules that opened it. */
  mouVersion?: number;
  status: Status;
  /** How far up the ladder it has gone: 0 the DCS, 1 the regional lead, 2 the DfE adviser. */
  level: number;
  openedAt: string;
  respondBy: string;
  response?: { text: string; by: string; at: string; via: "page" | "email" };
  outcome?: string;
  history: HistoryEntry[];
}

export const concernKey = Keys.concern;
const isOpen = (c: Concern) => c.status !== "closed";

export const list = (deps: Pick<Deps, "store">, regionId: string) =>
  queryAll<Concern>(deps.store, { pk: Keys.concernsOf(regionId) });

export async function get(deps: Pick<Deps, "store">, regionId: string, id: string) {
  const c = await deps.store.get<Concern>(concernKey(regionId, id), { consistent: true });
  if (!c) throw new NotFoundError("There is no such concern.");
  return c;
}

/** When the next rung of the ladder is due (none once the top is reached or nobody is waiting). */
export function nextDue(c: Concern, s: DatasetRules.DatasetSettings): string | undefined {
  if (c.status !== "awaiting-response" && c.status !== "escalated") return undefined;
  const rung = s.ladder[c.level + 1];
  if (!rung) return undefined;
  const after = c.level === 0 ? Math.max(rung.afterDays, s.responseDays) : rung.afterDays;
  return new Date(Date.parse(c.openedAt) + after * DAY).toISOString();
}

/** Write a concern with its due index (gsi2 while the ladder may still climb). */
export async function save(deps: Pick<Deps, "store">, c: Concern, s: DatasetRules.DatasetSettings) {
  const due = nextDue(c, s);
  const { gsi2pk: _a, gsi2sk: _b, ...rest } = c;
  const item = due ? { ...rest, gsi2pk: DUE_CONCERN, gsi2sk: `${due}#${c.regionId}#${c.id}` } : rest;
  await deps.store.put(item);
  return item as Concern;
}

export async function audit(
  deps: Pick<Deps, "store" | "clock">,
  c: Concern,
  actor: Audit.Actor,
  action: string,
  summary: string,
) {
  await Audit.record(deps, {
    scope: Audit.regionScope(c.regionId),
    actor,
    action: `concern.${action}`,
    entity: { type: "concern", id: c.id, version: c.history.length },
    authority: c.authority,
    summary,
  });
}

export async function responseLink(deps: Pick<Deps, "store" | "config" | "clock">, c: Concern, personId: string) {
  const { token } = await Links.issue(deps, {
    cycleId: `concern-${c.id}`,
    regionId: c.regionId,
    authority: c.authority,
    form: FORM,
    personId,
    expiresAt: new Date(Date.parse(c.openedAt) + 180 * DAY),
  });
  return `${deps.config.baseUrl}/c/${token}`;
}

/** Send queued mail now (a lead waiting on a page); anything not sent goes with the scheduled step. */
export async function sendNow(deps: Deps, ids: string[]) {
  const limiter = Mail.storeRateLimiter(deps, deps.config.sesMaxSendRate);
  for (const id of ids)
    await Mail.dispatch(deps, id, limiter, { inProcessRetries: 1 }).catch((err: unknown) =>
      deps.log.warn({ err, mail: id }, "concern email not sent now; the scheduled step will send it"),
    );
}

/** Ask the LA's DCS(s) to respond, with a link and a reply address. */
async function askDcs(deps: Deps, c: Concern, regionName: string, themeLabel: (t: string) => string) {
  const dcs = (await People.listByAuthority(deps, c.authority)).filter((p) => p.roles.includes("dcs"));
  const queued: string[] = [];
  for (const person of dcs) {
    const { address } = await Replies.issue(deps, {
      purpose: "concern",
      subject: `${c.regionId}|${c.id}`,
      cycleId: `concern-${c.id}`,
      regionId: c.regionId,
      personId: person.id,
      authority: c.authority,
      expiresAt: new Date(Date.parse(c.openedAt) + 180 * DAY),
      id: Replies.handleIdFor(`concern-${c.regionId}-${c.id}`, person.id),
    });
    const { item } = await Mail.enqueue(deps, {
      key: { cycleId: `concern-${c.id}`, step: "concern", recipient: person.email, purpose: "raised" },
      to: person.email,
      replyTo: address,
      regionId: c.regionId,
      message: Emails.render("concernRaised", {
        name: person.name,
        authority: c.authorityName,
        region: regionName,
        themes: c.themes.map(themeLabel),
        evidence: c.evidence,
        respondBy: c.respondBy,
        link: await responseLink(deps, c, person.id),
      }),
    });
    queued.push(item.id);
  }
  await sendNow(deps, queued);
  return dcs.length;
}

/** Make (or strengthen) a need on the region's current support menu for each theme of the concern. */
async function recordNeeds(deps: Pick<Deps, "store">, c: Concern) {
  const [cycle] = await Cycle.listForRegion(deps, c.regionId);
  if (!cycle) return 0;
  for (const theme of c.themes) {
    const key = Keys.need(cycle.id, c.authority, theme);
    const existing = await deps.store.get(key);
    const sources = [...new Set([...((existing?.sources as string[] | undefined) ?? []), "concern"])];
    const description = [existing?.description, `Concern under the MoU: ${c.evidence.slice(0, 3).join(" ")}`]
      .filter(Boolean)
      .join("\n");
    await deps.store.put({
      ...existing,
      ...key,
      kind: "need",
      id: `${c.authority}#${theme}`,
      cycleId: cycle.id,
      authority: c.authority,
      theme,
      description: existing?.description?.toString().includes("Concern under the MoU")
        ? existing.description
        : description,
      priority: 3,
      sources,
    });
  }
  return c.themes.length;
}

export interface OpenInput {
  regionId: string;
  authority: string;
  themes: string[];
  source: Source;
  evidence: string[];
  quarter?: string;
  actor: Audit.Actor;
  because?: string[];
  urgent?: boolean;
  mouVersion?: number;
}

/** Open a concern, ask the DCS, record the needs and audit it. Idempotent per (LA, quarter) for signals. */
export async function open(deps: Deps, input: OpenInput): Promise<Concern> {
  const [region, la, s] = await Promise.all([
    Region.get(deps, input.regionId),
    Region.authority(deps, input.authority),
    DatasetStore.settings(deps, input.regionId),
  ]);
  const at = deps.clock.now().toISOString();
  const id =
    input.source === "early-warning" && input.quarter
      ? `${input.authority}-${input.quarter}`
      : `${input.authority}-${createHash("sha256").update(`${input.source}|${at}`).digest("hex").slice(0, 8)}`;
  const existing = await deps.store.get<Concern>(concernKey(input.regionId, id));
  if (existing) return existing;
  const c: Concern = {
    ...concernKey(input.regionId, id),
    kind: "concern",
    id,
    regionId: input.regionId,
    authority: la.code,
    authorityName: la.name,
    themes: input.themes,
    source: input.source,
    ...(input.quarter ? { quarter: input.quarter } : {}),
    evidence: input.evidence,
    ...(input.because?.length ? { because: input.because } : {}),
    ...(input.urgent ? { urgent: true } : {}),
    ...(input.mouVersion ? { mouVersion: input.mouVersion } : {}),
    status: "awaiting-response",
    level: 0,
    openedAt: at,
    respondBy: new Date(Date.parse(at) + s.responseDays * DAY).toISOString(),
    history: [{ at, action: "opened", by: input.actor.name ?? input.actor.id, note: SOURCE_LABELS[input.source] }],
  };
  const saved = await save(deps, c, s);
  const themeLabel = (t: string) => region.settings.themes.find((x) => x.id === t)?.label ?? t;
  const asked = await askDcs(deps, saved, region.name, themeLabel);
  const lead = saved.urgent ? await Urgent.tellLead(deps, saved, region.name) : { told: 0, queued: [] };
  await sendNow(deps, lead.queued);
  const told = lead.told;
  await recordNeeds(deps, saved);
  await audit(
    deps,
    saved,
    input.actor,
    "opened",
    `Opened a concern about ${la.name} (${saved.themes.map(themeLabel).join(", ")}); asked ${asked} DCS to respond by ${saved.respondBy.slice(0, 10)}${saved.urgent ? `; urgent, told ${told} regional lead${told === 1 ? "" : "s"} the same day` : ""}`,
  );
  return saved;
}

/**
 * Open a concern for every LA (or each of `authorities`) whose signals for the quarter the region's
 * MoU opens one for, and that has none open: concerns never duplicate. A spiral opens an urgent one.
 */
export async function openFromSignals(
  deps: Deps,
  input: { regionId: string; quarter: string; actor: Audit.Actor; authorities?: string[] },
) {
  const ew = await Warning.earlyWarning(deps, input.regionId, input.quarter);
  const open_ = new Map((await list(deps, input.regionId)).filter(isOpen).map((c) => [c.authority, c]));
  const { actor } = input;
  const steps = {
    save: (c: Concern) => save(deps, c, ew.settings),
    audit: (c: Concern, summary: string) => audit(deps, c, actor, "urgent", summary),
    sendNow: (ids: string[]) => sendNow(deps, ids),
  };
  const only = input.authorities ? new Set(input.authorities) : null;
  const opened: Concern[] = [];
  for (const r of ew.results) {
    if (only && !only.has(r.authority)) continue;
    // A spiral leads: it is why the concern is urgent.
    const why = EarlyWarning.reasons(r.signals, ew.catalogue.indicators, ew.settings).sort(
      (a, b) => Number(b.rule === "spiral") - Number(a.rule === "spiral"),
    );
    const existing = open_.get(r.authority);
    if (existing && why[0]?.rule === "spiral" && !existing.urgent)
      await Urgent.makeUrgent(deps, existing, why[0], actor.name ?? actor.id, steps);
    if (!why.length || existing) continue;
    const themes = [...new Set(why.flatMap((w) => w.themes))].sort();
    const urgent = why.some((w) => w.rule === "spiral");
    const first = new Set(why.flatMap((w) => (w.signal ? [w.signal] : [])));
    const rest = r.signals
      .filter((x) => x.variation === "concern" && !first.has(x) && themes.includes(x.theme))
      .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "red" ? -1 : 1));
    const evidence = [...first, ...rest].map((x) => x.explanation);
    opened.push(
      await open(deps, {
        regionId: input.regionId,
        authority: r.authority,
        themes,
        source: "early-warning",
        evidence,
        because: Urgent.becauseLines(why),
        urgent,
        mouVersion: ew.settings.mou.version,
        quarter: input.quarter,
        actor: input.actor,
      }),
    );
    open_.set(r.authority, opened[opened.length - 1]!);
  }
  return opened;
}

/**
 * Checks on every change: after an import or a return, run the early-warning checks for the LAs it
 * touched, at the latest quarter it touched, in each region (the daily run catches the rest).
 */
export async function checkAfterChange(
  deps: Deps,
  input: { changes: { regionId: string; authority: string; quarter: string }[]; actor: Audit.Actor },
) {
  // Each LA is judged at the latest quarter the change touched for it.
  const latest = new Map<string, { regionId: string; authority: string; quarter: string }>();
  for (const c of input.changes) {
    const k = `${c.regionId}|${c.authority}`;
    if (!latest.has(k) || c.quarter > latest.get(k)!.quarter) latest.set(k, c);
  }
  const groups = new Map<string, string[]>();
  for (const c of latest.values()) {
    const k = `${c.regionId}|${c.quarter}`;
    groups.set(k, [...(groups.get(k) ?? []), c.authority]);
  }
  const opened: Concern[] = [];
  for (const [k, authorities] of groups) {
    const [regionId, quarter] = k.split("|") as [string, string];
    opened.push(...(await openFromSignals(deps, { regionId, quarter, actor: input.actor, authorities })));
  }
  return opened;
}

/** The scheduled step: each quarter's check once its returns are due, and each region's daily check (catching the rest). */
export async function runChecks(deps: Deps, now: Date) {
  const { items } = await deps.store.query({
    index: "gsi2",
    pk: Collection.DUE_CHECK,
    sk: { le: `${now.toISOString()}#~` },
    limit: 20,
  });
  let opened = 0;
  for (const check of items) {
    const regionId = String(check.regionId);
    const quarter = String(check.quarter);
    opened += (await openFromSignals(deps, { regionId, quarter, actor: Audit.systemActor("early-warning") })).length;
    await deps.store.update(Keys.datasetCheck(regionId, quarter), {
      set: { checkedAt: now.toISOString() },
      remove: ["gsi2pk", "gsi2sk"],
    });
  }
  const daily = await deps.store.query({
    index: "gsi2",
    pk: Collection.DUE_DAILY,
    sk: { le: `${now.toISOString()}#~` },
    limit: 20,
  });
  for (const check of daily.items) {
    const regionId = String(check.regionId);
    const quarter = Quarters.lastEnded(now);
    opened += (await openFromSignals(deps, { regionId, quarter, actor: Audit.systemActor("early-warning") })).length;
    await deps.store.update(Keys.datasetCheck(regionId, "daily"), {
      set: { checkedAt: now.toISOString(), gsi2sk: `${Collection.nextDaily(now)}#${regionId}` },
    });
  }
  return { checks: items.length + daily.items.length, opened };
}

export const signalsNow = Urgent.signalsNow;

export function requireOpen(c: Concern) {
  if (!isOpen(c)) throw new StateError("This concern has been closed.");
  return c;
}
