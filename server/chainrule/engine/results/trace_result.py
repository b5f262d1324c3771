"""TraceResult: what chainrule.trace and trace_network return, and what /graph and /network send.

Plain Python: numbers are floats (inf and nan included), tensors numpy arrays. Only the parts
that are read are made: `.gradients` and `.output` come straight from the engine's Trace,
`.nodes`, `.edges` and `.steps` are built on first access, and `.to_dict()` builds the REST
document (nested lists, "Infinity"/"NaN" strings) when asked. TraceResult.from_dict makes one
from a REST document (for example one built by another tool) without any engine run.
"""

from __future__ import annotations

import bisect
import copy
from dataclasses import dataclass
from typing import Any

import numpy as np

from ...display import TraceDisplay  # .to_html(), .show(), notebook display (imports no web)
from ..autodiff.trace import TensorSummary, Trace
from ..budget import Budget
from ..source import line_starts
from .document import trace_document
from .jsonable import json_value, python_number, python_value

Value = Any  # float or numpy.ndarray (a TensorSummary for a compact tensor contribution)


@dataclass(frozen=True, slots=True)
class Output:
    node: str
    value: float


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    kind: str  # "input", "const" or "op"
    op: str | None
    symbol: str | None
    label: str | None
    value: Value
    grad: Value
    shape: tuple[int, ...]
    inputs: tuple[str, ...]
    line: int | None = None
    column: int | None = None
    group: str | None = None


@dataclass(frozen=True, slots=True)
class Edge:
    id: str
    source: str
    target: str
    index: int
    grad: Value


@dataclass(frozen=True, slots=True)
class Contribution:
    """One arrival of the backward pass: `grad` (upstream × local, or a vector-Jacobian product)
    sent along `edge` to `target`, whose running total is then `accumulated`."""

    edge: str
    target: str
    local: float | None
    grad: Value
    accumulated: Value


@dataclass(frozen=True, slots=True)
class ForwardStep:
    node: str
    value: Value
    phase: str = "forward"


@dataclass(frozen=True, slots=True)
class BackwardStep:
    node: str
    grad: Value
    contributions: tuple[Contribution, ...]
    phase: str = "backward"


Step = ForwardStep | BackwardStep


def python(v: Any) -> Any:
    """An engine value as the result holds it: float for numbers, ndarray for tensors."""
    if type(v) is float or type(v) is TensorSummary or type(v) is np.ndarray and v.ndim:
        return v
    return float(v)


class TraceResult(TraceDisplay):
    """A traced program or network: output, input gradients, nodes, edges and steps."""

    __slots__ = ("_trace", "_gradients", "_document", "_cache")

    def __init__(self, trace: Trace, gradients: dict[str, Any] | None = None) -> None:
        """From an engine Trace; gradients overrides the input gradients (a network's are
        keyed W1, b1, ..., x and gathered into arrays at neuron granularity)."""
        self._trace: Trace | None = trace
        self._gradients = gradients
        self._document: dict[str, Any] | None = None
        self._cache: dict[str, Any] = {}

    @classmethod
    def from_dict(cls, document: dict[str, Any]) -> TraceResult:
        """A result from a REST trace document (as /api/v1/graph returns and to_dict makes):
        its keys output, gradients, nodes, edges and steps; it is kept as given (a copy)."""
        missing = [
            k for k in ("output", "gradients", "nodes", "edges", "steps") if k not in document
        ]
        if missing:
            raise ValueError(f"a trace document needs {', '.join(missing)}")
        result = cls.__new__(cls)
        result._trace = None
        result._gradients = None
        result._document = copy.deepcopy(document)
        result._cache = {}
        return result

    # ---- what is read most: straight from the trace --------------------------------------
    @property
    def output(self) -> Output:
        if "output" not in self._cache:
            if self._trace is not None:
                out = self._trace.graph.output
                found = Output(f"n{out}", float(self._trace.values[out]))
            else:
                doc = self._doc()["output"]
                found = Output(doc["node"], python_number(doc["value"]))
            self._cache["output"] = found
        return self._cache["output"]

    @property
    def gradients(self) -> dict[str, Value]:
        """d output / d each input, by name: a float, or an ndarray in the input's shape."""
        if "gradients" not in self._cache:
            if self._trace is None:
                raw = {k: python_value(v) for k, v in self._doc()["gradients"].items()}
            elif self._gradients is not None:
                raw = {k: python(v) for k, v in self._gradients.items()}
            else:
                raw = {k: python(v) for k, v in self._trace.input_gradients().items()}
            self._cache["gradients"] = raw
        return self._cache["gradients"]

    @property
    def trace(self) -> Trace | None:
        """The engine's Trace behind this result (None for one made by from_dict)."""
        return self._trace

    # ---- built on first access --------------------------------------------------------
    @property
    def nodes(self) -> list[Node]:
        if "nodes" not in self._cache:
            self._cache["nodes"] = self._nodes()
        return self._cache["nodes"]

    @property
    def edges(self) -> list[Edge]:
        if "edges" not in self._cache:
            self._cache["edges"] = self._edges()
        return self._cache["edges"]

    @property
    def steps(self) -> list[Step]:
        """One forward step per op node, then one backward step per op node the output
        depends on, in reverse topological order."""
        if "steps" not in self._cache:
            self._cache["steps"] = self._steps()
        return self._cache["steps"]

    def to_dict(self, detail: str = "compact", budget: Budget | None = None) -> dict[str, Any]:
        """The REST document. detail "compact" (the API's default) summarises tensor edge
        contributions; "full" sends them as nested lists."""
        if self._trace is None:
            return copy.deepcopy(self._doc())
        document = trace_document(self._trace, detail, budget)
        if self._gradients is not None:
            document["gradients"] = {k: json_value(v) for k, v in self._gradients.items()}
        return document

    def __repr__(self) -> str:
        return f"TraceResult(output={self.output!r}, gradients={self.gradients!r})"

    def __eq__(self, other: object) -> bool:
        """Equal when the documents are (the default, compact detail)."""
        if not isinstance(other, TraceResult):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]  # compared by content

    # ---- internals --------------------------------------------------------------------
    def _doc(self) -> dict[str, Any]:
        if self._document is None:
            self._document = self.to_dict()
        return self._document

    def _nodes(self) -> list[Node]:
        trace = self._trace
        if trace is None:
            return [
                Node(
                    d["id"],
                    d["kind"],
                    d["op"],
                    d["symbol"],
                    d["label"],
                    python_value(d["value"]),
                    python_value(d["grad"]),
                    tuple(d["shape"]),
                    tuple(d["inputs"]),
                    d.get("line"),
                    d.get("column"),
                    d.get("group"),
                )  # fmt: skip
                for d in self._doc()["nodes"]
            ]
        graph = trace.graph
        starts = line_starts(graph.text)  # once: a position per node must not rescan the text
        nodes = []
        for i, kind in enumerate(graph.kinds):
            op = graph.ops[i]
            offset = graph.offsets[i]
            line = column = None
            if offset >= 0:
                line = bisect.bisect_right(starts, offset)
                column = offset - starts[line - 1] + 1
            value = python(trace.values[i])
            nodes.append(
                Node(
                    f"n{i}",
                    kind,
                    op.name if op else None,
                    op.symbol if op else None,
                    graph.labels[i],
                    value,
                    python(trace.grads[i]),
                    tuple(np.shape(value)),
                    tuple(f"n{j}" for j in graph.inputs[i]),
                    line,
                    column,
                    graph.groups.get(i),
                )  # fmt: skip
            )
        return nodes

    def _edges(self) -> list[Edge]:
        trace = self._trace
        if trace is None:
            return [
                Edge(d["id"], d["source"], d["target"], d["index"], _read(d["grad"]))
                for d in self._doc()["edges"]
            ]
        return [
            Edge(f"e{e}", f"n{j}", f"n{i}", k, python(trace.edge_grads[e]))
            for e, j, i, k in trace.graph.edges()
        ]

    def _steps(self) -> list[Step]:
        trace = self._trace
        if trace is None:
            return [_read_step(d) for d in self._doc()["steps"]]
        graph = trace.graph
        steps: list[Step] = [
            ForwardStep(f"n{i}", python(trace.values[i]))
            for i, op in enumerate(graph.ops)
            if op is not None
        ]
        for i, contributions in trace.backward_steps:
            steps.append(
                BackwardStep(
                    f"n{i}",
                    python(trace.grads[i]),
                    tuple(
                        Contribution(
                            f"e{c.edge}",
                            f"n{c.target}",
                            None if c.local is None else float(c.local),
                            python(c.grad),
                            python(c.accumulated),
                        )
                        for c in contributions
                    ),
                )
            )
        return steps


def _read(v: Any) -> Any:
    """A document value back in Python: summaries as TensorSummary, numbers as floats."""
    if isinstance(v, dict):
        return TensorSummary(
            tuple(v["shape"]), python_number(v["norm"]), python_number(v["min"]),
            python_number(v["max"]),
        )  # fmt: skip
    return python_value(v)


def _read_step(d: dict[str, Any]) -> Step:
    if d["phase"] == "forward":
        return ForwardStep(d["node"], python_value(d["value"]))
    return BackwardStep(
        d["node"],
        python_value(d["grad"]),
        tuple(
            Contribution(
                c["edge"],
                c["target"],
                None if c["local"] is None else python_number(c["local"]),
                _read(c["grad"]),
                _read(c["accumulated"]),
            )
            for c in d["contributions"]
        ),
    )
