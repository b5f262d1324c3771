// The narration line: one plain sentence per step, in an aria-live region.

/** Returns { say(text) } bound to the #narration element. */
export const createNarration = () => {
  const box = document.getElementById("narration");
  return {
    say(text) {
      if (box.textContent !== text) box.textContent = text;
    },
  };
};
