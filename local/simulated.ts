/**
 * Simulated time never touches the shared data: `npm run tick -- --at <date>` works on a copy of `.local/`
 * kept in `.local/simulated/`, and `npm start -- --simulated` serves that copy with its clock running
 * from the last simulated moment. `npm start -- --reset` removes both.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LOCAL_DIR } from "./config";

export const SIM_DIR = join(LOCAL_DIR, "simulated");
/** Where a data folder records the simulated moment it was last run at (a simulated copy, the demo's data). */
const clockFile = (dir: string) => join(dir, "clock.json");
/** What a stack keeps under its data folder (the simulated copy has the same layout). */
const PARTS = ["dynamodb", "s3", "mail"];

/** Start the simulated copy afresh from `.local/` (or empty, if `.local/` holds nothing yet). */
export function freshCopy(): void {
  rmSync(SIM_DIR, { recursive: true, force: true });
  mkdirSync(SIM_DIR, { recursive: true });
  for (const part of PARTS) {
    const from = join(LOCAL_DIR, part);
    // LevelDB's LOCK file is an advisory lock of the running stack, not data: leave it behind.
    if (existsSync(from)) cpSync(from, join(SIM_DIR, part), { recursive: true, filter: (f) => !f.endsWith("LOCK") });
  }
}

export const hasCopy = () => existsSync(join(SIM_DIR, "dynamodb"));

/** The simulated moment a data folder was last run at, if it has one. */
export function simulatedAt(dir = SIM_DIR): Date | undefined {
  if (!existsSync(clockFile(dir))) return undefined;
  const { at } = JSON.parse(readFileSync(clockFile(dir), "utf8")) as { at: string };
  return new Date(at);
}

export function recordSimulatedAt(at: Date, dir = SIM_DIR): void {
  writeFileSync(clockFile(dir), JSON.stringify({ at: at.toISOString() }));
}
