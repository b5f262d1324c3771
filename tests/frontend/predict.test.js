// Unit tests for predict.js: questions, masking what is not checked, answers, hints and the score.
import { test } from "node:test";
import assert from "node:assert/strict";
import { indexTrace, stateAt } from "../../frontend/js/timeline.js";
import {
  askText,
  createSession,
  hintText,
  isCorrect,
  maskState,
  programKey,
  questionsOf,
  readAnswer,
  scoreText,
  tolerance,
} from "../../frontend/js/predict.js";
import { circuit } from "./fixtures.js";
import { OPS, neuron, twoLayer } from "./teach_fixtures.js";

test("the circuit asks 2 forward values and 4 backward contributions, in step order", () => {
  const qs = questionsOf(indexTrace(circuit));
  assert.deepEqual(
    qs.map((q) => [q.id, q.step, q.answer]),
    [
      ["v:n2", 1, 3],
      ["v:n4", 2, -12],
      ["g:e2", 3, -4],
      ["g:e3", 3, 3],
      ["g:e0", 4, -4],
      ["g:e1", 4, -4],
    ],
  );
  const e3 = qs.find((q) => q.id === "g:e3");
  assert.equal(e3.upstream * e3.local, e3.answer, "upstream × local, from the trace's own factors");
});

test("tensor results are not asked", () => {
  const qs = questionsOf(indexTrace(twoLayer));
  assert.ok(qs.length > 0);
  for (const q of qs) assert.ok(!Array.isArray(q.answer));
  assert.ok(!qs.some((q) => q.phase === "forward" && q.step === 1), "W1 @ x is a vector");
});

test("what is not checked stays hidden: the value at its step, the gradient and its sum", () => {
  const index = indexTrace(circuit);
  const qs = questionsOf(index);
  const state = stateAt(index, 3);
  const hidden = maskState(index, state, qs, new Set());
  assert.equal(hidden.values.has("n2"), false);
  assert.equal(hidden.edgeValues.has("e2"), false, "the wire out of x + y shows ? too");
  assert.equal(hidden.values.get("n0"), -2, "inputs are given");
  assert.equal(hidden.edgeGrads.has("e3"), false);
  assert.equal(hidden.grads.has("n3"), false);
  assert.equal(hidden.grads.get("n4"), 1, "the output's gradient 1 is given");
  const shown = maskState(index, state, qs, new Set(["v:n2", "v:n4", "g:e3"]));
  assert.equal(shown.values.get("n2"), 3);
  assert.equal(shown.edgeGrads.get("e3"), 3);
  assert.equal(shown.grads.get("n3"), 3);
  assert.equal(shown.edgeGrads.has("e2"), false, "e2 is still to be answered");
  // The state itself is untouched.
  assert.equal(state.values.get("n2"), 3);
});

test("answers read as numbers or fractions, never as code; the tolerance is ±1% or ±0.01", () => {
  assert.equal(readAnswer("-0.2"), -0.2);
  assert.equal(readAnswer(" 1/4 "), 0.25);
  assert.equal(readAnswer("−3"), -3);
  assert.equal(readAnswer("0,5"), 0.5);
  assert.equal(readAnswer("2*3"), null);
  assert.equal(readAnswer("alert(1)"), null);
  assert.equal(readAnswer("1/0"), null);
  assert.equal(tolerance(0.2), 0.01);
  assert.equal(tolerance(-300), 3);
  const q = { answer: 0.19661193324148188 };
  assert.ok(isCorrect(q, 0.2));
  assert.ok(isCorrect(q, 0.1966));
  assert.ok(!isCorrect(q, 0.21));
  assert.ok(isCorrect({ answer: NaN }, null, "NaN"));
});

test("a session: wrong tries raise the hint (upstream, then local), Correct and Reveal score", () => {
  const index = indexTrace(neuron);
  const session = createSession(questionsOf(index));
  const k = 16; // the last × gate: sends 0.1966 × (-1) to w0 and 0.1966 × 2 to x0
  const q = session.current(k);
  assert.equal(q.id.startsWith("g:"), true);
  assert.match(askText(index, q, OPS), /What does the × gate computing w0 × x0 send back to w0 \(upstream × local\)\?/);
  assert.equal(session.check(k, "5").result, "wrong");
  assert.match(hintText(index, q, session.tries(q.id), stateAt(index, k)), /upstream gradient .* is 0\.1966/);
  assert.equal(session.check(k, "abc").result, "unreadable");
  assert.equal(session.check(k, "-0.3").result, "wrong");
  assert.match(hintText(index, q, session.tries(q.id), stateAt(index, k)), /local derivative on this wire is -1/);
  assert.equal(session.check(k, "-0.197").result, "correct");
  assert.equal(session.current(k).id, "g:" + neuron.steps[k - 1].contributions[1].edge, "then the next wire");
  session.reveal(k);
  assert.equal(session.current(k), null);
  assert.equal(scoreText(session.score), "1 of 2 right");
  const again = createSession(questionsOf(index), JSON.parse(JSON.stringify(session.saved())));
  assert.equal(scoreText(again.score), "1 of 2 right", "the score survives storage");
  assert.equal(again.checked.size, 2);
});

test("a forward question names the gate and hints at its operands", () => {
  const index = indexTrace(neuron);
  const session = createSession(questionsOf(index));
  const q = session.current(1);
  assert.equal(askText(index, q, OPS), "What is w0 × x0?");
  assert.equal(hintText(index, q, 1, stateAt(index, 1)), "Hint: the gate reads w0 2 and x0 -1.");
});

test("the storage key depends on the program and its values", () => {
  assert.equal(programKey(circuit), programKey(JSON.parse(JSON.stringify(circuit))));
  const other = JSON.parse(JSON.stringify(circuit));
  other.nodes[0].value = 7;
  assert.notEqual(programKey(circuit), programKey(other));
});
