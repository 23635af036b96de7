/**
 * The in-process AWS stand-ins: dynalite (DynamoDB), s3rver (S3) and aws-ses-v2-local (SES).
 * All listen on 127.0.0.1 only. Used by `npm start` (with data under `.local/`) and by the
 * integration tests' global setup (in memory / temp dirs, on port 0).
 */
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import dynalite from "dynalite";
import S3rver from "s3rver";
import sesLocalModule from "aws-ses-v2-local";

// aws-ses-v2-local is CommonJS with `exports.default`; under Node's ESM loader the default import is the
// exports object, under a bundler it is the function itself.
const sesLocal: typeof sesLocalModule =
  (sesLocalModule as unknown as { default?: typeof sesLocalModule }).default ?? sesLocalModule;

export interface StandInsOptions {
  /** LevelDB directory for dynalite; in memory when omitted. */
  dynamodbPath?: string;
  /** Directory for s3rver's objects. */
  s3Directory: string;
  ports?: { dynamodb?: number; s3?: number; ses?: number };
  /** A file the sent mail is kept in (one JSON line each), so the mail UI shows it after a restart. */
  mailFile?: string;
}

export interface StandIns {
  endpoints: { dynamodb: string; s3: string; ses: string };
  stop(): Promise<void>;
}

const HOST = "127.0.0.1";

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, HOST, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

/** Start all three stand-ins; resolves once each is listening. */
export async function startStandIns(options: StandInsOptions): Promise<StandIns> {
  if (options.dynamodbPath) mkdirSync(options.dynamodbPath, { recursive: true });
  mkdirSync(options.s3Directory, { recursive: true });

  const dynamo = dynalite({ path: options.dynamodbPath, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const dynamoPort = await listen(dynamo, options.ports?.dynamodb ?? 0);

  const s3 = new S3rver({ port: 0, address: HOST, directory: options.s3Directory, silent: true });
  const s3Inner = await s3.run();
  const s3Front = s3FilenameProxy(s3Inner.port);
  const s3Port = await listen(s3Front, options.ports?.s3 ?? 0);

  const unkeep = options.mailFile ? keepSentMail(options.mailFile) : undefined;
  const ses = await sesLocal({ host: HOST, port: options.ports?.ses ?? 0 });
  const sesPort = (ses.address() as AddressInfo).port;

  return {
    endpoints: {
      dynamodb: `http://${HOST}:${dynamoPort}`,
      s3: `http://${HOST}:${s3Port}`,
      ses: `http://${HOST}:${sesPort}`,
    },
    async stop() {
      await Promise.allSettled([close(dynamo), close(s3Front), s3.close(), close(ses)]);
      unkeep?.();
    },
  };
}

interface SesStore {
  saveEmail: (email: StoredEmail) => void;
  getStoreReadonly: () => { emails: StoredEmail[] };
}

/**
 * aws-ses-v2-local keeps sent mail in memory only. Load what an earlier run kept into its store, and
 * append each email it saves to the file; returns how to stop keeping.
 */
function keepSentMail(file: string): () => void {
  const store = createRequire(import.meta.url)("aws-ses-v2-local/dist/store.js") as SesStore;
  mkdirSync(dirname(file), { recursive: true });
  // The store is one per process: it shows this data folder's mail, not an earlier stack's.
  const emails = store.getStoreReadonly().emails;
  emails.splice(0);
  const held = new Set<string>();
  if (existsSync(file)) {
    for (const line of readFileSync(file, "utf8").split("\n")) {
      if (!line.trim()) continue;
      const email = JSON.parse(line) as StoredEmail;
      if (!held.has(email.messageId)) emails.push(email);
      held.add(email.messageId);
    }
  }
  const save = store.saveEmail;
  store.saveEmail = (email) => {
    save(email);
    appendFileSync(file, `${JSON.stringify(email)}\n`);
  };
  return () => {
    store.saveEmail = save;
  };
}

/**
 * s3rver does not do what S3 does with a browser POST whose key contains `${filename}` (put the
 * uploaded file's name there). This small proxy in front of it does, so uploads behave locally as
 * they will on AWS; every other request passes through untouched.
 */
function s3FilenameProxy(innerPort: number): Server {
  return createServer((req, res) => {
    const forward = (body?: Buffer) => {
      const headers = { ...req.headers, ...(body ? { "content-length": String(body.length) } : {}) };
      const out = request({ host: HOST, port: innerPort, method: req.method, path: req.url, headers }, (inner) => {
        res.writeHead(inner.statusCode ?? 502, inner.headers);
        inner.pipe(res);
      });
      out.on("error", () => {
        res.writeHead(502);
        res.end();
      });
      if (body) out.end(body);
      else req.pipe(out);
    };
    const type = req.headers["content-type"] ?? "";
    if (req.method !== "POST" || !type.startsWith("multipart/form-data")) return forward();
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let body = Buffer.concat(chunks);
      const text = body.toString("latin1");
      const filename = /Content-Disposition: form-data; name="file"; filename="([^"]*)"/i.exec(text)?.[1];
      const at = text.indexOf("${filename}");
      if (filename && at >= 0 && at < text.search(/name="file"/i)) {
        body = Buffer.concat([
          body.subarray(0, at),
          Buffer.from(filename, "latin1"),
          body.subarray(at + "${filename}".length),
        ]);
      }
      forward(body);
    });
  });
}

/** The local SES stand-in has no GetSendQuota; its health-check route proves it answers. */
export function sesHealthProbe(sesEndpoint: string): () => Promise<void> {
  return async () => {
    const res = await fetch(`${sesEndpoint}/health-check`);
    if (!res.ok) throw new Error(`SES stand-in answered ${res.status}`);
  };
}

/** One email as the SES stand-in stores it (`GET /store`). */
export interface StoredEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

/** Read the SES stand-in's mail store. */
export async function sentMail(sesEndpoint: string): Promise<StoredEmail[]> {
  const res = await fetch(`${sesEndpoint}/store`);
  const body = (await res.json()) as { emails: StoredEmail[] };
  return body.emails;
}
