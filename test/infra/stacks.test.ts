import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { Match } from "aws-cdk-lib/assertions";
import { useProject } from "sst/project.js";
import { beforeAll, describe, expect, it } from "vitest";
import { restApiRoutes } from "./rest-routes";
import { synthesise, type Synthesised } from "./synth";

let s: Synthesised;
beforeAll(async () => {
  s = await synthesise("test");
});

describe("Storage", () => {
  it("has one on-demand table with PITR, TTL and a stream", () => {
    const t = s.templates.storage;
    t.resourceCountIs("AWS::DynamoDB::Table", 1);
    t.hasResourceProperties("AWS::DynamoDB::Table", {
      BillingMode: "PAY_PER_REQUEST",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
      StreamSpecification: { StreamViewType: "NEW_AND_OLD_IMAGES" },
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({ IndexName: "gsi1" }),
        Match.objectLike({ IndexName: "gsi2" }),
      ]),
    });
  });

  it("has a private, encrypted, versioned bucket with lifecycle rules", () => {
    const t = s.templates.storage;
    t.hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
      },
      VersioningConfiguration: { Status: "Enabled" },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Id: "inbound-mail", Prefix: "inbound/", Status: "Enabled" }),
          Match.objectLike({ Id: "abandoned-uploads", Prefix: "uploads/pending/", ExpirationInDays: 1 }),
        ]),
      },
    });
  });

  it("denies any request to the bucket without TLS", () => {
    s.templates.storage.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Deny",
            Action: "s3:*",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
        ]),
      },
    });
  });

  it("destroys table and bucket on a non-prod stage", () => {
    s.templates.storage.hasResource("AWS::DynamoDB::Table", { DeletionPolicy: "Delete" });
    s.templates.storage.hasResource("AWS::S3::Bucket", { DeletionPolicy: "Delete" });
  });
});

describe("Api", () => {
  it("routes the root and every other path to the pages function, and the API's and console's paths to theirs", () => {
    const t = s.templates.api;
    const fnWith = (handler: RegExp) => {
      const fns = t.findResources("AWS::Lambda::Function", {
        Properties: { Handler: Match.stringLikeRegexp(handler.source) },
      });
      expect(Object.keys(fns)).toHaveLength(1);
      const [id] = Object.keys(fns);
      expect(fns[id!]!.Properties.Runtime).toBe("nodejs24.x");
      return id!;
    };
    const routes = restApiRoutes(t);
    const pages = fnWith(/pages\.handler$/);
    const api = fnWith(/api\.handler$/);
    const lead = fnWith(/console\.handler$/);
    // API Gateway v2's `$default`: the root and every path no other route takes.
    expect(routes["ANY /"]).toBe(pages);
    expect(routes["ANY /{proxy+}"]).toBe(pages);
    for (const key of ["ANY /api/{proxy+}", "ANY /health", "ANY /openapi.json"]) expect(routes[key]).toBe(api);
    // The lead console has its own function, so an emailed link's cold start does not load it.
    for (const key of ["ANY /lead", "ANY /lead/{proxy+}", "ANY /sign-in", "ANY /sign-out", "ANY /s/{proxy+}"]) {
      expect(routes[key]).toBe(lead);
    }
    // A proxy's parent with no route would be API Gateway's own 403; the pages answer it (the app's 404).
    expect(routes["ANY /api"]).toBe(pages);
    expect(routes["ANY /s"]).toBe(pages);
    expect(Object.keys(routes)).toHaveLength(12);
  });

  it("gives the http function item-level table access only (no Scan, no wildcard actions)", () => {
    const policies = s.templates.api.findResources("AWS::IAM::Policy");
    const statements = Object.values(policies).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    );
    const actions = statements.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
    expect(actions).toContain("dynamodb:Query");
    // Batched reads and writes (BatchGetItem, BatchWriteItem) are item-level too, and the store uses both.
    expect(actions).toEqual(expect.arrayContaining(["dynamodb:BatchGetItem", "dynamodb:BatchWriteItem"]));
    expect(actions).toContain("ses:SendEmail");
    expect(actions).not.toContain("dynamodb:Scan");
    expect(actions.filter((a) => a.endsWith(":*") || a === "*")).toEqual([]);
  });
});

describe("Email", () => {
  it("stores inbound mail under inbound/ and then invokes the inbound function", () => {
    s.templates.email.hasResourceProperties("AWS::SES::ReceiptRule", {
      Rule: Match.objectLike({
        ScanEnabled: true,
        TlsPolicy: "Require",
        Actions: [
          Match.objectLike({ S3Action: Match.objectLike({ ObjectKeyPrefix: "inbound/" }) }),
          Match.objectLike({ LambdaAction: Match.objectLike({ InvocationType: "Event" }) }),
        ],
      }),
    });
  });

  it("sends bounces, complaints and sends (which settle uncertain mail) to an encrypted SNS topic with a subscriber", () => {
    const t = s.templates.email;
    t.hasResourceProperties("AWS::SNS::Topic", { KmsMasterKeyId: Match.anyValue() });
    t.hasResourceProperties("AWS::SES::ConfigurationSetEventDestination", {
      EventDestination: Match.objectLike({ MatchingEventTypes: ["bounce", "complaint", "send"] }),
    });
    t.resourceCountIs("AWS::SNS::Subscription", 1);
    t.resourceCountIs("AWS::SES::EmailIdentity", 1);
  });
});

describe("Cycle", () => {
  it("runs the scheduled step every 15 minutes", () => {
    s.templates.cycle.hasResourceProperties("AWS::Events::Rule", { ScheduleExpression: "rate(15 minutes)" });
    const fns = s.templates.cycle.findResources("AWS::Lambda::Function", {
      Properties: { Handler: Match.stringLikeRegexp("scheduled\\.handler$") },
    });
    expect(Object.keys(fns)).toHaveLength(1);
  });
});

describe("least privilege", () => {
  it("the tick may write in batches (the tasks step writes a page's emails and links with BatchWriteItem)", () => {
    const statements = Object.values(s.templates.cycle.findResources("AWS::IAM::Policy")).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[] }[],
    );
    const actions = statements.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
    expect(actions).toEqual(expect.arrayContaining(["dynamodb:BatchGetItem", "dynamodb:BatchWriteItem"]));
  });

  it("no function may Scan the table or use a wildcard action", () => {
    for (const t of Object.values(s.templates)) {
      const statements = Object.values(t.findResources("AWS::IAM::Policy")).flatMap(
        (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[] }[],
      );
      const actions = statements.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
      expect(actions).not.toContain("dynamodb:Scan");
      // CDK's own log-retention helper is the one exception (logs:* on log groups it manages).
      expect(actions.filter((a) => (a.endsWith(":*") || a === "*") && !a.startsWith("logs:"))).toEqual([]);
    }
  });

  it("the inbound function reads only inbound mail and writes only attachments, quarantine and cut copies of inbound", () => {
    const policies = Object.values(s.templates.email.findResources("AWS::IAM::Policy")).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes("Inbound"),
    );
    const suffixes = policies
      .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string[] | string; Resource: unknown }[])
      .filter((st) => [st.Action].flat().includes("s3:GetObject"))
      .flatMap((st) => [st.Resource].flat())
      .map((r) => {
        const parts = (r as { "Fn::Join"?: [string, unknown[]] })["Fn::Join"]?.[1] ?? [];
        return parts.filter((x): x is string => typeof x === "string").join("");
      });
    expect(suffixes.sort()).toEqual(["/inbound/*"]);
    // inbound/: an oversized message's stored copy is cut to the file limit (core inbound/stored-size.ts).
    expect(objectGrants(s.templates.email, "Inbound", "s3:PutObject")).toEqual([
      "/inbound/*",
      "/quarantine/*",
      "/attachments/replies/*",
    ]);
  });
});

/** The bucket paths a function's role may use an S3 action on (ARN suffixes after the bucket). */
function objectGrants(t: (typeof s.templates)["api"], roleMatch: string, action: string): string[] {
  return Object.values(t.findResources("AWS::IAM::Policy"))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(roleMatch))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string[] | string; Resource: unknown }[])
    .filter((st) => [st.Action].flat().includes(action))
    .flatMap((st) => [st.Resource].flat())
    .map((r) => {
      const parts = (r as { "Fn::Join"?: [string, unknown[]] })["Fn::Join"]?.[1] ?? [];
      return parts.filter((x): x is string => typeof x === "string").join("");
    });
}

describe("hardening: least privilege and throttling", () => {
  it("throttles the API stage (rate and burst) on every method before any Lambda runs", () => {
    s.templates.api.hasResourceProperties("AWS::ApiGateway::Stage", {
      MethodSettings: [
        Match.objectLike({ HttpMethod: "*", ResourcePath: "/*", ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 }),
      ],
    });
  });

  it("limits each function's S3 objects to its own prefixes", () => {
    // The pages from emailed links: uploads and attachments, never mail. (test/infra/iam-from-calls.test.ts proves
    // each grant against the calls each function makes.)
    for (const action of ["s3:GetObject", "s3:PutObject"])
      expect(objectGrants(s.templates.api, "HttpServiceRole", action).sort()).toEqual([
        "/attachments/*",
        "/uploads/pending/*",
      ]);
    expect(objectGrants(s.templates.api, "HttpServiceRole", "s3:DeleteObject")).toEqual(["/uploads/pending/*"]);
    // The API erases: raw and quarantined mail, and reply files.
    expect(objectGrants(s.templates.api, "HttpApiServiceRole", "s3:DeleteObject").sort()).toEqual([
      "/attachments/replies/*",
      "/inbound/*",
      "/quarantine/*",
    ]);
    // The tick reads and writes no object; its retention sweep deletes a cycle's files under attachments/.
    for (const action of ["s3:GetObject", "s3:PutObject"])
      expect(objectGrants(s.templates.cycle, "Tick", action)).toEqual([]);
    expect(objectGrants(s.templates.cycle, "Tick", "s3:DeleteObject")).toEqual(["/attachments/*"]);
  });

  it('allows "*" resources only for actions that have no resource-level permissions', () => {
    const allowed = [
      "ses:GetSendQuota",
      "xray:PutTraceSegments",
      "xray:PutTelemetryRecords",
      "logs:PutRetentionPolicy",
      "logs:DeleteRetentionPolicy",
    ];
    for (const t of Object.values(s.templates)) {
      const onStar = Object.values(t.findResources("AWS::IAM::Policy"))
        .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string[] | string; Resource: unknown }[])
        .filter((st) => [st.Resource].flat().includes("*"))
        .flatMap((st) => [st.Action].flat());
      expect(onStar.filter((a) => !allowed.includes(a))).toEqual([]);
    }
  });

  it("expires quarantined mail after 30 days and raw inbound mail after 90 (the retention schedule)", () => {
    s.templates.storage.hasResourceProperties("AWS::S3::Bucket", {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Id: "inbound-mail", Prefix: "inbound/", ExpirationInDays: 90 }),
          Match.objectLike({ Id: "quarantined-mail", Prefix: "quarantine/", ExpirationInDays: 30 }),
        ]),
      },
    });
  });
});

describe("cdk-nag AwsSolutions", () => {
  it("reports no unsuppressed error", () => {
    expect(s.nag.errors).toEqual([]);
  });
});

/** The newest bundle SST built at this path (synthesis bundles each function into .sst/artifacts/<id>/). */
function newestArtifact(path: string): string {
  const root = useProject().paths.artifacts;
  const found = readdirSync(root)
    .map((id) => join(root, id, path))
    .filter((file) => existsSync(file))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!found[0]) throw new Error(`no bundle at ${path} under ${root}`);
  return found[0];
}

/** A function's code: its entry at this path and the chunks beside it (SST splits the bundle: nodejs.splitting). */
function functionCode(path: string): string {
  const dir = dirname(newestArtifact(path));
  return readdirSync(dir)
    .filter((file) => file.endsWith(".mjs"))
    .map((file) => readFileSync(join(dir, file), "utf8"))
    .join("\n");
}

describe("runtime and bundles", () => {
  const functions = () =>
    Object.values(s.templates).flatMap((t) =>
      Object.entries(t.findResources("AWS::Lambda::Function")).map(([id, fn]) => ({
        id,
        handler: String(fn.Properties.Handler ?? ""),
        runtime: String(fn.Properties.Runtime ?? ""),
      })),
    );

  it("runs every one of riia's functions on nodejs24.x", () => {
    // SST's and CDK's own helpers (custom resources, log retention) pick their runtimes themselves.
    const ours = functions().filter((f) => /functions\/src\/\w+\.handler$/.test(f.handler));
    expect(ours.map((f) => f.handler.replace(/^.*\//, "")).sort()).toEqual(
      expect.arrayContaining([
        "api.handler",
        "console.handler",
        "feedback.handler",
        "inbound.handler",
        "pages.handler",
        "scheduled.handler",
      ]),
    );
    for (const f of ours) expect({ id: f.id, runtime: f.runtime }).toEqual({ id: f.id, runtime: "nodejs24.x" });
  });

  it("bundles the page functions with their views precompiled, the API function without views, none with SSM", () => {
    const handlers = Object.values(s.templates.api.findResources("AWS::Lambda::Function")).map((f) =>
      String(f.Properties.Handler),
    );
    expect(handlers.filter((h) => /(pages|console|api)\.handler$/.test(h))).toHaveLength(3);
    const pages = functionCode("functions/src/pages.mjs");
    const api = functionCode("functions/src/api.mjs");
    const lead = functionCode("functions/src/console.mjs");
    // Their views arrive parsed: neither carries nunjucks' parser.
    for (const bundle of [pages, lead]) expect(bundle).not.toContain("parseSignature");
    expect(pages).toContain('"govuk/components/button/macro.njk"');
    expect(api).not.toContain('"govuk/components/button/macro.njk"');
    // A parsed view few pages use is a file beside the page functions' chunks (read on a page's first use).
    for (const entry of ["functions/src/pages.mjs", "functions/src/console.mjs"]) {
      const views = join(dirname(newestArtifact(entry)), "views");
      expect(readdirSync(views)).toEqual(
        expect.arrayContaining(["question.njk.json", "govuk__components__input__template.njk.json"]),
      );
    }
    expect(existsSync(join(dirname(newestArtifact("functions/src/api.mjs")), "views"))).toBe(false);
    // The layout, which every page renders, is in the bundle, not a file.
    for (const bundle of [pages, lead]) expect(bundle).toMatch(/"layout\.njk":\s*[`'"]\["Template"/);
    for (const bundle of [pages, lead, api]) expect(bundle).not.toMatch(/from\s*"@aws-sdk\/client-ssm"/);
  });

  it("installs the locked docx beside exactly the bundles that load it, and the locked HiGHS beside every bundle", () => {
    // SST installs these with npm from the versions in functions/package.json ("*", the newest, when absent there).
    const locked = (name: string) =>
      (JSON.parse(readFileSync(join("node_modules", name, "package.json"), "utf8")) as { version: string }).version;
    const [docx, highs] = [locked("docx"), locked("highs")];
    // Every riia function the stacks define, so a new one is checked without being listed here.
    const entries = [
      ...new Set(functions().flatMap((f) => /functions\/src\/(\w+)\.handler$/.exec(f.handler)?.[1] ?? [])),
    ];
    const seen = entries.map((name) => {
      const bundle = newestArtifact(`functions/src/${name}.mjs`);
      const manifest = JSON.parse(readFileSync(join(dirname(bundle), "../../package.json"), "utf8")) as {
        dependencies?: Record<string, string>;
      };
      const pinned = manifest.dependencies ?? {};
      return {
        name,
        loadsDocx: /import\(\s*"docx"\s*\)|from\s*"docx"/.test(functionCode(`functions/src/${name}.mjs`)),
        docx: "docx" in pinned,
        docxVersion: pinned.docx ?? docx,
        highs: pinned.highs,
      };
    });
    expect(entries.length).toBeGreaterThanOrEqual(6);
    for (const f of seen) expect(f).toEqual({ ...f, loadsDocx: f.docx, docxVersion: docx, highs });
    expect(
      seen
        .filter((f) => f.docx)
        .map((f) => f.name)
        .sort(),
    ).toEqual(["api", "console"]);
  });
});
