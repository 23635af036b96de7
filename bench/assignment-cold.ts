/**
 * Run in a fresh process by assignment.bench.ts: the largest region's assignment solved first thing, with no
 * warm-up, as the first lead to propose assignments in a new environment meets it. Prints its time as JSON.
 */
import { Matching } from "@riia/core";
import reference from "../packages/core/data/reference.json";
import { instance } from "./assignment-instances";

const largest = reference.regions.reduce((a, b) => (b.authorities.length > a.authorities.length ? b : a));
const index = reference.regions.indexOf(largest);
const solved = await Matching.solveAssignment(
  instance(
    largest.authorities.map((a) => a.code),
    2,
    100 + index,
  ),
);
process.stdout.write(JSON.stringify({ ms: solved.ms }));
process.exit(0);
