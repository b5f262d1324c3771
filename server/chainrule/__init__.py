"""chainrule: see backpropagation happen. Public API: trace, trace_network, gradcheck,
gradient_step, train; their results; Limits and the errors.

Everything here is the engine alone (numpy, no web framework): each call returns a plain
result object of Python floats and numpy arrays whose `.to_dict()` is the document the
matching REST endpoint sends. Without `limits=` nothing is limited.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import version
from typing import Any

from .engine.autodiff import run_program
from .engine.budget import UNLIMITED, Budget, Limits
from .engine.errors import ChainruleError, EvalError, LimitError, ParseError, SpecError
from .engine.gradients.gradcheck import DEFAULT_H, check_gradients
from .engine.gradients.step import gradient_step as _gradient_step
from .engine.network.build import network_gradients
from .engine.network.build import trace_network as _trace_network
from .engine.results.gradient_results import GradcheckResult, StepResult, TrainResult
from .engine.results.trace_result import TraceResult
from .engine.training.train import train_network

__version__ = version("chainrule")  # the one version is pyproject.toml's, read when installed
__all__ = [
    "ChainruleError",
    "EvalError",
    "GradcheckResult",
    "LimitError",
    "Limits",
    "ParseError",
    "SpecError",
    "StepResult",
    "TraceResult",
    "TrainResult",
    "__version__",
    "from_micrograd",
    "from_torch",
    "gradcheck",
    "gradient_step",
    "name",
    "show",
    "GraphWidget",
    "trace",
    "trace_network",
    "train",
]


def trace(
    expression: str | Callable[..., Any],
    values: dict[str, Any] | None = None,
    *,
    limits: Limits | None = None,
    **named_values: Any,
) -> TraceResult:
    """Trace a program: output, input gradients, nodes, edges and steps (POST /api/v1/graph).

    >>> t = trace("(x + y) * z", {"x": -2, "y": 5, "z": -4})
    >>> t.output.value, t.gradients
    (-12.0, {'x': -4.0, 'y': -4.0, 'z': 3.0})
    >>> trace("x / 0", {"x": 1}).output.value + 1
    inf

    `expression` may be a Python function: it runs on traced values, one per input (by
    argument name), and the path it took is traced the same way (see chainrule.imports).

    >>> trace(lambda x, y, z: (x + y) * z, x=-2, y=5, z=-4).gradients
    {'x': -4.0, 'y': -4.0, 'z': 3.0}
    """
    if callable(expression):  # your own code (issue 10): chainrule.imports.tracing
        from .imports.tracing import trace_function

        return trace_function(expression, values, named_values, limits)
    if named_values:
        values = {**(values or {}), **named_values}
    budget = Budget(limits or UNLIMITED)
    return TraceResult(run_program(expression, values or {}, budget=budget))


def trace_network(spec: dict[str, Any], *, limits: Limits | None = None) -> TraceResult:
    """Trace a network spec (POST /api/v1/network); gradients keyed W1, b1, ..., x.

    >>> net = {"layers": [2, 1], "loss": "squared_error", "bias": False,
    ...        "weights": {"W1": [[0.5, -0.3]]}, "input": [1, 2], "target": [1]}
    >>> trace_network(net).gradients["W1"]
    array([[-1.1, -2.2]])
    """
    trace = _trace_network(spec, Budget(limits or UNLIMITED))
    return TraceResult(trace, network_gradients(trace))


def gradcheck(
    expression: str | None = None,
    values: dict[str, Any] | None = None,
    *,
    network: dict[str, Any] | None = None,
    h: float = DEFAULT_H,
    inputs: list[str] | None = None,
    limits: Limits | None = None,
) -> GradcheckResult:
    """Check gradients against central differences (POST /api/v1/gradcheck).

    >>> gradcheck("(x + y) * z", {"x": -2, "y": 5, "z": -4}).passed
    True
    """
    budget = Budget(limits or UNLIMITED)
    return check_gradients(expression, values, network=network, h=h, inputs=inputs, budget=budget)


def gradient_step(
    expression: str | None = None,
    values: dict[str, Any] | None = None,
    *,
    network: dict[str, Any] | None = None,
    parameters: list[str] | None = None,
    learning_rate: float,
    limits: Limits | None = None,
) -> StepResult:
    """One step w <- w - learning_rate * dJ/dw (POST /api/v1/step).

    >>> gradient_step("w * w", {"w": 3}, learning_rate=0.1).values
    {'w': 2.4}
    """
    return _gradient_step(
        expression,
        values,
        network=network,
        parameters=parameters,
        learning_rate=learning_rate,
        budget=Budget(limits or UNLIMITED),
    )


# Training's parameters are listed once, by the engine (a `limits=` like every call here).
train = train_network


# ---- your own code (issue 10): functions, micrograd, PyTorch ----------------------------
# Kept in one block; the work is in chainrule.imports. torch and micrograd are imported only
# when these are called.
def name(value, label: str):
    """Label a value inside a traced function: `q = chainrule.name(x + y, "q")`."""
    from .imports.tracing import name as name_value

    return name_value(value, label)


def from_micrograd(out, names: dict[str, Any] | None = None, *, limits=None):
    """Trace a micrograd Value graph with chainrule's engine (the same result as trace()).

    `names` maps labels to leaf Values; other leaves are named v0, v1, ... (see
    chainrule.imports.micrograd for how operand order is recovered).
    """
    from .imports.micrograd import from_micrograd as run

    return run(out, names, limits=limits)


def from_torch(fn_or_module, *args, **kwargs):
    """Trace a PyTorch function or nn.Module call with torch's own values and gradients.

    Every tensor that requires grad is an input (a module's parameters by qualified name,
    `0.weight`); the function must return a scalar. See chainrule.imports.torch_import.
    """
    from .imports.torch_import import from_torch as run

    return run(fn_or_module, *args, **kwargs)


def __getattr__(attribute: str) -> Any:
    """chainrule.GraphWidget (anywidget imported on first use, so `import chainrule` needs none)
    and chainrule.exp, chainrule.sigmoid, ...: one math function per op in the registry."""
    if attribute == "GraphWidget":
        from .notebook import GraphWidget

        return GraphWidget
    from .imports.functions import FUNCTIONS

    try:
        return FUNCTIONS[attribute]
    except KeyError:
        raise AttributeError(f"module 'chainrule' has no attribute {attribute!r}") from None


def __dir__() -> list[str]:
    from .imports.functions import FUNCTIONS

    return sorted({*globals(), *FUNCTIONS})


def show(obj: Any, values: dict[str, Any] | None = None, **options: Any):
    """A notebook widget (GraphWidget) that steps through a program (with `values`), a network
    spec or a trace result (`pip install 'chainrule[notebook]'`). Options: step, height, follow,
    present, hide, expanded.

    >>> show("(x + y) * z", {"x": -2, "y": 5, "z": -4}, step=3).step
    3
    """
    from .html_export import trace_document
    from .notebook import show as show_widget  # anywidget only now, never on `import chainrule`

    if isinstance(obj, str):
        document = trace_document(trace(obj, values or {}))
    elif values is not None:
        raise TypeError("values go with a program string; a spec or trace result carries its own")
    elif isinstance(obj, dict) and not {"nodes", "edges", "steps"} <= obj.keys():
        document = trace_document(trace_network(obj))
    else:
        document = trace_document(obj)
    return show_widget(document, **options)
