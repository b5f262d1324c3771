"""Node, edge and graph: the computational graph built from parsed statements.

Nodes are created in an order where every input precedes its consumer, so creation order is a
topological order and no sort (recursive or otherwise) is needed for programs. Nodes live in
parallel lists rather than objects: the engine walks 100,000-node graphs, and lists of
primitives are what keeps that fast.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .errors import ChainruleError
from .ops import Op
from .source import position

INPUT, CONSTANT, OPERATION = "input", "const", "op"
E = TypeVar("E", bound=ChainruleError)


@dataclass(slots=True)
class Graph:
    """A DAG in topological order. Edge k of node i is edge_start[i] + k."""

    kinds: list[str] = field(default_factory=list)
    ops: list[Op | None] = field(default_factory=list)
    labels: list[str | None] = field(default_factory=list)
    inputs: list[tuple[int, ...]] = field(default_factory=list)
    # Machine integers (array "q"), not lists of int objects: less memory per node.
    offsets: array = field(default_factory=lambda: array("q"))  # source offset, -1 if none
    constants: dict[int, Any] = field(default_factory=dict)  # floats, or a network's target
    groups: dict[int, str] = field(default_factory=dict)  # optional display grouping
    edge_start: array = field(default_factory=lambda: array("q"))
    edge_count: int = 0
    input_nodes: dict[str, int] = field(default_factory=dict)  # input name -> node index
    output: int = -1
    text: str = ""  # source program, for line/column of offsets
    # What the checked forward pass found for leaf values of given shapes (forward.py's
    # ShapeCheck, keyed by those shapes), for a graph that is run request after request (a
    # network's layer graph): its checks depend on the shapes alone. None: not kept (a graph
    # built for one request).
    checked: dict[tuple, Any] | None = None

    def __len__(self) -> int:
        return len(self.kinds)

    def add(
        self, kind: str, op: Op | None, label: str | None, inputs: tuple[int, ...], offset: int = -1
    ) -> int:
        """Append a node whose inputs already exist; returns its index."""
        index = len(self.kinds)
        self.kinds.append(kind)
        self.ops.append(op)
        self.labels.append(label)
        self.inputs.append(inputs)
        self.offsets.append(offset)
        self.edge_start.append(self.edge_count)
        self.edge_count += len(inputs)
        return index

    def add_input(self, name: str, offset: int = -1) -> int:
        index = self.add(INPUT, None, name, (), offset)
        self.input_nodes[name] = index
        return index

    def add_constant(self, value: Any, label: str, offset: int = -1) -> int:
        index = self.add(CONSTANT, None, label, (), offset)
        self.constants[index] = value
        return index

    def with_constants(self, constants: dict[int, Any]) -> Graph:
        """This graph with other values for its constants: the same nodes, shared, since
        nothing changes a built graph (a network's template and each call's target)."""
        return Graph(
            kinds=self.kinds,
            ops=self.ops,
            labels=self.labels,
            inputs=self.inputs,
            offsets=self.offsets,
            constants=constants,
            groups=self.groups,
            edge_start=self.edge_start,
            edge_count=self.edge_count,
            input_nodes=self.input_nodes,
            output=self.output,
            text=self.text,
            checked=self.checked,
        )

    def error(self, cls: type[E], i: int, message: str) -> E:
        """An error of class cls located at node i's place in the program (if it has one)."""
        offset = self.offsets[i] if 0 <= i < len(self.offsets) else -1
        if offset < 0:
            return cls(message)
        return cls(message, *position(self.text, offset))

    def where(self, i: int) -> tuple[int | None, int | None]:
        """1-based (line, column) of node i in the program, or (None, None)."""
        offset = self.offsets[i]
        return position(self.text, offset) if offset >= 0 else (None, None)

    def edges(self) -> Iterator[tuple[int, int, int, int]]:
        """Yield (edge index, source node, target node, argument position)."""
        for target, sources in enumerate(self.inputs):
            start = self.edge_start[target]
            for k, source in enumerate(sources):
                yield start + k, source, target, k

    def reaches_output(self) -> list[bool]:
        """Which nodes the output depends on (one reverse sweep over the topological order)."""
        reach = [False] * len(self.kinds)
        reach[self.output] = True
        inputs = self.inputs
        for i in range(self.output, -1, -1):
            if reach[i]:
                for j in inputs[i]:
                    reach[j] = True
        return reach
