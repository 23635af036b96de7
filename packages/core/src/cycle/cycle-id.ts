/** A cycle's id from its region and year, and back (in a file of its own: request middleware reads it at every start). */
import { NotFoundError } from "../shared";

export const cycleId = (regionId: string, year: number) => `${regionId}-${year}`;

export function parseCycleId(id: string): { regionId: string; year: number } {
  const m = /^([a-z0-9-]+)-(\d{4})$/.exec(id);
  if (!m) throw new NotFoundError(`"${id}" is not a cycle.`);
  return { regionId: m[1]!, year: Number(m[2]) };
}
