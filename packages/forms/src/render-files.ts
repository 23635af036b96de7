/**
 * A renderer over the view folders, each template parsed on first use: what runs locally and in tests. Its own module,
 * so that a Lambda bundle (whose views arrive parsed) carries neither the parser nor the folder reading.
 */
import { rendererOf, type Render, type RendererPaths } from "./render";
import { fileTrees } from "./view-engine/parse";

export function createRenderer(paths: RendererPaths): Render {
  return rendererOf(fileTrees(paths));
}
