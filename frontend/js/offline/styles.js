// Puts the bundled CSS (view, KaTeX with inlined fonts, offline frame) into a document once.
import css from "chainrule:styles";

const MARK = "data-chainrule-offline";

/** Adds the <style> to `doc.head` unless an earlier view in the same page already did. */
export const installStyles = (doc = document) => {
  if (doc.head.querySelector(`style[${MARK}]`)) return;
  const style = doc.createElement("style");
  style.setAttribute(MARK, "");
  style.textContent = css;
  doc.head.append(style);
};
