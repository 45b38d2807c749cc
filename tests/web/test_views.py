"""The web page in a real browser (Debian's chromium through Playwright) against a real server on demo
data: a citizen finds a lawyer and sees their cases; an inspector opens a vehicle and sees ranked
components; a regulator opens a red enterprise and sees its network drawn.

One server and one data set serve every test here (session fixtures in tests/web_support.py).
`RISKGRAPH_SCREENSHOTS=docs/screenshots` saves the screenshots into the docs.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import httpx
import pytest

pytest.register_assert_rewrite("tests.web_support")
from tests.web_support import DemoServer, expect, screenshot  # noqa: E402 - after the rewrite hook

pytest_plugins = ["tests.web_support"]  # the session fixtures: demo_server, browser, page
pytestmark = pytest.mark.browser


def _get(server: DemoServer, path: str, role: str | None = None) -> Any:
    headers = {"Authorization": f"Bearer {server.tokens[role]}"} if role else {}
    r = httpx.get(server.url + "/api/v1" + path, headers=headers, timeout=60)
    assert r.status_code == 200, f"{path}: {r.status_code} {r.text[:300]}"
    return r.json() if r.headers["content-type"].startswith("application/json") else r.text


def _use_key(page: Any, token: str) -> None:
    page.fill("#api-key", token)
    page.click("#key-form button[type=submit]")
    assert page.locator("#key-state").inner_text() == "key set for this tab"


def test_demo_server_is_ready_with_every_model(demo_server: DemoServer) -> None:
    from reasoning.registry import model_names

    r = httpx.get(demo_server.url + "/readyz", timeout=30)
    body = r.json()
    assert r.status_code == 200 and body["status"] == "ready" and body["graph"] is True
    assert set(body["models"]) == set(model_names()) and all(m["loaded"] for m in body["models"].values())
    assert r.headers["x-request-id"]


def test_citizen_finds_a_lawyer_and_sees_their_cases(page: Any, demo_server: DemoServer, tmp_path) -> None:
    # The lawyer with most published cases, from the public open-data product.
    rows = [json.loads(line) for line in
            _get(demo_server, "/open-data/lawyers/download?format=jsonl").splitlines()]
    lawyer = max(rows, key=lambda r: (r["cases"], r["id"]))
    assert lawyer["cases"] > 0
    record = _get(demo_server, f"/lawyers/{quote(lawyer['id'], safe='')}?limit=200")

    page.goto("/#lawyers")
    page.fill("#lawyer-q", lawyer["name"])
    page.click("#lawyer-form button[type=submit]")
    page.locator(f"#lawyer-results li[data-id='{record['id']}']").click()
    page.wait_for_selector("#lawyer-cases")
    assert page.locator("#lawyer-name").inner_text().startswith(record["basic"]["name"])
    shown = page.locator("#lawyer-cases tbody tr")
    cases = record["business"]["items"]["items"]
    assert shown.count() == len(cases) > 0
    assert cases[0]["case_number"] in shown.nth(0).inner_text()
    text = page.locator("#lawyer-record").inner_text()
    assert f"{record['business']['cases']} case(s) in published judgments" in text
    assert "legal disclosure" in text
    screenshot(page, "lawyers", tmp_path)
    # The source judgment opens in place, masked.
    page.locator("#lawyer-cases details").first.locator("summary").click()
    expect(page.locator("#lawyer-cases details .judgment").first).not_to_have_text("loading…")


def _vehicle_of(server: DemoServer, vehicle_id: str) -> dict[str, Any]:
    cursor = ""
    while True:
        listed = _get(server, f"/vehicles?limit=200{cursor}", "inspector")
        for v in listed["items"]:
            if v["id"] == vehicle_id:
                return v
        if not listed["next_cursor"]:
            raise AssertionError(f"{vehicle_id} is not in GET /vehicles")
        cursor = f"&cursor={listed['next_cursor']}"


def test_inspector_opens_a_vehicle_and_sees_ranked_components(page: Any, demo_server: DemoServer,
                                                              tmp_path) -> None:
    top = _get(demo_server, "/defects/top?limit=1", "inspector")["pairs"]["items"][0]
    vehicle = _vehicle_of(demo_server, top["vehicle"])
    path = f"/vehicles/{quote(vehicle['make'])}/{quote(vehicle['model'])}/{vehicle['year']}/defects"
    expected = _get(demo_server, path, "inspector")["components"]["items"]

    page.goto("/#vehicles")
    _use_key(page, demo_server.tokens["inspector"])
    expect(page.locator("#vehicle-make option")).not_to_have_count(1)  # the makes arrived
    page.select_option("#vehicle-make", vehicle["make"])
    page.select_option("#vehicle-model", vehicle["model"])
    page.select_option("#vehicle-year", str(vehicle["year"]))
    page.click("#vehicle-go")
    page.wait_for_selector(".component")
    cards = page.locator(".component")
    assert cards.count() == len(expected) > 0
    names = [cards.nth(i).locator(".component-name").inner_text() for i in range(cards.count())]
    assert names == [c["system"] for c in expected]
    shown = [float(cards.nth(i).get_attribute("data-probability")) for i in range(cards.count())]
    assert shown == sorted(shown, reverse=True)
    assert names[0] == top["system"] or shown[0] >= top["probability"] - 1e-9
    width = cards.nth(0).locator(".bar > span").evaluate("e => e.getBoundingClientRect().width")
    assert width > 0
    assert cards.nth(0).locator(".explanation li").count() > 0  # the score explains itself
    if expected[0]["evidence"]:
        page.wait_for_selector(".component .snippet")
    screenshot(page, "vehicles", tmp_path)


def test_regulator_opens_a_red_enterprise_and_sees_its_network(page: Any, demo_server: DemoServer,
                                                               tmp_path) -> None:
    red = _get(demo_server, "/enterprises/watchlist?level=red&limit=50", "regulator")["items"]
    assert red, "the demo data has no red enterprise"
    # The red enterprise with the largest linked network, so that there is something to draw.
    networks = {e["id"]: _get(demo_server, f"/enterprises/{quote(e['id'], safe='')}/network?depth=1", "regulator")
                for e in red[:10]}
    chosen = max(networks, key=lambda i: (len(networks[i]["nodes"]), i))
    network = networks[chosen]
    assert len(network["nodes"]) > 1

    page.goto("/#enterprises")
    _use_key(page, demo_server.tokens["regulator"])
    page.click("#enterprise-watchlist")
    page.locator(f"#enterprise-results li[data-id='{chosen}']").click()
    page.wait_for_selector("#enterprise-level")
    assert page.locator("#enterprise-level").inner_text().lower() == "red"
    assert page.locator("#enterprise-reasons li").count() > 0
    expect(page.locator("#network")).to_have_attribute("data-nodes", str(len(network["nodes"])))
    assert page.locator("#network canvas").count() > 0
    assert int(page.locator("#network").get_attribute("data-edges")) == len(network["edges"])
    colours = page.evaluate("cy.nodes(`[kind = 'enterprise']`).map(n => n.style('background-color'))")
    assert "rgb(198,40,40)" in [c.replace(" ", "") for c in colours]  # the red centre is drawn red

    # A real click on a linked enterprise expands its own links into the drawing.
    neighbour = next((n["id"] for n in network["nodes"] if n["kind"] == "enterprise" and n["id"] != chosen), None)
    if neighbour is not None:
        page.locator("#network").scroll_into_view_if_needed()
        # Let the scroll land (two frames) before cytoscape maps the click to a node.
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r())))")
        page.evaluate("cy.resize()")
        box = page.locator("#network").bounding_box()
        pos = page.evaluate(f"(() => {{ const p = cy.getElementById({json.dumps(neighbour)}).renderedPosition();"
                            " return [p.x, p.y]; })()")
        page.mouse.click(box["x"] + pos[0], box["y"] + pos[1])
        expect(page.locator("#network-bar")).to_contain_text("expanded")
        nodes = int(page.locator("#network").get_attribute("data-nodes"))
        assert len(network["nodes"]) <= nodes <= 300
    screenshot(page, "enterprises", tmp_path)

    # The district view: where the enterprise is placed, counts by level and the riskiest there.
    division = _get(demo_server, f"/enterprises/{quote(chosen, safe='')}/risk", "regulator")["division"]
    if division:
        region = _get(demo_server, f"/regions/{division}?limit=10", "regulator")
        page.click("#enterprise-division")
        expect(page.locator("#region-name")).to_contain_text(region["code"])
        counts = region["counts"]
        expect(page.locator("#region")).to_contain_text(
            f"{counts['total']} enterprises: {counts['red']} red, {counts['yellow']} yellow, {counts['green']} green")
        assert counts["red"] >= 1


def test_admin_trains_a_model_through_the_api(demo_server: DemoServer) -> None:
    # Last in this file: it retrains on the same demo graph, as `riskgraph train enterprises` would.
    import time

    from api.keys import KeyStore

    _, token = KeyStore(demo_server.settings.data_dir / "keys.json").create("admin", "browser-tests admin")
    headers = {"Authorization": f"Bearer {token}"}
    r = httpx.post(demo_server.url + "/api/v1/train/enterprises", headers=headers, timeout=30)
    assert r.status_code == 202, r.text
    deadline = time.monotonic() + 300
    while (job := httpx.get(demo_server.url + r.headers["location"], headers=headers, timeout=30).json())["status"] \
            in ("queued", "running"):
        assert time.monotonic() < deadline, job
        time.sleep(0.2)
    assert job["status"] == "succeeded", job
    assert job["result"]["metrics"]["model"]["roc_auc"] is not None
