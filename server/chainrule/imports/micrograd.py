"""chainrule.from_micrograd(out): read a micrograd Value graph and trace it with chainrule's engine.

micrograd keeps `data`, `_prev` (a set of operand Values) and `_op` ('+', '*', '**k', 'ReLU';
the lecture's version also 'tanh', 'exp' and a `label`). It has no subtraction or division:
`a - b` is `a + (b * -1)` with a fresh leaf -1, and `a / b` is `a * b**-1`. Those shapes are
read back as the ops the user typed, so the drawing is `a - b` and `a / b`:
- `t * c` where c is a leaf of value -1 used nowhere else (and not named) is `-t`;
- `a + n` where n is such a negation used only here is `a - t`;
- `a * p` where p = `b**-1` is used only here is `a / b`.
This cannot tell `a - b` from `a + (-b)` typed by hand (the graphs are identical; the values
and gradients agree either way), and the hidden -1 leaf gets no gradient of its own.

`_prev` is a set, so the operand order of + and * is lost; it only matters for the drawing.
Operands are put in a stable order: the deeper subgraph first, then by value (`w*x + b`,
`(... + w1*x1) + w2*x2`). The exponent of `**k`, whose order matters, is in `_op` itself.
`x * x` has a one-element `_prev`: both operands are x. Leaves are labelled from `names`
({label: Value}), else their `label` attribute (if any), else v0, v1, ... in that stable order.
The walk is iterative: micrograd's own backward recurses and needs a raised recursion limit
for deep graphs; this does not.
"""

from __future__ import annotations

from typing import Any

from ..engine.ops import REGISTRY
from .program import CONST, INPUT, OP, Tape, run_tape

_UNARY = {"ReLU": "relu", "tanh": "tanh", "exp": "exp"}
_BINARY = {"+": "add", "*": "mul"}


def from_micrograd(out: Any, names: dict[str, Any] | None = None, *, limits=None) -> Any:
    """Trace the graph that ends at micrograd Value `out`; leaves' gradients match backward()."""
    for attribute in ("data", "_prev", "_op"):
        if not hasattr(out, attribute):
            raise TypeError(f"from_micrograd needs a micrograd Value, got {type(out).__name__}")
    order, children = _canonical_order(out)
    consumers: dict[int, int] = {}
    for v in order:
        for c in set(map(id, children[id(v)])):
            consumers[c] = consumers.get(c, 0) + 1
    given = {id(v): label for label, v in (names or {}).items()}
    forms = _read_forms(order, children, consumers, given)
    return run_tape(*_tape(order, forms, given, out), limits=limits)


def _canonical_order(out: Any) -> tuple[list[Any], dict[int, list[Any]]]:
    """Every node reachable from out, operands before consumers, in a stable order."""
    # Pass 1: heights (longest path down to a leaf), over any topological order.
    height: dict[int, int] = {}
    stack = [(out, False)]
    while stack:
        v, expanded = stack.pop()
        key = id(v)
        if key in height:
            continue
        if expanded:
            height[key] = 1 + max((height[id(c)] for c in v._prev), default=-1)
            continue
        stack.append((v, True))
        stack.extend((c, False) for c in v._prev if id(c) not in height)
    # Pass 2: depth-first from out with operands sorted (deeper first, then larger value).
    children: dict[int, list[Any]] = {}
    order: list[Any] = []
    seen: set[int] = set()
    stack = [(out, False)]
    while stack:
        v, expanded = stack.pop()
        key = id(v)
        if expanded:
            order.append(v)
            continue
        if key in seen:
            continue
        seen.add(key)
        operands = sorted(v._prev, key=lambda c: (-height[id(c)], -float(c.data)))
        if len(operands) == 1 and _binary(v._op):
            operands = operands * 2  # x * x, x + x: one element in the set
        children[key] = operands
        stack.append((v, True))
        stack.extend((c, False) for c in reversed(operands) if id(c) not in seen)
    return order, children


def _binary(op: str) -> bool:
    return op in _BINARY


def _read_forms(order, children, consumers, given) -> dict[int, tuple | None]:
    """Each op node as (op name, operand Values); absorbed nodes map to None."""
    forms: dict[int, tuple | None] = {}  # None: folded into its consumer

    def only_here(v: Any) -> bool:
        return consumers.get(id(v), 0) == 1 and id(v) not in given and not _label_of(v)

    def is_minus_one(v: Any) -> bool:
        return not v._prev and float(v.data) == -1.0 and only_here(v)

    def negation(v: Any) -> Any | None:
        """The negated operand if v is `t * -1` (micrograd's -t), else None."""
        if v._op != "*" or len(v._prev) != 2:
            return None
        a, b = children[id(v)]
        for operand, leaf in ((a, b), (b, a)):
            if is_minus_one(leaf):
                forms[id(leaf)] = None  # the hidden -1 of micrograd's __neg__
                return operand
        return None

    def reciprocal(v: Any) -> Any | None:
        if v._op == "**-1" and only_here(v):
            return children[id(v)][0]
        return None

    for v in order:
        op = v._op
        key = id(v)
        if not v._prev:
            continue
        ops = children[key]
        if op == "*":
            negated = negation(v)
            if negated is not None:
                forms[key] = ("neg", negated)
                continue
            a, b = ops
            if len(v._prev) == 2:
                if reciprocal(b) is not None:
                    forms[key] = ("div", a, reciprocal(b))
                    forms[id(b)] = None
                    continue
                if reciprocal(a) is not None:
                    forms[key] = ("div", b, reciprocal(a))
                    forms[id(a)] = None
                    continue
            forms[key] = ("mul", a, b)
        elif op == "+":
            a, b = ops
            if len(v._prev) == 2:
                for left, right in ((a, b), (b, a)):
                    negated = forms.get(id(right))
                    if only_here(right) and negated is not None and negated[0] == "neg":
                        forms[key] = ("sub", left, negated[1])
                        forms[id(right)] = None
                        break
                else:
                    forms[key] = ("add", a, b)
            else:
                forms[key] = ("add", a, b)
        elif op.startswith("**"):
            try:
                exponent = float(op[2:])
            except ValueError:
                raise ValueError(f"micrograd op {op!r}: the exponent is not a number") from None
            forms[key] = ("pow", ops[0], exponent)
        elif op in _UNARY:
            forms[key] = (_UNARY[op], ops[0])
        else:
            known = ", ".join(["+", "*", "**k", *_UNARY])
            raise ValueError(f"micrograd op {op!r} is not one chainrule knows ({known})")
    return forms


def _label_of(v: Any) -> str:
    label = getattr(v, "label", "")
    return label if isinstance(label, str) else ""


def _tape(order, forms, given, out) -> tuple[Tape, int]:
    tape = Tape()
    node: dict[int, int] = {}
    used: set[str] = set()
    counter = 0

    def unique(label: str) -> str:
        k, candidate = 1, label
        while candidate in used:
            k += 1
            candidate = f"{label}_{k}"
        used.add(candidate)
        return candidate

    used.update(given.values())
    for v in order:
        key = id(v)
        if not v._prev:
            if key in forms or key in node:
                continue
            if key in given:
                label = given[key]
            elif _label_of(v):
                label = unique(_label_of(v))
            else:
                while f"v{counter}" in used:
                    counter += 1
                label = unique(f"v{counter}")
            node[key] = tape.add(INPUT, None, (), label, float(v.data))
            continue
        form = forms.get(key, ())
        if form is None:
            continue  # absorbed into its one consumer (a - b, a / b)
        name, *operands = form
        inputs = []
        for x in operands:
            if isinstance(x, float):  # the exponent of **k
                inputs.append(tape.add(CONST, None, (), None, x))
            else:
                inputs.append(node[id(x)])
        label = unique(_label_of(v)) if _label_of(v) else None
        node[key] = tape.add(OP, REGISTRY[name], tuple(inputs), label, float(v.data))
    return tape, node[id(out)]
