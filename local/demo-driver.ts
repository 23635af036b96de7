/**
 * What the demo does as its people: moves the simulated clock (running the scheduled step), reads the
 * mail stand-in, follows emailed links, fills forms through the real pages, replies over SMTP and signs
 * the lead in. The demo's steps (local/demo.ts) are written with these.
 */
import nodemailer from "nodemailer";
import { Assignments, type Deps } from "@riia/core";
import { runScheduled } from "@riia/functions/scheduled";
import type { LocalStack } from "./stack";
import { sentMail, type StoredEmail } from "./stand-ins";
import { LA_DOMAIN, LA_NAME, peerResponse } from "./demo-answers";

export const REGION = "east-midlands";
export const CYCLE = "east-midlands-2026";

export class DemoError extends Error {}
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new DemoError(message);
}

const field = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? "";

export class DemoDriver {
  readonly deps: Deps;
  readonly app: string;
  readonly origin: string;
  /** Emails already answered. */
  private readonly seen = new Set<string>();
  private readonly smtp: ReturnType<typeof nodemailer.createTransport>;

  constructor(
    private readonly stack: LocalStack,
    private readonly clock: { set(iso: string): void },
  ) {
    this.deps = stack.deps;
    this.app = stack.urls.app;
    this.origin = new URL(this.app).origin;
    this.smtp = nodemailer.createTransport({
      host: "127.0.0.1",
      port: stack.smtp.port,
      secure: false,
      ignoreTLS: true,
    });
  }

  field = field;

  tick = async (iso: string) => {
    this.clock.set(iso);
    await runScheduled(this.deps);
  };

  /** Run the scheduled step at 09:00 each day from `from` to `to`. */
  async days(from: string, to: string) {
    for (let t = Date.parse(`${from}T09:00:00Z`); t <= Date.parse(`${to}T09:00:00Z`); t += 86_400_000)
      await this.tick(new Date(t).toISOString());
  }

  /** Run the scheduled step `ms` after now. */
  later(ms: number) {
    return this.tick(new Date(this.deps.clock.now().getTime() + ms).toISOString());
  }

  mail = async () => sentMail(this.stack.standIns.endpoints.ses);

  latest = async (to: string, subjectStart: string): Promise<StoredEmail> => {
    const m = (await this.mail())
      .filter((e) => e.destination.to.includes(to) && e.subject.startsWith(subjectStart))
      .at(-1);
    check(m, `no email "${subjectStart}…" to ${to}`);
    return m;
  };

  linkIn = (e: StoredEmail, kind: "f" | "m" | "s") => {
    const m = new RegExp(`${this.app.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(/${kind}/[\\w.-]+)`).exec(
      e.body.text ?? "",
    );
    check(m, `no /${kind}/ link in "${e.subject}"`);
    return m[1]!;
  };

  page = async (path: string, cookie = "") =>
    (await fetch(`${this.app}${path}`, cookie ? { headers: { cookie } } : {})).text();

  post = async (path: string, fields: Record<string, string | string[]>, cookie = "") => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    return fetch(`${this.app}${path}`, {
      method: "POST",
      body,
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: this.origin, cookie },
    });
  };

  /** Fill each section of a form from its link, then submit it with the declaration. */
  async completeForm(path: string, sections: Record<string, Record<string, string>>) {
    for (const [id, fields] of Object.entries(sections)) {
      const html = await (await fetch(`${this.app}${path}/s/${id}`)).text();
      const res = await this.post(`${path}/s/${id}`, {
        csrf: field(html, "csrf"),
        version: field(html, "version"),
        seen: field(html, "seen"),
        action: "continue",
        ...fields,
      });
      check(
        res.status === 303,
        `section ${id} of ${path.slice(0, 12)}… was refused (${res.status}): ${(await res.text()).match(/<a href="#[^"]+">([^<]+)/g)?.join("; ")}`,
      );
    }
    const checkPage = await (await fetch(`${this.app}${path}/check`)).text();
    const res = await this.post(`${path}/submit`, {
      csrf: field(checkPage, "csrf"),
      version: field(checkPage, "version"),
      declaration: ["yes"],
    });
    check(res.status === 303, `submitting ${path.slice(0, 12)}… failed (${res.status})`);
  }

  async reply(e: StoredEmail, text: string) {
    const to = e.replyTo.find((r) => r.startsWith("reply+"));
    check(to, `"${e.subject}" has no reply address`);
    await this.smtp.sendMail({
      from: e.destination.to[0],
      to,
      subject: `Re: ${e.subject}`,
      text: `${text}\n\nOn ${new Date().toUTCString()}, riia wrote:\n> ${e.subject}`,
    });
  }

  /** Each DCS approves what their officers sent, by replying APPROVE to the sign-off email (the mail goes out first). */
  async dcsApprovals() {
    await this.later(60_000);
    for (const e of (await this.mail()).filter(
      (m) => m.subject.startsWith("Approve ") && !this.seen.has(m.messageId),
    )) {
      this.seen.add(e.messageId);
      await this.reply(e, "APPROVE. Thank you, this is a fair picture.");
    }
  }

  /** The lead signs in from the emailed link (sessions last 8 hours, so the demo signs in for each visit). */
  async leadSignIn(email = "lead@em-riia.example.org") {
    // As a browser: the sign-in page's visitor cookie goes with both posts, each form carrying its token.
    const page = await fetch(`${this.app}/sign-in`);
    const visitor = /riia_visitor=[^;]+/.exec(page.headers.get("set-cookie") ?? "")?.[0] ?? "";
    const csrf = field(await page.text(), "csrf");
    const asked = await this.post("/sign-in", { csrf, region: REGION, email }, visitor);
    check(asked.status === 200, "sign-in request failed");
    const path = this.linkIn(await this.latest(email, "Your sign-in link"), "s");
    const res = await this.post(path, { csrf }, visitor);
    check(res.status === 303, `sign-in failed (${res.status})`);
    return res.headers.get("set-cookie")!.split(";")[0]!;
  }

  /** Reviewers answer each assignment by email (one declines), then submit their responses. */
  async reviewRound(step: Assignments.ReviewStep, subjectStart: string) {
    const unseen = async () =>
      (await this.mail()).filter((e) => e.subject.startsWith(subjectStart) && !this.seen.has(e.messageId));
    const emails = await unseen();
    check(emails.length >= 10, `only ${emails.length} ${step} assignment emails`);
    let declined = false;
    for (const e of emails) {
      this.seen.add(e.messageId);
      if (!declined) {
        declined = true;
        await this.reply(e, "DECLINE – sorry, we have an inspection that month.");
      } else await this.reply(e, "ACCEPT. Happy to help.");
    }
    // The reserve who replaced the decliner is emailed by the next run of the scheduled step: accept it too.
    await this.later(3_600_000);
    for (const e of await unseen()) {
      this.seen.add(e.messageId);
      await this.reply(e, "Yes, we can do this.");
    }
    const active = (await Assignments.listForStep(this.deps, CYCLE, step)).filter((a) => a.status === "accepted");
    check(active.length >= 20, `only ${active.length} ${step} assignments accepted`);
    for (const a of active) {
      const e = (await this.mail())
        .filter(
          (m) =>
            m.subject.startsWith(subjectStart) &&
            m.destination.to.some((t) => t.endsWith(LA_DOMAIN[a.reviewer]!)) &&
            m.subject.endsWith(LA_NAME[a.reviewee]!),
        )
        .at(-1);
      check(e, `no assignment email for ${a.reviewer} → ${a.reviewee}`);
      await this.completeForm(this.linkIn(e, "f"), peerResponse(a.reviewee));
    }
  }
}
