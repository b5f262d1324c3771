"""Node, edge and graph: the computational graph built from parsed statements.

Nodes are created in an order where every input precedes its consumer, so creation order is a
topological order and no sort (recursive or otherwise) is needed for programs. Nodes live in
parallel lists rather than objects: the engine walks 100,000-node graphs, and lists of
primitives are what keeps that fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import LimitError, ParseError
from .ops import REGISTRY, Op
from .parse import APPLY, CONST, NAME, NUM, Program

INPUT, CONSTANT, OPERATION = "input", "const", "op"
_IDENTITY = REGISTRY["identity"]


@dataclass(slots=True)
class Graph:
    """A DAG in topological order. Edge k of node i is edge_start[i] + k."""

    kinds: list[str] = field(default_factory=list)
    ops: list[Op | None] = field(default_factory=list)
    labels: list[str | None] = field(default_factory=list)
    inputs: list[tuple[int, ...]] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)  # source offset, -1 if none
    constants: dict[int, float] = field(default_factory=dict)
    groups: dict[int, str] = field(default_factory=dict)  # optional display grouping
    edge_start: list[int] = field(default_factory=list)
    edge_count: int = 0
    input_nodes: dict[str, int] = field(default_factory=dict)  # input name -> node index
    output: int = -1
    text: str = ""  # source program, for line/column of offsets

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

    def add_constant(self, value: float, label: str, offset: int = -1) -> int:
        index = self.add(CONSTANT, None, label, (), offset)
        self.constants[index] = value
        return index

    def edges(self):
        """Yield (edge index, source node, target node, argument position)."""
        for target, sources in enumerate(self.inputs):
            start = self.edge_start[target]
            for position, source in enumerate(sources):
                yield start + position, source, target, position

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


def build_graph(program: Program, max_nodes: int | None = None) -> Graph:
    """Turn parsed statements into a graph; names become shared nodes, one per name.

    Raises ParseError for reassignment, use before assignment (which is how a cycle shows up
    in a straight-line program) and names that shadow constants; LimitError past max_nodes.
    """
    graph = Graph(text=program.text)
    names: dict[str, int] = {}  # assigned names -> node
    assigned_at: dict[str, int] = {}
    used_free_at: dict[str, int] = {}  # free names (inputs) -> first use offset
    limit = max_nodes if max_nodes is not None else float("inf")

    def fail(message: str, offset: int) -> ParseError:
        line, column = program.position(offset)
        return ParseError(message, line, column)

    for statement in program.statements:
        operands: list[int] = []
        for kind, payload, offset, extra in statement.postfix:
            if kind == APPLY:
                argc = extra
                args = tuple(operands[-argc:])
                del operands[-argc:]
                operands.append(graph.add(OPERATION, payload, None, args, offset))
            elif kind == NAME:
                node = names.get(payload)
                if node is None:
                    node = graph.input_nodes.get(payload)
                    if node is None:
                        node = graph.add_input(payload, offset)
                        used_free_at[payload] = offset
                operands.append(node)
            elif kind == NUM:
                operands.append(graph.add_constant(payload, extra, offset))
            elif kind == CONST:
                operands.append(graph.add_constant(payload, extra, offset))
            if len(graph.kinds) > limit:
                raise LimitError(
                    f"the program makes more than {max_nodes:,} nodes (CHAINRULE_MAX_NODES)",
                    *program.position(offset),
                )
        root = operands[0]
        target = statement.target
        if target is not None:
            _check_target(target, statement.target_offset, assigned_at, used_free_at, fail, program)
            if graph.kinds[root] != OPERATION or graph.labels[root] is not None:
                # `q = x` or `q = p`: a named copy, so q is its own node in the drawing.
                if graph.kinds[root] == CONSTANT and graph.labels[root] == _literal(statement):
                    graph.labels[root] = target
                else:
                    root = graph.add(OPERATION, _IDENTITY, None, (root,), statement.offset)
            graph.labels[root] = target
            names[target] = root
            assigned_at[target] = statement.target_offset
        graph.output = root
    return graph


def _literal(statement) -> str | None:
    """The literal text if the statement's expression is a single number or constant."""
    if len(statement.postfix) == 1 and statement.postfix[0][0] in (NUM, CONST):
        return statement.postfix[0][3]
    return None


def _check_target(target, offset, assigned_at, used_free_at, fail, program) -> None:
    from .parse import CONSTANTS

    if target in CONSTANTS:
        raise fail(f"{target} is a constant and cannot be assigned", offset)
    if target in assigned_at:
        line, _ = program.position(assigned_at[target])
        raise fail(
            f"{target} is assigned twice (first on line {line}); give each value its own name",
            offset,
        )
    if target in used_free_at:
        line, column = program.position(used_free_at[target])
        raise fail(
            f"{target} is used (line {line}, column {column}) before it is assigned "
            "here: a name must be assigned before its first use, and cannot depend on "
            "itself",
            offset,
        )
