/**
 * The JSON API's own tests, run again the way the API function's bundle runs its routes: `@hono/zod-openapi`
 * resolves to the run-time twin in functions/src/api-runtime (zod mini schemas, the same validation), and the
 * document is the file generated at build time. Every refusal, status and problem detail must be the same.
 */
import { vi } from "vitest";
import type * as OpenApiApp from "../../functions/src/openapi-app";

vi.mock("@hono/zod-openapi", () => import("../../functions/src/api-runtime/zod-openapi"));
vi.mock("../../functions/src/openapi-app", async (original) => {
  const real = await original<typeof OpenApiApp>();
  return { ...real, describeApi: real.serveApiDocument };
});

await import("./api.test");
await import("./templates.test");
await import("./dataset-admin.test");
await import("./dataset-import.test");
await import("./support.test");

const { describe, expect, it } = await import("vitest");
describe("the run-time twin of @hono/zod-openapi", () => {
  it("is what these routes load: zod mini schemas, without classic zod's methods", async () => {
    const { z } = await import("@hono/zod-openapi");
    const schema = z.string().max(3).optional() as unknown as Record<string, unknown>;
    expect(schema.email).toBeUndefined();
    expect((schema as { _zod: { def: { type: string } } })._zod.def.type).toBe("optional");
    expect(z.string().safeParse(1).success).toBe(false);
  });
});
