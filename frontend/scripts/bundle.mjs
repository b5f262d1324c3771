// Bundles the graph view with d3, ELK and KaTeX into the two offline files the notebook widget
// and the one-file HTML export load: vendor/chainrule-widget.js (an ES module for anywidget) and
// vendor/chainrule-standalone.js (a classic script inlined into an HTML page). No CDN, no fetch:
// the ELK worker, the CSS and KaTeX's fonts travel inside the JavaScript.
// Run after scripts/vendor.mjs (it empties vendor/): `node scripts/bundle.mjs`.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vendor = join(root, "vendor");
const modules = join(root, "node_modules");

const need = (path, hint) => {
  if (!existsSync(path)) {
    console.error(`bundle: missing ${path}; ${hint}`);
    process.exit(1);
  }
  return path;
};
need(join(modules, "esbuild"), "run npm ci in frontend/ first");
need(join(root, "js", "view", "mount.js"), "the graph view module (issue 9) is not on this branch");
need(join(root, "view.css"), "the graph view's stylesheet (issue 9) is not on this branch");

// KaTeX lists woff2, woff and ttf for every font; every browser that runs the view reads woff2,
// so the other two are dropped before the woff2 files are inlined (about 0.4 MB saved).
const woff2Only = {
  name: "katex-woff2-only",
  setup(build) {
    build.onLoad({ filter: /katex[\\/]dist[\\/]katex(\.min)?\.css$/ }, ({ path }) => ({
      contents: readFileSync(path, "utf8").replace(/,url\([^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)/g, ""),
      loader: "css",
    }));
  },
};

/** All CSS the view needs (KaTeX's with fonts as data: URLs, the view's, the offline frame's). */
const buildCss = async () => {
  const result = await esbuild.build({
    stdin: {
      contents: [
        '@import "katex/dist/katex.min.css";',
        '@import "./view.css";',
        '@import "./js/offline/offline.css";',
      ].join("\n"),
      resolveDir: root,
      loader: "css",
    },
    bundle: true,
    minify: true,
    write: false,
    loader: { ".woff2": "dataurl" },
    plugins: [woff2Only],
    logLevel: "warning",
  });
  return result.outputFiles[0].text;
};

/** The fast-layout worker (js/view/layout_worker.js, a module worker) as one classic script. */
const buildLayoutWorker = async () => {
  const result = await esbuild.build({
    entryPoints: [join(root, "js", "view", "layout_worker.js")],
    bundle: true,
    minify: true,
    write: false,
    format: "iife",
    target: "es2020",
    legalComments: "none",
    logLevel: "warning",
  });
  return result.outputFiles[0].text;
};

/**
 * Virtual modules: `chainrule:styles` (the CSS text), `chainrule:layout-worker` (its source
 * text, for a Blob worker) and `chainrule:elk-worker` (ELK's worker script as a function, so the
 * same code runs in a Blob worker via its source text and on the main thread when a worker is not
 * allowed; see js/offline/elk_offline.js). js/vendor.js, which reads the page's globals, is
 * replaced by js/offline/vendor_offline.js, which answers from the bundled packages.
 */
const virtualModules = (css, layoutWorker) => ({
  name: "chainrule-virtual",
  setup(build) {
    build.onResolve({ filter: /(^|\/)vendor\.js$/ }, ({ path, resolveDir }) => {
      const resolved = join(resolveDir, path);
      if (resolved !== join(root, "js", "vendor.js")) return null;
      return { path: join(root, "js", "offline", "vendor_offline.js") };
    });
    build.onResolve({ filter: /^chainrule:/ }, ({ path }) => ({ path, namespace: "chainrule" }));
    build.onLoad({ filter: /.*/, namespace: "chainrule" }, ({ path }) => {
      if (path === "chainrule:styles") return { contents: `export default ${JSON.stringify(css)};`, loader: "js" };
      if (path === "chainrule:layout-worker")
        return { contents: `export default ${JSON.stringify(layoutWorker)};`, loader: "js" };
      if (path === "chainrule:elk-worker") {
        const source = readFileSync(join(modules, "elkjs", "lib", "elk-worker.min.js"), "utf8");
        return { contents: `export default function elkWorker(module, exports) {\n${source}\n}\n`, loader: "js" };
      }
      return null;
    });
  },
});

// An inline <script> ends at the first `</script`, and `<!--` can change how it is parsed: the
// standalone file is pasted into HTML, so neither may appear in its text.
const checkInlineSafe = (name, text) => {
  for (const bad of ["</script", "<!--"]) {
    if (text.toLowerCase().includes(bad)) throw new Error(`bundle: ${name} contains ${bad}`);
  }
};

const css = await buildCss();
const layoutWorker = await buildLayoutWorker();
const shared = {
  bundle: true,
  minify: true,
  write: false,
  target: "es2020",
  legalComments: "none",
  plugins: [virtualModules(css, layoutWorker)],
  logLevel: "warning",
  logOverride: { "equals-negative-zero": "silent" }, // inside ELK's generated code, harmless
};
const builds = [
  { entry: "js/offline/widget.js", out: "chainrule-widget.js", format: "esm" },
  { entry: "js/offline/standalone.js", out: "chainrule-standalone.js", format: "iife" },
];
mkdirSync(vendor, { recursive: true });
for (const { entry, out, format } of builds) {
  const result = await esbuild.build({ ...shared, entryPoints: [join(root, entry)], format });
  const text = result.outputFiles[0].text;
  checkInlineSafe(out, text);
  writeFileSync(join(vendor, out), text);
  console.log(`bundle: ${out} ${(text.length / 1e6).toFixed(2)} MB`);
}
