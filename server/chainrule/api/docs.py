"""/docs (Swagger UI) and /redoc: the OpenAPI pages, served offline from the vendored npm files.

The libraries come from swagger-ui-dist and redoc in frontend/package.json, copied into
frontend/vendor/ by frontend/scripts/vendor.mjs like every other library the page loads. Each
page starts its library from a small script of its own (no inline script), so it runs under
the same Content-Security-Policy as the app.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

router = APIRouter(include_in_schema=False)

_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>chainrule API - {title}</title>
  <link rel="icon" href="data:,">
  {head}
</head>
<body>
  <div id="{element}"></div>
  <script src="{library}"></script>
  <script src="{init}"></script>
</body>
</html>
"""

SWAGGER_INIT = """// Starts Swagger UI on the server's OpenAPI document.
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
});
"""

REDOC_INIT = """// Starts ReDoc on the server's OpenAPI document (no fonts from the network).
Redoc.init("/openapi.json", { theme: { typography: { fontFamily: "sans-serif" } } },
  document.getElementById("redoc"));
"""


@router.get("/docs", response_class=HTMLResponse)
async def swagger_page() -> HTMLResponse:
    return HTMLResponse(
        _PAGE.format(
            title="Swagger UI",
            head='<link rel="stylesheet" href="/vendor/swagger-ui/swagger-ui.css">',
            element="swagger-ui",
            library="/vendor/swagger-ui/swagger-ui-bundle.js",
            init="/docs/init.js",
        )
    )


@router.get("/docs/init.js")
async def swagger_init() -> Response:
    return Response(SWAGGER_INIT, media_type="text/javascript")


@router.get("/redoc", response_class=HTMLResponse)
async def redoc_page() -> HTMLResponse:
    return HTMLResponse(
        _PAGE.format(
            title="ReDoc",
            head="",
            element="redoc",
            library="/vendor/redoc/redoc.standalone.js",
            init="/redoc/init.js",
        )
    )


@router.get("/redoc/init.js")
async def redoc_init() -> Response:
    return Response(REDOC_INIT, media_type="text/javascript")
