/**
 * Local stand-in for SES inbound: an SMTP server whose every accepted message takes the same path
 * as on AWS — raw MIME stored in the bucket under `inbound/<messageId>`, then the inbound
 * function's code called with an SES receipt event.
 */
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import type { Deps } from "@riia/core";
import { INBOUND_PREFIX, processSesEvent } from "@riia/functions/inbound";
import { sesAuthenticationResults } from "./ses-auth-results";

const MAX_BYTES = 30 * 1024 * 1024; // SES accepts up to 40 MB; keep a margin.

/**
 * The test header that sets local verdicts, e.g. `X-Riia-Verdicts: spf=FAIL; dkim=GRAY; dmarc=none`
 * (`dmarcPolicy=reject` adds what SES reports as the failing domain's policy).
 */
export const VERDICT_HEADER = "X-Riia-Verdicts";
const CHECKS = ["spf", "dkim", "dmarc", "spam", "virus"] as const;
type Check = (typeof CHECKS)[number];

/**
 * What SES would have said about a local message. Demo mail comes from this machine, so every check
 * passes by default; `X-Riia-Verdicts` overrides any check (`none` leaves it out, as SES does when a
 * check did not run), so local tests reach the same fail-closed trust rule as mail on AWS.
 */
export function localVerdicts(raw: Buffer): Record<Check, { status: string } | undefined> {
  const head = raw.toString("latin1").split(/\r?\n\r?\n/, 1)[0] ?? "";
  const line = new RegExp(`^${VERDICT_HEADER}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, "im").exec(head)?.[1] ?? "";
  const given = new Map(
    [...line.matchAll(/(spf|dkim|dmarc|spam|virus)\s*=\s*([A-Za-z_]+)/gi)].map((m) => [
      m[1]!.toLowerCase(),
      m[2]!.toUpperCase(),
    ]),
  );
  return Object.fromEntries(
    CHECKS.map((c) => {
      const v = given.get(c) ?? "PASS";
      return [c, v === "NONE" ? undefined : { status: v }];
    }),
  ) as Record<Check, { status: string } | undefined>;
}

export interface LocalSmtp {
  port: number;
  stop(): Promise<void>;
}

/** Start the SMTP server on 127.0.0.1; `deps` decides which table and bucket it feeds. */
export async function startSmtp(deps: Deps, port = 0): Promise<LocalSmtp> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    size: MAX_BYTES,
    logger: false,
    banner: "riia local inbound",
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (stream.sizeExceeded) return callback(Object.assign(new Error("Message too large"), { responseCode: 552 }));
        const received = Buffer.concat(chunks);
        const messageId = `local-${randomUUID()}`;
        const now = deps.clock.now().toISOString();
        const verdicts = localVerdicts(received);
        const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        // As SES does, the receiver's own Authentication-Results goes on top of the stored message.
        const raw = Buffer.concat([Buffer.from(sesAuthenticationResults(received, verdicts, mailFrom)), received]);
        const policy = /dmarcPolicy\s*=\s*(\w+)/i.exec(
          /^X-Riia-Verdicts:.*$/im.exec(received.toString("latin1").split(/\r?\n\r?\n/, 1)[0] ?? "")?.[0] ?? "",
        )?.[1];
        (async () => {
          await deps.blobs.put(`${INBOUND_PREFIX}${messageId}`, raw, { contentType: "message/rfc822" });
          // Verdicts come from the message (X-Riia-Verdicts) or pass, then take the same trust path as on AWS.
          await processSesEvent(deps, {
            Records: [
              {
                eventSource: "aws:ses",
                ses: {
                  // The envelope, as SES gives it: MAIL FROM ("" for a bounce) and every RCPT TO (Bcc too).
                  mail: {
                    messageId,
                    timestamp: now,
                    source: mailFrom,
                  },
                  receipt: {
                    timestamp: now,
                    recipients: session.envelope.rcptTo.map((r) => r.address),
                    spfVerdict: verdicts.spf,
                    dkimVerdict: verdicts.dkim,
                    dmarcVerdict: verdicts.dmarc,
                    ...(policy ? { dmarcPolicy: policy.toLowerCase() } : {}),
                    spamVerdict: verdicts.spam,
                    virusVerdict: verdicts.virus,
                  },
                },
              },
            ],
          });
        })().then(
          () => callback(null, `Queued as ${messageId}`),
          (err: unknown) => {
            deps.log.error({ err }, "local inbound failed");
            callback(Object.assign(new Error("Could not process message"), { responseCode: 451 }));
          },
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return {
    port: address.port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
