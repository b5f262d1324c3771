"""Only the app is served: the page's own files, no redirect from the Host header, and the API
documentation pages offline under the same headers."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from chainrule.api.app import create_app, frontend_dir
from chainrule.settings import Settings

from .test_security import _Scripts, assert_hardened


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings.from_env({})), raise_server_exceptions=False) as c:
        yield c


class _Loads(HTMLParser):
    """Every script src and stylesheet href of a page."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        if tag == "link" and a.get("rel") == "stylesheet":
            self.urls.append(a["href"])


def loads(html: str) -> list[str]:
    parser = _Loads()
    parser.feed(html)
    return parser.urls


def test_everything_the_page_loads_is_served(client):
    urls = loads(client.get("/").text)
    assert any(u.startswith("vendor/") for u in urls) and any(u.startswith("js/") for u in urls)
    for url in urls:
        response = client.get("/" + url)
        assert response.status_code == 200, url
        assert_hardened(response)
    # ES modules import each other: every file under js/ is part of the page.
    for path in sorted((frontend_dir() / "js").rglob("*.js")):
        url = "/" + path.relative_to(frontend_dir()).as_posix()
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "path",
    [
        "/package.json",
        "/package-lock.json",
        "/node_modules/d3/package.json",
        "/scripts/vendor.mjs",
        "/vendor/.copied",
        "/js/../package.json",
        "/vendor/../scripts/vendor.mjs",
        "/.gitignore",
    ],
)
def test_nothing_else_of_the_frontend_folder_is_served(client, path):
    for there in ("package.json", "scripts/vendor.mjs", "node_modules"):
        assert (frontend_dir() / there).exists(), "the files this test asks for are there"
    response = client.get(path)
    assert response.status_code == 404, path
    assert response.json()["detail"]["message"] == "Not Found"
    assert_hardened(response)


def test_no_redirect_is_built_from_the_host_header(client):
    response = client.post(
        "/api/v1/graph/",
        json={"expression": "x", "values": {"x": 1}},
        headers={"host": "evil.example"},
        follow_redirects=False,
    )
    assert response.status_code == 404
    assert "location" not in response.headers
    assert "evil.example" not in response.text
    for folder in ("/js", "/vendor", "/vendor/katex"):  # StaticFiles would redirect to "…/"
        response = client.get(folder, headers={"host": "evil.example"}, follow_redirects=False)
        assert response.status_code == 404 and "location" not in response.headers


@pytest.mark.parametrize(
    ("page", "library"),
    [("/docs", "/vendor/swagger-ui/swagger-ui-bundle.js"), ("/redoc", "/vendor/redoc/")],
)
def test_the_docs_pages_load_only_vendored_files_under_the_apps_headers(client, page, library):
    response = client.get(page)
    assert response.status_code == 200
    assert_hardened(response)
    scripts = _Scripts()
    scripts.feed(response.text)
    assert scripts.inline == [], "the CSP blocks inline scripts"
    urls = loads(response.text)
    assert any(u.startswith(library) for u in urls)
    assert not re.search(r"https?://", response.text), "nothing from a CDN"
    for url in urls:
        loaded = client.get(url)
        assert loaded.status_code == 200, url
        assert len(loaded.content) > 100
        assert_hardened(loaded)
    assert client.get("/openapi.json").status_code == 200


def test_embed_keeps_its_frame_policy_under_the_per_path_headers(client):
    embed = client.get("/embed")
    assert embed.status_code == 200
    policy = embed.headers["content-security-policy"]
    assert "frame-ancestors *" in policy and "x-frame-options" not in embed.headers
    assert client.get("/").headers["x-frame-options"] == "DENY"
