/**
 * The regional development plan as a document a DCS would sign off — cover, contents, summary, common priorities
 * as a table, a section per LA with its brokered solutions, the region's offers. Word and HTML both render this one
 * model, so they say the same thing; empty sections say why they are empty once, never "None." blocks.
 */
import type { Plan } from "./plan";
import { WORKING_CONTENTS, workingDocument, type WorkingDocument } from "./working-document";

export interface Table {
  caption: string;
  head: string[];
  rows: string[][];
}

export interface PlanDocument {
  title: string;
  subtitle: string;
  contents: { id: string; title: string }[];
  summary: string[];
  introduction: string[];
  priorities: Table | { empty: string };
  authorities: {
    id: string;
    name: string;
    solutions?: Table;
    providing: string[];
    /** Its peer-scrutiny recommendations and how its development plan answered them. */
    recommendations?: Table;
    empty?: string;
  }[];
  offers: Table | { empty: string };
  /** Data context, actions, uptake and impact, sign-off (plans built with their working sections). */
  working?: WorkingDocument;
}

const UPTAKE: Record<string, string> = {
  proposed: "Proposed",
  agreed: "Agreed",
  "taken-up": "Taken up",
  declined: "Declined",
};
export const uptakeLabel = (status: string) => UPTAKE[status] ?? status;

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function planDocument(plan: Plan, version?: number): PlanDocument {
  const solutions = plan.authorities.reduce((n, la) => n + la.receiving.length, 0);
  const taken = plan.authorities.reduce((n, la) => n + la.receiving.filter((r) => r.status === "taken-up").length, 0);
  const offers = plan.offers ?? [];
  return {
    title: `${plan.region.name} regional development plan`,
    subtitle: `${plan.year} to ${plan.year + 1}${version ? ` · version ${version}` : " · draft"}`,
    contents: [
      { id: "summary", title: "Summary" },
      { id: "priorities", title: "Common priorities" },
      { id: "authorities", title: "Local authorities" },
      { id: "offers", title: "The region's offers" },
      ...(plan.working ? WORKING_CONTENTS : []),
    ],
    summary: [
      `${count(plan.priorities.length, "common priority", "common priorities")} shared across ${count(plan.authorities.length, "local authority", "local authorities")}.`,
      `${count(solutions, "brokered solution")}, ${taken} taken up so far.`,
      `${count(offers.length, "offer")} of support on the region's menu.`,
    ],
    introduction: plan.introduction.split(/\n+/).filter(Boolean),
    priorities: plan.priorities.length
      ? {
          caption: "Common priorities and the region's collective response",
          head: ["Priority", "Local authorities sharing it", "Collective response", "Owner", "Dates"],
          rows: plan.priorities.map((p) => [
            p.label,
            p.authorities.join(", "),
            [p.response.label, p.response.detail].filter(Boolean).join(": "),
            p.response.owner,
            p.response.when || "To be agreed",
          ]),
        }
      : { empty: "No theme is shared by enough local authorities to be a common priority this year." },
    authorities: plan.authorities.map((la) => ({
      id: `la-${la.code}`,
      name: la.name,
      ...(la.receiving.length
        ? {
            solutions: {
              caption: `Brokered solutions for ${la.name}`,
              head: ["Need", "Offered by", "Kind of support", "Uptake"],
              rows: la.receiving.map((r) => [r.need ?? r.theme, r.provider, r.type, uptakeLabel(r.status)]),
            },
          }
        : {}),
      ...(la.recommendations?.length
        ? {
            recommendations: {
              caption: `Peer-scrutiny recommendations to ${la.name} and how its development plan answers them`,
              head: ["Recommendation", "From", "Area", "How the plan answers it"],
              rows: la.recommendations.map((r) => [r.text, r.from, r.area, r.answer]),
            },
          }
        : {}),
      providing: la.providing.map((p) => `${p.theme}: ${p.type} for ${p.recipient} (${uptakeLabel(p.status)})`),
      ...(la.receiving.length || la.providing.length
        ? {}
        : { empty: `${la.name} has no brokered support this year, to receive or to give.` }),
    })),
    offers: offers.length
      ? {
          caption: "Offers of support on the region's menu",
          head: ["Theme", "Offered by", "What is offered", "Kind of support", "Capacity"],
          rows: offers.map((o) => [o.theme, o.provider, o.description, o.type, String(o.capacity)]),
        }
      : { empty: "No offers were made this year." },
    ...(plan.working ? { working: workingDocument(plan.working, plan.region.name) } : {}),
  };
}
