/**
 * `npm run reply`: answer an email from the local mail store, as a reviewer would, through the
 * local SMTP server (the same path SES receipt rules take on AWS).
 *
 *   npm run reply -- --list                      emails that can be replied to (newest first)
 *   npm run reply                                reply "ACCEPT" to the newest one
 *   npm run reply -- --pick 3 --text "DECLINE – we have an inspection that month"
 *   npm run reply -- --subject Derby            the newest whose subject mentions Derby
 */
import nodemailer from "nodemailer";
import { parseArgs } from "node:util";
import { localPorts } from "./config";
import { sentMail } from "./stand-ins";

const { values } = parseArgs({
  options: {
    list: { type: "boolean", default: false },
    pick: { type: "string", default: "1" },
    text: { type: "string", default: "ACCEPT" },
    from: { type: "string" },
    subject: { type: "string" },
    ses: { type: "string", default: `http://127.0.0.1:${localPorts.ses}` },
    smtp: { type: "string", default: String(localPorts.smtp) },
  },
});

const all = await sentMail(values.ses!).catch(() => {
  process.stderr.write(`Cannot read the local mail store at ${values.ses}/store. Is \`npm start\` running?\n`);
  process.exit(1);
});
const answerable = all
  .filter((m) => m.replyTo?.some((r) => r.startsWith("reply+")))
  .filter((m) => !values.subject || m.subject.toLowerCase().includes(values.subject.toLowerCase()))
  .reverse();

if (values.list) {
  if (!answerable.length) process.stdout.write("No emails that take replies yet.\n");
  answerable.forEach((m, i) =>
    process.stdout.write(`${String(i + 1).padStart(3)}  ${m.destination.to.join(", ")}  ${m.subject}\n`),
  );
  process.exit(0);
}

const chosen = answerable[Number(values.pick) - 1];
if (!chosen) {
  process.stderr.write(`There is no email number ${values.pick} to reply to (see --list).\n`);
  process.exit(1);
}
const from = values.from ?? chosen.destination.to[0]!;
const to = chosen.replyTo.find((r) => r.startsWith("reply+"))!;
const transport = nodemailer.createTransport({
  host: "127.0.0.1",
  port: Number(values.smtp),
  secure: false,
  ignoreTLS: true,
});
const quoted = (chosen.body.text ?? "")
  .split("\n")
  .map((l) => `> ${l}`)
  .join("\n");
const info = await transport.sendMail({
  from,
  to,
  subject: `Re: ${chosen.subject}`,
  text: `${values.text}\n\nOn ${new Date(chosen.at * 1000).toUTCString()}, ${chosen.from} wrote:\n${quoted}\n`,
});
process.stdout.write(`Replied to "${chosen.subject}" as ${from}: ${info.response}\n`);
