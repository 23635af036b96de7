/**
 * The console function's route modules in groups by the paths they serve, each group imported on first use
 * (lazy-app.ts). The `at` numbers are those of console-routes.ts and shared-mounts.ts (the whole app's order):
 * test/unit/lazy-groups.test.ts fails if a group's modules or numbers drift from those, or if a module serves a path
 * outside its groups'. A file of its own, so the function's bundle carries no other function's groups.
 */
import type { RouteGroup } from "./lazy-app";
import { concerns, datasets, history } from "./shared-groups";

/** The console function: sign-in and everything under /lead (CONSOLE_MOUNTS). */
export const CONSOLE_GROUPS: RouteGroup[] = [
  {
    // Its middleware covers all of /lead, so every request there loads it.
    name: "lead",
    paths: ["/", "/sign-out", "/lead", "/lead/*"],
    load: async () => [{ at: 8, routes: (await import("./routes/lead/index")).leadRoutes }],
  },
  {
    // Where every visit to the console starts: sign-in alone, without the console's pages.
    name: "sign-in",
    paths: ["/sign-in", "/s/*", "/sign-out"],
    load: async () => [{ at: 8.1, routes: (await import("./routes/lead/sign-in")).signInRoutes }],
  },
  { name: "history", paths: ["/f/*", "/lead/submissions/*"], load: async () => [await history()] },
  {
    name: "templates",
    paths: ["/lead/templates", "/lead/templates/*"],
    load: async () => [{ at: 5, routes: (await import("./routes/template-editor")).templateEditorRoutes }],
  },
  {
    name: "exports",
    paths: ["/lead/cycles/*"],
    load: async () => [
      { at: 7, routes: (await import("./routes/submission-exports")).submissionExportRoutes },
      { at: 7.5, routes: (await import("./routes/reviews/exports")).reviewExportRoutes },
      { at: 8.25, routes: (await import("./routes/impact/lead")).impactLeadRoutes },
      { at: 8.3, routes: (await import("./routes/impact/progress")).impactProgressRoutes },
    ],
  },
  { name: "dataset", paths: ["/d/*", "/lead/dataset/*"], load: async () => [await datasets()] },
  { name: "concerns", paths: ["/c/*", "/lead/concerns/*"], load: async () => [await concerns()] },
];
