"""Plain-text views of a trace document for the CLI: a table and Graphviz DOT."""

from __future__ import annotations

from typing import Any


def fmt(value: Any) -> str:
    """A value for a terminal: numbers to 6 significant digits, tensors abbreviated."""
    if isinstance(value, list):
        text = "[" + ", ".join(fmt(v) for v in value[:6]) + (", …" if len(value) > 6 else "") + "]"
        return text
    if isinstance(value, str):
        return {"Infinity": "inf", "-Infinity": "-inf", "NaN": "nan"}[value]
    return f"{value:.6g}"


def node_name(node: dict) -> str:
    if node["kind"] == "op":
        return f"{node['symbol']} {node['label']}" if node["label"] else node["symbol"]
    return node["label"]


def table(document: dict) -> str:
    """Node, op, value and gradient per node, then the gradients of the inputs."""
    rows = [("node", "op", "value", "gradient")]
    for node in document["nodes"]:
        label = node["label"] or ""
        rows.append(
            (
                node["id"] + (f" ({label})" if label else ""),
                node["op"] or node["kind"],
                fmt(node["value"]),
                fmt(node["grad"]),
            )
        )
    widths = [max(len(r[c]) for r in rows) for c in range(4)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    lines.append(f"output = {fmt(document['output']['value'])}")
    for name, grad in document["gradients"].items():
        lines.append(f"d output / d {name} = {fmt(grad)}")
    return "\n".join(lines)


def dot(document: dict) -> str:
    """Graphviz DOT: nodes with value and gradient, edges with the contribution they carry."""
    lines = ["digraph chainrule {", "  rankdir=LR;", '  node [fontname="Helvetica"];']
    for node in document["nodes"]:
        shape = "circle" if node["kind"] == "op" else "box"
        text = f"{node_name(node)}\\nvalue {fmt(node['value'])}\\ngrad {fmt(node['grad'])}"
        lines.append(f'  {node["id"]} [shape={shape}, label="{_escape(text)}"];')
    for edge in document["edges"]:
        lines.append(
            f'  {edge["source"]} -> {edge["target"]} [label="grad {_escape(fmt(edge["grad"]))}"];'
        )
    lines.append("}")
    return "\n".join(lines)


def _escape(text: str) -> str:
    return text.replace('"', '\\"')
