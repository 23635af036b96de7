/**
 * A region that changed its response form in the template editor: findings emailed under the review
 * headings (real MIME over SMTP) fill only the questions the region's version still has, and never
 * write answers to questions it removed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock, People, Submission, Templates } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import { BUILT_IN } from "@riia/forms";
import { seed } from "../../local/seed";
import { startSmtp, type LocalSmtp } from "../../local/smtp-inbound";
import { testDeps } from "./helpers";
import { assignment, CYCLE, deliver, plainReply } from "./replies-support";

let deps: AwsDeps;
let smtp: LocalSmtp;

beforeAll(async () => {
  deps = await testDeps({ clock: fixedClock("2026-10-08T10:00:00Z") });
  await seed(deps);
  smtp = await startSmtp(deps);
});
afterAll(() => smtp?.stop());

/** The built-in response form without "Recommendations" in each area and with its summary renamed. */
function regionsOwnResponseForm() {
  const definition = structuredClone(BUILT_IN["peer-challenge-response"]) as unknown as {
    sections: { questions: { id: string; questions?: { id: string }[] }[] }[];
  };
  const group = definition.sections[0]!.questions[0]!;
  group.questions = group.questions!.filter((q) => q.id !== "recommendations");
  definition.sections[1]!.questions[0]!.id = "overall-view";
  return definition as unknown as Record<string, unknown>;
}

describe("a review by email on a region's own response form", () => {
  it("fills only the questions the region's version has", async () => {
    const lead = { kind: "person" as const, id: "p-lead", name: "Morgan Lee" };
    const published = await Templates.publish(deps, {
      regionId: "east-midlands",
      form: "peer-challenge-response",
      definition: regionsOwnResponseForm(),
      actor: lead,
    });
    const person = (await People.findByEmail(deps, "east-midlands", "performance@leicestershire.example.org"))!;
    const a = await assignment(deps, { reviewee: "E06000016", reviewer: "E10000018", person });
    const text = [
      "Strengths:",
      "Stable leadership.",
      "",
      "Areas to challenge:",
      "Drift in long-term plans.",
      "",
      "Recommendations:",
      "Review every plan over two years.",
      "",
      "Overall: green",
    ].join("\n");
    const mail = plainReply({ from: person.email, to: a.address, text, subject: "Re: Peer scrutiny" });
    expect((await deliver(deps, smtp, mail, { from: person.email, to: [a.address] })).status).toBe("recorded");

    const draft = await Submission.get(
      deps,
      Submission.submissionId(CYCLE, "peer-challenge-response", "E10000018~E06000016~peer-scrutiny"),
    );
    expect(draft.templateVersion).toBe(published.version);
    expect(draft.answers.areas).toEqual([{ findings: "Stable leadership.", challenge: "Drift in long-term plans." }]);
    expect(draft.answers["overall-rag"]).toBe("green");
    expect(draft.answers).not.toHaveProperty("summary");
  });
});
