import { describe, expect, it } from "vitest";
import { ConflictError, createLogger, ValidationError } from "@riia/core";
import { S3Blobs } from "@riia/core/adapters";
import { createApp } from "@riia/functions/app";
import { testDeps } from "./helpers";

describe("the app on the stand-ins", () => {
  it("GET /health reports the table, bucket and mailer up", async () => {
    const deps = await testDeps();
    const res = await createApp(deps).request("/health");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; checks: Record<string, { ok: boolean }> };
    expect(body.status).toBe("ok");
    expect(Object.values(body.checks).map((c) => c.ok)).toEqual([true, true, true]);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("GET /health is 503 and names the dependency when the bucket is missing", async () => {
    const deps = await testDeps();
    const broken = { ...deps, blobs: new S3Blobs(deps.clients.s3, "no-such-bucket-x1") };
    const res = await createApp(broken).request("/health");
    expect(res.status).toBe(503);
    const body = (await res.json()) as {
      status: string;
      checks: { bucket: { ok: boolean; error?: string }; table: { ok: boolean } };
    };
    expect(body.status).toBe("degraded");
    expect(body.checks.bucket.ok).toBe(false);
    expect(body.checks.table.ok).toBe(true);
  });

  it("maps typed errors to 4xx problem details and anything else to a 500 with the request id", async () => {
    const deps = await testDeps();
    const lines: string[] = [];
    const log = createLogger({ level: "info", destination: { write: (l: string) => void lines.push(l) } });
    const app = createApp({ ...deps, log });
    app.get("/api/boom/validation", () => {
      throw new ValidationError("Bad thing", [{ path: "name", message: "Enter a name" }]);
    });
    app.get("/api/boom/conflict", () => {
      throw new ConflictError("Changed by someone else");
    });
    app.get("/api/boom/crash", () => {
      throw new Error("secret internals");
    });
    const v = await app.request("/api/boom/validation");
    expect(v.status).toBe(400);
    expect(v.headers.get("content-type")).toContain("application/problem+json");
    expect(await v.json()).toMatchObject({
      status: 400,
      detail: "Bad thing",
      errors: [{ path: "name", message: "Enter a name" }],
    });
    expect((await app.request("/api/boom/conflict")).status).toBe(409);
    const crash = await app.request("/api/boom/crash", { headers: { "X-Request-Id": "req-abc-123" } });
    expect(crash.status).toBe(500);
    const body = (await crash.json()) as { requestId: string; detail: string };
    expect(body.requestId).toBe("req-abc-123");
    expect(JSON.stringify(body)).not.toContain("secret internals");
    // The log has the error with the same request id, as structured JSON.
    const logged = lines.map((l) => JSON.parse(l) as { level: string; requestId?: string; msg: string });
    expect(logged).toContainEqual(
      expect.objectContaining({ level: "error", requestId: "req-abc-123", msg: "unhandled error" }),
    );
  });

  it("never writes a link token to the logs", async () => {
    const deps = await testDeps();
    const lines: string[] = [];
    const log = createLogger({ level: "info", destination: { write: (l: string) => void lines.push(l) } });
    const res = await createApp({ ...deps, log }).request("/f/eyJzZWNyZXQtdG9rZW4tdmFsdWUifQ?t=abc");
    expect(res.status).toBe(403);
    expect(lines.join("")).not.toContain("eyJzZWNyZXQtdG9rZW4tdmFsdWUifQ");
    expect(lines.join("")).toContain("/f/:token");
  });

  it("answers unknown pages with a 404 page, unknown API paths with problem JSON, and sets secure headers", async () => {
    const deps = await testDeps();
    const app = createApp(deps);
    const page = await app.request("/no-such-page", { headers: { accept: "text/html" } });
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("x-request-id")).toBeTruthy();
    const api = await app.request("/api/no-such-thing");
    expect(api.status).toBe(404);
    expect(api.headers.get("content-type")).toContain("application/problem+json");
  });

  it("serves an OpenAPI document that describes /health", async () => {
    const deps = await testDeps();
    const res = await createApp(deps).request("/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/health");
  });

  it("a store conflict surfaces as ConditionFailedError from the adapter", async () => {
    const deps = await testDeps();
    await deps.store.put({ pk: "X", sk: "1", version: 1 }, { condition: { op: "notExists" } });
    await expect(
      deps.store.put({ pk: "X", sk: "1", version: 1 }, { condition: { op: "notExists" } }),
    ).rejects.toMatchObject({
      name: "ConditionFailedError",
    });
  });
});
