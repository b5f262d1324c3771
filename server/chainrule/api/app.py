"""create_app(): the FastAPI application with routes, error handlers and the static frontend."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..engine.errors import ChainruleError, LimitError
from ..settings import Settings
from .middleware import BodyLimitMiddleware, SecurityHeadersMiddleware
from .routes import router

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


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; settings default to the CHAINRULE_* environment variables."""
    settings = settings or Settings.from_env()
    app = FastAPI(title="chainrule", version=__version__, description=DESCRIPTION)
    app.state.settings = settings
    app.include_router(router)
    _add_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["content-type"],
        )
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    static = frontend_dir()
    if static is not None:
        app.mount("/", StaticFiles(directory=static, html=True), name="frontend")
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
            {"type": e.get("type"), "loc": list(e.get("loc", ())), "msg": e.get("msg")}
            for e in exc.errors()
        ]
        return JSONResponse({"detail": errors}, status_code=422)

    @app.exception_handler(RecursionError)
    async def too_deep(request: Request, exc: RecursionError) -> JSONResponse:
        message = "the request is nested too deeply"
        return JSONResponse(
            {"detail": {"message": message, "line": None, "column": None}}, status_code=400
        )
