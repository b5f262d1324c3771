"""Random programs (several statements, reused names) against central differences.

The test keeps its own model of each program and evaluates it with Python's math module, so
neither the values nor the numerical gradients come from the engine under test.
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainrule import trace

INPUTS = ["x", "y", "z", "w"]


def _sigmoid(a):
    return 1 / (1 + math.exp(-a))


# (template for the program text, Python function) — domains kept safe by construction.
UNARY = [
    ("sin({})", math.sin),
    ("cos({})", math.cos),
    ("tanh({})", math.tanh),
    ("sigmoid({})", _sigmoid),
    ("exp(tanh({}))", lambda a: math.exp(math.tanh(a))),
    ("log(1 + {0}*{0})", lambda a: math.log(1 + a * a)),
    ("sqrt(2 + sin({}))", lambda a: math.sqrt(2 + math.sin(a))),
    ("-{}", lambda a: -a),
    ("({})^2", lambda a: a**2),
]
BINARY = [
    ("{} + {}", lambda a, b: a + b),
    ("{} - {}", lambda a, b: a - b),
    ("{} * {}", lambda a, b: a * b),
    ("{} / (1.5 + sin({}))", lambda a, b: a / (1.5 + math.sin(b))),
    ("max({}, {})", lambda a, b: _kinked(max, a, b)),
    ("min({}, {})", lambda a, b: _kinked(min, a, b)),
]

# Smallest |a - b| seen by max/min during the last evaluations: at a tie (or within a nudge
# of one) the function has no derivative, and any subgradient is a right answer.
_gaps: list[float] = []


def _kinked(fn, a, b):
    _gaps.append(abs(a - b))
    return fn(a, b)


@st.composite
def programs(draw):
    names = list(INPUTS)
    lines, models = [], {}
    for k in range(draw(st.integers(1, 5))):
        terms = []
        for _ in range(draw(st.integers(1, 3))):
            if draw(st.booleans()):
                text, fn = draw(st.sampled_from(UNARY))
                a = draw(st.sampled_from(names))
                terms.append((text.format(a), lambda env, fn=fn, a=a: fn(env[a])))
            else:
                text, fn = draw(st.sampled_from(BINARY))
                a, b = draw(st.sampled_from(names)), draw(st.sampled_from(names))
                terms.append((text.format(a, b), lambda env, fn=fn, a=a, b=b: fn(env[a], env[b])))
        name = f"s{k}"
        lines.append(f"{name} = " + " + ".join(f"({t})" for t, _ in terms))
        models[name] = [f for _, f in terms]
        names.append(name)
    return "\n".join(lines), models


def evaluate(models, values):
    env = dict(values)
    for name, terms in models.items():
        env[name] = sum(term(env) for term in terms)
    return env[list(models)[-1]]


values_strategy = st.fixed_dictionaries(
    {name: st.floats(-2, 2, allow_nan=False).map(lambda v: round(v, 3)) for name in INPUTS}
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs(), values_strategy)
def test_random_programs_match_central_differences(program, values):
    text, models = program
    result = trace(text, values)
    _gaps.clear()
    assert math.isclose(result.output.value, evaluate(models, values), rel_tol=1e-9, abs_tol=1e-9)
    if _gaps and min(_gaps) < 1e-4:
        return  # at a kink: the tie-splitting rule is tested in test_lecture.py
    h = 1e-6
    for name in result.gradients:
        up, down = dict(values), dict(values)
        up[name] += h
        down[name] -= h
        numeric = (evaluate(models, up) - evaluate(models, down)) / (2 * h)
        assert math.isclose(result.gradients[name], numeric, rel_tol=1e-4, abs_tol=1e-5), (
            text,
            name,
        )


@settings(max_examples=60, deadline=None)
@given(programs(), values_strategy)
def test_node_gradient_is_the_sum_of_its_outgoing_contributions(program, values):
    text, _ = program
    t = trace(text, values)
    output = t.output.node
    for node in t.nodes:
        if node.id == output:
            continue
        outgoing = [e.grad for e in t.edges if e.source == node.id]
        assert math.isclose(node.grad, sum(outgoing), rel_tol=1e-12, abs_tol=1e-12)
