"""The linked-enterprise network around one enterprise (reasoning/enterprises/network.py): what a
regulator sees on GET /enterprises/{id}/network, on a small graph answering the hop query."""

from __future__ import annotations

from typing import Any

from reasoning.enterprises.links import ALL_VIA
from reasoning.enterprises.network import expand
from tests.reasoning.enterprises.links_fake import LinkGraph

# A, B and C registered at one address; B shares a phone with D; A holds E.
SCORES = {"A": 0.9, "B": 0.8, "C": 0.2, "D": 0.75, "E": None}
CONNECTORS = {"ADDR:1": ("address", ["A", "B", "C"]), "PH:1": ("phone", ["B", "D"])}


def graph() -> LinkGraph:
    return LinkGraph(SCORES, CONNECTORS, holdings=[("A", "E")])


def root(eid: str = "A") -> dict[str, Any]:
    return {"id": eid, "name": f"name of {eid}", "level": "red", "score": SCORES[eid]}


def ids(nodes: list[dict[str, Any]]) -> list[str]:
    return [n["id"] for n in nodes]


def test_one_hop_shows_the_shared_address_and_the_enterprises_on_it() -> None:
    net = expand(graph(), root(), 1, ["address"], node_cap=100, hub_cap=50)
    assert net.center == "A" and net.via == ["address"]
    # the centre first; then, one hop away, enterprises (riskiest first) before connectors
    assert ids(net.nodes) == ["A", "B", "C", "ADDR:1"]
    assert [n["depth"] for n in net.nodes] == [0, 1, 1, 1]
    assert net.nodes[0] == {"id": "A", "kind": "enterprise", "label": "name of A", "level": "red", "score": 0.9,
                            "depth": 0}
    assert net.nodes[3]["kind"] == "address" and net.nodes[3]["label"] == "label of ADDR:1"
    assert {(e["source"], e["target"], e["kind"]) for e in net.edges} == {
        ("A", "ADDR:1", "registered_at"), ("B", "ADDR:1", "registered_at"), ("C", "ADDR:1", "registered_at")}
    assert net.total_nodes == 4 and not net.cut


def test_a_second_hop_reaches_further_and_does_not_expand_a_connector_twice() -> None:
    g = graph()
    net = expand(g, root(), 2, list(ALL_VIA), node_cap=100, hub_cap=50)
    assert {"D", "PH:1", "E"} <= set(ids(net.nodes))
    depth = {n["id"]: n["depth"] for n in net.nodes}
    assert depth["E"] == 1 and depth["D"] == 2 and depth["PH:1"] == 2
    assert ("D", "PH:1", "phone") in {(e["source"], e["target"], e["kind"]) for e in net.edges}
    assert "ADDR:1" in g.calls[1]["seen"]  # the ring's address is not walked again from B and C
    assert g.calls[0]["kinds"] == ["address", "person", "phone", "email", "shareholder"]


def test_a_shareholding_links_two_enterprises_directly() -> None:
    net = expand(graph(), root(), 1, ["shareholder"], node_cap=100, hub_cap=50)
    assert ids(net.nodes) == ["A", "E"]
    assert net.edges == [{"source": "A", "target": "E", "kind": "holds"}]


def test_links_asked_twice_are_followed_once_and_others_not_at_all() -> None:
    net = expand(graph(), root("B"), 1, ["phone", "phone"], node_cap=100, hub_cap=50)
    assert net.via == ["phone"]
    assert ids(net.nodes) == ["B", "D", "PH:1"]


def test_the_node_cap_cuts_the_network_counts_what_was_left_out_and_stops_the_walk() -> None:
    g = graph()
    net = expand(g, root(), 3, list(ALL_VIA), node_cap=3, hub_cap=50)
    assert len(net.nodes) == 3
    assert net.cut
    assert net.total_nodes > len(net.nodes)
    assert len(g.calls) == 1  # expanding further would only be cut away


def test_a_hub_shows_only_its_riskiest_enterprises_and_says_it_was_cut() -> None:
    g = LinkGraph({"A": 0.9, "B": 0.1, "C": 0.5, "D": 0.3}, {"ADDR:hub": ("address", ["A", "B", "C", "D"])})
    net = expand(g, root(), 1, ["address"], node_cap=100, hub_cap=2)
    assert ids(net.nodes) == ["A", "C", "D", "ADDR:hub"]
    assert net.cut and net.total_nodes == 4
