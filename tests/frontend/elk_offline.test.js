// Unit tests for offline/elk_offline.js: ELK in a Blob worker, or on the main thread when the
// page does not allow that worker. Uses the real ELK (elkjs from node_modules) for layouts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createOfflineElk } from "../../frontend/js/offline/elk_offline.js";

const require = createRequire(new URL("../../frontend/package.json", import.meta.url));
const ELK = require("elkjs/lib/elk-api.js");

// The same wrapping bundle.mjs applies: ELK's worker script as the body of a function.
const source = readFileSync(require.resolve("elkjs/lib/elk-worker.min.js"), "utf8");
const file = join(mkdtempSync(join(tmpdir(), "elk-")), "worker_main.mjs");
writeFileSync(file, `export default function elkWorker(module, exports) {\n${source}\n}\n`);
const { default: workerMain } = await import(pathToFileURL(file).href);

const graph = () => ({
  id: "root",
  layoutOptions: { "elk.algorithm": "layered", "elk.direction": "RIGHT" },
  children: [
    { id: "a", width: 30, height: 30 },
    { id: "b", width: 30, height: 30 },
  ],
  edges: [{ id: "e", sources: ["a"], targets: ["b"] }],
});

const assertLaidOut = (laid) => {
  const [a, b] = laid.children;
  assert.ok(b.x > a.x + 30, `b (${b.x}) right of a (${a.x})`);
};

/** A page environment whose Worker runs the worker script's handlers in-process (like a Blob worker). */
const workingEnv = () => {
  const made = { blobs: [], workers: 0 };
  class FakeWorker {
    constructor(url) {
      made.workers += 1;
      assert.match(url, /^blob:/);
      this.listeners = [];
      const scope = { postMessage: (data) => setTimeout(() => this.onmessage({ data }), 0) };
      // What the Blob holds is `(workerMain)();` in a worker scope: run the same function there.
      const module = { exports: {} };
      workerMain(module, module.exports);
      const Inner = module.exports.Worker;
      this.inner = new Inner();
      this.inner.onmessage = (event) => scope.postMessage(event.data);
    }
    postMessage(msg) {
      this.inner.postMessage(msg);
    }
    addEventListener(type, fn) {
      this.listeners.push([type, fn]);
    }
    terminate() {}
  }
  return {
    made,
    env: {
      Worker: FakeWorker,
      Blob: class {
        constructor(parts) {
          made.blobs.push(parts.join(""));
        }
      },
      URL: { createObjectURL: () => "blob:null/1", revokeObjectURL() {} },
    },
  };
};

test("layouts run in a Blob worker whose source is the wrapped worker script", async () => {
  const { env, made } = workingEnv();
  const elk = createOfflineElk({ ELK, workerMain, env });
  assertLaidOut(await elk.layout(graph()));
  assert.equal(elk.mode, "worker");
  assert.equal(made.workers, 1);
  assert.ok(made.blobs[0].startsWith("(function elkWorker(module, exports)"));
  assert.ok(made.blobs[0].trimEnd().endsWith(")();"));
  assertLaidOut(await elk.layout(graph())); // the same worker again
  assert.equal(made.workers, 1);
});

test("a worker the page blocks (error event) falls back to the main thread, once", async () => {
  let errorListeners = [];
  class BlockedWorker {
    constructor() {
      setTimeout(() => errorListeners.forEach((fn) => fn({ message: "CSP" })), 5);
    }
    postMessage() {} // never answers, like a worker that never started
    addEventListener(type, fn) {
      if (type === "error") errorListeners.push(fn);
    }
    terminate() {
      errorListeners = [];
    }
  }
  const env = { Worker: BlockedWorker, Blob, URL: { createObjectURL: () => "blob:x", revokeObjectURL() {} } };
  const elk = createOfflineElk({ ELK, workerMain, env });
  assertLaidOut(await elk.layout(graph()));
  assert.equal(elk.mode, "main-thread");
  assertLaidOut(await elk.layout(graph()));
});

test("a page without Worker at all lays out on the main thread", async () => {
  const env = {
    Worker: class {
      constructor() {
        throw new Error("Worker is not defined");
      }
    },
    Blob,
    URL,
  };
  const elk = createOfflineElk({ ELK, workerMain, env });
  assertLaidOut(await elk.layout(graph()));
  assert.equal(elk.mode, "main-thread");
});

test("an error inside a layout is reported, not hidden by a fallback", async () => {
  const elk = createOfflineElk({ ELK, workerMain, env: { Worker: undefined, Blob, URL } });
  const bad = { id: "root", children: [{ id: "a" }], edges: [{ id: "e", sources: ["a"], targets: ["missing"] }] };
  await assert.rejects(elk.layout(bad));
});
