/**
 * The route modules of the pages function (API Gateway's `$default`): the pages people reach from emailed links —
 * forms, sign-off, reviewers' pages, dataset returns, concern responses, the support menu and plan — and the public
 * pages. Its own module, so the pages bundle carries none of the console (console-routes.ts).
 */
import type { Mount } from "./app-builder";
import { CONCERNS, DATASETS, HISTORY } from "./shared-mounts";
import { formRoutes } from "./routes/forms";
import { newLinkRoutes } from "./routes/new-link";
import { publicRoutes } from "./routes/public";
import { reviewViewRoutes } from "./routes/review-view";
import { revieweeRoutes } from "./routes/reviews/reviewee";
import { signOffRoutes } from "./routes/sign-off";
import { supportRoutes } from "./routes/support/index";
import { exchangeLinkRoutes } from "./routes/exchange/link";
import { impactLinkRoutes } from "./routes/impact/link";

/** `at` numbers are shared with api-routes.ts: together they are the whole app's order. */
export const LINK_MOUNTS: Mount[] = [
  HISTORY,
  { at: 3, routes: formRoutes },
  { at: 4, routes: signOffRoutes },
  { at: 9, routes: supportRoutes },
  { at: 9.5, routes: exchangeLinkRoutes },
  { at: 9.25, routes: impactLinkRoutes },
  { at: 11, routes: reviewViewRoutes },
  { at: 11.5, routes: revieweeRoutes },
  DATASETS,
  CONCERNS,
  { at: 14, routes: ({ urls }) => publicRoutes(urls!) },
  { at: 17, routes: newLinkRoutes },
];
