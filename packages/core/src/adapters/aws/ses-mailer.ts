import type { SESClient } from "@aws-sdk/client-ses";
import type { Mailer, OutboundEmail } from "../../shared";

// The SES SDK loads on first use (see AwsClients.ses).
const sdk = () => import("@aws-sdk/client-ses");

/** `Mailer` on SES v1 (and on aws-ses-v2-local locally). */
export class SesMailer implements Mailer {
  private readonly client: () => Promise<SESClient>;

  constructor(
    /** A client, or a function that loads one on first use. */
    ses: SESClient | (() => Promise<SESClient>),
    private readonly options: {
      configurationSet?: string;
      /**
       * How to prove the mailer answers. On AWS: `GetSendQuota`. The local stand-in does not
       * implement that action, so local wiring passes its own health probe.
       */
      ping?: () => Promise<void>;
    } = {},
  ) {
    this.client = typeof ses === "function" ? ses : () => Promise.resolve(ses);
  }

  async send(email: OutboundEmail): Promise<{ messageId: string }> {
    const [ses, { SendEmailCommand }] = await Promise.all([this.client(), sdk()]);
    const out = await ses.send(
      new SendEmailCommand({
        Source: email.from,
        Destination: { ToAddresses: email.to },
        ReplyToAddresses: email.replyTo,
        Message: {
          Subject: { Data: email.subject, Charset: "UTF-8" },
          Body: { Text: { Data: email.text, Charset: "UTF-8" }, Html: { Data: email.html, Charset: "UTF-8" } },
        },
        ConfigurationSetName: this.options.configurationSet,
        Tags: email.tags
          ? Object.entries(email.tags).map(([Name, Value]) => ({ Name, Value: Value.replace(/[^A-Za-z0-9_-]/g, "_") }))
          : undefined,
      }),
    );
    if (!out.MessageId) throw new Error("SES returned no MessageId");
    return { messageId: out.MessageId };
  }

  async ping(): Promise<void> {
    if (this.options.ping) return this.options.ping();
    const [ses, { GetSendQuotaCommand }] = await Promise.all([this.client(), sdk()]);
    await ses.send(new GetSendQuotaCommand({}));
  }
}
