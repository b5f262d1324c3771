"""The POST endpoints' route: the raw body goes to the compute pool, its bytes come back as is.

ComputeRoute calls a POST endpoint without FastAPI's own body handling: the event loop only
reads the bytes, and the worker parses and validates them with the endpoint's request model
(the one in the endpoint's signature, which is also what OpenAPI documents), computes and
serialises. Parsing and validating a 4 MB body takes a few tenths of a second, which would
otherwise stall every other client.
"""

from __future__ import annotations

import time

from fastapi import Request
from fastapi.responses import Response
from fastapi.routing import APIRoute

from ..settings import MEMORY_PER_REQUEST
from .pool import BUSY_STATUS, shared_pool

ARRIVAL = "chainrule.arrival"  # scope key: when the request arrived (set by the body limit)
# Kept back from 2 x CHAINRULE_MAX_SECONDS to send the answer: this, or a quarter of the budget.
SEND_MARGIN = 1.0


async def computed(request: Request, endpoint: str) -> Response:
    """The endpoint's document, computed and serialised in a worker within the deadline:
    2 x CHAINRULE_MAX_SECONDS from the request's arrival, waiting for a worker included."""
    settings = request.app.state.settings
    pool = shared_pool(settings.compute_processes, MEMORY_PER_REQUEST)
    raw = await request.body()
    arrival = request.scope.get(ARRIVAL) or time.monotonic()
    seconds = settings.limits.max_seconds
    deadline = None if seconds is None else arrival + 2 * seconds - min(SEND_MARGIN, seconds / 4)
    status, body = await pool.run_async(
        endpoint, raw, settings.limits, settings.max_response_bytes, deadline
    )
    headers = {"retry-after": "1"} if status == BUSY_STATUS else None
    return Response(body, status_code=status, media_type="application/json", headers=headers)


class ComputeRoute(APIRoute):
    """A route whose POST endpoint gets the request without FastAPI reading the body: the
    endpoint's `body` parameter documents the contract, the worker validates against it."""

    def get_route_handler(self):
        if self.methods != {"POST"}:
            return super().get_route_handler()
        endpoint = self.endpoint

        async def compute_handler(request: Request) -> Response:
            return await endpoint(body=None, request=request)

        return compute_handler
