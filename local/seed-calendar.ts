/**
 * The demo region's years, relative to the day the local stack is first started: whatever the date, a
 * newcomer finds this year's self-evaluation open with its deadline four weeks ahead, the later steps
 * scheduled after it, and two earlier years complete (so forms carry answers forward and the lead has
 * history). Earlier years are written closed, with no phase events and no tasks, so the scheduled step
 * has nothing of theirs to do: no invitations, reminders or escalations for years gone by.
 */
import {
  Audit,
  ConditionFailedError,
  Cycle,
  Keys,
  Region,
  Submission,
  Templates,
  fixedClock,
  type Deps,
} from "@riia/core";

const DAY = 86_400_000;
/** Each step's window in the seeded current cycle: opens, then its deadline four weeks later. */
export const STEP_WEEKS = 4;

const startOfDay = (t: number) => t - (t % DAY);
const iso = (t: number) => new Date(t).toISOString();

/** The current cycle's steps, one after another from today: the first opens today, each runs four weeks. */
export function phasesFromToday(settings: Region.RegionSettings, now: Date): Cycle.Phase[] {
  const today = startOfDay(now.getTime());
  const lastRung = Math.max(...settings.escalation.map((r) => r.afterDays));
  return Region.STEPS.map((step, i) => {
    const opens = today + i * STEP_WEEKS * 7 * DAY;
    const deadlineDay = opens + (STEP_WEEKS * 7 - 1) * DAY;
    const graceDays = settings.calendar[step].graceDays;
    return {
      step,
      opensAt: iso(opens),
      deadline: iso(deadlineDay + DAY - 1000),
      graceDays,
      // As the region's calendar does: a step takes late work until the last escalation rung has passed.
      closesAt: iso(deadlineDay + (Math.max(graceDays, lastRung) + 1) * DAY),
      state: "scheduled" as const,
    };
  });
}

/** Write a cycle as given; false if the region already has one for that year (never overwritten). */
async function putCycle(deps: Pick<Deps, "store" | "clock">, regionId: string, year: number, phases: Cycle.Phase[]) {
  const cycle: Cycle.Cycle = {
    ...Keys.cycle(regionId, year),
    kind: "cycle",
    id: Cycle.cycleId(regionId, year),
    regionId,
    year,
    phases,
    version: 1,
    updatedAt: deps.clock.now().toISOString(),
    updatedBy: Audit.systemActor("seed").id,
  };
  try {
    await deps.store.put(cycle, { condition: { op: "notExists" } });
    return cycle;
  } catch (err) {
    if (err instanceof ConditionFailedError) return undefined;
    throw err;
  }
}

/** This year's cycle with its steps from today (created once; a restart keeps what is there). */
export async function seedCurrentCycle(deps: Deps, regionId: string, year: number): Promise<Cycle.Cycle> {
  const region = await Region.get(deps, regionId);
  const created = await putCycle(deps, regionId, year, phasesFromToday(region.settings, deps.clock.now()));
  const cycle = created ?? (await Cycle.get(deps, Cycle.cycleId(regionId, year)));
  if (created) {
    await Audit.record(deps, {
      scope: Audit.cycleScope(cycle.id),
      actor: Audit.systemActor("seed"),
      action: "cycle.created",
      entity: { type: "cycle", id: cycle.id, version: 1 },
      summary: `Created the demo ${year}–${String(year + 1).slice(2)} cycle for ${region.name}, its steps dated from today`,
    });
  }
  await Cycle.schedulePhases(deps, cycle);
  return cycle;
}

/** An earlier year, complete: every step closed on its calendar dates, every LA's forms submitted. */
export async function seedPastCycle(deps: Deps, regionId: string, year: number): Promise<void> {
  const region = await Region.get(deps, regionId);
  const phases = Cycle.phasesFor(region.settings, year).map((p) => ({
    ...p,
    state: "closed" as const,
    openedAt: p.opensAt,
    closedAt: Cycle.closesAt(p),
  }));
  const cycle =
    (await putCycle(deps, regionId, year, phases)) ?? (await Cycle.get(deps, Cycle.cycleId(regionId, year)));
  const authorities = await Region.authorities(deps, regionId);
  // One LA after another would be slow on every first start; their forms are independent.
  await Promise.all(
    authorities.map(async (la, i) => {
      for (const form of ["self-evaluation", "development-plan"] as const) {
        const p = Cycle.phase(cycle, form);
        // Submitted a few days before the deadline, as most LAs do.
        const at = fixedClock(new Date(Date.parse(p.deadline) - (3 + (i % 5)) * DAY));
        await submitPast({ ...deps, clock: at }, cycle, la, form, pastAnswers(form, region, i, year));
      }
    }),
  );
}

async function submitPast(
  deps: Deps,
  cycle: Cycle.Cycle,
  la: Region.Authority,
  form: "self-evaluation" | "development-plan",
  answers: Submission.Answers,
) {
  const latest = await Templates.latest(deps, cycle.regionId, form);
  const draft = await Submission.open(deps, {
    cycleId: cycle.id,
    regionId: cycle.regionId,
    form,
    authority: la.code,
    templateVersion: latest?.version ?? 1,
  });
  if (draft.status === "submitted") return;
  const actor = Audit.systemActor("seed");
  const saved = await Submission.saveDraft(deps, { id: draft.id, expectedVersion: draft.version, answers, actor });
  await Submission.submit(deps, { id: draft.id, expectedVersion: saved.version, actor });
}

/** Plausible answers for an earlier year's form (fictional, varied by LA so the history is not uniform). */
function pastAnswers(form: string, region: Region.Region, i: number, year: number): Submission.Answers {
  const themes = region.settings.themes;
  const weak = themes[i % themes.length]!.id;
  const strong = themes[(i + 5) % themes.length]!.id;
  if (form === "self-evaluation") {
    return {
      period: `April ${year - 1} to March ${year}`,
      context: "Demand rose through the year; the leadership team was stable.",
      "last-inspection": i % 3 === 0 ? "requires-improvement" : "good",
      themes: [
        {
          theme: weak,
          strengths: "Committed, stable staff.",
          areas: "Consistency of practice across teams.",
          rating: "requires-improvement",
        },
        { theme: strong, strengths: "Well-regarded practice.", areas: "Sustaining it.", rating: "good" },
      ],
      quality: "Mostly good and improving.",
      "how-know": "Case audits, feedback from children and families, and performance data.",
      plans: "Embed the practice model and strengthen quality assurance.",
      "can-offer": "no",
    };
  }
  return {
    priorities: [
      {
        title: "Strengthen consistency of practice",
        theme: weak,
        actions: "Audit programme and practice weeks.",
        owner: "Head of Service",
        timescale: `${year + 1}-03-31`,
        measures: "Audit grades improve.",
        "support-wanted": "no",
      },
    ],
    oversight: "Quarterly reports to the improvement board.",
  };
}
