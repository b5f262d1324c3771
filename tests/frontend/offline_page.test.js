// Unit tests for offline/page.js: the one-file HTML template is filled safely, in one pass.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { scriptJson, standalonePage } from "../../frontend/js/offline/page.js";

const template = readFileSync(new URL("../../frontend/standalone.html", import.meta.url), "utf8");
const view = { trace: { nodes: [{ id: "n0", label: "</script><!--{{script}}" }], steps: [] }, step: 0, options: {} };

/** The text inside <script type="application/json"> … </script>, as an HTML parser would cut it. */
const embeddedJson = (page) => {
  const start = page.indexOf('<script type="application/json">') + '<script type="application/json">'.length;
  return page.slice(start, page.indexOf("</script>", start));
};

test("scriptJson escapes what could end or confuse an inline script, and parses back", () => {
  const value = { a: "</script>", b: "<!-- x -->", c: "a & b", d: "\u2028\u2029" };
  const text = scriptJson(value);
  assert.doesNotMatch(text, /[<>&\u2028\u2029]/);
  assert.deepEqual(JSON.parse(text), value);
});

test("the page embeds the trace so that the parser's cut gives back the whole document", () => {
  const page = standalonePage({ template, script: "globalThis.ran = 1;", view, title: "a <b> & c" });
  assert.deepEqual(JSON.parse(embeddedJson(page)), view);
  assert.match(page, /<title>a &lt;b&gt; &amp; c<\/title>/);
  assert.match(page, /<script>globalThis\.ran = 1;<\/script>/);
});

test("text put into one slot is never filled as another slot", () => {
  const page = standalonePage({ template, script: "/* {{view}} */", view, title: "{{script}}" });
  // As typed: in the <title>, the aria-label and the trace's label; the script went in once.
  assert.equal(page.match(/\{\{script\}\}/g).length, 3);
  assert.deepEqual(JSON.parse(embeddedJson(page)), view);
  assert.match(page, /\/\* \{\{view\}\} \*\//);
  assert.equal(page.split("globalThis").length, 1);
});

test("a script that would end the inline <script> early is refused", () => {
  assert.throws(() => standalonePage({ template, script: 'x = "</script>"', view }), /contains <\/script/);
});

test("the template has a Content-Security-Policy that allows no network", () => {
  const csp = template.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)[1];
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /connect-src 'none'/);
  assert.doesNotMatch(csp, /https?:|\*/);
});
