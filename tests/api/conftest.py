"""A TestClient over a fresh app with default settings."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from chainrule.api.app import create_app


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as c:
        yield c
