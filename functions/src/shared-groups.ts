/**
 * Loaders for the route modules both page functions serve (shared-mounts.ts, with its `at` numbers), and the reviews
 * module two of the pages function's groups share, each imported on first use (lazy-app.ts).
 */
import type { Mount } from "./app-builder";

/** Submission history: on emailed form links and in the console. */
export const history = async (): Promise<Mount> => ({
  at: 2,
  routes: (await import("./routes/history")).historyRoutes,
});
export const datasets = async (): Promise<Mount> => ({
  at: 12,
  routes: (await import("./routes/dataset")).datasetRoutes,
});
export const concerns = async (): Promise<Mount> => ({
  at: 13,
  routes: (await import("./routes/concerns")).concernRoutes,
});
export const reviewee = async (): Promise<Mount> => ({
  at: 11.5,
  routes: (await import("./routes/reviews/reviewee")).revieweeRoutes,
});
