// Client-side reading of a program's free names, so input fields appear before the server answers.

const FUNCTIONS_AND_CONSTANTS = new Set(["pi", "e"]);
const TOKEN = /\s+|#[^\n]*|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|[A-Za-z_][A-Za-z0-9_]*|\*\*|==|[^\s]/gy;

/** Splits program text into tokens {type, text, index}; comments and spaces are dropped. */
export const tokenize = (text) => {
  const tokens = [];
  TOKEN.lastIndex = 0;
  let match;
  while (TOKEN.lastIndex < text.length && (match = TOKEN.exec(text)) !== null) {
    const t = match[0];
    if (/^\s/.test(t) || t.startsWith("#")) {
      if (t.includes("\n")) tokens.push({ type: "sep", text: "\n", index: match.index });
      continue;
    }
    let type = "op";
    if (/^[A-Za-z_]/.test(t)) type = "name";
    else if (/^[\d.]/.test(t)) type = "number";
    else if (t === ";") type = "sep";
    tokens.push({ type, text: t, index: match.index });
  }
  return tokens;
};

/**
 * Names a program reads but never assigns, in order of first use: the inputs that need values.
 * Function calls (a name followed by `(`) and the constants pi and e are not inputs.
 */
export const detectInputs = (text) => {
  const tokens = tokenize(text);
  const assigned = new Set();
  const used = [];
  let statementStart = true;
  tokens.forEach((tok, i) => {
    const next = tokens[i + 1];
    if (tok.type === "sep") {
      statementStart = true;
      return;
    }
    if (tok.type === "name") {
      if (statementStart && next && next.text === "=") assigned.add(tok.text);
      else if (!(next && next.text === "(") && !FUNCTIONS_AND_CONSTANTS.has(tok.text)) {
        used.push(tok.text);
      }
    }
    statementStart = false;
  });
  return [...new Set(used.filter((name) => !assigned.has(name)))];
};
