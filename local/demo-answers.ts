/**
 * What the demo's people write: the region's LAs, and the answers each gives in its forms (fictional,
 * varied so that common priorities emerge and brokering has needs to meet and offers to meet them).
 */
const THEMES = ["workforce", "front-door", "children-in-care", "care-leavers", "sufficiency", "exploitation"];

export const LAS = [
  "E06000015",
  "E10000007",
  "E06000016",
  "E10000018",
  "E10000019",
  "E06000061",
  "E06000062",
  "E06000018",
  "E10000024",
  "E06000017",
];
export const LA_NAME: Record<string, string> = {
  E06000015: "Derby",
  E10000007: "Derbyshire",
  E06000016: "Leicester",
  E10000018: "Leicestershire",
  E10000019: "Lincolnshire",
  E06000061: "North Northamptonshire",
  E06000062: "West Northamptonshire",
  E06000018: "Nottingham",
  E10000024: "Nottinghamshire",
  E06000017: "Rutland",
};
export const LA_DOMAIN: Record<string, string> = Object.fromEntries(
  Object.entries(LA_NAME).map(([k, v]) => [k, `${v.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.example.org`]),
);

export function selfEvaluation(i: number): Record<string, Record<string, string>> {
  const weak = THEMES[i % 3]!; // workforce, front-door and children-in-care each weak in several LAs
  // Strong where the next LAs are weak, so the offers meet needs and brokering has matches to make.
  const strong = THEMES[(i + 1) % 3]!;
  return {
    context: {
      "q.period": "April 2025 to March 2026",
      "q.context": "Rising demand and a stable leadership team.",
      "q.last-inspection": i % 4 === 0 ? "requires-improvement" : "good",
    },
    themes: {
      "q.themes.0.theme": weak,
      "q.themes.0.strengths": "Committed staff.",
      "q.themes.0.areas": `Consistency of practice in ${weak}.`,
      "q.themes.0.rating": "requires-improvement",
      "q.themes.1.theme": strong,
      "q.themes.1.strengths": `Strong ${strong} practice.`,
      "q.themes.1.areas": "Sustaining it.",
      "q.themes.1.rating": "good",
    },
    summary: {
      "q.quality": "Mostly good, improving.",
      "q.how-know": "Audits, feedback and data.",
      "q.plans": "Embed our practice model.",
    },
    offers:
      i % 2 === 0
        ? {
            "q.can-offer": "yes",
            "q.offers.0.theme": strong,
            "q.offers.0.description": `Our ${strong} approach`,
            "q.offers.0.format": i % 4 === 0 ? "visit" : "one-to-one",
            "q.offers.0.capacity": "2",
          }
        : { "q.can-offer": "no" },
  };
}
export function developmentPlan(i: number): Record<string, Record<string, string>> {
  return {
    priorities: {
      "q.priorities.0.title": "Strengthen practice consistency",
      "q.priorities.0.theme": THEMES[i % 3]!,
      "q.priorities.0.actions": "Audit programme and practice weeks.",
      "q.priorities.0.owner": "Head of Service",
      "q.priorities.0.timescale-day": "31",
      "q.priorities.0.timescale-month": "3",
      "q.priorities.0.timescale-year": "2027",
      "q.priorities.0.measures": "Audit grades improve.",
      "q.priorities.0.support-wanted": i % 2 ? "yes" : "no",
      ...(i % 2 ? { "q.priorities.0.support-detail": "A peer to share their approach." } : {}),
    },
    governance: { "q.oversight": "Quarterly reports to the improvement board." },
  };
}
export function peerResponse(reviewee: string): Record<string, Record<string, string>> {
  return {
    areas: {
      "q.areas.0.area": "workforce",
      "q.areas.0.enquiry": `How does ${LA_NAME[reviewee]} know practice is consistent?`,
      "q.areas.0.findings": "Good evidence from audits.",
      "q.areas.0.challenge": "Test the voice of children more.",
      "q.areas.0.confidence": "medium",
    },
    overall: { "q.summary": "A candid self-evaluation.", "q.overall-rag": "green" },
  };
}
