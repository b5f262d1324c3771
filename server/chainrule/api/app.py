"""create_app(): the FastAPI application with routes, error handlers and the static frontend."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount

from .. import __version__
from ..engine.errors import ChainruleError, LimitError
from ..settings import Settings
from .middleware import BodyLimitMiddleware, BodyTooLarge, SecurityHeadersMiddleware
from .routes import router
from .routes_network import router as network_router
from .routes_training import router as training_router

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


class _FrontendMount(Mount):
    """The static frontend at "/", never answering for /api/: an API path with the wrong method
    gets the route's 405 (with its Allow header) and an unknown one a JSON 404."""

    def matches(self, scope):
        if scope.get("path", "").startswith("/api/"):
            return Match.NONE, {}
        return super().matches(scope)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; settings default to the CHAINRULE_* environment variables."""
    settings = settings or Settings.from_env()
    app = FastAPI(title="chainrule", version=__version__, description=DESCRIPTION)
    app.state.settings = settings
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
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
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
        status = 413 if isinstance(exc, LimitError) else 422
        return JSONResponse({"detail": exc.to_detail()}, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's format, minus "input" and "ctx": never echo what the client sent.
        errors = [
            {"type": e.get("type"), "loc": list(e.get("loc", ())), "msg": _validation_message(e)}
            for e in exc.errors()
        ]
        return JSONResponse({"detail": errors}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # One error shape everywhere: {"detail": {"message", "line", "column"}}.
        message = exc.detail if isinstance(exc.detail, str) else "the request failed"
        status = exc.status_code
        if status == 400 and isinstance(exc.__cause__, BodyTooLarge):
            message, status = str(exc.__cause__), 413
        elif status == 400 and exc.__cause__ is not None:
            message = _body_error(exc.__cause__)
        return JSONResponse(
            {"detail": {"message": message, "line": None, "column": None}},
            status_code=status,
            headers=exc.headers,
        )

    @app.exception_handler(RecursionError)
    async def too_deep(request: Request, exc: RecursionError) -> JSONResponse:
        message = "the request is nested too deeply"
        return JSONResponse(
            {"detail": {"message": message, "line": None, "column": None}}, status_code=400
        )


def _validation_message(error: dict) -> str:
    """pydantic's message; for unparsable JSON also the parser's reason (it holds no input)."""
    message = error.get("msg") or "invalid"
    if error.get("type") == "json_invalid":
        reason = (error.get("ctx") or {}).get("error")
        loc = error.get("loc", ())
        where = f" at character {loc[-1]}" if loc and isinstance(loc[-1], int) else ""
        if isinstance(reason, str):
            message = f"the body is not valid JSON: {reason}{where}"
    return message


def _body_error(cause: BaseException) -> str:
    """Why FastAPI could not parse a JSON body (it reports every such failure as one 400)."""
    if isinstance(cause, RecursionError):
        return "the JSON body is nested too deeply to parse"
    if isinstance(cause, ValueError) and "digits" in str(cause):
        return "the JSON body has a number with too many digits"
    if isinstance(cause, UnicodeDecodeError):
        return "the body is not valid UTF-8"
    return "the body could not be parsed as JSON"
