"""Program text -> statements in postfix order, by a hand-written tokenizer and shunting-yard.

Never eval: the grammar is ours, so nothing outside it can run. The parser is iterative (no
recursion), so a 100,000-term sum or deeply nested parentheses cannot exhaust the stack; the
builder consumes each statement's postfix list with an explicit operand stack.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..errors import ParseError, excerpt
from ..ops import REGISTRY, Op
from ..source import position

CONSTANTS = {"pi": math.pi, "e": math.e}

# Postfix item kinds.
NUM, NAME, CONST, APPLY = 0, 1, 2, 3

_TOKEN = re.compile(
    r"(?P<ws>[ \t\r\f\v]+)"
    r"|(?P<comment>\#[^\n]*)"
    r"|(?P<end>[\n;])"
    r"|(?P<num>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"  # ASCII digits only
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>\*\*|[-+*/^@=(),])"
    r"|(?P<bad>.)",
    re.DOTALL,
)

INFIX: dict[str, Op] = {}
_PREFIX: dict[str, Op] = {}
FUNCTIONS: dict[str, Op] = {}
for _op in REGISTRY.values():
    for _spelling in _op.spellings:
        if _spelling[0].isalpha():
            FUNCTIONS[_spelling] = _op
        elif _op.arity == 2:
            INFIX[_spelling] = _op
        else:
            _PREFIX[_spelling] = _op

# Binding power, Python's order: + - < * / @ < unary - + < ** ^ (right-associative).
_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "@": 2, "**": 4, "^": 4}
_UNARY_PRECEDENCE = 3
_RIGHT_ASSOC = {"**", "^"}


@dataclass(slots=True)
class Statement:
    """One statement: optional target name and its expression in postfix order.

    Postfix items are tuples (kind, payload, offset, extra): NUM (float, -, literal text),
    NAME (name), CONST (value, -, name), APPLY (Op, -, argument count).
    """

    target: str | None
    target_offset: int
    postfix: list[tuple]
    offset: int


NUMBER = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


class Parser:
    """Shunting-yard over the token stream, one statement at a time."""

    def __init__(self, text: str):
        self.text = text

    def fail(self, message: str, offset: int) -> ParseError:
        line, column = position(self.text, offset)
        return ParseError(message, line, column)

    def run(self, start: int, statements: list) -> int:
        """Parse statements from offset start up to a newline that ends one (outside any
        parentheses) or the end of the text; returns the offset where parsing stopped."""
        tokens: list[tuple[str, str, int]] = []
        depth = 0  # newlines inside parentheses continue the statement, as in Python
        for m in _TOKEN.finditer(self.text, start):
            kind = m.lastgroup or "bad"  # every alternative is a named group
            if kind == "ws" or kind == "comment":
                continue
            text = m.group()
            if kind == "bad":
                raise self.fail(_describe_bad(text), m.start())
            if kind == "end":
                if depth > 0 and text == "\n":
                    continue
                if depth > 0:
                    raise self.fail("';' inside parentheses: close them first", m.start())
                if tokens:
                    statements.append(self.statement(tokens))
                    tokens = []
                if text == "\n":
                    return m.end()
                continue
            if text == "(":
                depth += 1
            elif text == ")":
                depth -= 1
            tokens.append((kind, text, m.start()))
        if tokens:
            statements.append(self.statement(tokens))
        return len(self.text)

    def statement(self, tokens: list[tuple[str, str, int]]) -> Statement:
        target, target_offset, start = None, tokens[0][2], 0
        if len(tokens) >= 2 and tokens[1][1] == "=":
            kind, name, offset = tokens[0]
            if kind != "name":
                raise self.fail(
                    f"cannot assign to {excerpt(name)!r}: only a name can stand before '='", offset
                )
            target, target_offset, start = name, offset, 2
            if len(tokens) > 2 and tokens[2][1] == "=" and tokens[2][2] == tokens[1][2] + 1:
                raise self.fail(
                    "'==': comparisons are not part of the expression language; '=' names a value",
                    tokens[1][2],
                )
            if len(tokens) == 2:
                raise self.fail(f"nothing after '=': give {name} an expression", tokens[1][2])
        return Statement(target, target_offset, self.expression(tokens, start), tokens[start][2])

    def expression(self, tokens: list[tuple[str, str, int]], start: int) -> list[tuple]:
        out: list[tuple] = []
        # Operator stack entries: (tag, payload, offset, precedence); tag is "bin", "un",
        # "(" or "call"; a call entry's payload is [Op, argument count].
        stack: list[list] = []
        expect_operand = True
        n = len(tokens)
        i = start
        while i < n:
            kind, text, offset = tokens[i]
            if kind == "num" or kind == "name":
                if not expect_operand:
                    raise self.fail(f"expected an operator before {excerpt(text)!r}", offset)
                if kind == "num":
                    out.append((NUM, float(text), offset, text))
                elif i + 1 < n and tokens[i + 1][1] == "(":
                    op = FUNCTIONS.get(text)
                    if op is None:
                        raise self.fail(_unknown_function(text), offset)
                    stack.append(["call", [op, 0], offset, 0])
                    stack.append(["(", None, tokens[i + 1][2], 0])
                    i += 2
                    continue  # still expecting an operand (or ')' for an empty call)
                elif text in CONSTANTS:
                    out.append((CONST, CONSTANTS[text], offset, text))
                elif text in FUNCTIONS:
                    raise self.fail(f"{text} is a function: call it as {text}(...)", offset)
                else:
                    out.append((NAME, text, offset, None))
                expect_operand = False
            elif text == "(":
                if not expect_operand:
                    raise self.fail("expected an operator before '('", offset)
                stack.append(["(", None, offset, 0])
            elif text == ")":
                if expect_operand:
                    if stack and stack[-1][0] == "(" and len(stack) > 1 and stack[-2][0] == "call":
                        stack.pop()
                        call = stack.pop()
                        op, argc = call[1]
                        self.emit_call(out, op, argc, call[2])  # located at the function name
                        expect_operand = False
                        i += 1
                        continue
                    raise self.fail("expected a value before ')'", offset)
                self.unwind(stack, out)
                if not stack:
                    raise self.fail("unmatched ')'", offset)
                stack.pop()
                if stack and stack[-1][0] == "call":
                    call = stack.pop()
                    op, argc = call[1]
                    self.emit_call(out, op, argc + 1, call[2])
            elif text == ",":
                if expect_operand:
                    raise self.fail("expected a value before ','", offset)
                self.unwind(stack, out)
                if len(stack) < 2 or stack[-2][0] != "call":
                    raise self.fail("',' outside a function call", offset)
                stack[-2][1][1] += 1
                expect_operand = True
            elif text == "=":
                raise self.fail("'=' can only follow a name at the start of a statement", offset)
            elif expect_operand:
                if text == "+":  # unary plus changes nothing, so it draws nothing
                    pass
                elif text in _PREFIX:
                    stack.append(["un", _PREFIX[text], offset, _UNARY_PRECEDENCE])
                else:
                    raise self.fail(f"expected a value before {excerpt(text)!r}", offset)
            else:
                precedence = _PRECEDENCE[text]
                right = text in _RIGHT_ASSOC
                while stack and stack[-1][0] in ("bin", "un"):
                    top = stack[-1][3]
                    if top > precedence or (top == precedence and not right):
                        entry = stack.pop()
                        out.append((APPLY, entry[1], entry[2], entry[1].arity))
                    else:
                        break
                stack.append(["bin", INFIX[text], offset, precedence])
                expect_operand = True
            i += 1
        if expect_operand:
            last = tokens[-1]
            raise self.fail(f"the expression ends after {last[1]!r}: a value is missing", last[2])
        self.unwind(stack, out)
        if stack:
            raise self.fail("'(' is never closed", stack[-1][2])
        return out

    @staticmethod
    def unwind(stack: list[list], out: list[tuple]) -> None:
        """Pop operators down to the nearest '(' (or the bottom) into the output."""
        while stack and stack[-1][0] in ("bin", "un"):
            entry = stack.pop()
            out.append((APPLY, entry[1], entry[2], entry[1].arity))

    def emit_call(self, out: list[tuple], op: Op, argc: int, offset: int) -> None:
        if argc != op.arity:
            noun = "argument" if op.arity == 1 else "arguments"
            name = op.spellings[-1] if op.spellings else op.name
            raise self.fail(f"{name}() takes {op.arity} {noun}, got {argc}", offset)
        out.append((APPLY, op, offset, argc))


def _describe_bad(char: str) -> str:
    if char == "\x00":
        return "a null byte is not allowed in a program"
    if char in "[]{}.:'\"`!<>|&%~$?\\":
        return f"{char!r} is not part of the expression language (see the ops table for what is)"
    if not char.isprintable():
        return f"control character U+{ord(char):04X} is not allowed in a program"
    return f"unexpected character {char!r} (U+{ord(char):04X})"


def _unknown_function(name: str) -> str:
    known = ", ".join(sorted(FUNCTIONS))
    return f"unknown function {excerpt(name)!r}; the functions are: {known}"
