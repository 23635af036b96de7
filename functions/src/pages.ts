import { LINK_MOUNTS } from "./link-routes";
import { pageFunction } from "./page-function";

/**
 * Lambda entry point for the pages people reach from emailed links, and the public pages (API Gateway's `$default`
 * route): forms, sign-off, reviewers' pages, dataset returns, concern responses, the support menu and plan. The lead
 * console is its own function (`console.ts`), so this one's cold start carries none of it.
 */
export const handler = await pageFunction(LINK_MOUNTS);
