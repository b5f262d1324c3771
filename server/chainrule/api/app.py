"""create_app(): the FastAPI application with routes, error handlers and the static frontend."""

from __future__ import annotations

import asyncio
import posixpath
import sys
import traceback
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount

from .. import __version__
from ..engine.errors import ChainruleError
from ..settings import MEMORY_PER_REQUEST, Settings
from .dispatch import ARRIVAL
from .docs import router as docs_router
from .errors import chainrule_error, error_detail
from .middleware import (
    BodyLimitMiddleware,
    BodyTooLarge,
    SecurityHeadersMiddleware,
    security_headers,
)
from .openapi import TAGS
from .pool import shared_pool
from .routes import router
from .routes_network import router as network_router
from .routes_training import router as training_router
from .validation import validation_detail

DESCRIPTION = """See backpropagation happen. `POST /api/v1/graph` parses a program (never
evaluates it), builds its computational graph and returns every node's forward value and
gradient, every edge's gradient contribution and the ordered forward and backward steps."""


def frontend_dir() -> Path | None:
    """The static frontend: inside the installed package, or beside the source tree."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "frontend", package.parent.parent / "frontend"):
        if (candidate / "index.html").is_file():
            return candidate
    return None


# What the page loads, and nothing else of frontend/ (not package.json, node_modules/, scripts/).
SERVED_FOLDERS = ("js", "vendor")
SERVED_SUFFIXES = (".html", ".css")


def is_served(path: str) -> bool:
    """Whether a URL path names one of the frontend files the page loads."""
    if path == "/":
        return True
    clean = posixpath.normpath(path)
    parts = clean.strip("/").split("/")
    if clean != path.rstrip("/") or any(p.startswith(".") or not p for p in parts):
        return False  # dot segments, hidden files (vendor/.copied), doubled slashes
    if len(parts) == 1:
        return parts[0].endswith(SERVED_SUFFIXES)
    return parts[0] in SERVED_FOLDERS


class _FrontendMount(Mount):
    """The static frontend at "/", answering only for the files the page loads (others get the
    API's JSON 404), never for /api/: an API path with the wrong method gets the route's 405
    (with its Allow header) and an unknown one a JSON 404."""

    def matches(self, scope):
        path = scope.get("path", "")
        if path.startswith("/api/") or not is_served(path):
            return Match.NONE, {}
        return super().matches(scope)


@asynccontextmanager
async def _start_workers(app: FastAPI):
    """Start the compute workers with the server (it accepts requests once they are ready), so
    the first request does not wait for one."""
    settings = app.state.settings
    pool = shared_pool(settings.compute_processes, MEMORY_PER_REQUEST)
    await asyncio.to_thread(pool.wait_started)
    yield


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; settings default to the CHAINRULE_* environment variables."""
    settings = settings or Settings.from_env()
    app = FastAPI(
        title="chainrule",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # served offline by api/docs.py
        redoc_url=None,
        redirect_slashes=False,  # its redirect would be built from the Host header
        lifespan=_start_workers,
        openapi_tags=TAGS,
    )
    app.state.settings = settings
    app.include_router(docs_router)
    app.include_router(router)
    app.include_router(network_router)
    app.include_router(training_router)
    _add_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["content-type"],
        )
    app.add_middleware(SecurityHeadersMiddleware, frame_ancestors=settings.frame_ancestors)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes, arrival_key=ARRIVAL)
    static = frontend_dir()
    if static is not None:
        embed = static / "embed.html"

        @app.api_route("/embed", methods=["GET", "HEAD"], include_in_schema=False)
        def embed_page() -> FileResponse:
            """The graph view alone, for an iframe (same URL-hash state as the main page)."""
            return FileResponse(embed, media_type="text/html")

        app.router.routes.append(
            _FrontendMount("/", app=StaticFiles(directory=static, html=True), name="frontend")
        )
    return app


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ChainruleError)
    async def program_error(request: Request, exc: ChainruleError) -> JSONResponse:
        status, body = chainrule_error(exc)
        return JSONResponse(body, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        invalid = next((e for e in errors if e.get("type") == "json_invalid"), None)
        if invalid is not None:  # not JSON at all: 400, where the parser stopped
            return _error(400, *_json_error(invalid, exc.body))
        return JSONResponse({"detail": validation_detail(errors)}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # One error shape everywhere: {"detail": {"message", "line", "column"}}.
        message = exc.detail if isinstance(exc.detail, str) else "the request failed"
        status = exc.status_code
        if status == 400 and isinstance(exc.__cause__, BodyTooLarge):
            message, status = str(exc.__cause__), 413
        elif status == 400 and exc.__cause__ is not None:
            message = _body_error(exc.__cause__)
        return _error(status, message, headers=exc.headers)

    @app.exception_handler(RecursionError)
    async def too_deep(request: Request, exc: RecursionError) -> JSONResponse:
        return _error(400, "the request is nested too deeply")

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        # Runs outside the other middleware (Starlette's ServerErrorMiddleware), so it adds
        # the security headers itself.
        traceback.print_exception(exc, file=sys.stderr)
        headers = {n.decode(): v.decode() for n, v in security_headers(request.url.path)}
        return _error(500, "internal error: the request could not be answered", headers=headers)


def _error(status: int, message: str, line=None, column=None, headers=None) -> JSONResponse:
    body = {"detail": error_detail(message, line, column)}
    return JSONResponse(body, status_code=status, headers=headers)


def _json_error(error: dict, document) -> tuple[str, int | None, int | None]:
    """The parser's reason (it holds no input) and the line and column where it stopped."""
    reason = (error.get("ctx") or {}).get("error") or "JSON decode error"
    loc = error.get("loc", ())
    offset = loc[-1] if loc and isinstance(loc[-1], int) else None
    if offset is None or not isinstance(document, str):
        return f"the body is not valid JSON: {reason}", None, None
    line = document.count("\n", 0, offset) + 1
    column = offset - (document.rfind("\n", 0, offset) + 1) + 1
    return f"the body is not valid JSON: {reason}", line, column


def _body_error(cause: BaseException) -> str:
    """Why FastAPI could not parse a JSON body (it reports every such failure as one 400)."""
    if isinstance(cause, RecursionError):
        return "the JSON body is nested too deeply to parse"
    if isinstance(cause, ValueError) and "digits" in str(cause):
        return "the JSON body has a number with too many digits"
    if isinstance(cause, UnicodeDecodeError):
        return "the body is not valid UTF-8"
    return "the body could not be parsed as JSON"
