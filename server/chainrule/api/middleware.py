"""ASGI middleware: request body checks (size, encoding, media type) and security headers."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

SECURITY_HEADERS = [
    # The page loads only its own scripts, styles, fonts and a Web Worker; KaTeX needs inline
    # styles on the elements it renders, and the PNG export needs data: and blob: images.
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; worker-src 'self' blob:; "
        b"style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        b"connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
        b"form-action 'self'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]
BODY_METHODS = (b"POST", b"PUT", b"PATCH")


def security_headers(path: str) -> list[tuple[bytes, bytes]]:
    """The headers for a response to `path` (one policy today; a per-path one goes here)."""
    return SECURITY_HEADERS


def _is_json(content_type: bytes) -> bool:
    media = content_type.split(b";", 1)[0].strip().lower().decode("latin-1")
    main, _, sub = media.partition("/")
    return main == "application" and (sub == "json" or sub.endswith("+json"))


class BodyLimitMiddleware:
    """Refuses, before the app reads or parses them, bodies over max_bytes (413), compressed
    bodies and API bodies that are not JSON (415). Stamps the request's arrival time (the
    compute deadline counts from it)."""

    def __init__(self, app, max_bytes: int, arrival_key: str = "chainrule.arrival"):
        self.app = app
        self.max_bytes = max_bytes
        self.arrival_key = arrival_key

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        scope[self.arrival_key] = time.monotonic()
        length = None
        content_type = None
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    length = int(value)
                except ValueError:
                    return await _reject(send, 400, "the Content-Length header is not a number")
                if length > self.max_bytes:
                    return await _reject(send, 413, self.message())
            elif name == b"content-encoding" and value.strip().lower() not in (b"", b"identity"):
                return await _reject(
                    send,
                    415,
                    "the body is compressed (Content-Encoding), which is not supported: "
                    "send it uncompressed",
                )
            elif name == b"content-type":
                content_type = value
        has_body = length != 0 and (
            length is not None or any(n == b"transfer-encoding" for n, _ in scope["headers"])
        )
        if (
            has_body
            and scope["method"].encode() in BODY_METHODS
            and scope["path"].startswith("/api/")
            and (content_type is None or not _is_json(content_type))
        ):
            return await _reject(
                send, 415, "the body must be JSON, sent with Content-Type: application/json"
            )
        received = 0
        too_large = False

        async def limited_receive():
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    too_large = True
                    raise BodyTooLarge(self.message())
            return message

        try:
            await self.app(scope, limited_receive, send)
        except BodyTooLarge:
            await _reject(send, 413, self.message())

    def message(self) -> str:
        return (
            f"the request body is larger than {self.max_bytes:,} bytes (CHAINRULE_MAX_BODY_BYTES)"
        )


class BodyTooLarge(Exception):
    """A streamed body went past the limit (FastAPI may catch this while reading the body; the
    app's error handler turns it back into a 413)."""


async def _reject(send, status: int, message: str) -> None:
    body = json.dumps({"detail": {"message": message, "line": None, "column": None}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *security_headers(""),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class SecurityHeadersMiddleware:
    """Adds CSP, nosniff, frame and referrer policies to every response, docs pages included;
    `headers_for(path)` chooses them (api/middleware.security_headers by default)."""

    def __init__(self, app, headers_for: Callable[[str], list] = security_headers):
        self.app = app
        self.headers_for = headers_for

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = self.headers_for(scope["path"])

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {name for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in headers if n not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
