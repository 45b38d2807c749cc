"""The page in a real browser (Debian's chromium through Playwright) for issue 16 and the page bullet of
issue 18: the ownership tree drawn with its controller, the watch button on the enterprise, vehicle and
lawyer views, the alerts list after an ingest; no empty graph box before a selection, the detail pane
cleared by a new list, a name-only enterprise listed with what it resolves to, a ring drawn with labels
that do not overlap.

Shares the session's demo server and browser with tests/web/test_views.py (tests/web_support.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

pytest.register_assert_rewrite("tests.web_support")
from tests.web_support import DemoServer, expect, screenshot  # noqa: E402 - after the rewrite hook

pytest_plugins = ["tests.web_support"]
pytestmark = pytest.mark.browser


def _get(server: DemoServer, path: str, role: str | None = None, ok: bool = True) -> Any:
    headers = {"Authorization": f"Bearer {server.tokens[role]}"} if role else {}
    r = httpx.get(server.url + "/api/v1" + path, headers=headers, timeout=60)
    if ok:
        assert r.status_code == 200, f"{path}: {r.status_code} {r.text[:300]}"
    return r.json() if ok else r


def _use_key(page: Any, token: str) -> None:
    page.fill("#api-key", token)
    page.click("#key-form button[type=submit]")
    expect(page.locator("#key-state")).to_have_text("key set for this tab")


def _truth(server: DemoServer, name: str) -> list[dict[str, Any]]:
    text = (server.data / "truth" / "enterprises" / name).read_text(encoding="utf-8")
    return json.loads(text) if name.endswith(".json") else [json.loads(line) for line in text.splitlines()]


def _open(page: Any, server: DemoServer, enterprise: str) -> None:
    page.goto("/#enterprises")
    _use_key(page, server.tokens["regulator"])
    page.goto(f"/#enterprises/{quote(enterprise, safe='')}")
    page.wait_for_selector("#enterprise-level")


def test_no_empty_graph_box_before_an_enterprise_is_opened(page: Any, demo_server: DemoServer) -> None:
    page.goto("/#enterprises")
    _use_key(page, demo_server.tokens["regulator"])
    assert not page.locator("#network").is_visible() and not page.locator("#ownership-tree").is_visible()
    page.click("#enterprise-watchlist")
    page.wait_for_selector("#enterprise-results li")
    assert not page.locator("#network").is_visible()  # a list, but nothing selected yet


def test_a_new_list_clears_the_enterprise_that_was_open(page: Any, demo_server: DemoServer) -> None:
    red = _get(demo_server, "/enterprises/watchlist?level=red&limit=5", "regulator")["items"]
    green = _get(demo_server, "/enterprises/watchlist?level=green&limit=1", "regulator")["items"][0]
    _open(page, demo_server, green["id"])
    expect(page.locator("#enterprise-name")).to_contain_text(green["name"])
    page.click("#enterprise-watchlist")
    expect(page.locator(f"#enterprise-results li[data-id='{red[0]['id']}']")).to_be_visible()
    expect(page.locator("#enterprise-risk")).to_be_empty()
    assert not page.locator("#network").is_visible() and not page.locator("#ownership").is_visible()
    assert page.evaluate("location.hash") == "#enterprises"
    page.locator(f"#enterprise-results li[data-id='{red[0]['id']}']").click()  # and the next one opens
    expect(page.locator("#enterprise-level")).to_have_text("red")


def _name_only(server: DemoServer) -> tuple[str, dict[str, Any], dict[str, Any]] | None:
    """A name variant the search lists as a name-only enterprise that resolves to a registered one."""
    for variant in _truth(server, "name_variants.jsonl"):
        hits = _get(server, f"/enterprises?q={quote(variant['name'])}&limit=50", "regulator")["items"]
        for hit in hits:
            if hit["registered"]:
                continue
            r = _get(server, f"/enterprises/{quote(hit['id'], safe='')}/risk", "regulator", ok=False)
            if r.status_code == 200 and r.json()["id"] != hit["id"]:
                return variant["name"], hit, r.json()
    return None


def test_a_name_only_enterprise_is_listed_with_the_registered_one_it_opens(page: Any, demo_server: DemoServer) -> None:
    found = _name_only(demo_server)
    if found is None:
        pytest.skip("the demo data has no name-only enterprise that resolves")
    query, hit, resolved = found
    page.goto("/#enterprises")
    _use_key(page, demo_server.tokens["regulator"])
    page.fill("#enterprise-q", query)
    page.click("#enterprise-form button[type=submit]")
    item = page.locator(f"#enterprise-results li[data-id='{hit['id']}']")
    expect(item.locator(".badge")).to_have_text("name only")
    expect(item.locator(".resolution")).to_contain_text(f"opens the registered enterprise it resolves to: {resolved['name']}")
    expect(item.locator(".level")).to_have_text(resolved["level"])
    item.click()
    expect(page.locator("#enterprise-resolved")).to_contain_text(hit["id"])
    expect(page.locator("#enterprise-name")).to_contain_text(resolved["name"])


def test_a_ring_is_drawn_force_directed_with_labels_that_do_not_overlap(page: Any, demo_server: DemoServer,
                                                                       tmp_path: Path) -> None:
    ring = max((r for r in _truth(demo_server, "rings.json") if r["members"][0].startswith("CN:")),
               key=lambda r: len(r["members"]))
    member = ring["members"][0]
    network = _get(demo_server, f"/enterprises/{quote(member, safe='')}/network?depth=1", "regulator")
    assert len(network["nodes"]) >= 15, len(network["nodes"])
    _open(page, demo_server, member)
    expect(page.locator("#network")).to_have_attribute("data-nodes", str(len(network["nodes"])))
    overlapping = page.evaluate("""(() => {
      const shown = cy.nodes().filter((n) => n.style('label'));
      const boxes = shown.map((n) => [n.id(), n.boundingBox({ includeLabels: true, includeOverlays: false })]);
      const bad = [];
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i][1], b = boxes[j][1];
        if (Math.min(a.x2, b.x2) > Math.max(a.x1, b.x1) && Math.min(a.y2, b.y2) > Math.max(a.y1, b.y1)) bad.push([boxes[i][0], boxes[j][0]]);
      }
      return { bad, shown: shown.length };
    })()""")
    assert overlapping["bad"] == [], overlapping
    assert overlapping["shown"] >= 1  # the centre's name at least
    # a name hidden for room shows when pointed at
    quiet = page.evaluate("cy.nodes('.quiet').map((n) => n.id())")
    if quiet:
        page.evaluate(f"cy.getElementById({json.dumps(quiet[0])}).emit('mouseover')")
        assert page.evaluate(f"cy.getElementById({json.dumps(quiet[0])}).style('label')")
    screenshot(page, "ring", tmp_path)


def test_the_ownership_tree_is_drawn_with_its_controller_owners_above(page: Any, demo_server: DemoServer,
                                                                     tmp_path: Path) -> None:
    cases = {c["template"]: c for c in _truth(demo_server, "control.jsonl")}
    chain = cases["chain"]
    expected = _get(demo_server, f"/enterprises/{quote(chain['target'], safe='')}/controllers", "regulator")
    _open(page, demo_server, chain["target"])
    tree = page.locator("#ownership-tree")
    expect(tree).to_have_attribute("data-nodes", str(len(expected["tree"]["nodes"])))
    assert tree.locator("canvas").count() > 0
    assert int(tree.get_attribute("data-edges")) == len(expected["tree"]["edges"])
    expect(page.locator("#controller")).to_contain_text("actual controller")
    expect(page.locator("#controller")).to_contain_text(chain["controller"]["name"])
    expect(page.locator("#controller")).to_contain_text("through 3 companies")
    drawn = page.evaluate("""(() => ({
      controller: ownershipCy.nodes('.controller').map((n) => n.id()),
      rootY: ownershipCy.nodes('.root')[0].position('y'),
      otherY: ownershipCy.nodes().not('.root').map((n) => n.position('y')) }))()""")
    assert expected["controller"]["id"] in drawn["controller"]
    assert all(y < drawn["rootY"] for y in drawn["otherY"]), drawn  # the owners above the enterprise
    screenshot(page, "ownership", tmp_path)

    _open(page, demo_server, cases["cycle"]["target"])
    expect(page.locator("#ownership-circular")).to_contain_text("Circular ownership")
    _open(page, demo_server, cases["diamond"]["target"])
    expect(page.locator("#controller")).to_contain_text("suspected actual controller")


def _watches(server: DemoServer, role: str) -> list[dict[str, Any]]:
    return _get(server, "/watches?limit=200", role)["items"]


def test_the_watch_button_watches_and_unwatches_on_every_view(page: Any, demo_server: DemoServer) -> None:
    green = _get(demo_server, "/enterprises/watchlist?level=green&limit=3", "regulator")["items"][2]
    _open(page, demo_server, green["id"])
    button = page.locator("#watch-enterprise")
    expect(button).to_have_text("Watch")
    button.click()
    expect(button).to_have_text("Watching ✓")
    assert green["id"] in [w["subject"] for w in _watches(demo_server, "regulator")]
    button.click()
    expect(button).to_have_text("Watch")
    assert green["id"] not in [w["subject"] for w in _watches(demo_server, "regulator")]

    # a lawyer: not without a key; with an inspector's
    rows = [json.loads(line) for line in httpx.get(demo_server.url + "/api/v1/open-data/lawyers/download?format=jsonl",
                                                   timeout=60).text.splitlines()]
    lawyer = max(rows, key=lambda r: (r["cases"], r["id"]))
    record = _get(demo_server, f"/lawyers/{quote(lawyer['id'], safe='')}?limit=5")
    page.evaluate("sessionStorage.clear()")
    page.goto(f"/#lawyers/{quote(record['id'], safe='')}")
    expect(page.locator("#watch-lawyer")).to_be_disabled()
    _use_key(page, demo_server.tokens["inspector"])
    page.goto(f"/#lawyers/{quote(record['id'], safe='')}")
    page.locator("#watch-lawyer").click()
    expect(page.locator("#watch-lawyer")).to_have_text("Watching ✓")
    assert record["id"] in [w["subject"] for w in _watches(demo_server, "inspector") if w["kind"] == "lawyer"]

    # a vehicle model, with the same inspector key
    top = _get(demo_server, "/defects/top?limit=1", "inspector")["pairs"]["items"][0]
    vehicle, cursor = None, ""
    while vehicle is None:
        listed = _get(demo_server, f"/vehicles?limit=200{cursor}", "inspector")
        vehicle = next((v for v in listed["items"] if v["id"] == top["vehicle"]), None)
        assert vehicle is not None or listed["next_cursor"], top
        cursor = f"&cursor={listed['next_cursor']}"
    page.goto("/#vehicles")
    expect(page.locator("#vehicle-make option")).not_to_have_count(1)
    page.select_option("#vehicle-make", vehicle["make"])
    page.select_option("#vehicle-model", vehicle["model"])
    page.select_option("#vehicle-year", str(vehicle["year"]))
    page.click("#vehicle-go")
    page.locator("#watch-vehicle").click()
    expect(page.locator("#watch-vehicle")).to_have_text("Watching ✓")
    assert vehicle["id"] in [w["subject"] for w in _watches(demo_server, "inspector") if w["kind"] == "vehicle"]


def test_the_alerts_list_shows_what_an_ingest_brought(page: Any, demo_server: DemoServer, tmp_path: Path) -> None:
    from reasoning.ingest import ingest

    ent = _get(demo_server, "/enterprises/watchlist?level=yellow&limit=1", "regulator")["items"] or \
        _get(demo_server, "/enterprises/watchlist?level=green&limit=1", "regulator")["items"]
    risk = _get(demo_server, f"/enterprises/{quote(ent[0]['id'], safe='')}/risk", "regulator")
    _open(page, demo_server, risk["id"])
    page.locator("#watch-enterprise").click()
    expect(page.locator("#watch-enterprise")).to_have_text("Watching ✓")
    penalties = tmp_path / "penalties-browser.jsonl"
    penalties.write_text(json.dumps({"当事人名称": risk["name"], "统一社会信用代码": risk["code"],
                                     "行政处罚决定书文号": "市监处罚〔2025〕7777号", "违法行为类型": "未按规定公示年度报告",
                                     "行政处罚内容": "罚款1万元", "作出行政处罚决定日期": "2025-06-01",
                                     "作出行政处罚决定机关名称": "市场监督管理局"}, ensure_ascii=False) + "\n", encoding="utf-8")
    summary = ingest(demo_server.store, demo_server.settings, "cn-penalties", [penalties])
    assert summary.after_ingest["watches"]["alerts"] >= 1
    page.click("#tabs a[data-view='alerts']")
    rows = page.locator("#alerts-table tbody tr")
    expect(rows.first).to_contain_text("7777")
    first = rows.first.inner_text()
    assert "2025-06-01" in first and "penalty" in first and risk["name"] in first
    expect(page.locator("#watch-list")).to_contain_text(risk["name"])
    screenshot(page, "alerts", tmp_path)
