/**
 * The part of esbuild's plugin API our plugins use, typed structurally: SST bundles with its own
 * esbuild version, and each plugin must fit both SST's and ours (the bench).
 */
export interface BuildPlugin {
  name: string;
  setup(build: {
    initialOptions: { entryPoints?: unknown; outfile?: string; outdir?: string };
    onResolve(
      options: { filter: RegExp },
      callback: (args: { path: string; importer: string }) => { path: string } | undefined,
    ): void;
    onLoad(
      options: { filter: RegExp },
      callback: (args: { path: string }) => { contents: string; loader: "js" | "json" | "ts"; resolveDir?: string },
    ): void;
    onEnd(callback: (result: { errors: unknown[] }) => void): void;
  }): void;
}
