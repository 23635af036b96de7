/**
 * Tokens never reach the logs: a whole demo run (forms from emailed links, menu links, sign-in,
 * accept/decline links, email replies) logs to a file at debug level, and that file is scanned for
 * every token the run's emails carried.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import sesLocalModule from "aws-ses-v2-local";
import { afterAll, describe, expect, it } from "vitest";
import { isTokenLike } from "@riia/core";
import { runDemo } from "../../local/demo";
import { sentMail } from "../../local/stand-ins";

const dir = mkdtempSync(join(tmpdir(), "riia-logs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The SES stand-in keeps one store per process: a second server on it reads what the demo's sent. */
async function allMailOfThisProcess() {
  const sesLocal = (sesLocalModule as unknown as { default?: typeof sesLocalModule }).default ?? sesLocalModule;
  const server = await sesLocal({ host: "127.0.0.1", port: 0 });
  try {
    return await sentMail(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    await new Promise((r) => server.close(r));
  }
}

describe("log redaction over a full demo run", () => {
  it("writes no token the run issued to its logs", async () => {
    const file = join(dir, "run.log");
    const saved = { file: process.env.RIIA_LOG_FILE, level: process.env.LOG_LEVEL };
    process.env.RIIA_LOG_FILE = file;
    process.env.LOG_LEVEL = "debug";
    try {
      await runDemo({ outDir: join(dir, "out"), log: () => undefined });
    } finally {
      process.env.RIIA_LOG_FILE = saved.file;
      process.env.LOG_LEVEL = saved.level;
    }
    const mail = await allMailOfThisProcess();
    const text = mail.map((m) => `${m.body.text ?? ""}\n${m.body.html ?? ""}\n${m.replyTo.join(" ")}`).join("\n");
    const tokens = new Set([
      ...[...text.matchAll(/\/(?:f|m|s|r)\/([^/\s"'<>?#]+)/g)].map((m) => m[1]!),
      ...[...text.matchAll(/reply\+([a-z2-7]+)@/gi)].map((m) => m[1]!),
    ]);
    const tokenList = [...tokens].filter((t) => isTokenLike(t));
    expect(tokenList.length).toBeGreaterThan(50);
    expect(existsSync(file)).toBe(true);
    const logs = readFileSync(file, "utf8");
    // The run did log its requests (so the scan is looking at something), with tokens replaced.
    expect(logs).toMatch(/"path":"\/f\/:token/);
    expect(logs).toMatch(/"path":"\/m\/:token/);
    const leaked = tokenList.filter((t) => logs.includes(t));
    expect(leaked).toEqual([]);
  }, 600_000);
});
