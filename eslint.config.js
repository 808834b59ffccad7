// eslint (npm run lint): every front-end ES module of static/js and their node tests.
import js from "@eslint/js";
import globals from "globals";

// The XSS discipline: API text reaches the page through el()/textContent only.
const noHtmlSinks = ["error",
  {property: "innerHTML", message: "use el()/textContent: API text is untrusted"},
  {property: "outerHTML", message: "use el()/textContent: API text is untrusted"},
  {property: "insertAdjacentHTML", message: "use el()/textContent: API text is untrusted"}];

export default [
  js.configs.recommended,
  {
    // Leaflet (L) and topojson-client are the pages' classic vendor scripts, read as globals.
    files: ["static/js/**/*.js"],
    languageOptions: {ecmaVersion: 2022, sourceType: "module",
                      globals: {...globals.browser, L: "readonly", topojson: "readonly"}},
    rules: {
      "no-restricted-properties": noHtmlSinks,
      "no-restricted-syntax": ["error",
        {selector: "CallExpression[callee.property.name='write'][callee.object.name='document']",
         message: "document.write parses HTML"}],
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
      "no-unused-vars": ["error", {caughtErrors: "none"}],
    },
  },
  {
    files: ["tests/js/**/*.js"],
    languageOptions: {ecmaVersion: 2022, sourceType: "module", globals: {...globals.node}},
  },
];
