/**
 * What each step needs before it opens, so the lead can read the guard before the click: a step after a form step
 * needs that form from every LA (or a waiver); the support menu needs submitted self-evaluations or development plans
 * to build needs and offers from; the regional plan needs needs and offers to broker. The lead may go ahead with a
 * reason when work is missing.
 */
import { type Cycle, Tasks } from "../cycle";
import { type Deps } from "../shared";
import { Submission } from "../submissions";
import { Region } from "../directory";
import { Support } from "../support";

export interface Guard {
  step: Region.Step;
  /** True when nothing is missing. */
  ready: boolean;
  /** What the step needs, in one sentence. */
  needs: string;
  /** What is missing, one line each (empty when ready). */
  missing: string[];
  /** Names of LAs that still owe the previous form (for the reason prompt). */
  missingAuthorities: string[];
}

async function formGuard(deps: Pick<Deps, "store">, cycleId: string, step: Region.Step, las: Region.Authority[]) {
  const before = Region.STEPS[Region.STEPS.indexOf(step) - 1];
  const form = before ? Tasks.FORM_OF_STEP[before] : undefined;
  if (!before || !form) return undefined;
  const [subs, tasks] = await Promise.all([Submission.listForCycle(deps, cycleId, form), Tasks.tasksOf(deps, cycleId)]);
  const waived = new Set(tasks.filter((t) => t.step === before && t.status === "waived").map((t) => t.authority));
  const missing = las.filter(
    (la) => !waived.has(la.code) && !subs.some((s) => s.authority === la.code && s.status === "submitted"),
  );
  return {
    before,
    needs: `Every local authority's ${Tasks.FORM_TITLES[form].toLowerCase()} submitted or waived.`,
    missingAuthorities: missing.map((m) => m.name),
  };
}

/** The guard of one step, as it stands now. */
export async function guardOf(deps: Pick<Deps, "store">, cycle: Cycle.Cycle, step: Region.Step): Promise<Guard> {
  const las = await Region.authorities(deps, cycle.regionId);
  const form = await formGuard(deps, cycle.id, step, las);
  if (form) {
    const n = form.missingAuthorities.length;
    const missing = n ? [`${n} of ${las.length} have not submitted: ${form.missingAuthorities.join(", ")}`] : [];
    return { step, ready: !n, needs: form.needs, missing, missingAuthorities: form.missingAuthorities };
  }
  if (step === "support-menu") {
    const subs = (await Submission.listForCycle(deps, cycle.id)).filter(
      (s) => s.status === "submitted" && (s.form === "self-evaluation" || s.form === "development-plan"),
    );
    return {
      step,
      ready: subs.length > 0,
      needs: "Submitted self-evaluations or development plans to build needs and offers from.",
      missing: subs.length ? [] : ["No self-evaluation or development plan has been submitted yet"],
      missingAuthorities: [],
    };
  }
  if (step === "regional-plan") {
    const [needs, offers] = await Promise.all([Support.needs(deps, cycle.id), Support.offers(deps, cycle.id)]);
    const missing = [
      ...(needs.length ? [] : ["No needs yet: open the support menu, or add a need from intelligence"]),
      ...(offers.length ? [] : ["No offers on the menu yet"]),
    ];
    return {
      step,
      ready: !missing.length,
      needs: "Needs and offers on the support menu, to broker solutions for the plan.",
      missing,
      missingAuthorities: [],
    };
  }
  return { step, ready: true, needs: "Nothing: this step can open at any time.", missing: [], missingAuthorities: [] };
}

export async function guardsOf(deps: Pick<Deps, "store">, cycle: Cycle.Cycle): Promise<Guard[]> {
  return Promise.all(Region.STEPS.map((s) => guardOf(deps, cycle, s)));
}
