/**
 * The paths API Gateway sends to the API function (`api.ts`, serving api-routes.ts) and to the console function
 * (`console.ts`); every other path goes to the pages function (`pages.ts`). Its own module, without imports, so the
 * stacks can read it without loading any route.
 */
export const API_PATHS = ["/api/{proxy+}", "/health", "/openapi.json"] as const;

/** The lead console: sign-in (the page, the emailed link and sign-out) and everything under /lead. */
export const CONSOLE_PATHS = ["/lead", "/lead/{proxy+}", "/sign-in", "/sign-out", "/s/{proxy+}"] as const;
