/**
 * The pages function's route modules in groups by the paths they serve, each group imported on first use
 * (lazy-app.ts). The `at` numbers are those of link-routes.ts and shared-mounts.ts (the whole app's order):
 * test/unit/lazy-groups.test.ts fails if a group's modules or numbers drift from those, or if a module serves a path
 * outside its groups'. A file of its own, so the function's bundle carries no other function's groups.
 */
import type { RouteGroup } from "./lazy-app";
import { concerns, datasets, history, reviewee } from "./shared-groups";

/** The pages function: emailed links and the public pages (LINK_MOUNTS). */
export const LINK_GROUPS: RouteGroup[] = [
  {
    name: "forms",
    paths: ["/f/*", "/lead/submissions/*"],
    load: async () => [
      await history(),
      { at: 3, routes: (await import("./routes/forms")).formRoutes },
      await reviewee(),
    ],
  },
  {
    name: "sign-off",
    paths: ["/sign-off/*"],
    load: async () => [{ at: 4, routes: (await import("./routes/sign-off")).signOffRoutes }],
  },
  {
    name: "support",
    paths: ["/m/*", "/plans/*"],
    load: async () => [{ at: 9, routes: (await import("./routes/support/index")).supportRoutes }],
  },
  {
    name: "exchange",
    paths: ["/x/*"],
    load: async () => [{ at: 9.5, routes: (await import("./routes/exchange/link")).exchangeLinkRoutes }],
  },
  {
    name: "impact",
    paths: ["/i/*"],
    load: async () => [{ at: 9.25, routes: (await import("./routes/impact/link")).impactLinkRoutes }],
  },
  {
    name: "reviews",
    paths: ["/r/*"],
    load: async () => [{ at: 11, routes: (await import("./routes/review-view")).reviewViewRoutes }, await reviewee()],
  },
  { name: "dataset", paths: ["/d/*", "/lead/dataset/*"], load: async () => [await datasets()] },
  { name: "concerns", paths: ["/c/*", "/lead/concerns/*"], load: async () => [await concerns()] },
  {
    name: "public",
    paths: ["/", "/privacy", "/accessibility", "/docs"],
    load: async () => {
      const { publicRoutes } = await import("./routes/public");
      return [{ at: 14, routes: ({ urls }) => publicRoutes(urls!) }];
    },
  },
  {
    name: "new-link",
    paths: ["/new-link"],
    load: async () => [{ at: 17, routes: (await import("./routes/new-link")).newLinkRoutes }],
  },
];
