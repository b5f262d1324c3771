"""The per-request computation budget: work past it stops with a 413, and others are served."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import numpy as np
import pytest
import uvicorn
from fastapi.testclient import TestClient

from chainrule import Limits
from chainrule.api.app import create_app
from chainrule.engine.autodiff.run import run_program
from chainrule.engine.errors import LimitError
from chainrule.settings import Settings

# Everything but time is generous here, so the clock is the limit that acts.
SLOW_ENV = {
    "CHAINRULE_MAX_SECONDS": "2",
    "CHAINRULE_MAX_WORK": str(10**12),
    "CHAINRULE_MAX_TRACE_ELEMENTS": str(10**9),
    "CHAINRULE_MAX_TENSOR_ELEMENTS": str(10**8),
}


def slow_request(statements: int = 1000) -> dict:
    """A chain of 300x300 matrix products: 3 to 10 ms each, seconds in all."""
    rng = np.random.default_rng(0)
    w = (rng.normal(size=(300, 300)) / 300).round(4).tolist()
    lines = ["m0 = W @ W"] + [f"m{i} = m{i - 1} @ W" for i in range(1, statements)]
    lines.append(f"sum(m{statements - 1})")
    return {"expression": "\n".join(lines), "values": {"W": w}}


def test_the_deadline_stops_the_passes_with_a_located_limit_error():
    program = "\n".join(["a0 = x * y"] + [f"a{i} = a{i - 1} + x" for i in range(1, 20_000)])
    start = time.perf_counter()
    with pytest.raises(LimitError, match="CHAINRULE_MAX_SECONDS") as caught:
        run_program(program, {"x": 0.5, "y": 2.0}, Limits(max_seconds=0.001))
    assert time.perf_counter() - start < 2.0
    assert caught.value.line is not None and caught.value.column is not None


def test_a_request_past_the_time_budget_is_a_413_soon_after_it():
    with TestClient(create_app(Settings.from_env(SLOW_ENV))) as client:
        start = time.perf_counter()
        response = client.post("/api/v1/graph", json=slow_request())
        seconds = time.perf_counter() - start
    assert response.status_code == 413, response.text[:300]
    detail = response.json()["detail"]
    assert "CHAINRULE_MAX_SECONDS" in detail["message"] and detail["line"] is not None
    # Within 2 x the budget (the server's guarantee, parsing the body included), long before
    # the whole chain would have finished.
    assert seconds < 4.0


@pytest.fixture(scope="module")
def live_server():
    """The app on a free loopback port, served by uvicorn in a thread."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(
        create_app(Settings.from_env(SLOW_ENV)), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_health_answers_while_a_slow_request_is_in_flight(live_server):
    body = slow_request()
    outcome: dict = {}

    def post_slow():
        with httpx.Client(timeout=30) as c:
            outcome["response"] = c.post(f"{live_server}/api/v1/graph", json=body)

    slow = threading.Thread(target=post_slow)
    slow.start()
    time.sleep(0.3)  # the slow request is being computed now
    latencies = []
    with httpx.Client(timeout=5) as c:
        for _ in range(5):
            start = time.perf_counter()
            assert c.get(f"{live_server}/api/v1/health").status_code == 200
            latencies.append(time.perf_counter() - start)
    in_flight = slow.is_alive()
    slow.join(timeout=30)
    assert in_flight, "the slow request should still have been running"
    assert max(latencies) < 0.5, latencies
    assert outcome["response"].status_code == 413
