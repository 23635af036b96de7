/**
 * Seed data for the local stack: the reference data (nine regions, 153 LAs) and a demo region —
 * East Midlands, with fictional contacts at example.org and a cycle for the current year.
 * Idempotent: safe on every start, and it never overwrites what someone changed.
 */
import { Audit, ConflictError, Cycle, People, Region, type Deps } from "@riia/core";
import { seedDataset } from "./seed-dataset";

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

export async function seed(
  deps: Deps,
): Promise<{ reference: { created: number; updated: number }; contacts: People.ImportResult; cycleId: string }> {
  const reference = await Region.loadReference(deps);
  const actor = Audit.systemActor("seed");
  const authorities = await Region.authorities(deps, DEMO_REGION);
  const contacts = await People.importContacts(deps, {
    regionId: DEMO_REGION,
    csv: demoContactsCsv(authorities),
    actor,
  });
  const year = cycleYearAt(deps.clock.now());
  try {
    await Cycle.create(deps, { regionId: DEMO_REGION, year, actor });
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err; // already there from an earlier start
    await Cycle.schedulePhases(deps, await Cycle.get(deps, Cycle.cycleId(DEMO_REGION, year)));
  }
  // ---- quarterly core dataset: 8 quarters for all 153 LAs (about 10 s on the stand-ins, so only for `npm start` and the demo).
  if (deps.config.stage === "local" && process.env.RIIA_SEED_DATASET !== "0") await seedDataset(deps);
  return { reference, contacts, cycleId: Cycle.cycleId(DEMO_REGION, year) };
}
