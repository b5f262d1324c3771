// Client-side reading of a program's free names, so input fields appear before the server answers.

const FUNCTIONS_AND_CONSTANTS = new Set(["pi", "e"]);
// The server's grammar (engine/parse.py): ASCII digits, letters and spaces only, so the page and
// the server agree that `x * ١٠ + ३` or `１ + x` is not a program.
const TOKEN =
  /[ \t\r\n\f\v]+|#[^\n]*|([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?|[A-Za-z_][A-Za-z0-9_]*|\*\*|==|[-+*/^@=(),;]|[^]/guy;

/** Splits program text into tokens {type, text, index}; comments and spaces are dropped. */
export const tokenize = (text) => {
  const tokens = [];
  TOKEN.lastIndex = 0;
  let match;
  while (TOKEN.lastIndex < text.length && (match = TOKEN.exec(text)) !== null) {
    const t = match[0];
    if (/^[ \t\r\n\f\v]/.test(t) || t.startsWith("#")) {
      if (t.includes("\n")) tokens.push({ type: "sep", text: "\n", index: match.index });
      continue;
    }
    let type = "op";
    if (/^[A-Za-z_]/.test(t)) type = "name";
    else if (/^[0-9.]/.test(t)) type = "number";
    else if (t === ";") type = "sep";
    else if (!/^(\*\*|==|[-+*/^@=(),])$/.test(t)) type = "bad";
    tokens.push({ type, text: t, index: match.index });
  }
  return tokens;
};

/**
 * The first character outside the expression language, with its 1-based line and column (as
 * the server reports it), or null: e.g. `x * ١٠ + ३` -> {char: "١", line: 1, column: 5}.
 */
export const badCharacter = (text) => {
  const bad = tokenize(text).find((tok) => tok.type === "bad");
  if (!bad) return null;
  const before = text.slice(0, bad.index);
  const line = before.split("\n").length;
  const column = bad.index - before.lastIndexOf("\n");
  const code = bad.text.codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
  const message = `unexpected character '${bad.text}' (U+${code})`;
  return { char: bad.text, line, column, message };
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
