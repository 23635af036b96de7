/**
 * The route modules that render pages, served by two functions: the pages people reach from emailed links and the
 * public pages (`pages.ts` with link-routes.ts, on API Gateway's `$default`), and the lead console (`console.ts` with
 * console-routes.ts, on CONSOLE_PATHS). API Gateway sends each path to one of them.
 */
import type { Mount } from "./app-builder";
import { CONSOLE_MOUNTS } from "./console-routes";
import { LINK_MOUNTS } from "./link-routes";

/** Every page module once (the whole app served locally). */
export const PAGE_MOUNTS: Mount[] = [...new Set([...LINK_MOUNTS, ...CONSOLE_MOUNTS])];
