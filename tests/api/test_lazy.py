"""chainrule.trace's model validates each field when first read, and equals the eager model."""

from __future__ import annotations

from chainrule import trace
from chainrule.api.schemas import TraceResponse
from chainrule.engine.autodiff.run import run_program
from chainrule.engine.results.document import trace_document


def test_reading_gradients_does_not_validate_nodes_edges_and_steps():
    t = trace("x*y + x", {"x": 3, "y": -4})
    assert t.gradients == {"x": -3, "y": 3}
    assert "nodes" not in t.__dict__ and "steps" not in t.__dict__
    assert t.output.value == -9


def test_lazy_model_equals_the_eagerly_validated_one():
    eager = TraceResponse.model_validate(
        trace_document(run_program("(x+y)*z", {"x": -2, "y": 5, "z": -4}))
    )
    lazy = trace("(x+y)*z", {"x": -2, "y": 5, "z": -4})
    assert lazy.gradients == eager.gradients  # partly filled first, then compared in full
    assert lazy == eager
    assert lazy.model_dump() == eager.model_dump()
    assert isinstance(lazy.steps[2].contributions[0].accumulated, float)
