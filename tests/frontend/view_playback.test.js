// Unit tests for view/playback.js: moves are clamped to the timeline, only a user's move that
// changes the step is reported, only a step forward is animated, Play from the end starts over.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createPlayback } from "../../frontend/js/view/playback.js";
import { indexTrace } from "../../frontend/js/timeline.js";
import { circuit } from "./fixtures.js";

const setup = () => {
  const index = indexTrace(circuit);
  const state = { index, step: 0, speed: 1, playing: false };
  const reported = [];
  let renders = 0;
  const playback = createPlayback({
    state,
    render: () => (renders += 1),
    onStep: (k) => reported.push(k),
    reducedMotion: false,
  });
  return { index, state, reported, playback, renders: () => renders };
};

test("moves are clamped to the timeline and a user's move is reported once it changes the step", () => {
  const { index, state, reported, playback } = setup();
  playback.userGo(-3);
  assert.equal(state.step, 0);
  assert.deepEqual(reported, [], "no change, no report");
  playback.userGo(index.total + 5);
  assert.equal(state.step, index.total);
  playback.go(1);
  assert.equal(state.step, 1);
  assert.deepEqual(reported, [index.total], "go() is the page's move: not reported");
});

test("only a step forward by one asks for an animation, of the step it plays", () => {
  const { index, state, playback } = setup();
  playback.go(1, true);
  const animation = playback.takeAnimation();
  assert.equal(animation.step, index.trace.steps[0]);
  assert.ok(animation.duration > 0);
  assert.equal(playback.takeAnimation(), null, "taken once");
  playback.go(3, true);
  assert.equal(playback.takeAnimation(), null, "a jump is not animated");
  assert.equal(state.step, 3);
});

test("Play from the end starts over, steps at once, and Stop clears the timer", () => {
  const { index, state, reported, playback } = setup();
  state.step = index.total;
  playback.togglePlay();
  assert.equal(state.playing, true);
  assert.deepEqual(reported, [0, 1], "back to the start, then the first step");
  playback.stop();
  assert.equal(state.playing, false);
});
