/**
 * The world most page tests start from: a seeded store of its own, a mailer that records what it sends and the app
 * (`seededApp`); `pageWorld` adds an SMTP server on the inbound path (stop it in `afterAll`).
 */
import type { Clock, OutboundEmail } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import { createApp, type App } from "@riia/functions/app";
import { seed } from "../../local/seed";
import { startSmtp, type LocalSmtp } from "../../local/smtp-inbound";
import { recordingMailer, testDeps } from "./helpers";

/** `prepare` runs on the seeded store before the mailer starts recording (more seeding, such as a dataset). */
export async function seededApp(
  clock: Clock,
  prepare?: (deps: AwsDeps) => Promise<unknown>,
): Promise<{ deps: AwsDeps; sent: OutboundEmail[]; app: App }> {
  const base = await testDeps({ clock });
  await seed(base);
  await prepare?.(base);
  const { deps, sent } = recordingMailer(base);
  return { deps, sent, app: createApp(deps) };
}

export async function pageWorld(
  clock: Clock,
): Promise<{ deps: AwsDeps; sent: OutboundEmail[]; app: App; smtp: LocalSmtp }> {
  const world = await seededApp(clock);
  return { ...world, smtp: await startSmtp(world.deps) };
}
