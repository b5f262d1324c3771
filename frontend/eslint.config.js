// ESLint flat config: the page's modules (browser globals), their node:test tests and scripts
// (node globals). Run from the repository root: `make lint-js` or `npm run lint` in frontend/.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["frontend/vendor/**", "frontend/node_modules/**"] },
  js.configs.recommended,
  {
    files: ["frontend/js/**/*.js"],
    languageOptions: { ecmaVersion: 2024, sourceType: "module", globals: globals.browser },
  },
  {
    files: ["tests/frontend/**/*.js", "frontend/scripts/**/*.mjs", "frontend/eslint.config.js"],
    languageOptions: { ecmaVersion: 2024, sourceType: "module", globals: globals.node },
  },
];
