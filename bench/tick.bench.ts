/**
 * Does the scheduled step's cost grow with history? Two national stacks (9 regions, 153 LAs) with
 * the same current cycle: one with 1 year of finished history, one with 10. The same sequence of
 * ticks (a step opening, then daily reminders, overdue and escalation for every LA) is timed on
 * each. The step reads only what is due, so the ratio should stay near 1.
 */
import { Cycle, fixedClock, Keys, Region, type Item } from "@riia/core";
import { runScheduled } from "../functions/src/scheduled";
import { withBenchStack } from "./ddb.bench";

const STEPS = ["self-evaluation", "peer-scrutiny", "development-plan", "peer-challenge"] as const;

async function writeHistory(deps: Parameters<Parameters<typeof withBenchStack>[0]>[0], years: number[]) {
  const regions = await Region.list(deps);
  for (const year of years) {
    const items: Item[] = [];
    for (const region of regions) {
      const cycleId = Cycle.cycleId(region.id, year);
      items.push({
        ...Keys.cycle(region.id, year),
        kind: "cycle",
        id: cycleId,
        regionId: region.id,
        year,
        phases: Cycle.phasesFor(region.settings, year).map((p) => ({ ...p, state: "closed" })),
        version: 9,
        updatedAt: "x",
        updatedBy: "history",
      });
      for (const la of await Region.authorities(deps, region.id)) {
        for (const step of STEPS) {
          items.push({
            pk: `TASK#${cycleId}`,
            sk: `${step}#${la.code}`,
            kind: "task",
            cycleId,
            regionId: region.id,
            step,
            authority: la.code,
            status: "submitted",
            deadline: `${year}-10-31T23:59:59.000Z`,
            graceDays: 3,
            done: ["before-14", "before-7"],
            createdAt: `${year}-09-01T00:00:00.000Z`,
            version: 4,
          });
          items.push({
            pk: `AUDIT#cycle:${cycleId}`,
            sk: `${year}-10-01T00:00:00.000Z#${step}${la.code}`,
            gsi1pk: `AUDIT#AUTH#${la.code}`,
            gsi1sk: `${year}-10-01#${step}`,
            kind: "audit",
            action: "submission.submitted",
          });
          for (let n = 0; n < 3; n++)
            items.push({
              pk: `MAIL#h${year}${step}${la.code}${n}`,
              sk: "MAIL",
              kind: "mail",
              status: "sent",
              to: `x${n}@${la.code}.example.org`,
              subject: "History",
            });
        }
      }
    }
    await deps.store.batchPut(items);
  }
}

async function timeTicks(historyYears: number): Promise<number> {
  return withBenchStack(async (base) => {
    const clock = fixedClock("2026-08-20T09:00:00Z");
    const deps = { ...base, clock };
    await Region.loadReference(deps);
    await writeHistory(
      deps,
      Array.from({ length: historyYears }, (_, i) => 2025 - i),
    );
    for (const region of await Region.list(deps))
      await Cycle.create(deps, { regionId: region.id, year: 2026, actor: { kind: "system", id: "bench" } });
    const started = performance.now();
    for (let t = Date.parse("2026-09-01T09:00:00Z"); t <= Date.parse("2026-11-25T09:00:00Z"); t += 86_400_000) {
      clock.set(new Date(t));
      await runScheduled(deps);
    }
    return performance.now() - started;
  });
}

export async function benchTickHistory() {
  const oneX = await timeTicks(1);
  const tenX = await timeTicks(10);
  return { oneXms: Math.round(oneX), tenXms: Math.round(tenX), tickHistoryRatio10x: Number((tenX / oneX).toFixed(2)) };
}
