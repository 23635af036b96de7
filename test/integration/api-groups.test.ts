/**
 * The API function loads its route modules in groups by resource on the first request for their paths
 * (api-groups.ts). Each request here meets a fresh function, as a cold start would, and must get what the whole app
 * answers: the same status, type and body, for every resource, with and without the app secret, and for addresses
 * no route serves. A group that fails to load answers with a problem and is loaded again by the next request.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import { createApp, type App } from "@riia/functions/app";
import { API_GROUPS, apiAppFor } from "../../functions/src/api-groups";
import { lazyApp, type RouteGroup } from "../../functions/src/lazy-app";
import { seed } from "../../local/seed";
import { testDeps } from "./helpers";

const clock = fixedClock("2026-09-15T10:00:00Z");
const CYCLE = "east-midlands-2026";
let deps: AwsDeps;
let whole: App;
let auth: Record<string, string>;

beforeAll(async () => {
  deps = await testDeps({ clock });
  await seed(deps);
  whole = createApp(deps);
  auth = { Authorization: `Bearer ${deps.config.appSecret}` };
});

/** A cold API function: no group loaded yet. */
const coldApi = (groups: RouteGroup[] = API_GROUPS) => lazyApp(groups, apiAppFor(deps), undefined);

/** What a client sees of an answer, without the request id each answer carries. */
async function seen(res: Response) {
  const type = res.headers.get("content-type") ?? "";
  const text = await res.text();
  const body: unknown = type.includes("json") ? JSON.parse(text) : text;
  if (body && typeof body === "object" && "requestId" in body) delete (body as { requestId?: string }).requestId;
  return { status: res.status, type, body };
}

const READS = [
  "/api/regions",
  "/api/regions/east-midlands",
  "/api/regions/east-midlands/authorities",
  "/api/regions/atlantis",
  "/api/authorities/E06000018",
  "/api/authorities/not-a-code",
  "/api/regions/east-midlands/people",
  "/api/authorities/E06000018/people",
  "/api/regions/east-midlands/cycles",
  `/api/cycles/${CYCLE}`,
  `/api/cycles/${CYCLE}/submissions`,
  `/api/cycles/${CYCLE}/audit`,
  "/api/regions/east-midlands/audit",
  "/api/authorities/E06000018/audit",
  "/api/emails",
  "/api/emails/invitation/preview",
  `/api/cycles/${CYCLE}/board`,
  `/api/cycles/${CYCLE}/assignments/peer-scrutiny`,
  `/api/cycles/${CYCLE}/plan`,
  "/api/regions/east-midlands/templates/self-evaluation",
  "/api/regions/east-midlands/dataset/catalogue",
  "/api/regions/east-midlands/early-warning",
  "/api/regions/east-midlands/concerns",
  "/api/privacy/schedule",
  "/api/privacy/regions/east-midlands/quarantine",
  // Addresses no route serves: refused without a principal where the API's resources are, else not found.
  "/api/regions/east-midlands/nothing",
  `/api/cycles/${CYCLE}/nothing`,
  "/api/nothing",
];

/** Posts every one of which is refused (no principal, or a body or step that is not valid): nothing changes. */
const REFUSED_WRITES: [string, RequestInit][] = [
  ["/api/regions/east-midlands/contacts", { method: "POST", body: "not json" }],
  [`/api/cycles/${CYCLE}/steps/nope/open`, { method: "POST" }],
  [`/api/cycles/${CYCLE}/support/offers`, { method: "POST", body: "{}" }],
  ["/api/regions/east-midlands/dataset/import", { method: "POST", body: "{}" }],
  ["/api/regions/east-midlands/templates/self-evaluation", { method: "POST", body: "{}" }],
  ["/api/privacy/people/nobody/erase", { method: "POST", body: "{}" }],
];

describe("the API function's route groups", () => {
  it("answer every read as the whole app does, each from a cold start, with the app secret and without", async () => {
    const answered: number[] = [];
    for (const path of READS)
      for (const headers of [auth, {}]) {
        const expected = await seen(await whole.request(path, { headers }));
        const actual = await seen(await coldApi()(new Request(`http://riia.test${path}`, { headers })));
        if (headers === auth) answered.push(actual.status);
        expect({ path, signedIn: headers === auth, ...actual }).toEqual({
          path,
          signedIn: headers === auth,
          ...expected,
        });
      }
    // The reads reach the seeded data: all but the unknown region, the bad code and the three unknown addresses.
    expect(answered.filter((status) => status === 200)).toHaveLength(READS.length - 5);
  });

  it("refuse every refused write as the whole app does", async () => {
    for (const [path, init] of REFUSED_WRITES)
      for (const headers of [{ ...auth, "content-type": "application/json" }, { "content-type": "application/json" }]) {
        const expected = await seen(await whole.request(path, { ...init, headers }));
        expect(expected.status).toBeGreaterThanOrEqual(400);
        const actual = await seen(await coldApi()(new Request(`http://riia.test${path}`, { ...init, headers })));
        expect({ path, ...actual }).toEqual({ path, ...expected });
      }
  });

  it("load, for a first read of the regions, the reference routes and the guards alone", async () => {
    const loaded: string[] = [];
    const counting = API_GROUPS.map((g) => ({ ...g, load: () => (loaded.push(g.name), g.load()) }));
    const api = coldApi(counting);
    expect((await api(new Request("http://riia.test/api/regions"))).status).toBe(200);
    expect(loaded.sort()).toEqual(["guards", "reference"]);
    expect((await api(new Request(`http://riia.test/api/cycles/${CYCLE}`, { headers: auth }))).status).toBe(200);
    expect(loaded.sort()).toEqual(["cycles", "guards", "reference"]);
  });

  it("answer a group that fails to load with a 500 problem, and load it on the next request", async () => {
    let attempts = 0;
    const flaky = API_GROUPS.map((g) =>
      g.name !== "reference"
        ? g
        : {
            ...g,
            load: () => (++attempts === 1 ? Promise.reject(new Error("chunk missing")) : g.load()),
          },
    );
    const api = coldApi(flaky);
    const first = await api(new Request("http://riia.test/api/regions"));
    expect(first.status).toBe(500);
    expect(first.headers.get("content-type")).toContain("application/problem+json");
    expect(await first.json()).toMatchObject({ status: 500, requestId: expect.any(String) });
    const second = await api(new Request("http://riia.test/api/regions"));
    expect(second.status).toBe(200);
    expect(((await second.json()) as { regions: unknown[] }).regions).toHaveLength(9);
    expect(attempts).toBe(2);
  });
});
