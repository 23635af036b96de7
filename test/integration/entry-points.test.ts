/**
 * The Lambda entry points, called as AWS would call them, with configuration from the
 * environment (as the stacks set it) and the stand-ins behind it.
 */
import type { Context } from "aws-lambda";
import type { LambdaEvent } from "hono/aws-lambda";
import nodemailer from "nodemailer";
import { beforeAll, describe, expect, it } from "vitest";
import { Suppression } from "@riia/core";
import * as Inbound from "@riia/core/inbound";
import { startSmtp } from "../../local/smtp-inbound";
import { testDeps, testEnvironment } from "./helpers";

const env = testEnvironment();
let deps: Awaited<ReturnType<typeof testDeps>>;

beforeAll(async () => {
  deps = await testDeps({ env });
  Object.assign(process.env, env);
});

function httpEvent(path: string, headers: Record<string, string> = {}): LambdaEvent {
  return {
    body: null,
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: "",
    headers: { host: "riia.test", ...headers },
    isBase64Encoded: false,
    requestContext: {
      accountId: "123456789012",
      authentication: null,
      authorizer: {},
      apiId: "api",
      domainName: "riia.test",
      domainPrefix: "riia",
      http: { method: "GET", path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "test" },
      requestId: "lambda-req-1",
      routeKey: "$default",
      stage: "$default",
      time: "01/Sep/2026:09:00:00 +0000",
      timeEpoch: 0,
    },
  };
}
const context = {} as Context;

describe("http handlers (API Gateway → Lambda → Hono)", () => {
  it("the API function serves the API from configuration in the environment", async () => {
    const { handler } = await import("@riia/functions/api");
    const res = (await handler(httpEvent("/openapi.json"), context)) as { statusCode: number; body: string };
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ openapi: "3.1.0" });
    const missing = (await handler(httpEvent("/api/nothing-here"), context)) as {
      statusCode: number;
      headers: Record<string, string>;
    };
    expect(missing.statusCode).toBe(404);
    expect(missing.headers["content-type"]).toContain("application/problem+json");
  });
});

describe("scheduled handler (Cron → Lambda)", () => {
  it("runs the tick and records a heartbeat in the table", async () => {
    const { handler } = await import("@riia/functions/scheduled");
    const first = await handler();
    const second = await handler();
    expect(second.runs).toBe(first.runs + 1);
    const beat = await deps.store.get<{ pk: string; sk: string; runs: number; lastRunAt: string }>({
      pk: "SYSTEM",
      sk: "TICK",
    });
    expect(beat?.runs).toBe(second.runs);
    expect(Date.parse(beat!.lastRunAt)).not.toBeNaN();
  });
});

const rawMessage = (from: string, subject: string) =>
  [
    `From: Sam Reviewer <${from}>`,
    "To: reply+abc@reply.riia.example.org",
    `Subject: ${subject}`,
    "Message-ID: <m1@example.org>",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "I accept the review.",
    "",
  ].join("\r\n");

describe("inbound handler (SES receipt → S3 → Lambda)", () => {
  it("records a message the receipt rule stored under inbound/, once, however often it runs", async () => {
    const { handler } = await import("@riia/functions/inbound");
    await deps.blobs.put("inbound/ses-msg-1", rawMessage("sam@lincs.example.org", "Re: peer challenge"));
    const event = {
      Records: [
        {
          eventSource: "aws:ses",
          eventVersion: "1.0",
          ses: {
            mail: { messageId: "ses-msg-1", timestamp: "2026-09-01T09:00:00.000Z", source: "sam@lincs.example.org" },
            receipt: {
              timestamp: "2026-09-01T09:00:01.000Z",
              spfVerdict: { status: "PASS" },
              dkimVerdict: { status: "PASS" },
              dmarcVerdict: { status: "PASS" },
              spamVerdict: { status: "PASS" },
              virusVerdict: { status: "PASS" },
            },
          },
        },
      ],
    };
    expect(await handler(event)).toEqual({ recorded: ["ses-msg-1"] });
    expect(await handler(event)).toEqual({ recorded: ["ses-msg-1"] });
    const stored = await deps.store.get<Inbound.InboundMessage>(Inbound.inboundKey("ses-msg-1"));
    expect(stored).toMatchObject({
      from: "sam@lincs.example.org",
      subject: "Re: peer challenge",
      verdicts: { spf: "PASS" },
    });
  });

  it("refuses an event that is not an SES receipt, and records nothing", async () => {
    const { handler } = await import("@riia/functions/inbound");
    await expect(handler({ Records: [{ eventSource: "aws:s3" }] })).rejects.toThrow(/Not an SES receipt event/);
  });
});

describe("local SMTP → bucket → inbound code", () => {
  it("stores the raw message in the bucket and records it in the table", async () => {
    const smtp = await startSmtp(deps);
    try {
      const transport = nodemailer.createTransport({
        host: "127.0.0.1",
        port: smtp.port,
        secure: false,
        ignoreTLS: true,
      });
      await transport.sendMail({
        from: "Alex Officer <alex@derby.example.org>",
        to: "reply+tok@reply.riia.example.org",
        subject: "Re: your self-evaluation",
        text: "Thanks, done.",
        attachments: [{ filename: "notes.csv", content: "a,b\n1,2\n" }],
      });
      const keys = await deps.blobs.list("inbound/");
      const local = keys.filter((k) => k.startsWith("inbound/local-"));
      expect(local).toHaveLength(1);
      const messageId = local[0]!.slice("inbound/".length);
      const stored = await deps.store.get<Inbound.InboundMessage>(Inbound.inboundKey(messageId));
      expect(stored).toMatchObject({
        from: "alex@derby.example.org",
        subject: "Re: your self-evaluation",
        attachments: 1,
      });
    } finally {
      await smtp.stop();
    }
  });
});

describe("feedback handler (SES → SNS → Lambda)", () => {
  it("suppresses permanently bounced and complaining addresses, not transient bounces", async () => {
    const { handler } = await import("@riia/functions/feedback");
    const sns = (message: unknown) => ({ Records: [{ Sns: { Message: JSON.stringify(message) } }] });
    const mail = { messageId: "m-1", timestamp: "2026-09-01T09:00:00Z" };
    await handler(
      sns({
        eventType: "Bounce",
        mail,
        bounce: { bounceType: "Permanent", timestamp: "x", bouncedRecipients: [{ emailAddress: "Gone@Example.org" }] },
      }),
    );
    await handler(
      sns({
        eventType: "Bounce",
        mail,
        bounce: { bounceType: "Transient", timestamp: "x", bouncedRecipients: [{ emailAddress: "full@example.org" }] },
      }),
    );
    await handler(
      sns({
        eventType: "Complaint",
        mail,
        complaint: { timestamp: "x", complainedRecipients: [{ emailAddress: "angry@example.org" }] },
      }),
    );
    expect(await Suppression.isSuppressed(deps, "gone@example.org")).toBe(true);
    expect(await Suppression.isSuppressed(deps, "angry@example.org")).toBe(true);
    expect(await Suppression.isSuppressed(deps, "full@example.org")).toBe(false);
  });
});
