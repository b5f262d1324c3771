"""schemathesis against the app's own OpenAPI: every endpoint, every check, a fixed seed."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, seed, settings
from schemathesis.config import SchemathesisConfig

from chainrule.api.app import create_app
from chainrule.settings import Settings

# A program is a language, not a JSON shape: a schema-valid body can still hold a program with
# a syntax error or a value of the wrong shape, and the right answer to it is a documented 422
# (or 413 over a limit). Every other check runs with its defaults.
CONFIG = SchemathesisConfig.from_dict(
    {"checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "413", "422"]}}}
)
app = create_app(Settings.from_env({}))
schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=CONFIG)


def test_every_api_route_is_in_the_schema():
    paths = set(app.openapi()["paths"])
    routes = {r.path for r in app.routes if getattr(r, "path", "").startswith("/api/")}
    assert routes <= paths
    assert "/api/v1/graph" in paths


@schema.parametrize()
@seed(20240601)
@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_schema(case):
    case.call_and_validate()
