"""A recorded graph (Tape) -> a program in chainrule's language, run by chainrule's own engine.

Function tracing and the micrograd import both record what ran as a Tape (nodes in creation
order, so topological) and hand it here. Emitting a program rather than building engine graphs
directly means the gradients, steps and document come from the one engine, exactly as for a
typed program. Each named or multi-use intermediate is one statement; single-use ones are
inlined. Constants are inlined with full float precision (repr); a constant the language cannot
write as a literal (negative, not finite, or an array) is passed as a hidden value and turned
back into a constant node afterwards. Names the language cannot use (`e`, `exp`, `α`, ...) are
renamed in the program and given back their own label in the result. Everything here is
iterative: a 10,000-node chain needs no recursion.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..engine.autodiff import run_program
from ..engine.budget import UNLIMITED, Budget
from ..engine.ops import REGISTRY, Op
from ..engine.results.trace_result import TraceResult
from .result import document_of, result_from_document

INPUT, CONST, OP = "input", "const", "op"
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# Words the language reserves: function spellings and the constants pi and e.
RESERVED = frozenset(
    {s for op in REGISTRY.values() for s in op.spellings if s[0].isalpha()} | {"pi", "e"}
)
_ATOM = 5  # precedence of names, literals and calls
_INFIX_PRECEDENCE = {"add": 1, "sub": 1, "mul": 2, "div": 2, "matmul": 2, "pow": 4}
_NEG_PRECEDENCE = 3


@dataclass(slots=True)
class Tape:
    """Nodes in creation order: kind, registry op (op nodes), inputs, label and value."""

    kinds: list[str] = field(default_factory=list)
    ops: list[Op | None] = field(default_factory=list)
    inputs: list[tuple[int, ...]] = field(default_factory=list)
    labels: list[str | None] = field(default_factory=list)
    values: list[Any] = field(default_factory=list)

    def add(self, kind: str, op: Op | None, inputs: tuple[int, ...], label: str | None, value):
        self.kinds.append(kind)
        self.ops.append(op)
        self.inputs.append(inputs)
        self.labels.append(label)
        self.values.append(value)
        return len(self.kinds) - 1


def usable_name(name: str) -> bool:
    """Whether the language can use `name` as written (ASCII identifier, not reserved)."""
    return bool(_IDENTIFIER.match(name)) and name not in RESERVED


def literal(value: float) -> str | None:
    """The shortest exact literal for a constant, or None if the language has no literal for it.

    The language has no negative literals (`-2` is neg applied to 2) and no inf or nan.
    """
    if not math.isfinite(value) or math.copysign(1.0, value) < 0:
        return None
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def run_tape(tape: Tape, output: int, *, limits=None) -> Any:
    """Trace the tape's graph with chainrule's engine: the same result as chainrule.trace
    (called the way chainrule.trace calls it, so the package's top level is not imported back)."""
    program, values, fixup = emit_program(tape, output)
    result = TraceResult(run_program(program, values, budget=Budget(limits or UNLIMITED)))
    if fixup.is_empty():
        return result
    return result_from_document(fixup.apply(document_of(result)))


@dataclass(slots=True)
class Fixup:
    """How to turn the emitted program's document back into the tape's own graph."""

    labels: dict[str, str | None] = field(default_factory=dict)  # program name -> shown label
    hidden: dict[str, str | None] = field(default_factory=dict)  # hidden value -> const label
    gradients: list[tuple[str, str]] = field(default_factory=list)  # (label, program name)

    def is_empty(self) -> bool:
        return not self.labels and not self.hidden

    def apply(self, document: dict[str, Any]) -> dict[str, Any]:
        for node in document["nodes"]:
            label = node["label"]
            if label in self.hidden:
                node["kind"] = CONST
                node["label"] = self.hidden[label]
            elif label in self.labels:
                node["label"] = self.labels[label]
        grads = document["gradients"]
        document["gradients"] = {label: grads[name] for label, name in self.gradients}
        return document


def emit_program(tape: Tape, output: int) -> tuple[str, dict[str, Any], Fixup]:
    """The program text, its values and the fixup that restores labels and constants."""
    kinds, ops, inputs, labels, values = tape.kinds, tape.ops, tape.inputs, tape.labels, tape.values
    n = len(kinds)
    reached = bytearray(n)
    reached[output] = 1
    uses = [0] * n
    for i in range(output, -1, -1):
        if reached[i]:
            for j in inputs[i]:
                reached[j] = 1
                uses[j] += 1

    fixup = Fixup()
    taken = {str(labels[i]) for i in range(n) if kinds[i] == INPUT and usable_name(str(labels[i]))}
    counter = [0]

    def fresh(prefix: str) -> str:
        while True:
            counter[0] += 1
            candidate = f"{prefix}{counter[0]}"
            if candidate not in taken:
                taken.add(candidate)
                return candidate

    shown: set[str] = set()

    def claim(label: str) -> None:
        if label in shown:
            raise ValueError(f"the name {label!r} is given to two values; each name labels one")
        shown.add(label)

    program_values: dict[str, Any] = {}
    text: list[Any] = [None] * n  # each node's rendering: fragments (str or node index)
    precedence = [_ATOM] * n
    lines: list[list[Any]] = []
    unused: list[str] = []
    for i in range(n):
        kind = kinds[i]
        if kind == INPUT:
            label = labels[i]
            assert label is not None  # every input is named (tracing.py, micrograd.py)
            claim(label)
            name = label if usable_name(label) else fresh("_in")
            if name != label:
                fixup.labels[name] = label
            program_values[name] = values[i]
            fixup.gradients.append((label, name))
            text[i] = [name]
            if not reached[i]:
                unused.append(name)  # a bare statement: the input node exists, gradient 0
            continue
        if not reached[i]:
            continue
        if kind == CONST:
            value = values[i]
            written = literal(float(value)) if np.ndim(value) == 0 else None
            if written is None:
                name = fresh("_c")
                program_values[name] = value
                fixup.hidden[name] = labels[i] if labels[i] is not None else number_label(value)
                written = name
            text[i] = [written]
            continue
        op = ops[i]
        assert op is not None  # a gate always has its op
        text[i], precedence[i] = _render(op, inputs[i], precedence)
        label = labels[i]
        if label is None and uses[i] <= 1 and op.name != "identity":
            continue  # inlined into its one consumer
        if label is not None:
            claim(label)
            name = label if usable_name(label) and label not in taken else fresh("_t")
            taken.add(name)
        else:
            name = fresh("_t")
        if name != label:
            fixup.labels[name] = label
        lines.append([name, " = ", *text[i]])
        text[i], precedence[i] = [name], _ATOM
    body = [f"{name}\n" for name in unused] + [_flatten(line, text) + "\n" for line in lines]
    body.append(_flatten(text[output], text))
    return "".join(body), program_values, fixup


def number_label(value: Any) -> str | None:
    """How a constant is labelled: its shortest repr (`2`, `-1`, `0.1`, `inf`); arrays: None."""
    if np.ndim(value):
        return None
    return repr(float(value)).removesuffix(".0")


def _render(op: Op, args: tuple[int, ...], precedence: list[int]) -> tuple[list[Any], int]:
    """Fragments for one op applied to its argument nodes, and the result's precedence."""
    syntax = op.syntax
    if syntax == "call":
        parts: list[Any] = [op.spellings[0], "("]
        for k, j in enumerate(args):
            if k:
                parts.append(", ")
            parts.append(j)
        parts.append(")")
        return parts, _ATOM
    if op.name == "identity":
        return [args[0]], precedence[args[0]]
    if syntax == "prefix":
        (a,) = args
        if precedence[a] < 4:  # -(-x), -(a * b); -x ** 2 already means -(x ** 2)
            return ["-(", a, ")"], _NEG_PRECEDENCE
        return ["-", a], _NEG_PRECEDENCE
    p = _INFIX_PRECEDENCE[op.name]
    a, b = args
    if p == 4:  # right-associative: a ** b ** c is a ** (b ** c)
        left_needs, right_needs = precedence[a] <= 4, precedence[b] < 4
    else:  # left-associative; the tree is kept as recorded, so a + (b + c) keeps its parens
        left_needs, right_needs = precedence[a] < p, precedence[b] <= p
    left = ["(", a, ")"] if left_needs else [a]
    right = ["(", b, ")"] if right_needs else [b]
    return [*left, f" {op.spellings[0]} ", *right], p


def _flatten(parts: list[Any], text: list[Any]) -> str:
    """Expand fragments (node indices stand for their own fragments) without recursion."""
    out: list[str] = []
    stack = [iter(parts)]
    while stack:
        for part in stack[-1]:
            if type(part) is str:
                out.append(part)
            else:
                stack.append(iter(text[part]))
                break
        else:
            stack.pop()
    return "".join(out)
