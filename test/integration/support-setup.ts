/**
 * The brokering set-up the support tests share: the seeded East Midlands region, its 2026 cycle, and
 * submitted forms that make needs and offers. Workforce is an area for development in Derby, Leicester
 * and Rutland (a common priority); Nottingham is strong on workforce and offers it to two LAs;
 * Lincolnshire offers front-door help; Northamptonshire's plan asks for help with care leavers.
 */
import { type Audit, fixedClock, Submission, type Deps, type OutboundEmail } from "@riia/core";
import { seed } from "../../local/seed";
import { recordingMailer, testDeps } from "./helpers";

export const CYCLE = "east-midlands-2026";
export const lead: Audit.Actor = { kind: "person", id: "p-lead", name: "Morgan Lee" };

const theme = (id: string, rating: string) => ({ theme: id, strengths: "S", areas: `Develop ${id}`, rating });

async function submitted(
  deps: Deps,
  authority: string,
  answers: Record<string, unknown>,
  form: Submission.FormKind = "self-evaluation",
) {
  const s = await Submission.open(deps, {
    cycleId: CYCLE,
    regionId: "east-midlands",
    form,
    authority,
    templateVersion: 1,
  });
  const saved = await Submission.saveDraft(deps, { id: s.id, expectedVersion: s.version, answers, actor: lead });
  await Submission.submit(deps, { id: s.id, expectedVersion: saved.version, actor: lead });
}

/** A fresh store seeded with the region, mail recorded, and the forms above submitted. */
export async function supportSetup(): Promise<{ deps: Deps; sent: OutboundEmail[] }> {
  const base = await testDeps({ clock: fixedClock("2026-09-15T10:00:00Z") });
  await seed(base);
  const { deps, sent } = recordingMailer(base);
  await submitted(deps, "E06000015", {
    themes: [theme("workforce", "requires-improvement"), theme("send", "good")],
  });
  await submitted(deps, "E06000016", { themes: [theme("workforce", "inadequate")] });
  await submitted(deps, "E06000017", {
    themes: [theme("workforce", "requires-improvement"), theme("front-door", "requires-improvement")],
  });
  await submitted(deps, "E06000018", {
    themes: [theme("workforce", "outstanding")],
    "can-offer": "yes",
    offers: [
      { theme: "workforce", description: "Our recruitment and retention programme", format: "one-to-one", capacity: 2 },
    ],
  });
  await submitted(deps, "E10000019", {
    themes: [theme("front-door", "good")],
    "can-offer": "yes",
    offers: [{ theme: "front-door", description: "MASH practice model", format: "visit", capacity: 1 }],
  });
  await submitted(
    deps,
    "E10000007",
    {
      priorities: [
        {
          title: "Care leavers in EET",
          theme: "care-leavers",
          "support-wanted": "yes",
          "support-detail": "Help with a local offer",
        },
      ],
    },
    "development-plan",
  );
  return { deps, sent };
}
