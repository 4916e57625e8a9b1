// @ts-check
import { builtinModules } from "node:module";
import js from "@eslint/js";
import tseslint from "typescript-eslint";

// ---- Layout arrows (README "Architecture"), enforced with no-restricted-imports per folder. ----
// ESLint takes a rule's options from the LAST config object that matches a file, so each folder below lists its
// whole set of restrictions. Tests (*.test.ts) and test helpers (testing/) may import anything, e.g. sim/testing.
const BOT_FRAMEWORK = {
  group: ["botbuilder", "botbuilder-*", "botframework-*", "@microsoft/teams-ai", "@microsoft/teams-ai/*", "restify", "restify/*", "restify-*"],
  message: "botbuilder, teams-ai and restify are used only in src/bot (the rest of src takes plain inputs).",
};
const SIMULATOR = { regex: "(^|/)sim(/|$)", message: "src/ never imports sim/: the simulator is a separate program reached over HTTPS." };
const NODE_PATTERN = { group: ["node:*"], message: "pure folders do no I/O: no node:* modules." };
const NODE_PATHS = builtinModules.map((name) => ({ name, message: "pure folders do no I/O: no Node.js built-in modules." }));
const AZURE = { group: ["@azure/*"], message: "pure folders use no Azure SDK." };
const MICROSOFT_CLIENTS = {
  group: ["@microsoft/microsoft-graph-client", "@microsoft/microsoft-graph-client/*", "undici"],
  message: "pure folders call no Microsoft client: they get plain data.",
};
const OURS_IO = {
  regex: "^\\.\\./(.*/)?(store|graph|secrets|bot|local|app)(/|$)",
  message: "pure folders (checks, dialogs, cards, domain) import no store, Microsoft clients (graph), secrets, bot, local or app.",
};
const GRAPH_FORBIDDEN = {
  regex: "^\\.\\./(.*/)?(store|bot|secrets|local|app)(/|$)",
  message: "src/graph (Microsoft access) never imports the store, the bot, secrets, local or app.",
};
const restrict = (...patterns) => ["error", { patterns }];
const restrictWithPaths = (paths, ...patterns) => ["error", { paths, patterns }];
const NOT_TESTS = ["**/*.test.ts", "**/testing/**", "**/testdata/**"];

const layout = [
  { files: ["src/**/*.ts"], ignores: NOT_TESTS, rules: { "no-restricted-imports": restrict(BOT_FRAMEWORK, SIMULATOR) } },
  { files: ["src/bot/**/*.ts"], ignores: NOT_TESTS, rules: { "no-restricted-imports": restrict(SIMULATOR) } },
  {
    files: ["src/checks/**/*.ts", "src/dialogs/**/*.ts", "src/cards/**/*.ts", "src/domain/**/*.ts"],
    ignores: NOT_TESTS,
    rules: { "no-restricted-imports": restrictWithPaths(NODE_PATHS, BOT_FRAMEWORK, SIMULATOR, NODE_PATTERN, AZURE, MICROSOFT_CLIENTS, OURS_IO) },
  },
  {
    files: ["src/domain/**/*.ts"],
    ignores: NOT_TESTS,
    rules: { "no-restricted-imports": restrict({ regex: "^(?!\\./)", message: "src/domain is plain types: it imports nothing (but its own files)." }) },
  },
  { files: ["src/graph/**/*.ts"], ignores: NOT_TESTS, rules: { "no-restricted-imports": restrict(BOT_FRAMEWORK, SIMULATOR, GRAPH_FORBIDDEN) } },
  {
    files: ["src/config.ts"],
    ignores: NOT_TESTS,
    rules: { "no-restricted-imports": restrict(BOT_FRAMEWORK, SIMULATOR, { regex: "^\\.{1,2}/(?!log/|domain/guid$)", message: "config.ts imports nothing of ours but log/ (its levels) and the GUID pattern." }) },
  },
  {
    files: ["src/log/**/*.ts"],
    ignores: NOT_TESTS,
    rules: { "no-restricted-imports": restrict(BOT_FRAMEWORK, SIMULATOR, { regex: "^\\.\\./", message: "log/ imports nothing else of ours." }) },
  },
  {
    files: ["src/clock.ts"],
    rules: { "no-restricted-imports": restrict({ regex: "^\\.", message: "clock.ts imports nothing of ours." }) },
  },
];

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "devTools/**", "**/*.js", "**/*.mjs", "**/*.cjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false } }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "off",
    },
  },
  ...layout,
  {
    files: ["**/*.test.ts", "test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/unbound-method": "off",
    },
  },
);
