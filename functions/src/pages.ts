import { pageFunction } from "./page-function";
import { LINK_GROUPS } from "./link-groups";

/**
 * Lambda entry point for the pages people reach from emailed links, and the public pages (API Gateway's `$default`
 * route): forms, sign-off, reviewers' pages, dataset returns, concern responses, the support menu and plan. The lead
 * console is its own function (`console.ts`), so this one's cold start carries none of it. Its route modules
 * (link-routes.ts) load in groups on the first request for their paths (link-groups.ts).
 */
export const handler = await pageFunction(LINK_GROUPS);
