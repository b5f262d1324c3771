// Unit tests for state.js: the store, the URL hash round trip and stored programs.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  createStore,
  encodeHash,
  decodeHash,
  encodeShortHash,
  decodeOpenGroups,
  toStored,
  fromStored,
  valuesForInputs,
} from "../../frontend/js/state.js";

test("the hash round-trips program, values and step", () => {
  const state = { expression: "q = x + y\nf = q * z # c", values: { x: -2, y: 5, W: [[1, 2]] }, step: 3 };
  assert.deepEqual(decodeHash(encodeHash(state)), { ...state, openGroups: [] });
  assert.ok(!encodeHash(state).includes("open="), "a program with nothing open keeps its old link");
});

test("a program's open series and chains round-trip through the hash, long programs too", () => {
  const state = { expression: "a1 = x * y", values: { x: 1 }, step: 5, openGroups: ["series:n3", "chain:n9"] };
  const hash = encodeHash(state);
  assert.match(hash, /^#open=/);
  assert.deepEqual(decodeHash(hash), state);
  // A program too long for a link keeps only its step and open groups in the hash.
  const short = encodeShortHash(state);
  assert.equal(decodeHash(short), null);
  assert.deepEqual(decodeOpenGroups(short), ["series:n3", "chain:n9"]);
  assert.equal(encodeShortHash({ step: 2 }), "#step=2");
  assert.deepEqual(decodeOpenGroups("#open=%7Bbad&step=1"), []);
  assert.deepEqual(decodeOpenGroups('#open=["series:n3",4]'), ["series:n3"], "only names are kept");
});

test("a hash without a program, or with bad values, is handled", () => {
  assert.equal(decodeHash(""), null);
  assert.equal(decodeHash("#foo=1"), null);
  assert.deepEqual(decodeHash("#expr=x&values=%7Bbad&step=-2"), {
    expression: "x",
    values: {},
    step: 0,
    openGroups: [],
  });
});

test("stored programs round-trip and corrupt entries are ignored", () => {
  assert.deepEqual(fromStored(toStored({ expression: "x*x", values: { x: 3 } })), {
    expression: "x*x",
    values: { x: 3 },
  });
  assert.equal(fromStored("{not json"), null);
  assert.equal(fromStored(null), null);
});

test("values follow the program's names, keeping typed ones", () => {
  assert.deepEqual(valuesForInputs(["x", "w"], { x: -2, y: 5 }, { w: 4 }), { x: -2, w: 4 });
  assert.deepEqual(valuesForInputs(["a"], {}), { a: 1 });
});

test("the store notifies subscribers with the new and previous state", () => {
  const store = createStore({ step: 0 });
  const seen = [];
  store.subscribe((s, prev) => seen.push([prev.step, s.step]));
  store.set({ step: 2 });
  assert.deepEqual(seen, [[0, 2]]);
  assert.equal(store.get().step, 2);
});
