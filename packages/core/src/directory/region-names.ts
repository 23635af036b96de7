/** Regions' names from the reference data (in a file of its own: request middleware names a page's region at every start). */
import reference from "../../data/reference.json";

const REFERENCE_NAMES = new Map(reference.regions.map((r) => [r.id, r.name]));

/**
 * A region's name without a store read: names are reference data, shipped with the code, and loadReference keeps
 * each stored region's name equal to the file's. Undefined for an id that is not a region.
 */
export const nameOf = (regionId: string): string | undefined => REFERENCE_NAMES.get(regionId);
