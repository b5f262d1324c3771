// Copies the library files the page loads from node_modules into the git-ignored vendor/ folder.
import { cpSync, mkdirSync, rmSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const vendor = join(root, "vendor");

// [source under node_modules, destination under vendor]
const files = [
  ["elkjs/lib/elk-api.js", "elk-api.js"],
  ["elkjs/lib/elk-worker.min.js", "elk-worker.min.js"],
  ["d3/dist/d3.min.js", "d3.min.js"],
  ["katex/dist/katex.min.js", "katex/katex.min.js"],
  ["katex/dist/katex.min.css", "katex/katex.min.css"],
  ["katex/dist/fonts", "katex/fonts"],
  // The API documentation pages /docs and /redoc (served offline, under the same CSP).
  ["swagger-ui-dist/swagger-ui-bundle.js", "swagger-ui/swagger-ui-bundle.js"],
  ["swagger-ui-dist/swagger-ui.css", "swagger-ui/swagger-ui.css"],
  ["redoc/bundles/redoc.standalone.js", "redoc/redoc.standalone.js"],
];

rmSync(vendor, { recursive: true, force: true });
for (const folder of ["katex", "swagger-ui", "redoc"]) {
  mkdirSync(join(vendor, folder), { recursive: true });
}
for (const [from, to] of files) {
  const source = join(modules, from);
  if (!existsSync(source)) {
    console.error(`vendor: missing ${source}; run npm ci in frontend/ first`);
    process.exit(1);
  }
  cpSync(source, join(vendor, to), { recursive: true });
}
console.log(`vendor: copied ${files.length} entries into ${vendor}`);
