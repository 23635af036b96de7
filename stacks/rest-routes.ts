import { API_PATHS, CONSOLE_PATHS } from "../functions/src/api-paths";

/**
 * The routes: the JSON API's and the console's paths to their functions (api-paths.ts), everything else (`/` and
 * `/{proxy+}`, API Gateway v2's `$default`) to the pages. A REST API matches a resource exactly, so `/api` and `/s`
 * (parents of a proxy with no method of their own) would be API Gateway's bare 403: they go to the pages too, which
 * answer with the app's own 404 as before.
 */
export function restRoutes<F>(fns: { pages: F; leadConsole: F; json: F }) {
  const routes: Record<string, { function: F }> = {
    "ANY /": { function: fns.pages },
    "ANY /{proxy+}": { function: fns.pages },
  };
  for (const path of API_PATHS) routes[`ANY ${path}`] = { function: fns.json };
  for (const path of CONSOLE_PATHS) routes[`ANY ${path}`] = { function: fns.leadConsole };
  for (const path of [...API_PATHS, ...CONSOLE_PATHS]) {
    const parent = path.endsWith("/{proxy+}") ? path.slice(0, -"/{proxy+}".length) : undefined;
    if (parent && !routes[`ANY ${parent}`]) routes[`ANY ${parent}`] = { function: fns.pages };
  }
  return routes;
}
