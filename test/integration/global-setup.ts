import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startStandIns } from "../../local/stand-ins";

declare module "vitest" {
  export interface ProvidedContext {
    endpoints: { dynamodb: string; s3: string; ses: string };
  }
}

/** Start dynalite, s3rver and the SES stand-in once, in process, on 127.0.0.1 and free ports. */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "riia-it-"));
  const standIns = await startStandIns({ s3Directory: join(dir, "s3") });
  project.provide("endpoints", standIns.endpoints);
  return async () => {
    await standIns.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
