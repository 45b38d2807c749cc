"""Session fixtures for the browser tests: one demo data set (all three domains, small scale, ingested
through the real loader, models trained), one real uvicorn server on a free loopback port, and Debian's
chromium driven by Playwright (the Python package; its own browser downloads are never used)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DOMAIN_ROUTERS = {"vehicles": "api.routes.vehicles", "enterprises": "api.routes.enterprises",
                  "lawyers": "api.routes.lawyers"}
SCALE = 0.05
SEED = 7


def missing_domains() -> list[str]:
    """Domains whose router, generator or model the browser tests need and that are not built yet."""
    from api.routers import ROUTER_MODULES
    from datagen import available_domains
    out = []
    for domain, module in DOMAIN_ROUTERS.items():
        if module not in ROUTER_MODULES or importlib.util.find_spec(module) is None:
            out.append(f"{domain} (router {module})")
        elif domain not in available_domains():
            out.append(f"{domain} (generator datagen.{domain})")
    return out


def _has_cjk_font() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    done = subprocess.run([fc_list, ":lang=zh"], capture_output=True, text=True, timeout=60, check=False)
    return bool(done.stdout.strip())


def chromium_path() -> Path:
    """Debian's chromium (and a CJK font, so Chinese names render), installed with apt-get where we are
    root and they are missing; skips where no browser can be had."""
    wanted = ([] if CHROMIUM.exists() else ["chromium"]) + ([] if _has_cjk_font() else ["fonts-noto-cjk"])
    apt = shutil.which("apt-get")
    if wanted and apt is not None and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for cmd in ([apt, "update"], [apt, "install", "-y", "--no-install-recommends", *wanted]):
            done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900, check=False)
            if done.returncode != 0 and not CHROMIUM.exists():
                pytest.skip(f"no browser: `{' '.join(cmd)}` failed: {done.stderr.strip()[-300:]}")
    if not CHROMIUM.exists():
        pytest.skip(f"no browser: {CHROMIUM} is missing and apt-get as root is not available to install it")
    return CHROMIUM


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class DemoServer:
    url: str
    tokens: dict[str, str]
    data: Path
    store: Any
    settings: Any


def build_demo(root: Path) -> tuple[Any, Any, dict[str, Any]]:
    """Generate, ingest and train like `riskgraph demo`, at a small scale; returns settings, store, figures."""
    from datagen import available_domains, generator
    from extraction.registry import available_kinds
    from graph.store import open_store
    from reasoning.ingest import ingest
    from reasoning.registry import get_model, model_names
    from tests.conftest import make_settings

    settings = make_settings(root, batch_size=2000)
    data = root / "demo"
    figures: dict[str, Any] = {"generated": {}, "ingested": {}, "trained": {}}
    for domain in available_domains():
        figures["generated"][domain] = generator(domain).generate(data, SCALE, SEED)
    store = open_store(settings)
    store.apply_schema()
    for kind in available_kinds():
        if (data / kind).exists():
            figures["ingested"][kind] = ingest(store, settings, kind, [data / kind]).as_dict()
    for name in model_names():
        figures["trained"][name] = get_model(name).train(store, settings, lambda n=1: None)
    return settings, store, figures


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    missing = missing_domains()
    if missing:
        pytest.skip(f"the browser tests need all three domains; not built yet: {', '.join(missing)}")
    import uvicorn

    from api.app import WEB_DIR, create_app
    from api.keys import KeyStore

    src = WEB_DIR.parent / "src"
    stale = [f.name for f in src.iterdir() if not (WEB_DIR / f.name).exists()
             or f.stat().st_mtime > (WEB_DIR / f.name).stat().st_mtime]
    if stale or not (WEB_DIR / "vendor" / "cytoscape.min.js").exists():  # the page as web/src has it now
        from web.build import build

        build()
    root = tmp_path_factory.mktemp("web-demo")
    settings, store, _ = build_demo(root)
    keys = KeyStore(settings.data_dir / "keys.json")
    tokens = {role: keys.create(role, f"browser {role}")[1] for role in ("inspector", "regulator")}
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, store), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, name="uvicorn-web-tests", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            store.close()
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield DemoServer(f"http://127.0.0.1:{port}", tokens, root / "demo", store, settings)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        store.close()


@pytest.fixture(scope="session")
def browser(demo_server: DemoServer) -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the Python package playwright is not installed (pip install -e '.[test]')")
    executable = chromium_path()
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Any, demo_server: DemoServer) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 860}, base_url=demo_server.url)
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda exc: errors.append(str(exc)))
    # The page's own code must live within its Content-Security-Policy.
    p.on("console", lambda m: errors.append(m.text) if m.type == "error" and "Content Security Policy" in m.text
         else None)
    yield p
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def expect(locator: Any) -> Any:
    """Playwright's retrying assertions; they poll without evaluating strings, which the page's
    Content-Security-Policy (no unsafe-eval) would refuse."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def screenshot(page: Any, name: str, tmp_path: Path) -> Path:
    """Saved under RISKGRAPH_SCREENSHOTS (docs/screenshots when refreshing the committed ones), else tmp."""
    folder = Path(os.environ.get("RISKGRAPH_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
