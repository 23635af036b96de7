/** Every cycle of a region, newest first: this year's to run, earlier years' to read. */
import { Access, Cycle, Region, type Deps } from "@riia/core";
import { govukDate } from "./dates";
import { STEP_LABELS } from "./labels";

export async function cyclesModel(deps: Deps, who: Extract<Access.Principal, { kind: "person" }>, regionId: string) {
  Access.require(who, "read-region", { regionId });
  const [region, cycles] = await Promise.all([Region.get(deps, regionId), Cycle.listForRegion(deps, regionId)]);
  return {
    title: "All cycles",
    regionName: region.name,
    backHref: cycles[0] ? `/lead/cycles/${cycles[0].id}` : undefined,
    rows: cycles.map((cycle, i) => {
      const open = cycle.phases.filter((p) => p.state === "open");
      const closed = cycle.phases.filter((p) => p.state === "closed").length;
      const last = cycle.phases.at(-1);
      return [
        {
          html: `<a class="govuk-link" href="/lead/cycles/${encodeURIComponent(cycle.id)}">Cycle ${cycle.year} to ${cycle.year + 1}</a>`,
        },
        { text: i === 0 ? "This year's cycle" : "Earlier cycle (read only)" },
        {
          text: open.length
            ? `Open: ${open.map((p) => STEP_LABELS[p.step]).join(", ")}`
            : closed === cycle.phases.length
              ? `All ${closed} steps closed${last?.closedAt ? `, the last on ${govukDate(last.closedAt)}` : ""}`
              : `${closed} of ${cycle.phases.length} steps closed`,
        },
      ];
    }),
  };
}

/** Whether a cycle is an earlier year's: another of its region's cycles started later. */
export async function isEarlierCycle(deps: Deps, cycle: Cycle.Cycle): Promise<boolean> {
  const cycles = await Cycle.listForRegion(deps, cycle.regionId);
  return cycles.some((c) => c.year > cycle.year);
}
