/**
 * Three brokered solutions with aims, dated from the day the demo starts, so the impact pages show each verdict:
 * Leicestershire's workforce programme to Derby started a year ago and turnover fell (improved beyond normal
 * variation, with Derby's feedback); its practice model to Leicester moved nothing (no change); Nottinghamshire's
 * care-leavers support to Rutland started this quarter (too early to tell). The figures of the aimed indicators are
 * written for the eight quarters the dataset holds (fictional).
 */
import { Audit, DatasetStore, Impact, Keys, People, Quarters, type Deps, type Support } from "@riia/core";

const REGION = "east-midlands";
const seedActor = Audit.systemActor("seed");

interface Demo {
  authority: string;
  provider: string;
  theme: string;
  offer: string;
  indicator: string;
  values: number[];
  /** Quarters after the first of the eight that the support starts, and how many it runs. */
  startAt: number;
  runs: number;
}

const DEMOS: Demo[] = [
  {
    authority: "E06000015",
    provider: "E10000018",
    theme: "workforce",
    offer: "Recruitment and retention programme for children's social workers",
    indicator: "sw-turnover",
    values: [16.0, 16.4, 15.8, 16.2, 14.8, 14.0, 13.4, 13.1],
    startAt: 4,
    runs: 3,
  },
  {
    authority: "E06000016",
    provider: "E10000018",
    theme: "children-in-care",
    offer: "Placement stability practice model",
    indicator: "cla-3-placements",
    values: [10.1, 9.8, 10.3, 10.0, 10.2, 9.9, 10.1, 10.0],
    startAt: 4,
    runs: 3,
  },
  {
    authority: "E06000017",
    provider: "E10000024",
    theme: "care-leavers",
    offer: "Care leavers' local offer and EET pathway",
    indicator: "care-leavers-eet",
    values: [52.0, 53.5, 51.8, 52.6, 53.0, 52.2, 52.9, 53.1],
    startAt: 8,
    runs: 2,
  },
];

const day = (d: Date) => d.toISOString().slice(0, 10);

async function writeFigures(deps: Deps, d: Demo, quarters: string[]) {
  for (const [i, quarter] of quarters.entries()) {
    const existing = await DatasetStore.getValues(deps, REGION, quarter, d.authority);
    await deps.store.put(
      DatasetStore.valuesItem({
        regionId: REGION,
        quarter,
        authority: d.authority,
        values: { ...existing?.values, [d.indicator]: d.values[i]! },
        notes: existing?.notes ?? {},
        source: existing?.source ?? "import",
        catalogueVersion: existing?.catalogueVersion ?? 0,
        at: deps.clock.now().toISOString(),
        by: seedActor.id,
      }),
    );
  }
}

async function broker(deps: Deps, cycleId: string, d: Demo) {
  const needId = `${d.authority}#${d.theme}`;
  const offerId = `${d.provider}-${d.theme}-demo`;
  await deps.store.put({
    ...Keys.offer(cycleId, offerId),
    kind: "offer",
    id: offerId,
    cycleId,
    authority: d.provider,
    theme: d.theme,
    description: d.offer,
    format: "one-to-one",
    capacity: 2,
    source: "self-evaluation",
    strength: 2,
  } satisfies Support.Offer);
  await deps.store.put({
    ...Keys.brokerage(cycleId, needId),
    kind: "brokerage",
    cycleId,
    needId,
    authority: d.authority,
    theme: d.theme,
    offerId,
    provider: d.provider,
    type: "one-to-one",
    status: "taken-up",
    override: true,
    version: 1,
  } satisfies Support.Brokerage);
  return needId;
}

/** Seed the three demo solutions in `cycleId` (the quarters are the eight ending with the last quarter ended). */
export async function seedImpact(deps: Deps, cycleId: string) {
  const quarters = Quarters.window(Quarters.lastEnded(deps.clock.now()), 8);
  for (const d of DEMOS) {
    await writeFigures(deps, d, quarters);
    const needId = await broker(deps, cycleId, d);
    const first = Quarters.shift(quarters[0]!, d.startAt);
    const startsOn = day(Quarters.start(first));
    const endsOn = day(new Date(Quarters.start(Quarters.shift(first, d.runs)).getTime() - 86_400_000));
    const { solution } = await Impact.setAims(deps, {
      cycleId,
      needId,
      aims: { indicators: [d.indicator], priorities: [], startsOn, endsOn },
      actor: seedActor,
    });
    if (d.indicator !== "sw-turnover") continue;
    // Derby's DCS has already said how it went (Leicester's feedback is asked for by the scheduled step).
    await deps.store.put(Impact.withDue({ ...solution, feedbackAskedAt: deps.clock.now().toISOString() }));
    const dcs = (await People.listByAuthority(deps, d.authority)).find((p) => p.roles.includes("dcs"));
    if (dcs)
      await Impact.recordFeedback(deps, {
        regionId: REGION,
        cycleId,
        needId,
        person: dcs,
        feedback: {
          useful: 5,
          changed: "Turnover fell and we recruited into every team manager post.",
          recommend: true,
        },
        via: "page",
      });
  }
}
