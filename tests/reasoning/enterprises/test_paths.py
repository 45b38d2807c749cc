"""How two enterprises connect (reasoning/enterprises/paths.py): the shortest chain of shared links that
GET /enterprises/{a}/paths/{b} answers, on a small graph answering the hop query."""

from __future__ import annotations

from reasoning.enterprises.paths import PATH_DEPTH, connect
from tests.reasoning.enterprises.links_fake import LinkGraph

SCORES = {"A": 0.9, "B": 0.8, "C": 0.2, "D": 0.75, "X": 0.1, "Y": 0.3}
CONNECTORS = {"ADDR:1": ("address", ["A", "B"]), "PH:1": ("phone", ["B", "C"]), "P:1": ("person", ["C", "D"]),
              "ADDR:2": ("address", ["A", "X"])}


def graph() -> LinkGraph:
    return LinkGraph(SCORES, CONNECTORS)


def test_the_chain_reads_from_the_first_enterprise_to_the_second() -> None:
    found = connect(graph(), "A", "D")
    assert found.connected and found.hops == 3
    assert [(s["source"], s["target"], s["via_kind"], s["via"]) for s in found.steps] == [
        ("A", "B", "address", "ADDR:1"), ("B", "C", "phone", "PH:1"), ("C", "D", "person", "P:1")]
    assert found.steps[0]["via_label"] == "label of ADDR:1"
    assert found.searched_depth == 3  # two hops from A, one from D, meeting at C


def test_a_direct_link_is_one_hop() -> None:
    found = connect(graph(), "B", "A")
    assert found.connected and found.hops == 1 and found.searched_depth == 1
    assert found.steps == [{"source": "B", "target": "A", "via_kind": "address", "via": "ADDR:1",
                            "via_label": "label of ADDR:1"}]


def test_unrelated_enterprises_are_not_connected_after_searching_from_both_ends() -> None:
    found = connect(graph(), "A", "Y")
    assert not found.connected and found.hops is None and found.steps == []
    assert found.searched_depth == 2 * PATH_DEPTH


def test_an_enterprise_is_connected_to_itself_without_searching() -> None:
    g = graph()
    found = connect(g, "A", "A")
    assert found.connected and found.hops == 0 and found.steps == [] and found.searched_depth == 0
    assert g.calls == []
