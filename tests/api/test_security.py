"""Security headers on the page and the API; CORS off by default and on only when configured."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from chainrule.api.app import create_app
from chainrule.settings import Settings

ORIGIN = "https://teaching.example.org"


def make_client(env: dict[str, str] | None = None) -> TestClient:
    return TestClient(create_app(Settings.from_env(env or {})), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def client():
    with make_client() as c:
        yield c


def csp(response) -> dict[str, list[str]]:
    """The Content-Security-Policy as {directive: [sources]}."""
    policy = response.headers["content-security-policy"]
    parts = (p.split() for p in policy.split(";") if p.strip())
    return {p[0]: p[1:] for p in parts}


def assert_hardened(response) -> None:
    policy = csp(response)
    script = policy.get("script-src", policy.get("default-src"))
    assert script == ["'self'"], "scripts only from the page's own origin: no inline, no eval"
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"


API_RESPONSES = [
    ("GET", "/api/v1/health", None, 200),
    ("GET", "/api/v1/ops", None, 200),
    ("POST", "/api/v1/graph", {"expression": "x * y", "values": {"x": 2, "y": 3}}, 200),
    ("POST", "/api/v1/graph", {"expression": "x +", "values": {}}, 422),
    ("POST", "/api/v1/graph", {"expression": 1}, 422),
    ("GET", "/api/v1/graph", None, 405),
    ("GET", "/api/v1/nothing-here", None, 404),
]


@pytest.mark.parametrize(("method", "path", "body", "status"), API_RESPONSES)
def test_api_responses_carry_the_security_headers(client, method, path, body, status):
    response = client.request(method, path, json=body)
    assert response.status_code == status
    assert_hardened(response)


def test_body_limit_rejection_carries_the_security_headers():
    with make_client({"CHAINRULE_MAX_BODY_BYTES": "100"}) as c:
        response = c.post("/api/v1/graph", json={"expression": "x" * 200})
    assert response.status_code == 413
    assert_hardened(response)


class _Scripts(HTMLParser):
    """Collects inline scripts and inline event handlers, which the CSP would block."""

    def __init__(self):
        super().__init__()
        self.inline: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in attributes:
            if name.startswith("on"):
                self.inline.append(f"<{tag} {name}=...>")
        if tag == "script":
            self._in_script = "src" not in attributes
            if self._in_script and attributes.get("type") == "importmap":
                self.inline.append("<script type=importmap>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline.append(data.strip()[:60])


def test_the_page_is_hardened_and_has_no_inline_script(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert_hardened(response)
    scripts = _Scripts()
    scripts.feed(response.text)
    assert scripts.inline == [], "inline script would be blocked by the CSP"
    for path in ("/styles.css", "/js/main.js"):
        static = client.get(path)
        if static.status_code == 200:
            assert_hardened(static)


def test_cors_is_off_by_default(client):
    preflight = client.options(
        "/api/v1/graph",
        headers={"origin": ORIGIN, "access-control-request-method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers
    simple = client.get("/api/v1/health", headers={"origin": ORIGIN})
    assert simple.status_code == 200
    assert "access-control-allow-origin" not in simple.headers


def test_cors_allows_only_the_configured_origins():
    with make_client({"CHAINRULE_CORS_ORIGINS": f"{ORIGIN}, https://other.example"}) as c:
        preflight = c.options(
            "/api/v1/graph",
            headers={
                "origin": ORIGIN,
                "access-control-request-method": "POST",
                "access-control-request-headers": "content-type",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == ORIGIN
        assert "POST" in preflight.headers["access-control-allow-methods"]
        post = c.post(
            "/api/v1/graph",
            json={"expression": "x", "values": {"x": 1}},
            headers={"origin": ORIGIN},
        )
        assert post.status_code == 200
        assert post.headers["access-control-allow-origin"] == ORIGIN
        assert "access-control-allow-credentials" not in post.headers
        stranger = c.get("/api/v1/health", headers={"origin": "https://evil.example"})
        assert "access-control-allow-origin" not in stranger.headers
        refused = c.options(
            "/api/v1/graph",
            headers={"origin": "https://evil.example", "access-control-request-method": "POST"},
        )
        assert refused.status_code == 400
        assert "access-control-allow-origin" not in refused.headers


def test_a_wrong_method_on_an_api_route_is_its_own_405_not_the_static_site(client):
    """/api/ paths never fall through to the static frontend (which allows GET, HEAD)."""
    response = client.options("/api/v1/graph")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["detail"]["message"] == "Method Not Allowed"
    missing = client.get("/api/v1/no-such-route")
    assert missing.status_code == 404 and missing.json()["detail"]["message"] == "Not Found"
