"""The API's public names for OpenAPI clients: stable operation ids and tags, in one table.

Client generators name methods after operation ids (`client.trace_graph(...)`), so they are
part of the contract; FastAPI's default (`graph_api_v1_graph_post`) would change with any path.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.routing import APIRoute

TAGS = [
    {
        "name": "trace",
        "description": "A program or a network in; every value, gradient and step out.",
    },
    {"name": "gradients", "description": "Check gradients numerically; take a gradient step."},
    {"name": "training", "description": "Train a small network on a dataset."},
    {"name": "metadata", "description": "The op registry, the built-in examples, liveness."},
]

# (method, path) -> (operation id, tag)
OPERATIONS = {
    ("POST", "/api/v1/graph"): ("traceGraph", "trace"),
    ("POST", "/api/v1/network"): ("traceNetwork", "trace"),
    ("POST", "/api/v1/gradcheck"): ("checkGradients", "gradients"),
    ("POST", "/api/v1/step"): ("gradientStep", "gradients"),
    ("POST", "/api/v1/train"): ("train", "training"),
    ("GET", "/api/v1/ops"): ("listOps", "metadata"),
    ("GET", "/api/v1/examples"): ("listExamples", "metadata"),
    ("GET", "/api/v1/health"): ("health", "metadata"),
}


def name_operations(router: APIRouter) -> None:
    """Give each of the router's routes its operation id and tag (call once the routes are
    declared); a route missing from OPERATIONS is an error, so none ships with a made-up name."""
    for route in router.routes:
        if not isinstance(route, APIRoute):
            continue
        for method in route.methods or ():
            if (method, route.path) not in OPERATIONS:
                raise LookupError(f"{method} {route.path} has no operation id in api/openapi.py")
            route.operation_id, tag = OPERATIONS[(method, route.path)]
            route.tags = [tag]
