/**
 * Free text naming someone in a form they never worked on (an officer writing another LA's DCS into an answer) is
 * the LA's own words: erasure leaves it, so subject access must at least list it, by form and question.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock, People, type OutboundEmail } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import type { App } from "@riia/functions/app";
import { linkFor } from "../../local/form-link";
import type { LocalSmtp } from "../../local/smtp-inbound";
import { formOf } from "../form-page";
import { pageWorld } from "./page-world";
import { signInByPage } from "./sign-in";
import { selfEvaluationAnswers } from "./self-evaluation-answers";

const clock = fixedClock("2026-10-20T10:00:00Z");
let deps: AwsDeps;
let app: App;
let sent: OutboundEmail[];
let smtp: LocalSmtp;

beforeAll(async () => {
  ({ deps, sent, app, smtp } = await pageWorld(clock));
});
afterAll(() => smtp?.stop());

type Listed = { id: string; form: string; authority: string; questions: string[] };

describe("subject access and forms that name someone", () => {
  it("lists a form whose answer names them, by question, though they never worked on it", async () => {
    const named = (await People.findByEmail(deps, "east-midlands", "dcs@leicester.example.org"))!;
    const other = (await People.findByEmail(deps, "east-midlands", "dcs@lincolnshire.example.org"))!;
    const { token } = await linkFor(deps, { email: "performance@derby.example.org", form: "self-evaluation" });
    const page = await (await app.request(`/f/${token}/s/summary`)).text();
    const filled = formOf(page, "/s/summary")
      .set(selfEvaluationAnswers("2025-26").summary!)
      .fill("q.how-know", `Case audits, checked with ${named.name} of Leicester.`);
    const saved = await app.request(filled.action, {
      method: "POST",
      body: filled.body("continue"),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
    });
    expect(saved.status).toBe(303);

    const cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
    const download = async (id: string) =>
      (
        (await (await app.request(`/lead/people/${id}/export`, { headers: { cookie } })).json()) as {
          formsNamingThem: Listed[];
        }
      ).formsNamingThem;
    expect(await download(named.id)).toEqual([
      expect.objectContaining({
        id: "east-midlands-2026.self-evaluation.E06000015",
        form: "self-evaluation",
        authority: "E06000015",
        questions: ["how-know"],
      }),
    ]);
    // Someone the answer does not name: nothing listed.
    expect(await download(other.id)).toEqual([]);
  });
});
