/**
 * Seed data for the local stack: the reference data (nine regions, 153 LAs) and a demo region —
 * East Midlands, with fictional contacts at example.org, this year's cycle (see seed-calendar.ts for its
 * dates) and earlier years complete.
 * Runs once per data folder: a marker item is written after a complete seed, and every later start (a restart)
 * sees it and writes nothing, so figures imported or edited since, and everything else, stay as they are. A seed
 * that stopped part-way runs again from the start; each of its steps is idempotent.
 */
import {
  Access,
  Audit,
  ConflictError,
  Cycle,
  DatasetStore,
  Keys,
  People,
  Quarters,
  Region,
  Workflow,
  type Deps,
  type Item,
} from "@riia/core";
import { seedCurrentCycle, seedPastCycle } from "./seed-calendar";
import { DETERIORATING_LA, DETERIORATING_REGION, seedDataset } from "./seed-dataset";
import { seedExchange } from "./seed-exchange";
import { seedImpact } from "./seed-impact";

export const DEMO_REGION = "east-midlands";

const FIRST = [
  "Alex",
  "Sam",
  "Jo",
  "Priya",
  "Tom",
  "Aisha",
  "Chris",
  "Megan",
  "Dev",
  "Hannah",
  "Kwame",
  "Laura",
  "Imran",
  "Beth",
  "Owen",
  "Zara",
  "Rhys",
  "Nadia",
  "Ben",
  "Grace",
];
const LAST = [
  "Patel",
  "Hughes",
  "Okafor",
  "Walsh",
  "Clarke",
  "Begum",
  "Turner",
  "Kaur",
  "Reid",
  "Evans",
  "Mensah",
  "Shaw",
  "Ali",
  "Barker",
  "Lloyd",
  "Hussain",
  "Price",
  "Khan",
  "Fox",
  "Ward",
];

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/** The demo contacts as the CSV a regional lead would upload (so seeding takes the real import path). */
export function demoContactsCsv(authorities: Region.Authority[]): string {
  const rows = ["name,email,authority,roles,job_title"];
  authorities.forEach((la, i) => {
    const domain = `${slug(la.name)}.example.org`;
    const person = (n: number) => `${FIRST[(i * 2 + n) % FIRST.length]} ${LAST[(i * 3 + n) % LAST.length]}`;
    rows.push(`${person(0)},dcs@${domain},${la.code},dcs,Director of Children's Services`);
    rows.push(
      `${person(1)},performance@${domain},${la.code},officer;reviewer,Head of Performance and Quality Assurance`,
    );
    rows.push(`${person(2)},improvement@${domain},${la.code},officer,Service Improvement Manager`);
  });
  rows.push("Morgan Lee,lead@em-riia.example.org,,regional-lead,RIIA Regional Lead");
  rows.push("Ruth Adebayo,adviser@dfe.example.org,,dfe-adviser,DfE Regional Improvement Adviser");
  rows.push("Gareth Owen,adviser@lga.example.org,,lga-adviser,LGA Children's Improvement Adviser");
  return `${rows.join("\n")}\n`;
}

/** The cycle year that contains a date: cycles start in September. */
export const cycleYearAt = (d: Date) => (d.getUTCMonth() >= 8 ? d.getUTCFullYear() : d.getUTCFullYear() - 1);

/** Earlier years seeded complete, for carry-forward and history. */
export const PAST_YEARS = 2;

export interface SeedOptions {
  /**
   * `today` (npm start): this year's steps dated from the day of the first start, self-evaluation open
   * now, earlier years complete (what `npm start` asks for). `region` (the default): the region's own calendar (tests and
   * npm run demo, which plays a whole year).
   */
  calendar?: "today" | "region";
}

/** The marker a complete seed leaves in the table. */
export interface SeedMarker extends Item {
  kind: "seed-marker";
  seededAt: string;
  calendar: "today" | "region";
  cycleId: string;
}

export const seedMarker = (deps: Pick<Deps, "store">) =>
  deps.store.get<SeedMarker>(Keys.seedMarker(), { consistent: true });

export type SeedResult =
  | { seeded: true; reference: { created: number; updated: number }; contacts: People.ImportResult; cycleId: string }
  | { seeded: false; cycleId: string; seededAt: string };

/** Seed a data folder once; on a folder already seeded, change nothing (see the module comment). */
export async function seed(deps: Deps, options: SeedOptions = {}): Promise<SeedResult> {
  const done = await seedMarker(deps);
  if (done) return { seeded: false, cycleId: done.cycleId, seededAt: done.seededAt };
  const calendar = options.calendar ?? "region";
  const mark = (cycleId: string) =>
    deps.store.put({
      ...Keys.seedMarker(),
      kind: "seed-marker",
      seededAt: deps.clock.now().toISOString(),
      calendar,
      cycleId,
    } satisfies SeedMarker);
  const earlier = calendar === "today" ? await seededBeforeMarkers(deps) : undefined;
  if (earlier) {
    await mark(earlier);
    return { seeded: false, cycleId: earlier, seededAt: deps.clock.now().toISOString() };
  }
  const result = await seedOnce(deps, options);
  await mark(result.cycleId);
  return { seeded: true, ...result };
}

const datasetWanted = (deps: Deps) => deps.config.stage === "local" && process.env.RIIA_SEED_DATASET !== "0";

/**
 * A `.local/` seeded before seeds left a marker: this year's demo cycle is there (written after the earlier years),
 * and so is the dataset's last seeded figure. It is marked as seeded, not seeded again over what people changed.
 */
async function seededBeforeMarkers(deps: Deps): Promise<string | undefined> {
  const year = cycleYearAt(deps.clock.now());
  if (!(await deps.store.get(Keys.cycle(DEMO_REGION, year)))) return undefined;
  const cycleId = Cycle.cycleId(DEMO_REGION, year);
  if (!datasetWanted(deps)) return cycleId;
  const quarters = Quarters.window(Quarters.lastEnded(deps.clock.now()), 4);
  const found = await Promise.all(
    quarters.map((q) => DatasetStore.getValues(deps, DETERIORATING_REGION, q, DETERIORATING_LA)),
  );
  return found.some(Boolean) ? cycleId : undefined;
}

async function seedOnce(
  deps: Deps,
  options: SeedOptions,
): Promise<{ reference: { created: number; updated: number }; contacts: People.ImportResult; cycleId: string }> {
  const reference = await Region.loadReference(deps);
  const actor = Audit.systemActor("seed");
  const authorities = await Region.authorities(deps, DEMO_REGION);
  const contacts = await People.importContacts(deps, {
    regionId: DEMO_REGION,
    csv: demoContactsCsv(authorities),
    actor,
  });
  await Access.addNationalPerson(
    deps,
    { name: "Priya Shah", email: "coordinator@national.example.org", roles: ["national-coordinator"] },
    actor,
  );
  await Access.addNationalPerson(
    deps,
    { name: "Tom Hughes", email: "adviser@dfe-national.example.org", roles: ["dfe-adviser"] },
    actor,
  );
  const year = cycleYearAt(deps.clock.now());
  const cycleId = Cycle.cycleId(DEMO_REGION, year);
  if ((options.calendar ?? "region") === "region") {
    try {
      await Cycle.create(deps, { regionId: DEMO_REGION, year, actor });
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err; // already there from an earlier start
      await Cycle.schedulePhases(deps, await Cycle.get(deps, cycleId));
    }
    if (datasetWanted(deps)) await seedDataset(deps);
    return { reference, contacts, cycleId };
  }
  for (let past = year - PAST_YEARS; past < year; past++) await seedPastCycle(deps, DEMO_REGION, past);
  const cycle = await seedCurrentCycle(deps, DEMO_REGION, year);
  // Open what is due now, so the first page a newcomer sees has the self-evaluation open and its
  // invitations queued (the scheduled step would do the same on its first run).
  const due = cycle.phases.find((p) => p.state === "scheduled" && Date.parse(p.opensAt) <= deps.clock.now().getTime());
  if (due) await Workflow.openStep(deps, { cycleId, step: due.step, actor });
  await seedExchange(deps, year, DEMO_REGION); // two more regions and offers in three, for the exchange
  // ---- quarterly core dataset: 8 quarters for all 153 LAs (about 10 s on the stand-ins, so only for `npm start` and the demo).
  if (datasetWanted(deps)) await seedDataset(deps);
  if (datasetWanted(deps)) await seedImpact(deps, cycleId);
  return { reference, contacts, cycleId };
}
