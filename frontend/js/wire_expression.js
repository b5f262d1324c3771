// Wiring: expression mode — the editor, its input values (remembered per name), examples and localStorage.
import { detectInputs } from "./program.js";
import { STORAGE_KEY, toStored, fromStored, valuesForInputs } from "./state.js";
import { createEditor } from "./panels/editor.js";

/** Reads the last program from localStorage (null when there is none or storage is unavailable). */
export const storedProgram = () => {
  try {
    return fromStored(localStorage.getItem(STORAGE_KEY));
  } catch {
    return null;
  }
};

/**
 * Expression mode's editor and values. `stop()` stops playing; `schedule` and `compute` come from
 * wire_compute. Returns editor, setProgram(text, defaults), showProgram({expression, values}),
 * applyValues(values) and setExamples(list).
 */
export const wireExpression = ({ store, netMode, stop, schedule, compute }) => {
  const remembered = {}; // every value typed this session, so a name that comes back keeps its value
  let examples = [];

  const save = () => {
    try {
      localStorage.setItem(STORAGE_KEY, toStored(store.get()));
    } catch {
      /* storage may be unavailable (private mode); the hash still carries the state */
    }
  };

  const setProgram = (text, defaults = {}) => {
    const names = detectInputs(text);
    const values = valuesForInputs(names, { ...remembered, ...store.get().values }, defaults);
    Object.assign(remembered, values);
    editor.setInputs(names, values);
    store.set({ expression: text, values });
    save();
  };

  /** Puts a program and its values in the editor, as an example or a restored link does. */
  const showProgram = ({ expression, values }) => {
    editor.setProgram(expression);
    Object.assign(remembered, values);
    setProgram(expression, values);
  };

  const editor = createEditor({
    onProgram: (text) => {
      performance.mark("chainrule:typed");
      editor.clearExample();
      stop();
      setProgram(text);
      schedule({ reset: true });
    },
    onValue: (name, value) => {
      remembered[name] = value;
      store.set({ values: { ...store.get().values, [name]: value } });
      save();
      schedule({ reset: false });
    },
    onExample: (id) => {
      const ex = examples.find((e) => e.id === id);
      if (!ex) return;
      stop();
      if (ex.kind === "network") {
        netMode.applyExample(ex);
        compute({ step: 0 });
        return;
      }
      netMode.setMode("expression", { compute: false });
      store.set({ values: {} });
      showProgram({ expression: ex.expression, values: ex.values });
      compute({ step: 0 });
    },
  });

  // Sets inputs as if typed: a gradient step or its undo recomputes the graph from the new values.
  const applyValues = (values) => {
    Object.assign(remembered, values);
    const next = { ...store.get().values, ...values };
    store.set({ values: next });
    editor.setInputs(Object.keys(next), next);
    save();
    return compute({ keep: true });
  };

  const setExamples = (list) => {
    examples = list.filter((ex) => ex.kind === "expression" || ex.kind === "network");
    editor.setExamples(examples);
    netMode.setExamples(examples);
  };

  return { editor, setProgram, showProgram, applyValues, setExamples };
};
