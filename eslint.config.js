// eslint (npm run lint): the analyst map's ES modules and their node tests.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["static/js/analyst-map.js", "static/js/analyst/**/*.js"],
    languageOptions: {ecmaVersion: 2022, sourceType: "module", globals: {...globals.browser}},
    rules: {
      // The XSS discipline: API text reaches the page through textContent only.
      "no-restricted-properties": ["error",
        {property: "innerHTML", message: "use el()/textContent: API text is untrusted"},
        {property: "outerHTML", message: "use el()/textContent: API text is untrusted"},
        {property: "insertAdjacentHTML", message: "use el()/textContent: API text is untrusted"}],
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-unused-vars": ["error", {caughtErrors: "none"}],
    },
  },
  {
    // The shared base map: a classic script (the editor pages read it as a global) after Leaflet and topojson.
    files: ["static/js/map.js"],
    languageOptions: {ecmaVersion: 2022, sourceType: "script",
                      globals: {...globals.browser, L: "readonly", topojson: "readonly"}},
    rules: {"no-unused-vars": ["error", {caughtErrors: "none"}]},
  },
  {
    files: ["tests/js/**/*.js"],
    languageOptions: {ecmaVersion: 2022, sourceType: "module", globals: {...globals.node}},
  },
];
