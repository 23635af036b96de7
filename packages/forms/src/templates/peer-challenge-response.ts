import type { Template } from "../definition";

/** A reviewing LA's response when it scrutinises or challenges another LA. */
export const peerChallengeResponse: Template = {
  kind: "peer-challenge-response",
  version: 1,
  title: "Peer challenge response",
  description:
    "Record your lines of enquiry, what you found and your challenge. Comments marked for the regional lead are not shared with the local authority.",
  sections: [
    {
      id: "areas",
      title: "Areas reviewed",
      questions: [
        {
          id: "areas",
          type: "group",
          label: "Areas",
          itemName: "area",
          required: true,
          minItems: 1,
          maxItems: 10,
          visibility: "all",
          questions: [
            { id: "area", type: "themes", label: "Area", multiple: false, required: true, visibility: "all" },
            {
              id: "enquiry",
              type: "textarea",
              label: "Lines of enquiry",
              required: true,
              maxLength: 3000,
              visibility: "all",
            },
            { id: "findings", type: "textarea", label: "Findings", required: true, maxLength: 4000, visibility: "all" },
            {
              id: "challenge",
              type: "textarea",
              label: "Challenge",
              hint: "What the local authority should consider or test further.",
              required: true,
              maxLength: 3000,
              visibility: "all",
            },
            {
              id: "recommendations",
              type: "textarea",
              label: "Recommendations",
              required: false,
              maxLength: 3000,
              visibility: "all",
            },
            {
              id: "confidence",
              type: "radios",
              label: "Confidence in the evidence",
              required: true,
              options: [
                { value: "high", label: "High – well evidenced" },
                { value: "medium", label: "Medium – partly evidenced" },
                { value: "low", label: "Low – little evidence" },
              ],
              visibility: "all",
            },
            {
              id: "lead-comments",
              type: "textarea",
              label: "Comments for the regional lead only",
              hint: "Not shared with the local authority.",
              required: false,
              maxLength: 3000,
              visibility: "lead",
            },
          ],
        },
      ],
    },
    {
      id: "overall",
      title: "Overall view",
      questions: [
        {
          id: "summary",
          type: "textarea",
          label: "Summary of your challenge",
          required: true,
          maxLength: 6000,
          visibility: "all",
        },
        {
          id: "overall-rag",
          type: "rag",
          label: "Overall, how well does the self-evaluation reflect the evidence?",
          required: true,
          visibility: "all",
        },
      ],
    },
  ],
  declaration: {
    text: "I confirm this response represents our local authority's view as peer reviewers.",
    requiresDcs: false,
  },
};
