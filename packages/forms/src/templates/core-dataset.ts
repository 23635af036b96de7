import type { Template } from "../definition";

const rate = (id: string, label: string, max: number, hint?: string) => ({
  id,
  type: "number" as const,
  label,
  errorName: `the rate of ${label.charAt(0).toLowerCase()}${label.slice(1)}`,
  ...(hint ? { hint } : {}),
  unit: "per 10,000 children",
  min: 0,
  max,
  decimals: 1,
  required: true,
  visibility: "all" as const,
});
const pct = (id: string, label: string, errorName: string, hint?: string) => ({
  id,
  type: "number" as const,
  label,
  errorName,
  ...(hint ? { hint } : {}),
  unit: "%",
  min: 0,
  max: 100,
  decimals: 1,
  required: true,
  visibility: "all" as const,
});

/** The quarterly core dataset of indicators (plausible ranges catch keying errors). */
export const coreDataset: Template = {
  kind: "core-dataset",
  version: 1,
  title: "Quarterly core dataset",
  description: "Figures for the quarter, as at its last day. Rates are per 10,000 children aged under 18.",
  sections: [
    {
      id: "quarter",
      title: "Quarter",
      questions: [
        {
          id: "quarter",
          type: "select",
          label: "Quarter",
          errorName: "the quarter",
          required: true,
          options: [
            { value: "q1", label: "Quarter 1 (April to June)" },
            { value: "q2", label: "Quarter 2 (July to September)" },
            { value: "q3", label: "Quarter 3 (October to December)" },
            { value: "q4", label: "Quarter 4 (January to March)" },
          ],
          visibility: "all",
        },
      ],
    },
    {
      id: "front-door",
      title: "Referrals",
      questions: [
        rate("referrals", "Referrals in the quarter", 2000),
        pct(
          "re-referrals",
          "Re-referrals within 12 months",
          "the percentage of re-referrals within 12 months",
          "Percentage of referrals",
        ),
      ],
    },
    {
      id: "need-protection",
      title: "Children in need and child protection",
      questions: [rate("cin", "Children in need", 2000), rate("cpp", "Children on child protection plans", 500)],
    },
    {
      id: "care",
      title: "Children looked after and care leavers",
      questions: [
        rate("cla", "Children looked after", 500),
        pct(
          "care-leavers-eet",
          "Care leavers aged 19 to 21 in education, employment or training",
          "the percentage of care leavers aged 19 to 21 in education, employment or training",
        ),
      ],
    },
    {
      id: "workforce",
      title: "Social work workforce",
      questions: [
        pct("turnover", "Social worker turnover", "social worker turnover", "Over the last 12 months"),
        pct("agency", "Agency social workers", "the percentage of agency social workers"),
        pct("vacancy", "Social worker vacancy rate", "the social worker vacancy rate"),
        {
          id: "caseload",
          type: "number",
          label: "Average caseload",
          errorName: "the average caseload",
          unit: "children per social worker",
          min: 0,
          max: 60,
          decimals: 1,
          required: true,
          visibility: "all",
        },
        {
          id: "notes",
          type: "textarea",
          label: "Notes on this quarter's figures",
          required: false,
          maxLength: 4000,
          visibility: "all",
        },
      ],
    },
  ],
  declaration: {
    text: "I confirm these figures are accurate and follow the core dataset definitions.",
    requiresDcs: false,
  },
};
