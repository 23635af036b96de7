/** The house's dependency rules, checked by `npm run lint`. */
const CORE = "^packages/core/src/";
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "No import circles anywhere.",
      from: {},
      to: { circular: true },
    },
    {
      name: "packages-never-import-functions",
      severity: "error",
      comment: "Imports flow functions → packages, never back.",
      from: { path: "^packages/" },
      to: { path: "^(functions|stacks|local|bench|test)/" },
    },
    {
      name: "functions-import-packages-not-scripts",
      severity: "error",
      from: { path: "^functions/" },
      to: { path: "^(stacks|local|bench|test)/" },
    },
    { name: "bench-never-imports-tests", severity: "error", from: { path: "^bench/" }, to: { path: "^test/" } },
    {
      name: "only-adapters-import-the-aws-sdk",
      severity: "error",
      from: { path: "^packages/", pathNot: `${CORE}adapters/` },
      to: { path: "@aws-sdk/" },
    },
    {
      name: "domains-meet-through-their-index",
      severity: "error",
      comment: "A core domain reaches another (shared/ included) only through that folder's index.ts.",
      from: { path: `${CORE}([^/]+)/` },
      to: { path: `${CORE}([^/]+)/.+`, pathNot: [`${CORE}$1/`, `${CORE}[^/]+/index\\.ts$`] },
    },
    {
      name: "forms-engine-uses-core-through-its-index",
      severity: "error",
      from: { path: "^(packages/forms|functions)/" },
      to: {
        path: `${CORE}(?!index\\.ts$|adapters/aws/index\\.ts$|inbound/index\\.ts$|support/exports\\.ts$|request\\.ts$|zod\\.ts$)`,
      },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
