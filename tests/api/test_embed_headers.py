"""/embed may be framed (frame-ancestors from settings, no X-Frame-Options); "/" never is."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from chainrule.api.app import create_app
from chainrule.settings import Settings

from .test_security import assert_hardened, csp


def client_for(env: dict[str, str]) -> TestClient:
    return TestClient(create_app(Settings.from_env(env)))


def test_embed_may_be_framed_by_anyone_by_default():
    with client_for({}) as client:
        response = client.get("/embed")
        assert response.status_code == 200
        assert "text/html" in response.headers["content-type"]
        assert csp(response)["frame-ancestors"] == ["*"]
        assert "x-frame-options" not in response.headers
        # Everything else about the policy is as strict as the page's.
        assert csp(response)["script-src"] == ["'self'"]
        assert response.headers["x-content-type-options"] == "nosniff"


def test_the_configured_frame_ancestors_reach_embed_and_not_the_page():
    env = {"CHAINRULE_FRAME_ANCESTORS": "'self' https://course.example"}
    with client_for(env) as client:
        embed = client.get("/embed")
        assert csp(embed)["frame-ancestors"] == ["'self'", "https://course.example"]
        assert "x-frame-options" not in embed.headers
        assert_hardened(client.get("/"))  # frame-ancestors 'none' and X-Frame-Options DENY


@pytest.mark.parametrize("path", ["/", "/index.html", "/api/v1/health"])
def test_everything_but_embed_stays_unframeable(path):
    with client_for({}) as client:
        response = client.get(path)
        assert response.status_code == 200
        assert_hardened(response)


@pytest.mark.parametrize(
    "bad", ["https://ok.example; script-src *", "javascript:alert(1)", "'unsafe-inline'"]
)
def test_a_bad_frame_ancestors_value_is_refused_with_a_clear_message(bad):
    with pytest.raises(ValueError, match="CHAINRULE_FRAME_ANCESTORS") as info:
        Settings.from_env({"CHAINRULE_FRAME_ANCESTORS": bad})
    assert "is not an origin" in str(info.value)
