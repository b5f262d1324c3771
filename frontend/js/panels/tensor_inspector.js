// Inspector body for a tensor node: value and gradient heatmaps, the matrix form of the local derivative, contributions.
import { formatShape, formatScalar } from "../format.js";
import { norm, isSummary, describeTensor } from "../tensor.js";
import { describeNode, gateExpression } from "../narrate.js";
import { heatmap, scaleKey } from "./heatmap.js";
import { el, tex, texName } from "./dom.js";
import { summedText, texMatrix, vjpShapes } from "../vjp_shapes.js";

const transpose = (m) => (Array.isArray(m) && Array.isArray(m[0]) ? m[0].map((_, j) => m.map((row) => row[j])) : m);

// With the numbers, for a matrix product: G·xᵀ = [G][xᵀ] = [result], and Aᵀ·G likewise.
const matmulNumbers = (i, g, a, b, result) => {
  const G = texMatrix(g, { row: !Array.isArray(a[0]) }); // a vector on the left makes G a row
  const R = texMatrix(result);
  const other =
    i === 0
      ? texMatrix(Array.isArray(b[0]) ? transpose(b) : b, { row: true })
      : texMatrix(Array.isArray(a[0]) ? transpose(a) : a, { row: false });
  if (!G || !R || !other) return null;
  return i === 0 ? `${G}\\,${other} = ${R}` : `${other}\\,${G} = ${R}`;
};

// A heatmap of a tensor, or its summary in words when the document sent only a summary
// ({shape, norm, min, max}: the server's compact detail for tensor contributions).
const figure = (v, options) =>
  isSummary(v) ? el("p", "", `${options.caption}: ${describeTensor(v)}`) : heatmap(v, options);

/** Whether a node is drawn with the tensor inspector. */
export const isTensorNode = (node) => Boolean(node?.shape?.length) || Array.isArray(node?.value);

/**
 * The registry's matrix formula with this gate's operands substituted: for `W1 @ x` the rule
 * `∂L/∂A = G Bᵀ` reads `∂E/∂W₁ = G xᵀ`. Only unambiguous letters are replaced (A, B for
 * binary tensor ops, a for unary ones); L becomes the output's name.
 */
export const substituteVjp = (latex, operands, output = "L") => {
  const letters = operands.length === 1 ? ["a"] : ["A", "B"];
  let out = latex.replace(/\\partial L\b/g, `\\partial ${output}`);
  letters.forEach((letter, i) => {
    if (!operands[i]) return;
    out = out.replace(new RegExp(`(?<![\\\\A-Za-z])${letter}(?![A-Za-z])`, "g"), `{${operands[i]}}`);
  });
  return out;
};

const section = (box, title) => box.append(el("h3", "", title));

const pair = (...figures) => {
  const row = el("div", "heatmap-row");
  row.append(...figures);
  return row;
};

/** Fills `box` (already holding the header) for tensor node `nodeId` after the state's step. */
export const renderTensorBody = (box, index, state, nodeId, ops = {}) => {
  const node = index.nodes.get(nodeId);
  const value = state.values.get(nodeId);
  const grad = state.grads.get(nodeId);
  const name = node.label ?? `(${gateExpression(index, node, ops)})`; // ∂E/∂(W1 @ x), not ∂E/∂the @ gate
  const out = index.nodes.get(index.outputId);
  const outName = texName(out);
  const facts = el("dl", "facts");
  const fact = (k, v, cls = "") => facts.append(el("dt", "", k), el("dd", cls, v));
  if (node.op) fact("op", `${node.op}${ops[node.op]?.description ? ` — ${ops[node.op].description}` : ""}`);
  fact("shape", formatShape(node.shape ?? []));
  fact("‖value‖", value === undefined ? "not computed yet" : formatScalar(norm(value), 4), "value");
  fact("‖gradient‖", grad === undefined ? "not computed yet" : formatScalar(norm(grad), 4), "grad");
  box.append(facts);

  const maps = [
    value === undefined
      ? el("p", "muted", "value: not computed yet")
      : heatmap(value, { name, kind: "value", caption: "value" }),
  ];
  maps.push(
    grad === undefined
      ? el("p", "muted", "gradient: arrives in the backward pass")
      : figure(grad, {
          name: `∂${out?.label ?? "f"}/∂${name}`,
          kind: "grad",
          caption: `∂${out?.label ?? "f"}/∂${name}`,
        }),
  );
  box.append(pair(...maps), scaleKey());

  const info = ops[node.op];
  const inputs = index.inEdges.get(nodeId).map((e) => index.nodes.get(e.source));
  if (node.kind === "op" && info) {
    section(box, "Local derivative (matrix form)");
    const operands = inputs.map(texName);
    // Each operand's rule with its shapes: ∂L/∂W = G·xᵀ : (4×1)·(1×3) → 4×3.
    const plain = inputs.map((n, i) => n.label ?? ["A", "B"][i]);
    const shapes = vjpShapes(
      node.op,
      inputs.map((n) => n.shape ?? []),
      node.shape ?? [],
      plain.map((n) => (n.length > 1 ? `(${n})` : n)),
    );
    const shapeLine = (i) => {
      const entry = shapes[i];
      if (!entry) return null;
      const who = inputs[i]?.label ?? describeNode(inputs[i]);
      const sum = summedText(entry.summed, node.shape ?? []);
      return el(
        "p",
        "vjp-shapes",
        `∂${out?.label ?? "f"}/∂${who} = ${sum ? `${sum} of ` : ""}${entry.rule} : ${entry.shapes}`,
      );
    };
    if (info.vjp_latex?.length) {
      info.vjp_latex.forEach((formula, i) => {
        box.append(tex(substituteVjp(formula, operands, outName), true));
        const line = shapeLine(i);
        if (line) box.append(line);
      });
      box.append(
        el(
          "p",
          "pattern",
          `G = ∂${out?.label ?? "f"}/∂${name}: the upstream gradient, with this node's shape (${formatShape(node.shape ?? [])}).`,
        ),
      );
    } else {
      inputs.forEach((_, i) => {
        const line = shapeLine(i);
        if (line && (shapes[i].summed.length || inputs.length)) box.append(line);
      });
      info.latex.forEach((formula) => box.append(tex(formula, true)));
      box.append(
        el(
          "p",
          "pattern",
          "Elementwise: each element's gradient is the upstream gradient times this local derivative, element by element (G ⊙ f′).",
        ),
      );
    }
    const backward = index.trace.steps.find((s) => s.phase === "backward" && s.node === nodeId);
    const done = backward && state.k >= index.trace.steps.indexOf(backward) + 1;
    section(box, "Sent to each input");
    if (!backward) box.append(el("p", "muted", "This gate does not reach the output: its gradient is 0."));
    else if (!done) box.append(el("p", "muted", "Step on into the backward pass to see what this gate sends back."));
    else {
      if (node.op === "matmul") {
        (backward.contributions ?? []).forEach((c) => {
          const i = index.edges.get(c.edge)?.index ?? 0;
          const numbers = matmulNumbers(
            i,
            backward.grad,
            state.values.get(inputs[0].id),
            state.values.get(inputs[1].id),
            c.grad,
          );
          if (numbers) box.append(tex(`\\frac{\\partial ${outName}}{\\partial ${operands[i]}} = ${numbers}`, true));
        });
      }
      const figures = (backward.contributions ?? []).map((c) => {
        const target = index.nodes.get(c.target);
        const tname = target?.label ?? describeNode(target);
        return Array.isArray(c.grad) || isSummary(c.grad)
          ? figure(c.grad, { name: `→ ${tname}`, kind: "term", caption: `→ ${tname}` })
          : el("p", "", `→ ${tname}: ${formatScalar(c.grad)}`);
      });
      box.append(pair(...figures));
    }
  }
  if (node.kind !== "op") {
    // Where an input's gradient comes from: the rule of each gate it feeds, e.g. ∂E/∂W₁ = G xᵀ.
    const rules = index.outEdges
      .get(nodeId)
      .map((e) => {
        const gate = index.nodes.get(e.target);
        const formula = ops[gate.op]?.vjp_latex?.[e.index];
        const operands = index.inEdges.get(gate.id).map((i) => texName(index.nodes.get(i.source)));
        return formula ? tex(substituteVjp(formula, operands, outName), true) : null;
      })
      .filter(Boolean);
    if (rules.length) {
      section(box, "Where its gradient comes from");
      box.append(...rules);
      box.append(el("p", "pattern", "G is the upstream gradient of the gate it feeds."));
    }
  }
  const terms = state.terms.get(nodeId) ?? [];
  const consumers = index.outEdges.get(nodeId)?.length ?? 0;
  if (consumers > 1) {
    section(box, `Gradient: Σ of ${consumers} contributions`);
    box.append(
      el(
        "p",
        "pattern",
        `${name} feeds ${consumers} wires, so its gradient is the sum of what comes back along each: gradients add at branches.`,
      ),
    );
    if (terms.length) {
      const figures = terms.map((t, i) =>
        figure(t, { name: `term ${i + 1}`, kind: "term", caption: `${i === 0 ? "" : "+ "}term ${i + 1}` }),
      );
      if (terms.length === consumers && grad !== undefined)
        figures.push(figure(grad, { name: `Σ`, kind: "grad", caption: "= Σ" }));
      box.append(pair(...figures));
    } else box.append(el("p", "muted", "No contribution has arrived yet."));
  }
};
