"""chainrule.from_torch(fn_or_module, *args): a PyTorch forward and backward pass as a trace.

The forward pass runs once under the recorder (torch_record.py), with global nn.Module hooks
naming each call's module (its group, `0 · Linear`) and each parameter (`0.weight`). The
backward pass is torch's own, `torch.autograd.grad` from the scalar result, with a hook on every
autograd Node the recorded calls own: each edge's contribution is what torch really sent along
it, each node's gradient what torch really summed. Nothing is recomputed by chainrule, so the
gradients are torch's `.grad` (params' `.grad` are left untouched). torch_document.py writes
the REST trace document; result.py turns it into the trace result.
"""

from __future__ import annotations

import inspect
from typing import Any

import torch

from .result import result_from_document
from .torch_document import torch_document
from .torch_record import Recorder, Recording


def from_torch(fn_or_module: Any, *args: Any, **kwargs: Any) -> Any:
    """Trace fn(*args, **kwargs) (or module(*args)); it must return a scalar tensor."""
    if not callable(fn_or_module):
        raise TypeError(f"from_torch needs a function or nn.Module, got {fn_or_module!r}")
    recording = Recording()
    if isinstance(fn_or_module, torch.nn.Module):
        _name_module(recording, fn_or_module)
        for name, p in fn_or_module.named_parameters():
            if p.requires_grad:
                recording.add_input(p, name)  # every parameter, used or not, in module order
    for label, value in _argument_names(fn_or_module, args, kwargs):
        if isinstance(value, torch.Tensor) and value.requires_grad:
            recording.add_input(value, label)
        elif isinstance(value, torch.Tensor):
            recording.constant_labels[id(value)] = recording.unique(label)
    out = _forward(recording, fn_or_module, args, kwargs)
    if not isinstance(out, torch.Tensor) or out.numel() != 1:
        shape = tuple(out.shape) if isinstance(out, torch.Tensor) else type(out).__name__
        raise ValueError(
            f"from_torch needs a scalar result, got {shape}: return a loss, e.g. "
            "from_torch(lambda x: loss_fn(model(x), target), x)"
        )
    if not out.requires_grad:
        raise ValueError(
            "the result does not depend on any tensor that requires grad: give inputs "
            "requires_grad=True, or pass the nn.Module itself"
        )
    output = recording.source(out)
    grads = _backward(recording, out)
    return result_from_document(torch_document(recording, output, grads))


def _forward(recording: Recording, fn: Any, args: tuple, kwargs: dict) -> Any:
    stack: list[Any] = []
    names = recording.module_names

    def enter(module, _inputs):
        if not stack and id(module) not in names:
            _name_module(recording, module)
        stack.append(module)
        recording.group = _group(names, stack)

    def leave(module, _inputs, _output):
        if stack and stack[-1] is module:
            stack.pop()
        recording.group = _group(names, stack)

    hooks = [
        torch.nn.modules.module.register_module_forward_pre_hook(enter),
        torch.nn.modules.module.register_module_forward_hook(leave),
    ]
    try:
        with torch.enable_grad(), Recorder(recording):
            return fn(*args, **kwargs)
    finally:
        for hook in hooks:
            hook.remove()
        recording.group = None


def _name_module(recording: Recording, root: torch.nn.Module) -> None:
    """Qualified names of a module's submodules and parameters, relative to the root."""
    names = recording.module_names
    for qualified, module in root.named_modules():
        names.setdefault(id(module), (qualified, type(module).__name__))
        recording.keep.append(module)
    for qualified, p in root.named_parameters():
        if id(p) not in recording.parameter_names:
            recording.parameter_names[id(p)] = qualified
            owner = qualified.rpartition(".")[0]
            recording.parameter_groups[id(p)] = _group_label(owner, root.get_submodule(owner))


def _group(names: dict[int, tuple[str, str]], stack: list[Any]) -> str | None:
    """The innermost running module's group; the root's own ops have none."""
    for module in reversed(stack):
        qualified, _kind = names.get(id(module), ("", ""))
        if qualified:
            return _group_label(qualified, module)
    return None


def _group_label(qualified: str, module: Any) -> str | None:
    return f"{qualified} · {type(module).__name__}" if qualified else None


def _argument_names(fn: Any, args: tuple, kwargs: dict) -> list[tuple[str, Any]]:
    """(name, value) for each argument: the function's parameter names where it has them."""
    target = fn.forward if isinstance(fn, torch.nn.Module) else fn
    try:
        bound = inspect.signature(target).bind(*args, **kwargs)
    except (TypeError, ValueError):
        return [(f"arg{k}", a) for k, a in enumerate(args)] + list(kwargs.items())
    named: list[tuple[str, Any]] = []
    for name, value in bound.arguments.items():
        if isinstance(value, tuple | list):  # *args
            named.extend((f"{name}{k}", v) for k, v in enumerate(value))
        elif isinstance(value, dict):  # **kwargs
            named.extend(value.items())
        else:
            named.append((name, value))
    return named


def _backward(recording: Recording, out: torch.Tensor) -> dict[int, tuple]:
    """Run torch's backward from out; (grad_inputs, grad_outputs) of every owned Node."""
    seen: dict[int, tuple] = {}

    def keeper(key: int):
        def hook(grad_inputs, grad_outputs):
            seen[key] = (grad_inputs, grad_outputs)

        return hook

    handles = [
        autograd_node.register_hook(keeper(id(autograd_node)))
        for node in recording.nodes
        for autograd_node in node.owned
    ]
    inputs = [n for n in recording.nodes if n.kind == "input"]
    try:
        totals = torch.autograd.grad(
            out, [n.tensor for n in inputs], allow_unused=True, materialize_grads=True
        )
    finally:
        for handle in handles:
            handle.remove()
    for node, total in zip(inputs, totals, strict=True):
        node.total = total.detach()
    return seen
