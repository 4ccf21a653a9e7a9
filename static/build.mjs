// Compiles GOV.UK Frontend with our Sass into static/dist/ (not committed) and copies its JS
// and assets beside it. Two stylesheets: the default one with system fonts, and a GOV.UK-branded
// one with GDS Transport for services that run on GOV.UK (GOVUK_BRANDING=true).
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const govuk = join(here, "..", "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(here, "dist");
mkdirSync(out, { recursive: true });

for (const [source, target] of [
  ["main.scss", "main.css"],
  ["main-branded.scss", "main-branded.css"],
]) {
  const result = sass.compile(join(here, "scss", source), {
    loadPaths: [join(here, "..", "node_modules")],
    style: "compressed",
    quietDeps: true,
    silenceDeprecations: ["import"],
  });
  writeFileSync(join(out, target), result.css);
}
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
cpSync(join(govuk, "assets"), join(out, "govuk-assets"), { recursive: true });
console.log(`Built front-end assets into ${out}`);
