import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Import patterns refused in more than one part of the tree (`no-restricted-imports` patterns). */
const PACKAGES_STAY_OUT = {
  group: ["**/functions/**", "**/stacks/**", "@riia/functions*"],
  message: "Packages never import functions or stacks.",
};
const ZOD_FROM_CORE = {
  group: ["zod/mini"],
  message: "Import z from the core's zod module (@riia/core/zod), which registers zod's English messages.",
};

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".sst/**",
      ".local/**",
      "cdk.out/**",
      "bench/.out/**",
      "coverage/**",
      ".scratch/**",
      "**/*.d.ts",
    ],
  },
  js.configs.recommended,
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { module: "writable", require: "readonly" } },
  },
  {
    files: ["**/*.mjs", "**/*.js"],
    languageOptions: { globals: { process: "readonly", performance: "readonly", console: "readonly" } },
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    // Issue 11's size rule: files under 400 lines, functions under 80, blank lines and comments included.
    // Tests and the forms' template tables (data, not logic) are left out.
    files: ["**/*.ts"],
    ignores: ["test/**", "packages/forms/src/templates/**"],
    rules: {
      "max-lines": ["error", 400],
      "max-lines-per-function": ["error", 80],
    },
  },
  {
    // Handlers and domain code log through the structured logger, never the console.
    files: ["functions/**/*.ts", "packages/**/*.ts"],
    rules: { "no-console": "error" },
  },
  {
    // Packages never import functions or stacks; domain code never touches the AWS SDK (only adapters do).
    files: ["packages/**/*.ts"],
    ignores: ["packages/core/src/zod.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [PACKAGES_STAY_OUT, ZOD_FROM_CORE],
        },
      ],
    },
  },
  {
    files: ["packages/core/src/**/*.ts"],
    ignores: ["packages/core/src/adapters/**", "packages/core/src/zod.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@aws-sdk/*"], message: "Only adapters import the AWS SDK." },
            PACKAGES_STAY_OUT,
            ZOD_FROM_CORE,
          ],
        },
      ],
    },
  },
  {
    // zod's mini build has no messages of its own until English is registered (packages/core/src/zod.ts).
    files: ["functions/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [ZOD_FROM_CORE],
        },
      ],
    },
  },
);
