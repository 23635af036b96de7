/**
 * Reading a review written in an email by the response form's own labels: the built-in form, a
 * region's reworded one, several areas, sign-offs and signatures kept out, and what is left alone.
 */
import { describe, expect, it } from "vitest";
import { BUILT_IN } from "@riia/forms";
import {
  mergeEmpty,
  readReview,
  withoutSignOff,
  type FormShape,
} from "../../packages/core/src/peer-review/review-labels";

const FORM = BUILT_IN["peer-challenge-response"] as unknown as FormShape;
const THEMES = [
  { id: "front-door", label: "Front door, contact and referral" },
  { id: "workforce", label: "Workforce: recruitment, retention and practice" },
];
const read = (text: string, form = FORM) =>
  readReview(text, form, { themes: THEMES, names: ["Sam Hughes", "Sam", "Leicester"] });

describe("a review read by the form's labels", () => {
  it("fills every kind of question from its label or the start of it", () => {
    const r = read(
      [
        "Thanks for the chance to do this.",
        "",
        "**Area:** Front door",
        "1. Lines of enquiry: Timeliness of decisions.",
        "## Findings",
        "Most contacts decided within a day.",
        "Challenge: Thresholds vary.",
        "Confidence: Medium – partly evidenced",
        "Summary: Good, but thresholds vary.",
        "Overall, how well does the self-evaluation reflect the evidence? Red",
      ].join("\n"),
    )!;
    expect(r.answers).toEqual({
      areas: [
        {
          area: "front-door",
          enquiry: "Timeliness of decisions.",
          findings: "Most contacts decided within a day.",
          challenge: "Thresholds vary.",
          confidence: "medium",
        },
      ],
      summary: "Good, but thresholds vary.",
      "overall-rag": "red",
    });
  });

  it("starts the next area when an area's question comes again", () => {
    const r = read("Area: Front door\nFindings: One.\n\nArea: Workforce\nFindings: Two.")!;
    expect(r.answers.areas).toEqual([
      { area: "front-door", findings: "One." },
      { area: "workforce", findings: "Two." },
    ]);
  });

  it("keeps sign-offs, names and the sender's LA out of the last answer", () => {
    expect(read("Overall: amber\n\nSam Hughes, Leicester")!.answers).toEqual({ "overall-rag": "amber" });
    expect(read("Findings:\nStrong practice.\n\nKind regards,\nSam\nHead of Service")!.answers.areas).toEqual([
      { findings: "Strong practice." },
    ]);
    expect(
      read("Findings:\nStrong practice.\n\nPriya Shah\nAssistant Director\nNottingham City Council")!.answers.areas,
    ).toEqual([{ findings: "Strong practice." }]);
    // A last line that is a sentence is an answer, not a signature.
    expect(withoutSignOff("Strong practice.\n\nAudit the front door.", [])).toBe(
      "Strong practice.\n\nAudit the front door.",
    );
  });

  it("puts the words beside the overall rating in the summary only when there is no summary of its own", () => {
    expect(read("Overall: amber, improving")!.answers).toEqual({ "overall-rag": "amber", summary: "amber, improving" });
    expect(read("Summary: Fine.\nOverall: amber, improving")!.answers.summary).toBe("Fine.");
  });

  it("reads a region's reworded questions by their new labels, and never fills a question the form lacks", () => {
    const own = structuredClone(FORM);
    const group = own.sections[0]!.questions[0]!;
    group.questions = group.questions!.filter((q) => q.id !== "recommendations");
    group.questions.find((q) => q.id === "findings")!.label = "What did you see?";
    const r = read("What did you see?\nA calm front door.\n\nRecommendations:\nAudit more.\n\nChallenge: Drift.", own)!;
    expect(r.answers.areas).toEqual([{ findings: "A calm front door.", challenge: "Drift." }]);
  });

  it("finds no review in a reply without headings", () => {
    expect(read("Yes, happy to do this one.\n\nSam")).toBeUndefined();
  });

  it("fills only what the draft does not have, group items field by field", () => {
    expect(
      mergeEmpty(
        { areas: [{ findings: "Mine." }], summary: "Kept." },
        { areas: [{ findings: "Email.", challenge: "New." }], summary: "Email.", "overall-rag": "green" },
      ),
    ).toEqual({ areas: [{ findings: "Mine.", challenge: "New." }], "overall-rag": "green" });
  });
});
