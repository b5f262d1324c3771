"""Hands a validated POST request to the compute pool and returns the worker's bytes as is."""

from __future__ import annotations

import time

from fastapi import Request
from fastapi.responses import Response

from ..settings import MEMORY_PER_REQUEST
from .pool import shared_pool

ARRIVAL = "chainrule.arrival"  # scope key: when the request arrived (set by the body limit)
SEND_MARGIN = 0.3  # seconds kept back from 2 x CHAINRULE_MAX_SECONDS to send the answer


async def computed(request: Request, endpoint: str) -> Response:
    """The endpoint's document, computed and serialised in a worker within the deadline:
    2 x CHAINRULE_MAX_SECONDS from the request's arrival, waiting for a worker included."""
    settings = request.app.state.settings
    pool = shared_pool(settings.compute_processes, MEMORY_PER_REQUEST)
    raw = await request.body()
    arrival = request.scope.get(ARRIVAL) or time.monotonic()
    seconds = settings.limits.max_seconds
    deadline = None if seconds is None else arrival + 2 * seconds - SEND_MARGIN
    status, body = await pool.run_async(
        endpoint, raw, settings.limits, settings.max_response_bytes, deadline
    )
    headers = {"retry-after": "1"} if status == 503 else None
    return Response(body, status_code=status, media_type="application/json", headers=headers)
