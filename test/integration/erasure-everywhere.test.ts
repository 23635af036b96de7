/**
 * Issue 28, item 4: erasure reaches every place a person is held, and subject access lists it all. A reviewer is
 * driven through the real paths (the scheduled step's mail, a fresh link asked for on the refused-link page, replies
 * over SMTP with real MIME: one recorded with a file and their name in the signature, one held for failing the trust
 * checks), downloads are checked, the lead erases them from the confirmation page, and then the WHOLE table and the
 * WHOLE bucket are read for their name, address and the hashes that name them: nothing is left outside the erasure's
 * own audit line, and their old accept/decline link is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Allowance, Assignments, fixedClock, heldHash, Keys, People, type OutboundEmail } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import type { App } from "@riia/functions/app";
import { runScheduled } from "@riia/functions/scheduled";
import { processFeedback } from "@riia/functions/feedback";
import type { LocalSmtp } from "../../local/smtp-inbound";
import { formOf, formWithButton } from "../form-page";
import { pageWorld } from "./page-world";
import { signInByPage } from "./sign-in";
import { visitor, visitorPost } from "./visitor";
import { assignment, deliver, plainReply, withFiles } from "./replies-support";
import { scanBucket, scanTable } from "./whole-store";

const clock = fixedClock("2026-10-08T10:00:00Z");
let deps: AwsDeps;
let sent: OutboundEmail[];
let app: App;
let smtp: LocalSmtp;

beforeAll(async () => {
  ({ deps, sent, app, smtp } = await pageWorld(clock));
});
afterAll(() => smtp?.stop());

const post = (action: string, body: URLSearchParams, cookie = "") =>
  app.request(action, {
    method: "POST",
    body,
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie },
  });

describe("erasing a person", () => {
  it("leaves no trace of them in the table or the bucket, lists everything first, and refuses their old link", async () => {
    const person = (await People.findByEmail(deps, "east-midlands", "performance@nottinghamshire.example.org"))!;
    const traces = [person.email, person.name, heldHash(person.email), Allowance.subjectHash("sign-in", person.email)];

    // The scheduled step's mail reaches them ("Dear <name>"), and they ask for a fresh link on a refused link's page.
    await runScheduled(deps);
    const a = await assignment(deps, { reviewee: "E06000015", reviewer: "E10000024", person });
    const accept = `/r/${a.token}/accept`;
    expect((await post(accept, formOf(await (await app.request(accept)).text(), accept).body())).status).toBe(200);
    expect((await visitorPost(app, await visitor(app), "/new-link", { token: a.token, page: "r-work" })).status).toBe(
      200,
    );
    await runScheduled(deps);
    const theirs = sent.filter((m) => m.to[0] === person.email);
    expect(theirs.length).toBeGreaterThanOrEqual(2);
    expect(theirs.some((m) => m.text.includes(person.name))).toBe(true);
    // The form link their invitation carried opens their LA's form.
    const formPath = theirs.map((m) => /\/f\/[A-Za-z0-9._~-]+/.exec(m.text)?.[0]).find(Boolean)!;
    expect((await app.request(formPath)).status).toBe(200);

    // They reply by email: a comment with a file and their name under it (recorded), and one that fails SPF (held).
    const signed = `Thanks, we will have it ready in time.\r\n\r\n${person.name}\r\nPerformance, Nottinghamshire`;
    const withFile = withFiles({
      from: person.email,
      to: a.address,
      text: signed,
      files: [{ name: "review-notes.txt", type: "text/plain", body: Buffer.from("Notes on the self-evaluation.") }],
    });
    expect((await deliver(deps, smtp, withFile, { from: person.email, to: [a.address] })).status).toBe("recorded");
    const forged = plainReply({
      from: person.email,
      to: a.address,
      text: `Decline.\r\n${person.name}`,
      headers: "X-Riia-Verdicts: spf=FAIL; dkim=PASS; dmarc=FAIL",
    });
    expect((await deliver(deps, smtp, forged, { from: person.email, to: [a.address] })).status).toBe("quarantined");
    // Their mailbox then bounces (SES feedback): the next email to them is not sent, and the lead is told, by address.
    const bounce = {
      notificationType: "Bounce",
      mail: { messageId: "ses-1", timestamp: clock.now().toISOString() },
      bounce: {
        bounceType: "Permanent",
        bouncedRecipients: [{ emailAddress: person.email }],
        timestamp: clock.now().toISOString(),
      },
    };
    expect(await processFeedback(deps, { Records: [{ Sns: { Message: JSON.stringify(bounce) } }] })).toEqual({
      suppressed: 1,
    });
    expect((await visitorPost(app, await visitor(app), "/new-link", { token: a.token, page: "r-work" })).status).toBe(
      200,
    );
    await runScheduled(deps);
    const notice = sent.find((m) => m.to[0] === "lead@em-riia.example.org" && m.text.includes(person.email));
    expect(notice).toBeDefined();
    const before = await scanBucket(deps);
    expect(before.filter((o) => o.body.includes(person.email)).map((o) => o.key.split("/")[0])).toEqual(
      expect.arrayContaining(["inbound", "quarantine"]),
    );

    // Subject access, downloaded by the lead: the emails and the messages are listed with the rest.
    const cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
    const file = await app.request(`/lead/people/${person.id}/export`, { headers: { cookie } });
    const doc = (await file.json()) as {
      emailsSent: { to: string; text: string; status: string }[];
      messagesReceived: { from: string; status: string; files: string[] }[];
    };
    // Every email to them so far: the step's, the fresh link, the acknowledgement of their reply (sent), and the
    // second fresh link, held back once their address bounced.
    expect(doc.emailsSent.filter((m) => m.status === "sent").length).toBe(
      sent.filter((m) => m.to[0] === person.email).length,
    );
    expect(doc.emailsSent.filter((m) => m.status === "suppressed")).toHaveLength(1);
    expect(doc.emailsSent.length).toBeGreaterThan(theirs.length + 1);
    expect(doc.emailsSent.every((m) => m.to === person.email)).toBe(true);
    expect(doc.messagesReceived.map((m) => m.status).sort()).toEqual(["quarantined", "recorded"]);
    expect(doc.messagesReceived.flatMap((m) => m.files).some((k) => k.endsWith("review-notes.txt"))).toBe(true);

    // Erased from the confirmation page: the first POST of an empty reason changes nothing.
    const confirm = await (await app.request(`/lead/people/${person.id}/erase`, { headers: { cookie } })).text();
    expect(
      (
        await post(
          `/lead/people/${person.id}/erase`,
          formWithButton(confirm, "Erase this person").body("Erase this person"),
          cookie,
        )
      ).status,
    ).toBe(400);
    expect(await deps.store.get(Keys.person(person.id))).toBeDefined();
    const erase = formWithButton(confirm, "Erase this person").fill("reason", "Left Nottinghamshire");
    expect((await post(erase.action, erase.body("Erase this person"), cookie)).status).toBe(303);

    // The whole table and the whole bucket: no name, no address, no hash naming them.
    const found = (json: string) => traces.some((t) => json.toLowerCase().includes(t.toLowerCase()));
    const leftInTable = (await scanTable(deps)).filter((i) => found(JSON.stringify(i)));
    expect(leftInTable.map((i) => JSON.stringify(i))).toEqual([]);
    const after = await scanBucket(deps);
    expect(after.filter((o) => found(o.key) || found(o.body)).map((o) => o.key)).toEqual([]);
    // Raw messages are gone; the file the recorded reply carried is the review's work and stays.
    expect(
      after.filter(
        (o) =>
          /^(inbound|quarantine)\//.test(o.key) && before.some((b) => b.key === o.key && b.body.includes(person.email)),
      ),
    ).toEqual([]);
    expect(after.some((o) => o.key.endsWith("review-notes.txt"))).toBe(true);

    // Their old links change nothing now: the form link is withdrawn, the accept/decline link refused.
    expect((await app.request(formPath)).status).toBe(410);
    const decline = `/r/${a.token}/decline`;
    expect((await app.request(decline)).status).toBe(403);
    expect((await Assignments.get(deps, a.id)).status).toBe("accepted");
  });
});
