/**
 * Attachments: the browser posts straight to the bucket (s3rver here) with the presigned form,
 * follows S3's redirect back, and the server checks the stored object before attaching it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { fixedClock, Submission } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import { createApp, type App } from "@riia/functions/app";
import { seed } from "../../local/seed";
import { linkFor } from "../../local/form-link";
import { testDeps } from "./helpers";

let deps: AwsDeps;
let app: App;
let token: string;
beforeAll(async () => {
  deps = await testDeps({ clock: fixedClock("2026-09-20T10:00:00Z") });
  await seed(deps);
  app = createApp(deps);
  ({ token } = await linkFor(deps, { email: "performance@lincolnshire.example.org", form: "self-evaluation" }));
});

const decode = (s: string) =>
  s
    .replace(/&amp;/g, "&")
    .replace(/&#x2F;/g, "/")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"');

/** What a browser does on the upload page: POST the form's fields and the file to S3, then follow the redirect home. */
async function upload(name: string, content: Uint8Array | string, type: string) {
  const page = await app.request(`/f/${token}/upload/evidence-files`);
  expect(page.status).toBe(200);
  const html = await page.text();
  const action = decode(/<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(html)![1]!);
  expect(page.headers.get("content-security-policy")).toContain(`form-action 'self' ${new URL(action).origin}`);
  const form = new FormData();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    form.append(m[1]!, decode(m[2]!));
  form.append("file", new Blob([content], { type }), name);
  const s3 = await fetch(action, { method: "POST", body: form, redirect: "manual" });
  expect(s3.status).toBe(303);
  const back = new URL(s3.headers.get("location")!);
  expect(back.pathname).toBe(`/f/${token}/uploaded`);
  return app.request(`${back.pathname}${back.search}`);
}

const sub = () => Submission.get(deps, "east-midlands-2026.self-evaluation.E10000019");
const PDF = `%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`;

describe("attachments", () => {
  it("accepts a real PDF, attaches it to the question and lets the form's people download it", async () => {
    const res = await upload("Ofsted letter.pdf", PDF, "application/pdf");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/f/${token}/s/offers`);
    const s = await sub();
    const [file] = Object.values(s.attachments);
    expect(file).toMatchObject({
      name: "Ofsted letter.pdf",
      type: "application/pdf",
      size: PDF.length,
      question: "evidence-files",
    });
    expect(s.answers["evidence-files"]).toEqual([file!.id]);
    expect(await deps.blobs.head(file!.key)).toMatchObject({ size: PDF.length });
    expect((await deps.blobs.list(`uploads/pending/${s.id}/`)).length).toBe(0);
    const section = await (await app.request(`/f/${token}/s/offers`)).text();
    expect(section).toContain("Ofsted letter.pdf");
    const download = await app.request(`/f/${token}/files/${file!.id}`);
    expect(download.status).toBe(302);
    const got = await fetch(download.headers.get("location")!);
    expect(await got.text()).toBe(PDF);
  });

  it("refuses a file whose content is not its type, deletes it and attaches nothing", async () => {
    const before = Object.keys((await sub()).attachments).length;
    const res = await upload("invoice.pdf", "MZ\x90\x00 this is really an executable", "application/pdf");
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("The selected file is not a real PDF file");
    expect(Object.keys((await sub()).attachments)).toHaveLength(before);
    expect(await deps.blobs.list(`uploads/pending/${(await sub()).id}/`)).toEqual([]);
  });

  it("refuses types that are not allowed", async () => {
    const res = await upload("script.exe", "MZ", "application/octet-stream");
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("must be a PDF, Word, Excel, CSV, PNG or JPG");
  });

  it("refuses an object that is not under this form's upload prefix or with a forged state", async () => {
    await deps.blobs.put("uploads/pending/someone-else/abc/x.pdf", PDF);
    const forged = await app.request(
      `/f/${token}/uploaded?u=evidence-files.abc.forged&key=uploads/pending/someone-else/abc/x.pdf`,
    );
    expect(forged.status).toBe(403);
    expect(Object.values((await sub()).attachments).some((a) => a.key.includes("someone-else"))).toBe(false);
  });

  it("refuses downloads of files that belong to another form", async () => {
    const other = await linkFor(deps, { email: "dcs@lincolnshire.example.org", form: "core-dataset" });
    const [file] = Object.values((await sub()).attachments);
    expect((await app.request(`/f/${other.token}/files/${file!.id}`)).status).toBe(404);
  });
});
