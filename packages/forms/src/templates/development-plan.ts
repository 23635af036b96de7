import type { Template } from "../definition";

/** The LA's development plan, written after peer scrutiny of its self-evaluation. */
export const developmentPlan: Template = {
  kind: "development-plan",
  version: 1,
  title: "Development plan",
  description:
    "Set out your priorities for the year, what you will do, who owns it and how you will know it has worked.",
  sections: [
    {
      id: "priorities",
      title: "Priorities",
      questions: [
        {
          id: "priorities",
          type: "group",
          label: "Priorities",
          itemName: "priority",
          required: true,
          minItems: 1,
          maxItems: 12,
          visibility: "all",
          questions: [
            { id: "title", type: "text", label: "Priority", required: true, maxLength: 200, visibility: "all" },
            { id: "theme", type: "themes", label: "Theme", multiple: false, required: true, visibility: "all" },
            { id: "actions", type: "textarea", label: "Actions", required: true, maxLength: 4000, visibility: "all" },
            {
              id: "owner",
              type: "text",
              label: "Owner",
              hint: "Name or role of the person accountable.",
              required: true,
              maxLength: 120,
              visibility: "all",
            },
            {
              id: "timescale",
              type: "date",
              label: "Complete by",
              hint: "For example, 31 3 2027",
              required: true,
              visibility: "all",
            },
            {
              id: "measures",
              type: "textarea",
              label: "Success measures",
              hint: "How you will know it has worked.",
              required: true,
              maxLength: 3000,
              visibility: "all",
            },
            {
              id: "support-wanted",
              type: "radios",
              label: "Would support from another local authority help?",
              required: true,
              options: [
                { value: "yes", label: "Yes" },
                { value: "no", label: "No" },
              ],
              visibility: "all",
            },
            {
              id: "support-detail",
              type: "textarea",
              label: "What support would help",
              required: true,
              maxLength: 2000,
              showIf: { question: "support-wanted", in: ["yes"] },
              visibility: "all",
            },
          ],
        },
      ],
    },
    {
      id: "governance",
      title: "Governance",
      questions: [
        {
          id: "oversight",
          type: "textarea",
          label: "How will leaders and elected members oversee delivery of this plan?",
          required: true,
          maxLength: 4000,
          visibility: "all",
        },
        {
          id: "risks",
          type: "textarea",
          label: "Risks to delivery",
          required: false,
          maxLength: 4000,
          visibility: "all",
        },
      ],
    },
  ],
  declaration: {
    text: "I confirm that this development plan has been agreed by the director of children's services.",
    requiresDcs: true,
  },
};
