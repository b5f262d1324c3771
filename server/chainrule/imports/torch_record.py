"""Record a PyTorch forward pass: one node per torch call, with its real values and module.

A TorchFunctionMode sees every torch function and tensor method the user's code calls (F.linear,
conv2d, +, ...; the mode is off inside a call, so a call's own internals are not recorded).
Each call whose result has a new autograd node becomes an op node holding a copy of its output.
Its place in the autograd graph is the set of grad_fn Nodes it created (`owned`, found by walking
next_functions as torchviz does, down to the operands' own nodes) and the edges that leave that
set (`boundary`): the backward pass hooks those Nodes to read each edge's real contribution.
A tensor that comes from somewhere the mode did not see (a custom autograd.Function, an op made
before the call) becomes an opaque node for its grad_fn, still with torch's values and grads.
Global module hooks give each call the nn.Module it ran in: its group, and parameter names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from torch.overrides import TorchFunctionMode

from ..engine.ops import Op
from .program import number_label
from .torch_calls import call_name, flat, operands_of, registry_op, takes_more


@dataclass(slots=True)
class Node:
    """A node of the trace being recorded (kind input / const / op)."""

    kind: str
    label: str | None
    value: np.ndarray
    group: str | None = None
    op: str | None = None  # registry name, or torch's call name for an opaque gate
    symbol: str | None = None
    registry: Op | None = None
    inputs: list[int] = field(default_factory=list)
    edge_keys: list[Any] = field(default_factory=list)  # gradient-edge key per input edge
    owned: list[Any] = field(default_factory=list)  # the autograd Nodes this op created
    boundary: list[tuple[Any, int, Any]] = field(default_factory=list)  # (Node, k, key)
    grad_key: Any = None  # (id(grad_fn), output_nr) of its output; for inputs their edge
    tensor: Any = None  # inputs: the tensor to differentiate with respect to
    total: Any = None  # inputs: torch's gradient for it, after the backward pass


def snapshot(t: torch.Tensor) -> np.ndarray:
    """A float64 copy of a tensor's value (dense, on the CPU; the real part of a complex one)."""
    t = t.detach()
    if t.layout != torch.strided:
        t = t.to_dense()
    if t.is_complex():
        t = t.real
    return t.to(device="cpu", dtype=torch.float64).numpy().copy()


class Recording:
    """The graph so far: nodes, which node each gradient edge is, names of parameters."""

    def __init__(self):
        self.nodes: list[Node] = []
        self.sources: dict[Any, int] = {}  # gradient-edge key -> node index
        self.constants: dict[int, int] = {}  # id(tensor) -> const node
        self.claimed: set[int] = set()  # ids of autograd Nodes already owned by some node
        self.keep: list[Any] = []  # keeps keyed objects alive, so ids stay unique
        self.parameter_names: dict[int, str] = {}  # id(tensor) -> "0.weight"
        self.parameter_groups: dict[int, str | None] = {}
        self.labels: set[str] = set()
        self.group: str | None = None  # the module the current call runs in
        self.objects: dict[int, Any] = {}  # id -> autograd Node met while walking
        self.owner: dict[int, int] = {}  # id(autograd Node) -> the node that owns it
        self.module_names: dict[int, tuple[str, str]] = {}  # id(module) -> (qualified, class)
        self.constant_labels: dict[int, str] = {}  # id(tensor) -> argument name

    # ---- naming --------------------------------------------------------------------------
    def unique(self, label: str) -> str:
        k, candidate = 1, label
        while candidate in self.labels:
            k += 1
            candidate = f"{label}_{k}"
        self.labels.add(candidate)
        return candidate

    # ---- keys ------------------------------------------------------------------------------
    def key(self, t: torch.Tensor) -> Any:
        """The tensor's gradient edge as a hashable key (None if it needs no gradient)."""
        if not t.requires_grad:
            return None
        if t.grad_fn is not None:
            node, nr = t.grad_fn, t.output_nr
        else:
            edge = torch.autograd.graph.get_gradient_edge(t)
            node, nr = edge.node, edge.output_nr
        self.keep.append(node)
        return (id(node), nr)

    # ---- nodes -------------------------------------------------------------------------------
    def add(self, node: Node) -> int:
        self.nodes.append(node)
        return len(self.nodes) - 1

    def add_input(self, t: torch.Tensor, label: str | None) -> int:
        key = self.key(t)
        if key in self.sources:
            return self.sources[key]
        name = self.parameter_names.get(id(t)) or label or f"t{len(self.sources)}"
        group = self.parameter_groups.get(id(t))
        index = self.add(Node("input", self.unique(name), snapshot(t), group, tensor=t))
        self.nodes[index].grad_key = key
        self.sources[key] = index
        return index

    def constant(self, x: Any, value: np.ndarray | None = None) -> int:
        if isinstance(x, torch.Tensor):
            if id(x) in self.constants:
                return self.constants[id(x)]
            self.keep.append(x)
            label = self.constant_labels.get(id(x))
            group = None if label else self.group  # an argument belongs to no module
            value = snapshot(x) if value is None else value
            index = self.add(Node("const", label, value, group))
            self.constants[id(x)] = index
            return index
        return self.add(Node("const", number_label(x), np.asarray(np.float64(x)), self.group))

    def before(self, t: torch.Tensor) -> tuple:
        """What `resolve` needs, taken before a call that may change t in place."""
        key = self.key(t)
        if key is None:
            return (t, key, None if id(t) in self.constants else snapshot(t))
        if key in self.sources or t.grad_fn is None:
            return (t, key, None)
        return (t, key, (t.grad_fn, snapshot(t)))

    def resolve(self, seen: tuple) -> int:
        """The node a tensor operand comes from, creating a constant, input or opaque node."""
        t, key, saved = seen
        if key is None:
            return self.constant(t, saved)
        if key in self.sources:
            return self.sources[key]
        if saved is None:  # a leaf that requires grad: an input
            return self.add_input(t, None)
        return self.opaque(key, *saved)  # made by something the mode did not see

    def source(self, t: torch.Tensor) -> int:
        return self.resolve(self.before(t))

    def opaque(self, key: Any, grad_fn: Any, value: np.ndarray) -> int:
        """An op node for an autograd Node that no recorded call made (its output's value)."""
        name = type(grad_fn).__name__.removesuffix("0").removesuffix("Backward")
        node = Node("op", None, value, self.group, op=name or "op", symbol=name or "op")
        node.grad_key = key
        self.keep.append(grad_fn)
        self.own(node, [grad_fn], stop=set())
        for _, _, edge in node.boundary:
            if edge not in node.edge_keys:
                node.inputs.append(self.source_of_key(edge))
                node.edge_keys.append(edge)
        return self.add_owner(node)

    def source_of_key(self, key: Any) -> int:
        """A node for an autograd edge met while walking the graph (a leaf, or known)."""
        if key in self.sources:
            return self.sources[key]
        if key[0] in self.owner:  # inside another op (e.g. the weight.t() inside F.linear)
            return self.owner[key[0]]
        return self.add_input(self.objects[key[0]].variable, None)  # a leaf: AccumulateGrad

    def own(self, node: Node, roots: list[Any], stop: set[int]) -> None:
        """Claim the autograd Nodes reachable from roots down to known ones; note boundary."""
        objects = self.objects
        stack = [r for r in roots if r is not None and id(r) not in self.claimed]
        for r in stack:
            self.claimed.add(id(r))
        while stack:
            current = stack.pop()
            node.owned.append(current)
            for k, (child, nr) in enumerate(current.next_functions):
                if child is None:
                    continue
                key = (id(child), nr)
                objects[id(child)] = child
                leaf = hasattr(child, "variable")
                if key in self.sources or id(child) in stop or leaf or id(child) in self.claimed:
                    self.keep.append(child)
                    node.boundary.append((current, k, key))
                    continue
                self.claimed.add(id(child))
                stack.append(child)

    def add_owner(self, node: Node) -> int:
        """Add an op node after its sources; remember which autograd Nodes are its own."""
        index = self.add(node)
        for n in node.owned:
            self.owner[id(n)] = index
        self.sources[node.grad_key] = index
        return index


class Recorder(TorchFunctionMode):
    """Records each torch call that makes a new autograd node."""

    def __init__(self, recording: Recording):
        super().__init__()
        self.recording = recording

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        recording = self.recording
        name = call_name(func)
        operands = operands_of(name, args, kwargs)
        tensors = [x for x in operands if isinstance(x, torch.Tensor)]
        if not any(t.requires_grad for t in tensors):
            return func(*args, **kwargs)  # nothing to differentiate: not part of the graph
        # Keys and values before the call (it may work in place); nodes only if it is recorded.
        seen = [recording.before(x) if isinstance(x, torch.Tensor) else None for x in operands]
        keys = [s[1] if s is not None else None for s in seen]
        result = func(*args, **kwargs)
        outputs = [
            t
            for t in flat(result)
            if isinstance(t, torch.Tensor)
            and t.grad_fn is not None
            and recording.key(t) not in recording.sources
        ]
        if not outputs:
            return result
        op, reverse = registry_op(name, len(operands), takes_more(name, args, kwargs, operands))
        sources = [recording.resolve(s) if s is not None else None for s in seen]
        if reverse:
            operands, sources, keys = operands[::-1], sources[::-1], keys[::-1]
        stop = {key[0] for key in keys if key is not None}
        for t in outputs:
            node = Node(
                "op",
                None,
                snapshot(t),
                recording.group,
                op=op.name if op else name,
                symbol=op.symbol if op else name,
                registry=op,
            )
            node.grad_key = recording.key(t)
            for x, source, key in zip(operands, sources, keys, strict=True):
                if source is None:
                    source = recording.constant(x)
                node.inputs.append(source)
                node.edge_keys.append(key)
            recording.own(node, [t.grad_fn], stop)
            for _, _, key in node.boundary:
                if key not in node.edge_keys:  # an edge the call's arguments did not show
                    node.inputs.append(recording.source_of_key(key))
                    node.edge_keys.append(key)
            recording.add_owner(node)
        return result
