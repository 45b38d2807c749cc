"""A parsed judgment (on its masked text) as graph facts: case, court, judges, parties, counsel, firms."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from extraction.common.facts import Facts
from extraction.common.names import enterprise_id, fold, name_key
from extraction.lawyers.caseno import case_types
from extraction.lawyers.ids import (
    firm_id,
    firm_key,
    firm_parts,
    head_office_id,
    lawyer_at_firm_id,
    lawyer_in_case_id,
    license_id,
    person_key,
    search_terms,
)
from extraction.lawyers.judgment_model import Agent, Judgment
from extraction.lawyers.vocab import vocab
from graph.records import Document, Extraction, stable_id
from graph.search import terms_for

VERSION = "1"


def docket_terms(docket: str) -> list[str]:
    """The look-up keys of a US docket number, one per number printed: "Bankruptcy No. 79-03140A; Adv. No.
    79-0046A" -> docket:79-03140a, docket:79-0046a; "No. ED 83155" -> docket:ed83155. What a user types
    ("ED 83155", "Docket No. 105739") gives the same keys."""
    out = []
    for part in re.split(r"[;,]|\s+(?:and|&)\s+", fold(docket or "", case="lower")):
        core = re.sub(r"^.*\b(?:nos?|docket|number|case)\b\.?\s*", "", part.strip()) if re.search(
            r"\b(?:nos?|docket|number|case)\b", part) else part
        key = re.sub(r"[^0-9a-z-]", "", core.strip(" .:#")).strip("-")
        if re.search(r"\d", key) and key not in out:
            out.append("docket:" + key)
    return [t for t in out if len(t) > len("docket:")]


def case_id_for(judgment: Judgment, doc: Document) -> str:
    if judgment.case_number is not None:
        return "case:cn:" + judgment.case_number.text
    if judgment.jurisdiction == "US" and judgment.docket:
        docket = re.sub(r"^(?:no\.?|nos\.?|docket)\s*", "", fold(judgment.docket, spaces="drop", case="lower").rstrip("."))
        return "case:us:" + stable_id(judgment.court_slug or judgment.court, docket)
    return "case:doc:" + stable_id(doc.source_kind, doc.file, doc.record_id)


@cache
def _court_levels() -> list[tuple[str, str]]:
    return sorted(vocab("courts_zh")["levels"].items(), key=lambda kv: len(kv[0]), reverse=True)


def court_level(name: str) -> str:
    return next((level for suffix, level in _court_levels() if name.endswith(suffix)), "")


def court_id(judgment: Judgment) -> str:
    if judgment.jurisdiction == "US":  # a division of a court is a court of its own (its name keeps it)
        division = judgment.court.partition(", ")[2] if judgment.court_slug else ""
        return "court:us:" + (judgment.court_slug or name_key(judgment.court)) + (
            "|" + name_key(division) if division and name_key(division) else "")
    return "court:" + fold(judgment.court, spaces="drop")


def _span(span: tuple[int, int] | None) -> tuple[int, int] | None:
    return span if span and span[1] > span[0] else None


@lru_cache(maxsize=65536)
def _firm_facts(firm: str, zh: bool) -> tuple[str, str, str, str | None, str, tuple[str, ...]]:
    """(id, name key, branch, head office id, head office name, search terms) of a firm as a judgment
    prints it: the same firms recur across thousands of judgments, and taking a name apart is most of
    the cost of a counsel's facts."""
    core, branch, _ = firm_parts(firm) if zh else ("", "", "")
    head = head_office_id(firm)
    head_name = core + firm_parts(firm)[2] if head else ""
    return firm_id(firm), firm_key(firm), branch, head, head_name, tuple(search_terms(firm))


@lru_cache(maxsize=65536)
def _search_terms(text: str) -> tuple[str, ...]:
    """search_terms of a counsel's name and firm, which recur from case to case."""
    return tuple(search_terms(text))


@lru_cache(maxsize=65536)
def _enterprise_by_name(name: str, jurisdiction: str) -> tuple[str, str]:
    """(id, name key) of an enterprise party without a register code: the same banks and lenders are
    parties to thousands of judgments."""
    return enterprise_id(name, None, jurisdiction), name_key(name)


def _add_counsel(facts: Facts, agent: Agent, judgment: Judgment, case_id: str) -> str:
    """Nodes and links of one counsel; returns the id the REPRESENTED edges start from."""
    terms = list(_search_terms(f"{agent.name} {agent.firm}"))
    common = {"name": agent.name, "name_norm": person_key(agent.name), "title": agent.title,
              "jurisdiction": judgment.jurisdiction}
    if agent.firm:
        fid, key, branch, head, head_name, firm_terms = _firm_facts(agent.firm, judgment.lang == "zh")
        # `name_seen`: the register's spelling of the name (`name`) must win over the variants judgments print
        facts.node("LawFirm", fid, {"name_seen": agent.firm, "name_norm": key, "branch": branch,
                                    "jurisdiction": judgment.jurisdiction}, terms=list(firm_terms))
        if head:
            facts.node("LawFirm", head, {"name_seen": head_name, "name_norm": head.removeprefix("firm:"),
                                         "jurisdiction": "CN"})
            facts.rel("BRANCH_OF", ("LawFirm", fid), ("LawFirm", head))
        alias = lawyer_at_firm_id(agent.name, agent.firm)
        facts.node("Lawyer", alias, {**common, "kind": "appearance", "firm_name": agent.firm},
                   span=agent.span, terms=terms)
        facts.rel("MEMBER_OF", ("Lawyer", alias), ("LawFirm", fid), {"source": "judgment"})
        if not agent.license_no:
            return alias
        lic = license_id(agent.license_no)
        facts.node("Lawyer", lic, {**common, "license_no": fold(agent.license_no, spaces="drop"),
                                   "kind": "registered"}, span=agent.span, terms=terms)
        facts.rel("SAME_AS", ("Lawyer", alias), ("Lawyer", lic))
        return lic
    return facts.node("Lawyer", lawyer_in_case_id(agent.name, case_id),
                      {**common, "kind": "appearance", "city": agent.place or None}, span=agent.span, terms=terms)


def build_extraction(doc: Document, judgment: Judgment, extractor: str) -> Extraction:
    facts = Facts(doc, extractor, VERSION)
    case_id = case_id_for(judgment, doc)
    cn = judgment.case_number
    ctype = case_types().get(cn.type_code, {}) if cn else {}
    facts.node("Case", case_id, {
        "case_number": cn.text if cn else (judgment.docket or None), "year": cn.year if cn else None,
        "court_code": cn.court_code if cn else None, "case_type": cn.type_code if cn else None,
        "case_type_name": ctype.get("name"), "case_kind": ctype.get("kind"), "stage": ctype.get("stage"),
        "cause": judgment.cause or None, "date": judgment.date, "title": judgment.title or None,
        "lang": judgment.lang, "jurisdiction": judgment.jurisdiction, "doc_id": doc.id,
        "outcome": judgment.outcome or None,
    }, span=_span(cn.span if cn else None),  # a Chinese case is looked up by id, a US one by its docket number
        terms=docket_terms(judgment.docket) if judgment.jurisdiction == "US" else None)
    case = ("Case", case_id)
    if judgment.court:
        cid = court_id(judgment)
        facts.node("Court", cid, {"name": judgment.court, "level": court_level(judgment.court) or None,
                                  "code": cn.court_code if cn else None, "jurisdiction": judgment.jurisdiction},
                   span=_span(judgment.court_span), terms=terms_for(judgment.court))
        facts.rel("HEARD_BY", case, ("Court", cid), span=_span(judgment.court_span))
        for judge in judgment.judges:
            jid = facts.node("Judge", "judge:" + stable_id(cid, judge.name),
                             {"name": judge.name, "court": judgment.court}, span=judge.span)
            facts.rel("HEARD_BY", case, ("Judge", jid), {"role": judge.role}, span=judge.span)
    mirror = vocab("outcomes_zh")["mirror"]
    party_ids = []
    for i, party in enumerate(judgment.parties):
        pid = facts.node("Party", "party:" + stable_id(case_id, i),
                         {"name": party.name, "kind": party.kind, "role": party.role,
                          "role_detail": party.role_detail or None, "side": party.side}, span=party.span)
        party_ids.append(pid)
        facts.rel("PARTY_TO", ("Party", pid), case, {"role": party.role, "side": party.side}, span=party.span)
        if party.kind == "enterprise":
            jur = judgment.jurisdiction
            if party.code:
                eid, props = enterprise_id(party.name, party.code, jur), {"code": party.code, "jurisdiction": jur}
            else:
                eid, key = _enterprise_by_name(party.name, jur)
                props = {"name": party.name, "name_norm": key, "jurisdiction": jur}
            facts.node("Enterprise", eid, props)
            facts.rel("IDENTIFIED_AS", ("Party", pid), ("Enterprise", eid))
        elif party.kind == "person":
            # masked names are never merged across documents
            person = facts.node("Person", "person:" + stable_id(case_id, i), {"name_masked": party.name})
            facts.rel("IDENTIFIED_AS", ("Party", pid), ("Person", person))
        if judgment.outcome and party.side in ("claimant", "respondent"):
            outcome = party.outcome or (judgment.outcome if party.side == "claimant" else mirror[judgment.outcome])
            facts.rel("DECIDED", case, ("Party", pid), {"outcome": outcome, "side": party.side},
                      span=_span(judgment.outcome_span))
    for agent in judgment.agents:
        if not agent.professional:
            continue
        lawyer = _add_counsel(facts, agent, judgment, case_id)
        for index in agent.parties:
            party = judgment.parties[index]
            facts.rel("REPRESENTED", ("Lawyer", lawyer), ("Party", party_ids[index]),
                      {"side": party.side, "role": party.role, "title": agent.title, "case_id": case_id},
                      span=agent.span)
    return facts.extraction()
