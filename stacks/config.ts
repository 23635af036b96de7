/**
 * Deploy-time configuration, read from the environment of `sst deploy` in one place and validated
 * before any resource is defined, so a bad value stops the deploy at once with a clear message.
 */
import { z } from "zod";

const Domain = z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, "must be a domain name");

const DeployConfig = z.object({
  /** Custom domain for the app, e.g. `riia.example.gov.uk` (optional: the API URL is used otherwise). */
  domain: Domain.optional(),
  /** Route 53 hosted zone for the domain (SST creates the certificate and records). */
  hostedZone: Domain.optional(),
  /** Domain that SES sends from; verified as an SES identity (DKIM records go in its DNS). */
  mailDomain: Domain,
  /** Domain whose MX points at SES receiving; replies go to `reply+<token>@<inboundDomain>`. */
  inboundDomain: Domain,
  /** Address in the From header. */
  mailFrom: z.email(),
  /** The account's SES maximum send rate (messages/second); dispatch never exceeds it. */
  sesMaxSendRate: z.coerce.number().positive().max(1000),
  logLevel: z.enum(["debug", "info", "warn", "error"]),
});
export type DeployConfig = z.infer<typeof DeployConfig>;

/**
 * Read deploy configuration for a stage. Non-production stages fall back to example domains so a
 * developer's stage (and the synthesis tests) need nothing set; `prod` must set the mail domains.
 */
export function deployConfig(stage: string, env: Record<string, string | undefined> = process.env): DeployConfig {
  const prod = stage === "prod";
  const fallbackMail = prod ? undefined : `mail.${stage}.riia.example.org`;
  const mailDomain = env.RIIA_MAIL_DOMAIN ?? fallbackMail;
  const parsed = DeployConfig.safeParse({
    domain: env.RIIA_DOMAIN || undefined,
    hostedZone: env.RIIA_HOSTED_ZONE || undefined,
    mailDomain,
    inboundDomain: env.RIIA_INBOUND_DOMAIN ?? (prod ? undefined : `reply.${stage}.riia.example.org`),
    mailFrom: env.RIIA_MAIL_FROM ?? (mailDomain ? `riia@${mailDomain}` : undefined),
    sesMaxSendRate: env.RIIA_SES_MAX_SEND_RATE ?? "14",
    logLevel: env.RIIA_LOG_LEVEL ?? "info",
  });
  if (!parsed.success) {
    const names: Record<string, string> = {
      domain: "RIIA_DOMAIN",
      hostedZone: "RIIA_HOSTED_ZONE",
      mailDomain: "RIIA_MAIL_DOMAIN",
      inboundDomain: "RIIA_INBOUND_DOMAIN",
      mailFrom: "RIIA_MAIL_FROM",
      sesMaxSendRate: "RIIA_SES_MAX_SEND_RATE",
      logLevel: "RIIA_LOG_LEVEL",
    };
    const lines = parsed.error.issues.map((i) => `${names[String(i.path[0])] ?? i.path.join(".")}: ${i.message}`);
    throw new Error(`Deploy configuration for stage "${stage}" is invalid:\n- ${lines.join("\n- ")}`);
  }
  if (parsed.data.domain && !parsed.data.hostedZone) {
    throw new Error("RIIA_DOMAIN is set: set RIIA_HOSTED_ZONE to the Route 53 zone that holds it.");
  }
  return parsed.data;
}

/** Name of the SES configuration set for a stage (deterministic, so stacks need not reference each other). */
export const configurationSetName = (app: string, stage: string) => `${app}-${stage}-mail`;
