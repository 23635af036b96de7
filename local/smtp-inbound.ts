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

const MAX_BYTES = 30 * 1024 * 1024; // SES accepts up to 40 MB; keep a margin.

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
        const raw = Buffer.concat(chunks);
        const messageId = `local-${randomUUID()}`;
        const now = deps.clock.now().toISOString();
        const pass = { status: "PASS" };
        (async () => {
          await deps.blobs.put(`${INBOUND_PREFIX}${messageId}`, raw, { contentType: "message/rfc822" });
          // Local mail is trusted (it comes from this machine), so the verdicts SES would add pass.
          await processSesEvent(deps, {
            Records: [
              {
                eventSource: "aws:ses",
                ses: {
                  // The envelope, as SES gives it: MAIL FROM ("" for a bounce) and every RCPT TO (Bcc too).
                  mail: {
                    messageId,
                    timestamp: now,
                    source: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
                  },
                  receipt: {
                    timestamp: now,
                    recipients: session.envelope.rcptTo.map((r) => r.address),
                    spfVerdict: pass,
                    dkimVerdict: pass,
                    dmarcVerdict: pass,
                    spamVerdict: pass,
                    virusVerdict: pass,
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
