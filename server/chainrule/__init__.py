"""chainrule: see backpropagation happen. Public API: trace, trace_network, gradcheck, train,
show (a notebook widget; `pip install 'chainrule[notebook]'`)."""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

__version__ = version("chainrule")  # the one version is pyproject.toml's, read when installed
__all__ = [
    "trace",
    "trace_network",
    "gradcheck",
    "gradient_step",
    "train",
    "show",
    "GraphWidget",
    "__version__",
]


def show(obj: Any, values: dict[str, Any] | None = None, **options: Any):
    """A notebook widget (GraphWidget) that steps through a program (with `values`), a network
    spec or a trace result. Options: step, height, follow, present, hide.

    >>> show("(x + y) * z", {"x": -2, "y": 5, "z": -4}, step=3).step
    3
    """
    from .notebook import show as show_widget  # anywidget only now, never on `import chainrule`

    return show_widget(obj, values, **options)


def __getattr__(name: str) -> Any:
    if name == "GraphWidget":  # imported on first use, so `import chainrule` needs no anywidget
        from .notebook import GraphWidget

        return GraphWidget
    raise AttributeError(f"module 'chainrule' has no attribute {name!r}")


def trace(expression: str, values: dict[str, Any] | None = None, *, limits=None):
    """Trace a program: the same TraceResponse model that POST /api/v1/graph returns.

    >>> trace("(x + y) * z", {"x": -2, "y": 5, "z": -4}).gradients
    {'x': -4.0, 'y': -4.0, 'z': 3.0}
    """
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
