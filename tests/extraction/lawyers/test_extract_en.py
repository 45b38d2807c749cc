"""US case records (CAP JSON / CourtListener): counsel lines, caption parties, masking, real samples."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from core.errors import RecordRejected
from extraction.lawyers import courtlistener
from extraction.lawyers.ids import firm_key
from extraction.lawyers.judgment_en import parse_en, segments_of
from graph.records import RawRecord

CASEBODY = """<?xml version='1.0' encoding='utf-8'?>
<casebody xmlns="http://nrs.harvard.edu/urn-3:HLS.Libr.US_Case_Law.Schema.Case_Body:v1">
  <parties id="p">Laura FINCH, Plaintiff-Appellant, v. Granite Insurance Company, Defendant-Respondent.</parties>
  <docketnumber id="d">No. 12345.</docketnumber>
  <court id="c">Missouri Court of Appeals.</court>
  <attorneys id="a1"><page-number citation-index="1" label="12">*12</page-number>John A. Miller and Mary B. Hughes, Miller, Porter &amp; Hughes, L.L.C., Springfield, MO, for appellant.</attorneys>
  <attorneys id="a2"><em>Steven C. Dalton </em>for respondent (<em>Dalton &amp; Foster, LLP, </em>attorneys).</attorneys>
  <attorneys id="a3">Rachel D. Kendall, Jefferson City, MO, for respondent.</attorneys>
  <attorneys id="a4">Kevin Finch, Finch &amp; Porter, Springfield, MO, for appellant Finch.</attorneys>
  <opinion type="majority">
    <author id="au">NANCY K. LOWELL, Judge.</author>
    <p id="p1">Laura Finch appeals. Finch called 573-555-0142 and gave SSN 123-45-6789.</p>
    <p id="p2">Affirmed.</p>
  </opinion>
</casebody>"""
RECORD = {"id": 1, "name": "Laura FINCH v. Granite Insurance Company", "name_abbreviation": "Finch v. Granite",
          "decision_date": "2004-05-21", "docket_number": "No. 12345",
          "court": {"name": "Missouri Court of Appeals", "slug": "mo-ct-app"},
          "casebody": {"status": "ok", "data": CASEBODY}}


def raw(record: dict) -> RawRecord:
    return RawRecord("cases.jsonl", str(record.get("id")), 1, record)


def test_counsel_lines_give_lawyers_firms_and_sides() -> None:
    j = courtlistener.parse(raw(RECORD))
    got = {(a.name, firm_key(a.firm) if a.firm else "", tuple(a.parties)) for a in j.agents}
    assert got == {
        ("John A. Miller", firm_key("Miller, Porter & Hughes, L.L.C."), (0,)),
        ("Mary B. Hughes", firm_key("Miller, Porter & Hughes, L.L.C."), (0,)),
        ("Steven C. Dalton", firm_key("Dalton & Foster, LLP"), (1,)),
        ("Rachel D. Kendall", "", (1,)),
        ("Kevin Finch", firm_key("Finch & Porter"), (0,)),
    }
    assert [a.place for a in j.agents if not a.firm] == ["Jefferson City"]
    assert j.outcome == "lost" and j.date == "2004-05-21" and j.judges[0].name == "NANCY K. LOWELL"
    assert [(p.side, p.kind) for p in j.parties] == [("claimant", "person"), ("respondent", "enterprise")]


def test_person_party_masked_everywhere_counsel_untouched() -> None:
    ex = courtlistener.extract(raw(RECORD))
    text = ex.document.text
    assert "Laura FINCH" not in text and "for appellant Finch" not in text and "L. F." in text
    assert "Kevin Finch, Finch & Porter" in text  # counsel of the same surname keeps their name
    assert "573-555-0142" not in text and "123-45-6789" not in text
    assert "John A. Miller" in text and "Granite Insurance Company" in text
    assert "Finch" not in ex.document.title
    lawyers = {n.props["name"] for n in ex.nodes if n.label == "Lawyer"}
    assert lawyers == {"John A. Miller", "Mary B. Hughes", "Steven C. Dalton", "Rachel D. Kendall", "Kevin Finch"}


def test_counsel_without_firm_is_not_merged_by_name_across_cases() -> None:
    other = dict(RECORD, id=2, docket_number="No. 99999")
    ids_1 = {n.id for n in courtlistener.extract(raw(RECORD)).nodes if n.props.get("name") == "Rachel D. Kendall"}
    ids_2 = {n.id for n in courtlistener.extract(raw(other)).nodes if n.props.get("name") == "Rachel D. Kendall"}
    assert ids_1 and ids_2 and not ids_1 & ids_2
    firm_1 = {n.id for n in courtlistener.extract(raw(RECORD)).nodes if n.props.get("name") == "John A. Miller"}
    firm_2 = {n.id for n in courtlistener.extract(raw(other)).nodes if n.props.get("name") == "John A. Miller"}
    assert firm_1 == firm_2  # same name at the same firm: one lawyer


def test_cluster_json_with_free_text_attorneys() -> None:
    cluster = {"id": 7, "case_name": "Smith v. Acme Corporation", "date_filed": "2019-02-01", "docket_number": "18-1234",
               "court": "ca8", "attorneys": "Jane Roe, Roe & Lee LLP, Chicago, IL, for appellant.\n"
                                          "Tom Poe, Assistant U.S. Attorney, for appellee.",
               "plain_text": "Smith appeals.\n\nReversed and remanded."}
    j = courtlistener.parse(raw(cluster))
    assert {(a.name, a.firm) for a in j.agents} == {("Jane Roe", "Roe & Lee LLP"), ("Tom Poe", "")}
    assert j.outcome == "won" and "Smith" not in j.text.split("\n")[0].replace("S.", "")


def test_several_counsel_groups_in_one_free_text_line() -> None:
    cluster = {"id": 8, "case_name": "Jones v. Pioneer Industries, Inc.", "court": "ca8",
               "attorneys": "Jane Roe, Roe & Lee LLP, Chicago, IL, for appellant. Tom Poe, Poe Law Office, "
                            "for appellee.", "plain_text": "Affirmed."}
    j = courtlistener.parse(raw(cluster))
    assert {(a.name, a.firm, tuple(a.parties)) for a in j.agents} == \
        {("Jane Roe", "Roe & Lee LLP", (0,)), ("Tom Poe", "Poe Law Office", (1,))}


def test_counsel_offices_become_titles() -> None:
    record = dict(RECORD, casebody={"data": CASEBODY.replace(
        "Rachel D. Kendall, Jefferson City, MO, for respondent.",
        "J. D. MacFarlane, Attorney General, Mary J. Mullarkey, Solicitor General, Tom Poe, Esq., for respondent.")})
    titles = {a.name: a.title for a in courtlistener.parse(raw(record)).agents}
    assert titles["J. D. MacFarlane"] == "Attorney General" and titles["Mary J. Mullarkey"] == "Solicitor General"
    assert titles["Tom Poe"] == "attorney"


def test_records_without_text_or_parties_are_rejected() -> None:
    with pytest.raises(RecordRejected, match="no case text"):
        courtlistener.extract(raw({"id": 3}))
    with pytest.raises(RecordRejected, match="not a JSON object"):
        courtlistener.extract(RawRecord("x.jsonl", "1", 1, ["a list"]))


def test_reader_takes_a_record_a_list_or_a_results_page() -> None:
    for data in (RECORD, [RECORD, RECORD], {"results": [RECORD]}):
        records = list(courtlistener.read("x.json", io.BytesIO(json.dumps(data).encode())))
        assert records and all(r.error is None for r in records)
    bad = list(courtlistener.read("x.json", io.BytesIO(b"{not json")))
    assert bad[0].error and "not valid JSON" in bad[0].error


def _attorney_lines(data: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", m) for m in re.findall(r"<attorneys[^>]*>(.*?)</attorneys>", data, re.S)]


def test_real_cap_records(samples: Path) -> None:
    """Expectations from each real record: every counsel line arguing "for" someone gives at least one
    lawyer named in that line; firms found are printed in the line; caption persons never reach the text."""
    files = sorted((samples / "courtlistener").glob("*.json"))
    assert files
    lines_total = lawyers_total = 0
    for path in files:
        record = json.loads(path.read_text(encoding="utf-8"))
        data = record["casebody"]["data"]
        lines = [x for x in _attorney_lines(data) if " for " in x]
        j = courtlistener.parse(raw(record))
        assert j.parties, path.name
        for line in lines:
            flat = re.sub(r"\s+", " ", line)
            named = [a for a in j.agents if a.name.split()[-1].replace("-", "") in flat.replace("-", "")]
            assert named, (path.name, flat[:60])
        for a in j.agents:
            assert a.professional and len(a.name.split()) >= 2
            assert not a.firm or a.firm.split(",")[0].split(" &")[0] in data, (path.name, a.firm)
        unmasked = parse_en(record, segments_of(record))
        counsel = {a.name.lower().split(",")[0] for a in unmasked.agents}
        for p in unmasked.parties:  # a trustee who is counsel of record stays public
            if p.kind == "person" and re.search(r"[a-z]", p.name) and p.name.lower() not in counsel:
                assert p.name not in j.text, (path.name, p.name)
        lines_total += len(lines)
        lawyers_total += len(j.agents)
    assert lines_total >= 15 and lawyers_total >= lines_total


def test_real_cap_records_sides(samples: Path) -> None:
    """Where a counsel line names the side ("for appellant") the lawyer acts for parties of that side."""
    for path in sorted((samples / "courtlistener").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        j = courtlistener.parse(raw(record))
        for a in j.agents:
            assert all(0 <= i < len(j.parties) for i in a.parties)
        assert any(a.parties for a in j.agents), path.name
