"""One job in a worker process: validate, compute, serialise; every outcome a status and bytes."""

from __future__ import annotations

import json
import sys
import time
import traceback
from dataclasses import replace

from pydantic import ValidationError

from ..engine.budget import Limits
from ..engine.errors import ChainruleError
from .compute import ENDPOINTS
from .errors import chainrule_error, error_bytes
from .json_body import body_error, loads
from .validation import validation_detail

NOT_AN_OBJECT = {
    "type": "model_attributes_type",
    "loc": ["body"],
    "msg": "Input should be a valid dictionary or object to extract fields from",
}


def handle(meta: dict, raw: bytes) -> tuple[int, bytes, bool]:
    """(status, response body, whether this worker should retire) for one job."""
    start = time.monotonic()
    try:
        model, compute = ENDPOINTS[meta["endpoint"]]
        if not raw:
            missing = {"type": "missing", "loc": ["body"], "msg": "Field required"}
            return 422, json.dumps({"detail": [missing]}).encode(), False
        try:
            data = loads(raw)
        except (ValueError, RecursionError) as exc:
            problem = body_error(exc)
            if problem is None:
                raise
            return 400, error_bytes(*problem), False
        if not isinstance(data, dict):  # as FastAPI words it for a body that is no object
            return 422, json.dumps({"detail": [NOT_AN_OBJECT]}).encode(), False
        body = model.model_validate(data)
        limits = computation_limits(Limits(**meta["limits"]), meta["deadline"])
        document = compute(body, limits)
        answer = json.dumps(document, allow_nan=False, separators=(",", ":")).encode()
        del document
        if len(answer) > meta["max_response_bytes"]:
            return 413, error_bytes(response_message(len(answer), meta)), False
        return 200, answer, False
    except ChainruleError as exc:
        status, detail = chainrule_error(exc)
        return status, json.dumps(detail).encode(), False
    except ValidationError as exc:
        errors = [{**e, "loc": ("body", *e.get("loc", ()))} for e in exc.errors()]
        return 422, json.dumps({"detail": validation_detail(errors)}).encode(), False
    except RecursionError:
        return 400, error_bytes("the request is nested too deeply"), False
    except MemoryError:
        message = memory_message(meta["memory_bytes"])
        return 413, error_bytes(message), True
    except Exception:  # a bug: logged here, answered in the API's error shape
        print(
            f"chainrule worker: {meta.get('endpoint')} failed after "
            f"{time.monotonic() - start:.2f} s",
            file=sys.stderr,
        )
        traceback.print_exc()
        return 500, error_bytes("internal error: the computation failed unexpectedly"), True


def computation_limits(limits: Limits, deadline: float | None) -> Limits:
    """The limits with the engine's own time budget: CHAINRULE_MAX_SECONDS from now, but
    ending early enough before the request's hard deadline to build and serialise the
    document (half a budget is kept for that; past the hard deadline the worker is killed)."""
    if deadline is None:
        return limits
    seconds = limits.max_seconds
    left = deadline - time.monotonic() - (seconds or 0) / 2
    return replace(limits, max_seconds=max(0.001, left if seconds is None else min(seconds, left)))


def response_message(size: int, meta: dict) -> str:
    return (
        f"the response would be {size:,} bytes; the limit is {meta['max_response_bytes']:,} "
        "bytes (CHAINRULE_MAX_RESPONSE_BYTES)"
    )


def memory_message(memory_bytes: int) -> str:
    return (
        f"the computation needs more than {memory_bytes // 2**20:,} MB of memory, the most "
        "one request may use"
    )
