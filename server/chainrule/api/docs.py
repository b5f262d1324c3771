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


def add_page(
    path: str, *, title: str, element: str, library: str, start: str, stylesheet: str = ""
) -> None:
    """Serve an OpenAPI page at `path` — the vendored `library` (and its `stylesheet`) drawing
    into the element with id `element` — and at `path`/init.js the script `start` that starts it."""
    head = f'<link rel="stylesheet" href="{stylesheet}">' if stylesheet else ""
    html = _PAGE.format(
        title=title, head=head, element=element, library=library, init=f"{path}/init.js"
    )

    async def page() -> HTMLResponse:
        return HTMLResponse(html)

    async def init() -> Response:
        return Response(start, media_type="text/javascript")

    router.add_api_route(path, page, methods=["GET"], response_class=HTMLResponse)
    router.add_api_route(f"{path}/init.js", init, methods=["GET"])


add_page(
    "/docs",
    title="Swagger UI",
    element="swagger-ui",
    library="/vendor/swagger-ui/swagger-ui-bundle.js",
    stylesheet="/vendor/swagger-ui/swagger-ui.css",
    start=SWAGGER_INIT,
)
add_page(
    "/redoc",
    title="ReDoc",
    element="redoc",
    library="/vendor/redoc/redoc.standalone.js",
    start=REDOC_INIT,
)
