/**
 * Configuration of the local embedded stack, in one place. Every value can be overridden by the
 * environment variable named beside it.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ENV } from "@riia/core";

export const LOCAL_DIR = resolve(process.env.RIIA_LOCAL_DIR ?? ".local");

export const localPorts = {
  app: Number(process.env.PORT ?? 3000),
  dynamodb: Number(process.env.RIIA_LOCAL_DYNAMODB_PORT ?? 8000),
  s3: Number(process.env.RIIA_LOCAL_S3_PORT ?? 4569),
  ses: Number(process.env.RIIA_LOCAL_SES_PORT ?? 8005),
  smtp: Number(process.env.RIIA_LOCAL_SMTP_PORT ?? 2525),
};

/** A per-machine secret kept under `.local/` so emailed links survive a restart. */
function localSecret(): string {
  if (process.env[ENV.appSecret]) return process.env[ENV.appSecret]!;
  const file = join(LOCAL_DIR, "app-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(LOCAL_DIR, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** The environment the app's `loadConfig` reads, for given stand-in endpoints. */
export function localEnvironment(
  endpoints: { dynamodb: string; s3: string; ses: string },
  appPort = localPorts.app,
): Record<string, string> {
  return {
    [ENV.stage]: "local",
    [ENV.region]: "eu-west-2",
    [ENV.tableName]: process.env[ENV.tableName] ?? "riia-local",
    [ENV.bucketName]: process.env[ENV.bucketName] ?? "riia-local",
    [ENV.appSecret]: localSecret(),
    [ENV.mailFrom]: process.env[ENV.mailFrom] ?? "riia@mail.riia.example.org",
    [ENV.inboundDomain]: process.env[ENV.inboundDomain] ?? "reply.riia.example.org",
    [ENV.baseUrl]: process.env[ENV.baseUrl] ?? `http://localhost:${appPort}`,
    [ENV.sesMaxSendRate]: process.env[ENV.sesMaxSendRate] ?? "14",
    [ENV.logLevel]: process.env[ENV.logLevel] ?? "info",
    [ENV.dynamodbEndpoint]: endpoints.dynamodb,
    [ENV.s3Endpoint]: endpoints.s3,
    [ENV.sesEndpoint]: endpoints.ses,
  };
}
