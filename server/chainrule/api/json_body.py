"""Strict JSON request bodies for the API routes: a key given twice in one object is refused.

Python's json module keeps the last of duplicate keys silently, so `{"h": 1, "h": 1e-300}`
would mean whatever the last one says; the route class below parses with a hook that refuses
them (answered 400 naming the key, see api/app.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.routing import APIRoute

from .errors import excerpt


class DuplicateKey(ValueError):
    """A JSON object in the body has the same key twice."""

    def __init__(self, key: str):
        super().__init__(f"the JSON body has the key {excerpt(key)!r} twice in one object")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKey(key)
            seen.add(key)
    return result


def loads(body: bytes | str) -> Any:
    return json.loads(body, object_pairs_hook=_object)


class StrictJsonRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = loads(await self.body())
        return self._json


class StrictJsonRoute(APIRoute):
    """An APIRoute whose request body is parsed by loads() above."""

    def get_route_handler(self) -> Callable:
        handler = super().get_route_handler()

        async def strict_handler(request: Request):
            return await handler(StrictJsonRequest(request.scope, request.receive))

        return strict_handler
