// Unit tests for program.js: detecting a program's input names before the server answers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { badCharacter, detectInputs, tokenize } from "../../frontend/js/program.js";

test("free names are inputs, in order of first use", () => {
  assert.deepEqual(detectInputs("(x + y) * z"), ["x", "y", "z"]);
  assert.deepEqual(detectInputs("sigmoid(w0*x0 + w1*x1 + w2)"), ["w0", "x0", "w1", "x1", "w2"]);
});

test("assigned names are not inputs, whether by newline or semicolon", () => {
  assert.deepEqual(detectInputs("q = x + y\nf = q * z"), ["x", "y", "z"]);
  assert.deepEqual(detectInputs("q = x + y; f = q * z"), ["x", "y", "z"]);
});

test("function calls and the constants pi and e are not inputs", () => {
  assert.deepEqual(detectInputs("exp(a) * pi + e + max(0, b)"), ["a", "b"]);
});

test("exponents in numbers are not the constant e, comments are ignored", () => {
  assert.deepEqual(detectInputs("1e-3 * w + 2.5E4 # times v\n"), ["w"]);
  assert.deepEqual(
    tokenize("1e-3").map((t) => t.type),
    ["number"],
  );
});

test("a name used several times is listed once", () => {
  assert.deepEqual(detectInputs("x * y + x"), ["x", "y"]);
});

test("an incomplete program still yields the names typed so far", () => {
  assert.deepEqual(detectInputs("q = x +"), ["x"]);
  assert.deepEqual(detectInputs(""), []);
});

test("only ASCII digits are numbers, as on the server: others are located bad characters", () => {
  assert.deepEqual(badCharacter("x * ١٠ + ३"), {
    char: "١",
    line: 1,
    column: 5,
    message: "unexpected character '١' (U+0661)",
  });
  assert.equal(badCharacter("y = 2\n１ + x").line, 2);
  assert.equal(badCharacter("y = 2\n１ + x").column, 1);
  assert.equal(badCharacter("x\u3000+ 1").char, "\u3000", "ideographic space is not a space");
  assert.equal(badCharacter("(x + 2.5e-3) * y ** 2 # comment ١"), null);
  assert.deepEqual(detectInputs("x * ١٠ + ३"), ["x"]);
  assert.ok(!tokenize("١٠").some((t) => t.type === "number"));
});
