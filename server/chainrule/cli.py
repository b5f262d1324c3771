"""Command line: `chainrule serve` and `chainrule trace "(x+y)*z" x=-2 y=5 z=-4`.

Exit status: 0 success, 1 a program or runtime error, 2 a usage error (arguments, NAME=VALUE
values, settings), 141 (as for SIGPIPE) when the reader of the output went away.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from . import __version__
from .cli_values import ValueSyntaxError, parse_assignments
from .engine.errors import ChainruleError

OK, PROGRAM_ERROR, USAGE_ERROR, CLOSED_PIPE = 0, 1, 2, 141

# option -> the environment variable it sets (settings.py reads them)
LIMIT_OPTIONS = {
    "--max-program-chars": "CHAINRULE_MAX_PROGRAM_CHARS",
    "--max-nodes": "CHAINRULE_MAX_NODES",
    "--max-tensor-elements": "CHAINRULE_MAX_TENSOR_ELEMENTS",
    "--max-work": "CHAINRULE_MAX_WORK",
    "--max-trace-elements": "CHAINRULE_MAX_TRACE_ELEMENTS",
    "--max-seconds": "CHAINRULE_MAX_SECONDS",
    "--max-body-bytes": "CHAINRULE_MAX_BODY_BYTES",
    "--max-response-bytes": "CHAINRULE_MAX_RESPONSE_BYTES",
    "--compute-processes": "CHAINRULE_COMPUTE_PROCESSES",
}
FRACTIONAL_OPTIONS = {"--max-seconds"}


def positive(kind: type) -> Callable[[str], int | float]:
    """An argparse type: a positive number of `kind` (int or float), with a clear message."""

    def convert(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or not value > 0 or value == float("inf"):
            what = "whole number" if kind is int else "number"
            raise argparse.ArgumentTypeError(f"must be a positive {what}, got {text!r}")
        return value

    convert.__name__ = kind.__name__
    return convert


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chainrule", description="See backpropagation happen.")
    parser.add_argument("--version", action="version", version=f"chainrule {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the web app and the REST API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=positive(int), default=1, help="worker processes")
    serve.add_argument(
        "--cors-origin",
        action="append",
        default=[],
        help="allow cross-origin requests from this origin (repeatable)",
    )
    serve.add_argument(
        "--frame-ancestors",
        default=None,
        help="who may frame /embed: a CSP source list such as \"'self' https://course.example\""
        " (default from $CHAINRULE_FRAME_ANCESTORS, else *); the main page is never framed",
    )
    for option, variable in LIMIT_OPTIONS.items():
        kind = float if option in FRACTIONAL_OPTIONS else int
        serve.add_argument(option, type=positive(kind), help=f"limit (default from ${variable})")

    trace = commands.add_parser(
        "trace",
        help="trace a program and print the result",
        description="Trace a program: PROGRAM is its text, a file holding it, or - for "
        "standard input.",
    )
    trace.add_argument("program", metavar="PROGRAM", help="program text, a file name, or -")
    trace.add_argument(
        "values",
        nargs="*",
        metavar="NAME=VALUE",
        help="input values in the language's number syntax (x=-2, w=.5, h=1e-3) or nested "
        "lists (W=[[1,2],[3,4]])",
    )
    output = trace.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the REST API document")
    output.add_argument("--dot", action="store_true", help="print Graphviz DOT")
    trace.add_argument(
        "--html", metavar="FILE", help="also write a one-file HTML page that steps through it"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "serve":
        return _serve(args)
    return _trace(args, sys.stdin, sys.stdout)


def _error(message: str, status: int) -> int:
    print(f"chainrule: error: {message}", file=sys.stderr)
    return status


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .settings import Settings

    # Settings travel by environment so that every worker process reads the same ones.
    for option, variable in LIMIT_OPTIONS.items():
        value = getattr(args, option[2:].replace("-", "_"))
        if value is not None:
            os.environ[variable] = str(value)
    if args.cors_origin:
        os.environ["CHAINRULE_CORS_ORIGINS"] = ",".join(args.cors_origin)
    if args.frame_ancestors is not None:
        os.environ["CHAINRULE_FRAME_ANCESTORS"] = args.frame_ancestors
    try:
        Settings.from_env()  # a bad CHAINRULE_* variable: one line here, not a worker traceback
    except ValueError as exc:
        return _error(str(exc), USAGE_ERROR)
    uvicorn.run(
        "chainrule.api.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="info",
    )
    return OK


def read_program(source: str, stdin: TextIO) -> str:
    """`-` reads standard input, the name of an existing file reads that file, anything else is
    the program's text."""
    if source == "-":
        return stdin.read()
    path = Path(source)
    try:
        if path.is_file():
            return path.read_text(encoding="utf-8")
    except (OSError, ValueError):  # a name too long for the file system, a NUL in it
        pass
    return source


def _trace(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    from .engine.autodiff import run_program
    from .engine.expression import compile_program
    from .engine.results.document import trace_document
    from .render_text import dot, table

    try:
        values = parse_assignments(args.values)
        text = read_program(args.program, stdin)
    except ValueSyntaxError as exc:
        return _error(str(exc), USAGE_ERROR)
    except (OSError, UnicodeDecodeError) as exc:
        return _error(f"cannot read the program: {exc}", USAGE_ERROR)
    try:
        inputs = compile_program(text).input_nodes
        unknown = [name for name in values if name not in inputs]
        if unknown:
            known = ", ".join(inputs) or "none"
            return _error(
                f"not an input of the program: {', '.join(unknown)} (its inputs: {known})",
                USAGE_ERROR,
            )
        document = trace_document(run_program(text, values))
    except ChainruleError as exc:
        return _error(str(exc), PROGRAM_ERROR)
    if args.html:
        try:
            _write_html(args.html, document, text)
        except OSError as exc:
            return _error(f"cannot write {args.html}: {exc.strerror}", USAGE_ERROR)
    if args.json:
        rendered = json.dumps(document, indent=2)
    elif args.dot:
        rendered = dot(document)
    else:
        rendered = table(document)
    return _write(stdout, rendered + "\n")


def _write_html(path: str, document: dict, program: str) -> None:
    from .display import html_page

    first = program.strip().splitlines()[0] if program.strip() else "program"
    with open(path, "w", encoding="utf-8") as out:
        out.write(html_page(document, title=f"chainrule: {first[:80]}"))


def _write(stdout: TextIO, text: str) -> int:
    """Write the output; a reader that went away (`| head -1`) ends the command quietly."""
    try:
        stdout.write(text)
        stdout.flush()
    except BrokenPipeError:
        # Point stdout at /dev/null so the interpreter's own flush at exit stays quiet too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stdout.fileno())
        return CLOSED_PIPE
    return OK
