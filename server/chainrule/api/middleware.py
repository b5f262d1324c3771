"""ASGI middleware: request body checks (size, encoding, media type) and security headers."""

from __future__ import annotations

import json
import time

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


EMBED_PATHS = ("/embed", "/embed.html")  # the framable view (frame-ancestors from settings)


def embed_headers(frame_ancestors: str) -> list[tuple[bytes, bytes]]:
    """The security headers of /embed: the page's CSP with its own frame-ancestors, no XFO."""
    out = []
    for name, value in SECURITY_HEADERS:
        if name == b"x-frame-options":
            continue
        if name == b"content-security-policy":
            value = value.replace(
                b"frame-ancestors 'none'", b"frame-ancestors " + frame_ancestors.encode()
            )
        out.append((name, value))
    return out


class SecurityHeadersMiddleware:
    """Adds CSP, nosniff, frame and referrer policies to every response, docs pages included;
    /embed may be framed by `frame_ancestors`; headers_for(path) chooses per path."""

    def __init__(self, app, frame_ancestors: str = "*"):
        self.app = app
        self.embed = embed_headers(frame_ancestors)

    def headers_for(self, path: str) -> list[tuple[bytes, bytes]]:
        return self.embed if path in EMBED_PATHS else security_headers(path)

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
