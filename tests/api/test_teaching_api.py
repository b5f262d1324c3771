"""Teaching mode over HTTP (issue 11): examples with their parameters, the registry's domains."""

from __future__ import annotations

from chainrule import trace
from chainrule.engine.examples import EXAMPLES

WORDS = ("Vanishing", "Dying ReLU", "Exploding", "Saturated")


def test_the_examples_are_served_with_their_parameters(client):
    served = {e["id"]: e for e in client.get("/api/v1/examples").json()}
    for word in WORDS:
        example = next(e for e in EXAMPLES if word in e["title"])
        assert word in served[example["id"]]["title"]
        assert served[example["id"]]["parameters"] == example["parameters"]
    assert served["delta-rule"]["parameters"] == ["w0", "w1"]


def test_undefined_ops_say_where_in_the_registry(client):
    ops = {op["name"]: op for op in client.get("/api/v1/ops").json()}
    assert "log of a negative number is undefined" in ops["log"]["undefined_where"]
    assert "square root of a negative number" in ops["sqrt"]["undefined_where"]
    assert ops["add"]["undefined_where"] == ""
    assert trace("log(x)", {"x": -1}).output.value == "NaN"  # the API's non-finite spelling
