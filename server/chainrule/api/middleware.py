"""ASGI middleware: request body size limit and security headers."""

from __future__ import annotations

import json

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
DOCS_PATHS = ("/docs", "/redoc")  # Swagger UI loads inline scripts of its own


class BodyLimitMiddleware:
    """Refuses bodies over max_bytes with 413 before the app reads or parses them."""

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    length = int(value)
                except ValueError:
                    return await _reject(send, 400, "the Content-Length header is not a number")
                if length > self.max_bytes:
                    return await _reject(send, 413, self.message())
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
                *SECURITY_HEADERS,
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
    """Adds CSP, nosniff, frame and referrer policies to every response but the docs pages;
    /embed may be framed by `frame_ancestors`."""

    def __init__(self, app, frame_ancestors: str = "*"):
        self.app = app
        self.embed = embed_headers(frame_ancestors)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"].startswith(DOCS_PATHS):
            return await self.app(scope, receive, send)
        headers = self.embed if scope["path"] in EMBED_PATHS else SECURITY_HEADERS

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {name for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in headers if n not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
