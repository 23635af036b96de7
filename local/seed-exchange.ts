/**
 * Seed for trying the inter-regional exchange: two more regions (West Midlands and North West) with a regional lead,
 * contacts at a few LAs and this year's cycle, and lead-added offers in all three regions (the demo region's too).
 * Everyone is fictional, at example.org. Idempotent: offers and people have ids from their content.
 */
import { Audit, Cycle, People, Region, Support, Workflow, type Deps } from "@riia/core";
import { seedCurrentCycle } from "./seed-calendar";

interface SeedRegion {
  regionId: string;
  lead: { name: string; email: string };
  /** LA code, fictional contact names and the LA's web-style domain slug. */
  las: { code: string; slug: string; officer: string; dcs: string }[];
  offers: { authority: string; theme: string; description: string; format: string; capacity: number; source: string }[];
}

export const EXCHANGE_REGIONS: SeedRegion[] = [
  {
    regionId: "west-midlands",
    lead: { name: "Sam Ward", email: "lead@wm-riia.example.org" },
    las: [
      { code: "E08000026", slug: "coventry", officer: "Nadia Khan", dcs: "Owen Price" },
      { code: "E08000027", slug: "dudley", officer: "Beth Reid", dcs: "Imran Shaw" },
      { code: "E06000019", slug: "herefordshire", officer: "Grace Fox", dcs: "Rhys Evans" },
    ],
    offers: [
      {
        authority: "E08000026",
        theme: "workforce",
        description: "Our social work academy: recruiting and keeping newly qualified social workers",
        format: "one-to-one",
        capacity: 2,
        source: "partners-in-practice",
      },
      {
        authority: "E08000027",
        theme: "front-door",
        description: "A multi-agency front door with one decision-maker, rated good at its focused visit",
        format: "visit",
        capacity: 1,
        source: "ofsted-focused-visit",
      },
    ],
  },
  {
    regionId: "north-west",
    lead: { name: "Aisha Begum", email: "lead@nw-riia.example.org" },
    las: [
      { code: "E06000008", slug: "blackburn-with-darwen", officer: "Kwame Mensah", dcs: "Laura Walsh" },
      { code: "E06000009", slug: "blackpool", officer: "Dev Turner", dcs: "Zara Hussain" },
      { code: "E08000001", slug: "bolton", officer: "Ben Lloyd", dcs: "Hannah Barker" },
    ],
    offers: [
      {
        authority: "E06000009",
        theme: "care-leavers",
        description: "Care leavers' local offer co-written with young people, with a staying-close pilot",
        format: "practice-sharing",
        capacity: 3,
        source: "annual-conversation",
      },
      {
        authority: "E08000001",
        theme: "exploitation",
        description: "Contextual safeguarding panels for extra-familial harm",
        format: "group",
        capacity: 2,
        source: "jtai",
      },
    ],
  },
];

/** Offers the demo region adds from intelligence, so its own menu shows in the national catalogue from day one. */
const DEMO_OFFERS: SeedRegion["offers"] = [
  {
    authority: "E06000015",
    theme: "quality-assurance",
    description: "Derby's practice-quality audit framework, with moderation across teams",
    format: "one-to-one",
    capacity: 2,
    source: "annual-conversation",
  },
  {
    authority: "E10000018",
    theme: "children-in-care",
    description: "Leicestershire's fostering recruitment campaign and its sufficiency strategy",
    format: "group",
    capacity: 2,
    source: "partners-in-practice",
  },
];

const contactsCsv = (r: SeedRegion) =>
  [
    "name,email,authority,roles,job_title",
    `${r.lead.name},${r.lead.email},,regional-lead,RIIA Regional Lead`,
    ...r.las.flatMap((la) => [
      `${la.officer},performance@${la.slug}.example.org,${la.code},officer;reviewer,Head of Performance and Quality Assurance`,
      `${la.dcs},dcs@${la.slug}.example.org,${la.code},dcs,Director of Children's Services`,
    ]),
  ].join("\n") + "\n";

async function addOffers(deps: Deps, cycleId: string, offers: SeedRegion["offers"]) {
  const actor = Audit.systemActor("seed");
  for (const o of offers) await Support.addOffer(deps, { cycleId, ...o, actor });
}

/** Give three regions a lead, LA contacts and offers (this year's cycle for the two added regions). */
export async function seedExchange(deps: Deps, year: number, demoRegion: string) {
  const actor = Audit.systemActor("seed");
  for (const r of EXCHANGE_REGIONS) {
    await People.importContacts(deps, { regionId: r.regionId, csv: contactsCsv(r), actor });
    const cycle = await seedCurrentCycle(deps, r.regionId, year);
    // As for the demo region: what is due now opens in the seed, so the first scheduled run only has mail to send.
    const due = cycle.phases.find(
      (p) => p.state === "scheduled" && Date.parse(p.opensAt) <= deps.clock.now().getTime(),
    );
    if (due) await Workflow.openStep(deps, { cycleId: cycle.id, step: due.step, actor });
    await addOffers(deps, cycle.id, r.offers);
  }
  await addOffers(deps, Cycle.cycleId(demoRegion, year), DEMO_OFFERS);
  return (
    await Promise.all([demoRegion, ...EXCHANGE_REGIONS.map((r) => r.regionId)].map((id) => Region.get(deps, id)))
  ).map((r) => r.name);
}
