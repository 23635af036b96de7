/**
 * Issue 28, item 4 (part): once a person is erased their accept/decline link acts no more (by web or, through the
 * same check, by reply), and the assignment they decided no longer names them. The erasure is posted from the lead's
 * rendered confirmation page, as a lead does it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Assignments, fixedClock, People, type OutboundEmail } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import type { App } from "@riia/functions/app";
import { formOf, formWithButton } from "../form-page";
import { seededApp } from "./page-world";
import { signInByPage } from "./sign-in";
import { assignment } from "./replies-support";

const clock = fixedClock("2026-10-08T10:00:00Z");
let deps: AwsDeps;
let sent: OutboundEmail[];
let app: App;

beforeAll(async () => {
  ({ deps, sent, app } = await seededApp(clock));
});

const post = (action: string, body: URLSearchParams, cookie = "") =>
  app.request(action, {
    method: "POST",
    body,
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie },
  });

describe("an erased reviewer", () => {
  it("cannot use their accept/decline link, and the decision they made no longer names them", async () => {
    const person = (await People.findByEmail(deps, "east-midlands", "performance@nottinghamshire.example.org"))!;
    const a = await assignment(deps, { reviewee: "E06000015", reviewer: "E10000024", person });
    const accept = `/r/${a.token}/accept`;
    const accepted = await post(accept, formOf(await (await app.request(accept)).text(), accept).body());
    expect(accepted.status).toBe(200);
    expect((await Assignments.get(deps, a.id)).decidedBy).toBe(person.email);
    // They open the decline page (a form they could still press later), then the lead erases them.
    const decline = `/r/${a.token}/decline`;
    const declineForm = formOf(await (await app.request(decline)).text(), decline);

    const cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
    const confirm = await (await app.request(`/lead/people/${person.id}/erase`, { headers: { cookie } })).text();
    const erase = formWithButton(confirm, "Erase this person").fill("reason", "Left Nottinghamshire");
    expect((await post(erase.action, erase.body("Erase this person"), cookie)).status).toBe(303);

    // The link is refused, on its page and when the form already open is pressed; nothing changes.
    expect((await app.request(decline)).status).toBe(403);
    const pressed = await post(declineForm.form.action, declineForm.body());
    expect(pressed.status).toBe(403);
    const after = await Assignments.get(deps, a.id);
    expect(after.status).toBe("accepted");
    expect(after.decidedBy).toBe(`erased:${person.id}`);
    const held = JSON.stringify(after);
    expect(held).not.toContain(person.email);
    expect(held).not.toContain(person.name);
  });
});
