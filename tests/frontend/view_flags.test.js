// Unit tests for view/flags.js: the URL flags read back what was written, defaults stay out of
// the URL, other hash parameters are left alone and unknown control names are dropped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFlags, writeFlags } from "../../frontend/js/view/flags.js";

const hashOf = (params) => `#${params.toString()}`;

test("flags written into a hash read back the same", () => {
  for (const flags of [
    { present: true, follow: false, hide: ["stepper", "speed"] },
    { present: false, follow: true, hide: ["narration"] },
    { present: true, follow: true, hide: [] },
  ]) {
    const params = writeFlags(new URLSearchParams("expr=x%2By&step=3"), flags);
    assert.deepEqual(readFlags(hashOf(params)), flags);
    assert.equal(params.get("expr"), "x+y", "the program stays in the hash");
    assert.equal(params.get("step"), "3");
  }
});

test("the defaults are what a hash without flags reads, and writing them removes the flags", () => {
  assert.deepEqual(readFlags(""), { present: false, follow: true, hide: [] });
  assert.deepEqual(readFlags("#expr=x"), { present: false, follow: true, hide: [] });
  const params = writeFlags(new URLSearchParams("expr=x&present=1&follow=0&hide=zoom"), {
    present: false,
    follow: true,
    hide: [],
  });
  assert.equal(params.toString(), "expr=x");
});

test("hand-written flags: present=1 / true, follow=0 / false, hide lists", () => {
  assert.equal(readFlags("#present=1").present, true);
  assert.equal(readFlags("#present=true").present, true);
  assert.equal(readFlags("#present=0").present, false);
  assert.equal(readFlags("#follow=0").follow, false);
  assert.equal(readFlags("#follow=false").follow, false);
  assert.equal(readFlags("#follow=1").follow, true);
  assert.deepEqual(readFlags("#hide=speed%2Cscrubber").hide, ["speed", "scrubber"]);
});

test("unknown control names in hide are dropped", () => {
  assert.deepEqual(readFlags("#hide=stepper,bogus, speed ,<script>,").hide, ["stepper", "speed"]);
  assert.deepEqual(readFlags("#hide=nothing").hide, []);
});
