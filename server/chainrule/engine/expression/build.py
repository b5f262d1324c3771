"""Program text -> Graph in one pass: parse each statement and add its nodes straight away.

Most lines of a long program have one shape, `name = operand op operand` with single spaces.
Such a line is read with str.split and added to the graph inline; every other line goes
through the general tokenizer and shunting-yard (parse.py) and is then added statement by
statement. A line is taken by the fast path only if the general parser would read it the same
way without error, so both paths build the same graph.

Errors keep the order of a parse-everything-then-build pipeline: a name error (reassignment,
use before assignment, a constant as a target) is remembered, parsing continues to the end so
that any syntax error anywhere wins, and check_built raises the name error afterwards. The node
limit is checked by check_built too, at the first node past it.
"""

from __future__ import annotations

import io
from array import array
from dataclasses import dataclass
from itertools import accumulate

from ..errors import LimitError, ParseError
from ..graph import CONSTANT, OPERATION, Graph
from ..ops import REGISTRY
from ..source import position
from .parse import APPLY, CONST, CONSTANTS, FUNCTIONS, INFIX, NAME, NUM, NUMBER, Parser, Statement

_IDENTITY = REGISTRY["identity"]


@dataclass(slots=True)
class Program:
    """A parsed program: its text, the graph built from it, and the first name error (a
    reassignment, a use before assignment), which check_built raises."""

    text: str
    graph: Graph
    error: ParseError | None = None

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        return position(self.text, offset)


def parse_and_build(text: str, max_chars: int | None = None) -> Program:
    """Parse the whole text, building its graph as it goes; raises ParseError with line and
    column on the first syntax problem. Name errors are kept in the Program (check_built
    raises them), so that any syntax error anywhere wins."""
    if max_chars is not None and len(text) > max_chars:
        raise LimitError(
            f"the program is {len(text):,} characters long; the limit is {max_chars:,} "
            "(CHAINRULE_MAX_PROGRAM_CHARS)"
        )
    builder = _Builder(text)
    parser = Parser(text)
    graph = builder.graph
    kinds, ops, labels, inputs = graph.kinds, graph.ops, graph.labels, graph.inputs
    add_kind, add_op, add_label, add_inputs = kinds.append, ops.append, labels.append, inputs.append
    add_offset = graph.offsets.append
    names = builder.names
    infix = INFIX
    statements = 0  # statements off the fast path (fast ones are counted by `count`)
    count = 0  # nodes so far, kept in a local while lines take the fast path
    settled = 0  # node count when the slower path last ran: fast nodes after it set the output
    clean = True  # no name error yet
    start = 0  # offset of the next line
    # StringIO hands out one line at a time (with its "\n"), so memory is reused line by line
    # instead of holding every line of a 100,000-line program at once.
    lines = io.StringIO(text)
    for line in lines:
        at = start
        start += len(line)
        parts = line.split(" ")
        op = None
        if len(parts) == 5:
            t, eq, left, symbol, right = parts
            if right[-1:] == "\n":
                right = right[:-1]
            if eq == "=":
                op = infix.get(symbol)
            if op is not None:
                a = names.get(left)
                b = names.get(right)
                # setdefault claims the name and says whether it was free in one lookup.
                if (
                    a is not None
                    and b is not None
                    and clean
                    and names.setdefault(t, count) == count
                ):
                    if (
                        t not in CONSTANTS
                        and t not in FUNCTIONS
                        and t.isidentifier()
                        and t.isascii()
                    ):
                        # Both operands already have nodes: append the op node inline
                        # (edge_start is filled in at the end; assigned_at is not needed).
                        add_kind(OPERATION)
                        add_op(op)
                        add_label(t)
                        add_inputs((a, b))
                        add_offset(at + len(t) + len(left) + 4)
                        count += 1
                        continue
                    del names[t]  # not a plain new name: the general path decides
        # The slower paths set graph.output themselves (edge counts are redone at the end).
        if count > settled:
            graph.output = count - 1
        if op is not None and builder.plain_line([t, eq, left, symbol, right], at, op):
            statements += 1
        else:
            found: list[Statement] = []
            resume = parser.run(at, found)
            statements += len(found)
            for statement in found:
                builder.add(statement)
            while start < resume:  # lines the general parser has read (a statement can span
                start += len(next(lines))  # lines inside parentheses)
        settled = count = len(kinds)
        clean = builder.error is None
    # Edge k of node i is edge_start[i] + k: a running sum of the node arities.
    graph.edge_start = array("q", accumulate(map(len, inputs), initial=0))
    graph.edge_count = graph.edge_start.pop()
    if count > settled:
        graph.output = count - 1
    if not statements and not count:
        raise ParseError("the program is empty: type an expression such as (x + y) * z", 1, 1)
    return Program(text, graph, builder.error)


def check_built(program: Program, max_nodes: int | None) -> Graph:
    """The program's graph, or the error a build with this node limit would raise first."""
    graph = program.graph
    if max_nodes is not None and len(graph) > max_nodes:
        # A statement's nodes are checked one by one, except the copy node of `q = p`.
        k = max_nodes
        while k < len(graph) and graph.ops[k] is _IDENTITY:
            k += 1
        if k < len(graph):
            raise LimitError(
                f"the program makes more than {max_nodes:,} nodes (CHAINRULE_MAX_NODES)",
                *program.position(graph.offsets[k]),
            )
    if program.error is not None:
        raise program.error
    return graph


class _Builder:
    """Adds statements to a graph; names become shared nodes, one per name."""

    def __init__(self, text: str):
        self.graph = Graph(text=text)
        self.text = text
        self.names: dict[str, int] = {}  # every name with a node: assigned ones and inputs
        # Where a name was assigned, for statements off the fast path; a fast-path statement
        # is one line, so its op node's line is its target's line.
        self.assigned_at: dict[str, int] = {}
        self.used_free_at: dict[str, int] = {}  # free names (inputs) -> first use offset
        self.known: dict[str, tuple | None] = {}  # token -> operand descriptor, None if not one
        self.error: ParseError | None = None  # the first name error; later ones wait

    def plain_line(self, parts: list[str], at: int, op) -> bool:
        """`t = a op b` with plain operands: add it (or, after an error, skip it) and say True;
        anything else (the general parser must read the line) is False."""
        t, _, a, o, b = parts
        left = self.operand(a)
        right = self.operand(b)
        if left is None or right is None or not (t.isidentifier() and t.isascii()):
            return False
        if self.error is None:
            a_at = at + len(t) + 3
            o_at = a_at + len(a) + 1
            postfix = [
                (left[0], left[1], a_at, left[2]),
                (right[0], right[1], o_at + len(o) + 1, right[2]),
                (APPLY, op, o_at, 2),
            ]
            self.add(Statement(t, at, postfix, a_at))
        return True

    def operand(self, token: str) -> tuple | None:
        """(kind, payload, extra) if the token is one whole operand, else None."""
        if token in self.known:
            return self.known[token]
        found: tuple | None = None
        if token.isascii():
            if token.isidentifier():
                if token in CONSTANTS:
                    found = (CONST, CONSTANTS[token], token)
                elif token not in FUNCTIONS:
                    found = (NAME, token, None)
            elif NUMBER.fullmatch(token):
                found = (NUM, float(token), token)
        self.known[token] = found
        return found

    def add(self, statement: Statement) -> None:
        """Add one statement's nodes; a name error is kept (and later statements skipped)."""
        if self.error is not None:
            return
        graph, names = self.graph, self.names
        kinds, ops, labels, inputs = graph.kinds, graph.ops, graph.labels, graph.inputs
        add_offset = graph.offsets.append  # (edge_start is redone at the end of the parse)
        operands: list[int] = []
        args: tuple[int, ...]
        push = operands.append
        for kind, payload, offset, extra in statement.postfix:
            if kind == APPLY:  # graph.add, inlined: long expressions are mostly operators
                if extra == 1:
                    args = (operands.pop(),)
                else:
                    args = tuple(operands[-extra:])
                    del operands[-extra:]
                push(len(kinds))
                kinds.append(OPERATION)
                ops.append(payload)
                labels.append(None)
                inputs.append(args)
                add_offset(offset)
            elif kind == NAME:
                node = names.get(payload)
                if node is None:
                    node = graph.add_input(payload, offset)
                    self.used_free_at[payload] = offset
                    names[payload] = node
                operands.append(node)
            else:  # NUM or CONST
                operands.append(graph.add_constant(payload, extra, offset))
        root = operands[0]
        target = statement.target
        if target is not None:
            try:
                self.check_target(target, statement.target_offset)
            except ParseError as exc:
                self.error = exc
                return
            if graph.kinds[root] != OPERATION or graph.labels[root] is not None:
                # `q = x` or `q = p`: a named copy, so q is its own node in the drawing.
                if graph.kinds[root] == CONSTANT and graph.labels[root] == _literal(statement):
                    graph.labels[root] = target
                else:
                    root = graph.add(OPERATION, _IDENTITY, None, (root,), statement.offset)
            graph.labels[root] = target
            names[target] = root
            self.assigned_at[target] = statement.target_offset
        graph.output = root

    def check_target(self, target: str, offset: int) -> None:
        if target in CONSTANTS:
            raise self.fail(f"{target} is a constant and cannot be assigned", offset)
        if target in FUNCTIONS:  # `exp = 2*x` then `exp(x)` would call the function anyway
            raise self.fail(
                f"{target} is a function and cannot be assigned; give the value another name",
                offset,
            )
        if target in self.names and target not in self.used_free_at:
            first = self.assigned_at.get(target)
            if first is None:
                first = self.graph.offsets[self.names[target]]
            line, _ = self.position(first)
            raise self.fail(
                f"{target} is assigned twice (first on line {line}); give each value its own name",
                offset,
            )
        if target in self.used_free_at:
            line, column = self.position(self.used_free_at[target])
            raise self.fail(
                f"{target} is used (line {line}, column {column}) before it is assigned "
                "here: a name must be assigned before its first use, and cannot depend on "
                "itself",
                offset,
            )

    def position(self, offset: int) -> tuple[int, int]:
        return position(self.text, offset)

    def fail(self, message: str, offset: int) -> ParseError:
        return ParseError(message, *self.position(offset))


def _literal(statement: Statement) -> str | None:
    """The literal text if the statement's expression is a single number or constant."""
    if len(statement.postfix) == 1 and statement.postfix[0][0] in (NUM, CONST):
        return statement.postfix[0][3]
    return None
