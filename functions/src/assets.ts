import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Render, RendererPaths } from "@riia/forms";
import { HOUSE_CSS } from "./house-css";
import type { Context } from "hono";
import { TABLES_CSS } from "./table-css";

/**
 * Where the views and GOV.UK Frontend live. On Lambda the views are parsed into the bundle at build time and the stack
 * copies GOV.UK Frontend's assets next to it (`copyFiles`); elsewhere both are resolved from the installed packages.
 */
export function defaultViewPaths(): RendererPaths {
  const root = process.env.LAMBDA_TASK_ROOT;
  if (root && existsSync(join(root, "govuk")))
    return { viewsDirs: [join(root, "pages"), join(root, "views")], govukDir: join(root, "govuk") };
  const require = createRequire(import.meta.url);
  return {
    viewsDirs: [
      fileURLToPath(new URL("../views", import.meta.url)),
      join(dirname(require.resolve("@riia/forms/package.json")), "views"),
    ],
    govukDir: join(dirname(require.resolve("govuk-frontend/package.json")), "dist", "govuk"),
  };
}

const TYPES: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
};
/** Already compressed formats gain nothing from gzip or brotli. */
const PACKED = new Set([".woff2", ".woff", ".png", ".ico"]);
const YEAR = 31_536_000;

interface StaticFile {
  hashed: string;
  type: string;
  body: Buffer;
  etag: string;
  compressible: boolean;
  encoded: Partial<Record<"br" | "gzip", Buffer>>;
}

/** The hashed URLs pages link to. */
export interface AssetUrls {
  css: string;
  js: string;
}

export interface Assets {
  urls: AssetUrls;
  /** The file at a URL: its hashed name (immutable) or its plain name (short-lived). */
  find(path: string): { file: StaticFile; immutable: boolean } | undefined;
}

const extOf = (name: string) => name.slice(name.lastIndexOf("."));
/** `x.min.css` with content hash h is `x.min.h.css`. */
const withHash = (path: string, hash: string) => `${path.slice(0, -extOf(path).length)}.${hash}${extOf(path)}`;
const stripSourceMap = (text: string) => text.replace(/\/[/*]# sourceMappingURL=\S+(\s*\*\/)?/g, "");

/**
 * GOV.UK Frontend's stylesheet for a service that is not on GOV.UK: its fonts and images point at
 * their hashed names, and the GDS Transport typeface (for GOV.UK only) gives way to the fallback Arial.
 */
function brandFreeCss(css: string, urlOf: (plain: string) => string | undefined): string {
  return stripSourceMap(css)
    .replace(/\/\*[^*]*GDS Transport[\s\S]*?\*\//g, "")
    .replace(/@font-face\{[^}]*GDS Transport[^}]*\}/g, "")
    .replace(/"?GDS Transport"?,\s*/g, "")
    .replace(/url\((\/assets\/[^)]+)\)/g, (whole, plain: string) => {
      const hashed = urlOf(plain);
      return hashed ? `url(${hashed})` : whole;
    });
}

/** A static file's plain URL, where its bytes come from, and how they are prepared. */
interface AssetSource {
  plain: string;
  file?: string;
  text?: string;
  prepare: "brand-free-css" | "strip-source-map" | "none";
}

/** Every static file served, in dependency order (fonts and images before the stylesheet naming them). */
export function assetSources(govukDir: string): AssetSource[] {
  const sources: AssetSource[] = [];
  for (const folder of ["fonts", "images"]) {
    const dir = join(govukDir, "assets", folder);
    for (const name of existsSync(dir) ? readdirSync(dir) : [])
      if (TYPES[extOf(name)])
        sources.push({ plain: `/assets/${folder}/${name}`, file: join(dir, name), prepare: "none" });
  }
  sources.push(
    {
      plain: "/stylesheets/govuk-frontend.min.css",
      file: join(govukDir, "govuk-frontend.min.css"),
      prepare: "brand-free-css",
    },
    {
      plain: "/javascripts/govuk-frontend.min.js",
      file: join(govukDir, "govuk-frontend.min.js"),
      prepare: "strip-source-map",
    },
  );
  sources.push({ plain: "/assets/riia/tables.css", text: TABLES_CSS, prepare: "none" });
  return sources;
}

function prepared(source: AssetSource, urlOf: (plain: string) => string | undefined): Buffer {
  if (source.text !== undefined) return Buffer.from(source.text);
  if (source.prepare === "none") return readFileSync(source.file!);
  const text = readFileSync(source.file!, "utf8");
  return Buffer.from(
    source.prepare === "brand-free-css" ? brandFreeCss(text, urlOf) + HOUSE_CSS : stripSourceMap(text),
  );
}

const contentHash = (body: Buffer) => createHash("sha256").update(body).digest("hex").slice(0, 12);

/** Each static file's content hash by plain URL: computed at build time so a function start reads no asset. */
export type AssetManifest = Record<string, string>;

/** Hash every static file now (the bundler writes the result into the bundle: stacks/esbuild/asset-manifest.ts). */
export function assetManifest(govukDir: string): AssetManifest {
  return Object.fromEntries(
    buildAssets(govukDir)
      .list()
      .map((f) => [f.plain, f.etag.slice(1, -1)]),
  );
}

/**
 * The static files, each under a content-hashed name (served immutable for a year) and its plain name (served for
 * an hour, for anything that still asks for it). With a manifest the hashes are known and each file is read on its
 * first request; without one (run from source) every file is read and hashed now.
 */
export function buildAssets(
  govukDir: string,
  manifest?: AssetManifest,
): Assets & { list(): (StaticFile & { plain: string })[] } {
  const byPath = new Map<string, { file: StaticFile; immutable: boolean }>();
  const files: (StaticFile & { plain: string })[] = [];
  const urlOf = (plain: string) => byPath.get(plain)?.file.hashed;
  for (const source of assetSources(govukDir)) {
    const known = manifest?.[source.plain];
    let body = known ? undefined : prepared(source, urlOf);
    const hash = known ?? contentHash(body!);
    const ext = extOf(source.plain);
    const file = {
      plain: source.plain,
      hashed: withHash(source.plain, hash),
      type: TYPES[ext] ?? "application/octet-stream",
      get body() {
        return (body ??= prepared(source, urlOf));
      },
      etag: `"${hash}"`,
      compressible: !PACKED.has(ext),
      encoded: {},
    };
    files.push(file);
    byPath.set(source.plain, { file, immutable: false });
    byPath.set(file.hashed, { file, immutable: true });
  }
  const urls: AssetUrls = {
    css: urlOf("/stylesheets/govuk-frontend.min.css")!,
    js: urlOf("/javascripts/govuk-frontend.min.js")!,
  };
  return { urls, find: (path) => byPath.get(path), list: () => files };
}

/** Brotli if the client takes it, else gzip, else none; compressed once per file and kept. */
function encode(file: StaticFile, accept: string): { body: Buffer; encoding?: "br" | "gzip" } {
  if (!file.compressible) return { body: file.body };
  const takes = (name: string) => new RegExp(`(^|[\\s,])${name}(?!;\\s*q=0(\\.0+)?\\b)`).test(accept);
  const encoding = takes("br") ? "br" : takes("gzip") ? "gzip" : undefined;
  if (!encoding) return { body: file.body };
  file.encoded[encoding] ??=
    encoding === "br"
      ? // Brotli's higher levels take seconds on a large file; level 5 is quick and still beats gzip.
        brotliCompressSync(file.body, {
          params: { [constants.BROTLI_PARAM_QUALITY]: file.body.length > 262_144 ? 5 : 9 },
        })
      : gzipSync(file.body, { level: 9 });
  return { body: file.encoded[encoding]!, encoding };
}

/** Serve the static files: hashed names for a year (immutable), plain names for an hour. */
export function assetHandler(assets: Assets) {
  return (c: Context) => {
    const found = assets.find(c.req.path);
    if (!found) return c.notFound();
    const { file, immutable } = found;
    const headers: Record<string, string> = {
      "content-type": file.type,
      "cache-control": immutable ? `public, max-age=${YEAR}, immutable` : "public, max-age=3600",
      etag: file.etag,
    };
    if (file.compressible) headers.vary = "Accept-Encoding";
    if (c.req.header("if-none-match") === file.etag) return c.body(null, 304, headers);
    const { body, encoding } = encode(file, c.req.header("accept-encoding") ?? "");
    if (encoding) headers["content-encoding"] = encoding;
    return c.body(new Uint8Array(body), 200, headers);
  };
}

/** A renderer whose pages know the hashed asset URLs (the layout links to them). */
export function withAssetUrls(render: Render, urls: AssetUrls): Render {
  return (view, context) => render(view, { assetUrls: urls, ...context });
}
