/**
 * The paths API Gateway sends to the API function (`api.ts`, serving api-routes.ts); every other path goes to the
 * pages function. Its own module, without imports, so the stacks can read it without loading any route.
 */
export const API_PATHS = ["/api/{proxy+}", "/health", "/openapi.json"] as const;
