"""chainrule: see backpropagation happen. Public API: trace, trace_network, gradcheck, train."""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import version
from typing import Any

__version__ = version("chainrule")  # the one version is pyproject.toml's, read when installed
__all__ = ["trace", "trace_network", "gradcheck", "gradient_step", "train", "__version__"]
__all__ += ["from_micrograd", "from_torch", "name"]  # your own code: see the block at the end


def trace(
    expression: str | Callable[..., Any],
    values: dict[str, Any] | None = None,
    *,
    limits=None,
    **named_values: Any,
):
    """Trace a program: the same TraceResponse model that POST /api/v1/graph returns.

    >>> trace("(x + y) * z", {"x": -2, "y": 5, "z": -4}).gradients
    {'x': -4.0, 'y': -4.0, 'z': 3.0}

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
    from .api.lazy import LazyTraceResponse
    from .engine.autodiff import UNLIMITED
    from .engine.run import run_program

    # The response model is built from the trace when first read: computing is the cost here.
    return LazyTraceResponse.of(run_program(expression, values or {}, limits or UNLIMITED))


def trace_network(spec: dict[str, Any], *, limits=None):
    """Trace a network spec: the same TraceResponse model that POST /api/v1/network returns.

    >>> net = {"layers": [2, 1], "loss": "squared_error", "bias": False,
    ...        "weights": {"W1": [[0.5, -0.3]]}, "input": [1, 2], "target": [1]}
    >>> trace_network(net).gradients["W1"]
    [[-1.1, -2.2]]
    """
    from .api.schemas import TraceResponse
    from .engine.autodiff import UNLIMITED
    from .engine.network import network_document
    from .engine.network import trace_network as run_network

    document = network_document(run_network(spec, limits or UNLIMITED))
    return TraceResponse.model_validate(document)


def gradcheck(
    expression: str | None = None,
    values: dict[str, Any] | None = None,
    *,
    network: dict[str, Any] | None = None,
    h: float = 1e-6,
    inputs: list[str] | None = None,
    limits=None,
):
    """Check gradients numerically: the GradcheckResponse that POST /api/v1/gradcheck returns.

    >>> gradcheck("(x + y) * z", {"x": -2, "y": 5, "z": -4}).passed
    True
    """
    from .api.schemas import GradcheckResponse
    from .engine.autodiff import UNLIMITED
    from .engine.gradcheck import gradcheck_network, gradcheck_program

    limits = limits or UNLIMITED
    if (expression is None) == (network is None):
        raise TypeError("give exactly one of expression (with values) or network")
    if network is not None:
        document = gradcheck_network(network, h=h, inputs=inputs, limits=limits)
    else:
        document = gradcheck_program(expression, values or {}, h=h, inputs=inputs, limits=limits)
    return GradcheckResponse.model_validate(document)


def gradient_step(
    expression: str | None = None,
    values: dict[str, Any] | None = None,
    *,
    network: dict[str, Any] | None = None,
    parameters: list[str] | None = None,
    learning_rate: float,
    limits=None,
):
    """One step w <- w - learning_rate * dJ/dw: the StepResponse of POST /api/v1/step.

    >>> gradient_step("w * w", {"w": 3}, learning_rate=0.1).values
    {'w': 2.4}
    """
    from .api.schemas import StepResponse
    from .engine.autodiff import UNLIMITED
    from .engine.step import gradient_step_network, gradient_step_program

    limits = limits or UNLIMITED
    if (expression is None) == (network is None):
        raise TypeError("give exactly one of expression (with values) or network")
    if network is not None:
        document = gradient_step_network(network, parameters, learning_rate, limits)
    else:
        document = gradient_step_program(
            expression, values or {}, parameters, learning_rate, limits
        )
    return StepResponse.model_validate(document)


def train(
    network: dict[str, Any],
    dataset: Any = "xor",
    *,
    learning_rate: float,
    steps: int,
    batch_size: int | None = None,
    seed: int = 0,
    snapshot_every: int | None = None,
    grid_size: int = 30,
    limits=None,
):
    """Train a network spec on a dataset: the TrainResponse of POST /api/v1/train.

    >>> spec = {"layers": [2, 4, 1], "activation": "tanh", "output_activation": "tanh"}
    >>> train(spec, "xor", learning_rate=0.5, steps=1000).loss[-1] < 0.05
    True
    """
    from .api.schemas import TrainResponse
    from .engine.autodiff import UNLIMITED
    from .engine.train import train_network

    document = train_network(
        network,
        dataset,
        learning_rate=learning_rate,
        steps=steps,
        batch_size=batch_size,
        seed=seed,
        snapshot_every=snapshot_every,
        grid_size=grid_size,
        limits=limits or UNLIMITED,
    )
    return TrainResponse.model_validate(document)


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


def __getattr__(attribute: str):
    """chainrule.exp, chainrule.sigmoid, ...: one math function per op in the registry."""
    from .imports.functions import FUNCTIONS

    try:
        return FUNCTIONS[attribute]
    except KeyError:
        raise AttributeError(f"module 'chainrule' has no attribute {attribute!r}") from None


def __dir__() -> list[str]:
    from .imports.functions import FUNCTIONS

    return sorted({*globals(), *FUNCTIONS})
