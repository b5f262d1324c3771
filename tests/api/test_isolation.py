"""The compute pool: a request past its deadline is stopped, memory and response size are
bounded, and a busy pool answers 429 (Retry-After over HTTP) instead of queueing past the
deadline."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import replace

from fastapi.testclient import TestClient

from chainrule.api.app import create_app
from chainrule.api.pool import ComputePool
from chainrule.settings import MEMORY_PER_REQUEST, Settings

# Limits opened up so that the engine's own checks do not act first: only the pool can stop it.
OPEN = {
    "CHAINRULE_MAX_WORK": str(10**13),
    "CHAINRULE_MAX_TRACE_ELEMENTS": str(10**10),
    "CHAINRULE_MAX_TENSOR_ELEMENTS": str(10**9),
}
# One 2000 x 2000 matrix product (8·10⁹ multiply-adds, seconds on one core) from 8 KB of input.
ONE_BIG_OP = {
    "expression": "m = u @ v\nsum(m @ m)",
    "values": {"u": [[1.0]] * 2000, "v": [[1.0] * 2000]},
}


def test_a_computation_past_its_deadline_is_killed_and_the_worker_replaced():
    settings = Settings.from_env({**OPEN, "CHAINRULE_MAX_SECONDS": "1"})
    settings = replace(settings, limits=replace(settings.limits, max_seconds=0.25))
    with TestClient(create_app(settings)) as client:
        start = time.perf_counter()
        response = client.post("/api/v1/graph", json=ONE_BIG_OP)
        seconds = time.perf_counter() - start
        assert response.status_code == 413, response.text[:300]
        assert "CHAINRULE_MAX_SECONDS" in response.json()["detail"]["message"]
        # One numpy call cannot be interrupted by the engine's own clock: the kill at
        # 2 x CHAINRULE_MAX_SECONDS stopped it.
        assert seconds < 2.0
        after = client.post(
            "/api/v1/graph", json={"expression": "x * y", "values": {"x": 2, "y": 3}}
        )
        assert after.status_code == 200 and after.json()["output"]["value"] == 6.0


def test_a_computation_needing_more_memory_than_a_request_may_use_is_a_413():
    # 8000 x 8000 float64 is 512 MB: more than a worker's address space may grow.
    body = {"expression": "sum(u @ v)", "values": {"u": [[1.0]] * 8000, "v": [[1.0] * 8000]}}
    with TestClient(create_app(Settings.from_env(OPEN))) as client:
        response = client.post("/api/v1/graph", json=body)
        assert response.status_code == 413, response.text[:300]
        assert (
            f"{MEMORY_PER_REQUEST // 2**20:,} MB of memory" in response.json()["detail"]["message"]
        )
        after = client.post("/api/v1/graph", json={"expression": "x + 1", "values": {"x": 1}})
        assert after.status_code == 200


def test_a_response_over_the_response_limit_is_a_413_naming_it():
    env = {"CHAINRULE_MAX_RESPONSE_BYTES": "20000"}
    small = {"expression": "x * y", "values": {"x": 2, "y": 3}}
    big = {"expression": "sum(x * x)", "values": {"x": [0.5] * 2000}}
    with TestClient(create_app(Settings.from_env(env))) as client:
        assert client.post("/api/v1/graph", json=small).status_code == 200
        response = client.post("/api/v1/graph", json=big)
    assert response.status_code == 413
    message = response.json()["detail"]["message"]
    assert "CHAINRULE_MAX_RESPONSE_BYTES" in message and "20,000 bytes" in message


def test_a_request_that_cannot_get_a_worker_before_its_deadline_is_a_429():
    limits = Settings.from_env({**OPEN}).limits
    pool = ComputePool(1, MEMORY_PER_REQUEST)
    try:
        slow = json.dumps(ONE_BIG_OP).encode()
        busy = threading.Thread(
            target=pool.run, args=("graph", slow, limits, 10**9, time.monotonic() + 20)
        )
        busy.start()
        time.sleep(0.5)  # the one worker is computing now
        quick = json.dumps({"expression": "x", "values": {"x": 1}}).encode()
        start = time.perf_counter()
        status, body = pool.run("graph", quick, limits, 10**9, time.monotonic() + 0.3)
        waited = time.perf_counter() - start
        assert status == 429 and "busy" in json.loads(body)["detail"]["message"]
        assert 0.25 < waited < 1.5
    finally:
        pool.close()
        busy.join(timeout=30)
