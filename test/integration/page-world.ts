/**
 * The world most page tests start from: a seeded store of its own, a mailer that records what it sends, the app,
 * and an SMTP server on the inbound path (stop it in `afterAll`).
 */
import type { Clock, OutboundEmail } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import { createApp, type App } from "@riia/functions/app";
import { seed } from "../../local/seed";
import { startSmtp, type LocalSmtp } from "../../local/smtp-inbound";
import { recordingMailer, testDeps } from "./helpers";

export async function pageWorld(
  clock: Clock,
): Promise<{ deps: AwsDeps; sent: OutboundEmail[]; app: App; smtp: LocalSmtp }> {
  const base = await testDeps({ clock });
  await seed(base);
  const { deps, sent } = recordingMailer(base);
  return { deps, sent, app: createApp(deps), smtp: await startSmtp(deps) };
}
