import type { Template } from "../definition";

const GRADES = [
  { value: "outstanding", label: "Outstanding" },
  { value: "good", label: "Good" },
  { value: "requires-improvement", label: "Requires improvement to be good" },
  { value: "inadequate", label: "Inadequate" },
];

/** Annual self-evaluation, in the shape of Ofsted's ILACS self-evaluation. */
export const selfEvaluation: Template = {
  kind: "self-evaluation",
  version: 1,
  title: "Annual self-evaluation",
  description:
    "Tell the region what you know about the quality and impact of your social work practice, how you know it and what you plan to do. Peers from other local authorities will scrutinise it.",
  sections: [
    {
      id: "context",
      title: "Your local context",
      questions: [
        { id: "period", type: "text", label: "Period this self-evaluation covers", hint: "For example, April 2025 to March 2026", required: true, maxLength: 100, visibility: "all" },
        {
          id: "context",
          type: "textarea",
          label: "Describe your local context",
          errorName: "a description of your local context",
          hint: "Demography, demand, significant changes since your last self-evaluation, inspection history.",
          required: true,
          maxLength: 6000,
          visibility: "all",
        },
        {
          id: "last-inspection",
          type: "radios",
          label: "Overall effectiveness at your last ILACS inspection",
          required: true,
          options: [...GRADES, { value: "not-inspected", label: "Not inspected under ILACS" }],
          visibility: "all",
        },
      ],
    },
    {
      id: "themes",
      title: "Strengths and areas for development",
      description: "Add each theme you want to evaluate. Use the region's themes so that needs and offers can be matched across the region.",
      questions: [
        {
          id: "themes",
          type: "group",
          label: "Themes",
          itemName: "theme",
          required: true,
          minItems: 1,
          maxItems: 15,
          visibility: "all",
          questions: [
            { id: "theme", type: "themes", label: "Theme", multiple: false, required: true, visibility: "all" },
            { id: "strengths", type: "textarea", label: "Strengths", hint: "What is working well, and the impact on children and families.", required: true, maxLength: 4000, visibility: "all" },
            { id: "areas", type: "textarea", label: "Areas for development", hint: "What needs to improve and why.", required: true, maxLength: 4000, visibility: "all" },
            { id: "evidence", type: "textarea", label: "Evidence", hint: "Audits, performance data, feedback from children and families, external scrutiny.", maxLength: 4000, required: false, visibility: "all" },
            { id: "rating", type: "radios", label: "Your self-rating for this theme", required: true, options: GRADES, visibility: "all" },
          ],
        },
      ],
    },
    {
      id: "summary",
      title: "Overall summary",
      description: "The three questions of Ofsted's ILACS self-evaluation.",
      questions: [
        { id: "quality", type: "textarea", label: "What do you know about the quality and impact of social work practice in your local authority?", required: true, maxLength: 8000, visibility: "all" },
        { id: "how-know", type: "textarea", label: "How do you know it?", required: true, maxLength: 8000, visibility: "all" },
        { id: "plans", type: "textarea", label: "What are your plans for the next 12 months to maintain or improve practice?", required: true, maxLength: 8000, visibility: "all" },
      ],
    },
    {
      id: "offers",
      title: "Support you could offer other local authorities",
      description: "Where you are strong, you could help others. These offers go on the region's menu of support.",
      questions: [
        {
          id: "can-offer",
          type: "radios",
          label: "Could you offer support to other local authorities this year?",
          required: true,
          options: [
            { value: "yes", label: "Yes" },
            { value: "no", label: "No" },
          ],
          visibility: "all",
        },
        {
          id: "offers",
          type: "group",
          label: "Offers of support",
          itemName: "offer",
          required: true,
          minItems: 1,
          maxItems: 10,
          showIf: { question: "can-offer", in: ["yes"] },
          visibility: "all",
          questions: [
            { id: "theme", type: "themes", label: "Theme", multiple: false, required: true, visibility: "all" },
            { id: "description", type: "textarea", label: "What you could offer", required: true, maxLength: 2000, visibility: "all" },
            {
              id: "format",
              type: "radios",
              label: "How you would offer it",
              required: true,
              options: [
                { value: "one-to-one", label: "Supporting one local authority" },
                { value: "group", label: "Working with a small group of local authorities" },
                { value: "visit", label: "A deep-dive or thematic peer visit" },
                { value: "practice-sharing", label: "A practice-sharing visit or session" },
              ],
              visibility: "all",
            },
            { id: "capacity", type: "number", label: "How many local authorities could you support", required: true, min: 1, max: 20, decimals: 0, visibility: "all" },
          ],
        },
        { id: "evidence-files", type: "file", label: "Supporting documents", hint: "Optional. Up to 10 files: PDF, Word, Excel, CSV, PNG or JPG, 10MB each.", required: false, visibility: "all" },
      ],
    },
  ],
  declaration: {
    text: "I confirm that this self-evaluation is accurate to the best of my knowledge and has been approved by the director of children's services.",
    requiresDcs: true,
  },
};
