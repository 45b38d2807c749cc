"""The one Extraction builder every extractor uses, and the vehicle domain's conventions on it."""

from __future__ import annotations

from extraction.common.facts import Facts
from extraction.vehicles.records import Facts as VehicleFacts
from graph.records import Document, Extraction, Node, Rel


def _doc() -> Document:
    return Document("test-kind", "file.jsonl", "line 1", "张三 某某律师事务所", date="2020-05-01")


def test_nodes_and_relationships_in_the_order_found() -> None:
    facts = Facts(_doc(), "test", "2")
    ent = Node("Enterprise", "CN:1", {"name": "甲"})
    facts.add(ent, Node("Person", "P:1"))
    assert facts.node("Lawyer", "lawyer:1", {"name": "张三"}, span=(0, 2), terms=["张三"]) == "lawyer:1"
    facts.node("Lawyer", "lawyer:1")  # a second mention is kept too: the loader merges
    facts.rel("OFFICER_OF", ("Person", "P:1"), ent, {"role": "director"}, key="director", span=(0, 2))
    facts.rel("SAME_AS", ("Lawyer", "lawyer:1"), ("Lawyer", "lawyer:2"))
    ex = facts.extraction()
    assert isinstance(ex, Extraction)
    assert (ex.document, ex.extractor, ex.extractor_version) == (_doc(), "test", "2")
    assert [(n.label, n.id) for n in ex.nodes] == [("Enterprise", "CN:1"), ("Person", "P:1"), ("Lawyer", "lawyer:1"),
                                                   ("Lawyer", "lawyer:1")]
    assert ex.nodes[2] == Node("Lawyer", "lawyer:1", {"name": "张三"}, (0, 2), 1.0, ["张三"])
    assert ex.rels == [Rel("OFFICER_OF", "Person", "P:1", "Enterprise", "CN:1", {"role": "director"}, "director", (0, 2)),
                       Rel("SAME_AS", "Lawyer", "lawyer:1", "Lawyer", "lawyer:2")]


def test_vehicle_facts_add_a_node_once_and_date_their_links() -> None:
    facts = VehicleFacts(_doc(), "test")
    facts.node("Symptom", "symptom:stall", {"name": "stall"})
    facts.node("Symptom", "symptom:stall", {"name": "other"})  # no new evidence: not added again
    facts.node("Symptom", "symptom:stall", span=(3, 5))  # a new span: added
    facts.rel("REPORTS", ("Complaint", "c:1"), ("Symptom", "symptom:stall"), key="stall")
    facts.rel("HAS_MODEL", ("Make", "make:x"), ("VehicleModel", "v:1"), {"date": None, "note": None})
    facts.rel("INFLUENCED", ("Investigation", "i:1"), ("Recall", "r:1"), {"date": "2019-01-02"})
    ex = facts.extraction()
    assert [n.span for n in ex.nodes] == [None, (3, 5)]
    assert [r.props for r in ex.rels] == [{"date": "2020-05-01"}, {}, {"date": "2019-01-02"}]
    assert ex.extractor_version == "1.0"
