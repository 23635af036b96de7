import type { AssetManifest } from "./assets";

/**
 * The static files' content hashes. Run from source (local, tests) this is undefined and every file is hashed
 * when the app is built; in a Lambda bundle the bundler replaces this module with the hashes of the files it
 * copies beside the bundle (stacks/esbuild/asset-manifest.ts), so a cold start reads no asset.
 */
export const assetManifest: AssetManifest | undefined = undefined;
