"""Command line: `chainrule serve` and `chainrule trace "(x+y)*z" x=-2 y=5 z=-4`."""

from __future__ import annotations

import argparse
import json
import os
import sys

from .engine.errors import ChainruleError

LIMIT_OPTIONS = {
    "--max-program-chars": "CHAINRULE_MAX_PROGRAM_CHARS",
    "--max-nodes": "CHAINRULE_MAX_NODES",
    "--max-tensor-elements": "CHAINRULE_MAX_TENSOR_ELEMENTS",
    "--max-work": "CHAINRULE_MAX_WORK",
    "--max-trace-elements": "CHAINRULE_MAX_TRACE_ELEMENTS",
    "--max-seconds": "CHAINRULE_MAX_SECONDS",
    "--max-body-bytes": "CHAINRULE_MAX_BODY_BYTES",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="chainrule", description="See backpropagation happen.")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the web app and the REST API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="worker processes")
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
        serve.add_argument(option, type=int, help=f"limit (default from ${variable})")

    trace = commands.add_parser("trace", help="trace a program and print the result")
    trace.add_argument("expression")
    trace.add_argument(
        "values",
        nargs="*",
        metavar="NAME=VALUE",
        help="input values; a value may be a JSON list such as [[1,2],[3,4]]",
    )
    output = trace.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the REST API document")
    output.add_argument("--dot", action="store_true", help="print Graphviz DOT")
    trace.add_argument(
        "--html", metavar="FILE", help="also write a one-file HTML page that steps through it"
    )

    args = parser.parse_args(argv)
    if args.command == "serve":
        return _serve(args)
    return _trace(args)


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    # Settings travel by environment so that every worker process reads the same ones.
    for option, variable in LIMIT_OPTIONS.items():
        value = getattr(args, option[2:].replace("-", "_"))
        if value is not None:
            os.environ[variable] = str(value)
    if args.cors_origin:
        os.environ["CHAINRULE_CORS_ORIGINS"] = ",".join(args.cors_origin)
    if args.frame_ancestors is not None:
        os.environ["CHAINRULE_FRAME_ANCESTORS"] = args.frame_ancestors
    uvicorn.run(
        "chainrule.api.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="info",
    )
    return 0


def _trace(args: argparse.Namespace) -> int:
    from .engine.document import trace_document
    from .engine.run import run_program
    from .render_text import dot, table

    try:
        values = dict(_parse_value(item) for item in args.values)
        document = trace_document(run_program(args.expression, values))
    except (ChainruleError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.html:
        try:
            _write_html(args.html, document, args.expression)
        except OSError as exc:
            print(f"error: cannot write {args.html}: {exc.strerror}", file=sys.stderr)
            return 2
    if args.json:
        print(json.dumps(document, indent=2))
    elif args.dot:
        print(dot(document))
    else:
        print(table(document))
    return 0


def _write_html(path: str, document: dict, expression: str) -> None:
    from .display import html_page

    with open(path, "w", encoding="utf-8") as out:
        out.write(html_page(document, title=f"chainrule: {expression}"))


def _parse_value(item: str) -> tuple[str, object]:
    name, sep, raw = item.partition("=")
    if not sep or not name:
        raise ValueError(f"expected NAME=VALUE, got {item!r}")
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        raise ValueError(f"the value of {name} is not a number or JSON list: {raw!r}") from None
    return name, value
