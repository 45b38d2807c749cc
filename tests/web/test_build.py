"""The built page loads everything from this server: cytoscape.js and Swagger UI come from the npm
registry at build time (web/build.py), never from a CDN at run time."""

from __future__ import annotations

import re
import shutil

import pytest
from fastapi.testclient import TestClient

from api.app import WEB_DIR
from tests.api_support import make_app
from web.build import VENDOR, installed_version


@pytest.fixture(scope="module")
def dist():
    if not (WEB_DIR / "vendor" / "cytoscape.min.js").exists():
        if shutil.which("npm") is None:
            pytest.skip("web/dist is not built and npm is missing to build it (make web)")
        from web.build import build

        build()
    return WEB_DIR


def test_page_references_only_local_assets(dist) -> None:
    html = (dist / "index.html").read_text(encoding="utf-8")
    refs = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "vendor/cytoscape.min.js" in refs and "app.js" in refs
    assert not [r for r in refs if re.match(r"^(https?:)?//", r)], refs
    js = (dist / "app.js").read_text(encoding="utf-8")
    assert "sessionStorage" in js and "localStorage" not in js  # the key stays in the tab's session
    for name, (version, _) in VENDOR.items():  # the pinned versions are the ones installed
        assert installed_version(name) == version, name


def test_server_serves_page_vendor_files_and_local_docs(dist, settings, falkor_store) -> None:
    with TestClient(make_app(settings, falkor_store)) as c:
        page = c.get("/")
        assert page.status_code == 200 and "<title>riskgraph</title>" in page.text
        assert c.get("/vendor/cytoscape.min.js").status_code == 200
        docs = c.get("/docs").text
        assert "/vendor/swagger-ui-bundle.js" in docs and "cdn." not in docs
        assert c.get("/vendor/swagger-ui-bundle.js").status_code == 200


def test_page_is_served_with_a_strict_content_security_policy(dist, settings, falkor_store) -> None:
    with TestClient(make_app(settings, falkor_store)) as c:
        page = c.get("/")
        api = c.get("/api/v1/stats")
        docs = c.get("/docs")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "connect-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in docs.headers  # Swagger UI's inline start-up script
    assert api.headers["x-content-type-options"] == "nosniff"
