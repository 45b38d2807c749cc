"""`riskgraph eval extraction` for the lawyer domain: precision and recall per field of the judgment
extractors on the generator's labelled set (out/truth/lawyers/judgments.jsonl).

Fields: case_number, court, cause, date, outcome (claimant side), judges, parties (role, masked name,
kind), agents (name, firm key, title), represents (agent, masked party name), roles (party, role at the
deciding court, side), trial_roles (party, trial role where printed: 原审被告, plaintiff in
Plaintiff-Appellant), counsel_sides (agent, side argued for), party_outcomes (party, its own outcome);
and whether malformed records are rejected. The extractors run exactly as ingest runs them (read, mask, parse).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from core.errors import RecordRejected
from core.reporting import SILENT, Reporter
from core.settings import Settings
from core.textio import open_binary
from extraction.lawyers import cn_judgments, courtlistener
from extraction.lawyers.ids import firm_key
from extraction.lawyers.judgment_model import Judgment

SCALARS = ("case_number", "court", "cause", "date", "outcome")
SETS = ("judges", "parties", "agents", "represents", "roles", "trial_roles", "counsel_sides", "party_outcomes")
APPEAL_ROLES = {"appellant", "appellee"}
MIRROR = {"won": "lost", "lost": "won"}
PARSERS = {"cn-judgments": cn_judgments, "courtlistener": courtlistener}


class Tally:
    def __init__(self) -> None:
        self.tp: dict[str, int] = defaultdict(int)
        self.fp: dict[str, int] = defaultdict(int)
        self.fn: dict[str, int] = defaultdict(int)

    def scalar(self, field: str, truth: Any, found: Any) -> None:
        if truth in (None, "") and found in (None, ""):
            return
        if truth == found:
            self.tp[field] += 1
            return
        if found not in (None, ""):
            self.fp[field] += 1
        if truth not in (None, ""):
            self.fn[field] += 1

    def sets(self, field: str, truth: set, found: set) -> None:
        self.tp[field] += len(truth & found)
        self.fp[field] += len(found - truth)
        self.fn[field] += len(truth - found)

    def report(self) -> dict[str, dict[str, float | int]]:
        out = {}
        for field in (*SCALARS, *SETS):
            tp, fp, fn = self.tp[field], self.fp[field], self.fn[field]
            if tp + fp + fn == 0:
                continue
            out[field] = {"precision": round(tp / (tp + fp), 4) if tp + fp else 1.0,
                          "recall": round(tp / (tp + fn), 4) if tp + fn else 1.0, "tp": tp, "fp": fp, "fn": fn}
        return out


def _trial_role(kind: str, party: Any) -> str:
    if kind == "cn-judgments":
        return party.role_detail
    return party.role_detail or ("" if party.role in APPEAL_ROLES else party.role)


def _own_outcome(judgment: Judgment, party: Any) -> str | None:
    """The outcome a DECIDED edge gives the party (judgment_facts.build_extraction)."""
    if not judgment.outcome or party.side not in ("claimant", "respondent"):
        return None
    return party.outcome or (judgment.outcome if party.side == "claimant" else MIRROR.get(judgment.outcome, judgment.outcome))


def _found(kind: str, judgment: Judgment) -> dict[str, Any]:
    case_number = judgment.case_number.text if judgment.case_number else (judgment.docket or None)
    by_index = {i: p.name for i, p in enumerate(judgment.parties)}
    agents = [a for a in judgment.agents if a.professional]
    parties = judgment.parties

    def agent_side(a: Any) -> str:
        sides = {parties[i].side for i in a.parties}
        return a.side or (sides.pop() if len(sides) == 1 else "")

    return {
        "case_number": case_number, "court": judgment.court or None, "cause": judgment.cause or None,
        "date": judgment.date, "outcome": judgment.outcome or None,
        "judges": {j.name for j in judgment.judges},
        "parties": {(p.name, p.kind) if kind == "courtlistener" else (p.role, p.name, p.kind) for p in parties},
        "agents": {(a.name, firm_key(a.firm) if a.firm else "", a.title) for a in agents},
        "represents": {(a.name, by_index[i]) for a in agents for i in a.parties},
        "roles": {(p.name, p.role, p.side) for p in parties},
        "trial_roles": {(p.name, _trial_role(kind, p)) for p in parties if _trial_role(kind, p)},
        "counsel_sides": {(a.name, agent_side(a)) for a in agents},
        "party_outcomes": {(p.name, _own_outcome(judgment, p)) for p in parties if _own_outcome(judgment, p)},
    }


def _expected(kind: str, label: dict[str, Any]) -> dict[str, Any]:
    parties = label.get("parties", [])
    decided = label.get("outcome") not in (None, "")
    return {
        "case_number": label.get("case_number"), "court": label.get("court"), "cause": label.get("cause"),
        "date": label.get("date"), "outcome": label.get("outcome"), "judges": set(label.get("judges", [])),
        "parties": {(p["name_masked"], p["kind"]) if kind == "courtlistener" else (p["role"], p["name_masked"], p["kind"])
                    for p in parties},
        "agents": {(a["name"], a["firm_key"], a["title"]) for a in label.get("agents", [])},
        "represents": {(a["name"], party) for a in label.get("agents", []) for party in a["represents"]},
        "roles": {(p["name_masked"], p["role"], p["side"]) for p in parties if "side" in p},
        "trial_roles": {(p["name_masked"], p["trial_role"]) for p in parties if p.get("trial_role")},
        "counsel_sides": {(a["name"], a["side"]) for a in label.get("agents", []) if "side" in a},
        "party_outcomes": {(p["name_masked"], p["outcome"]) for p in parties if decided and p.get("outcome")
                           and p.get("side", "claimant") in ("claimant", "respondent")},
    }


def _records(data_dir: Path, kind: str) -> dict[tuple[str, str], Any]:
    """Every record of the kind's folder by (file name, record id), read as ingest reads it."""
    source = PARSERS[kind].SOURCE
    out = {}
    for path in sorted((data_dir / kind).rglob("*")):
        if path.is_file() and path.name.lower().removesuffix(".gz").endswith(source.suffixes):
            with open_binary(path) as stream:
                for raw in source.read(path.name, stream):
                    out[(raw.file, raw.record_id)] = raw
    return out


def evaluate(settings: Settings, data_dir: Path, report: Reporter = SILENT) -> dict[str, Any]:
    truth_file = Path(data_dir) / "truth" / "lawyers" / "judgments.jsonl"
    if not truth_file.exists():
        return {"skipped": f"no labelled judgments at {truth_file} (run `riskgraph generate --domain lawyers`)"}
    labels = [json.loads(line) for line in truth_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = {kind: _records(Path(data_dir), kind) for kind in PARSERS}
    tallies = {kind: Tally() for kind in PARSERS}
    rejects = {"expected": 0, "rejected": 0, "wrongly_rejected": 0, "missing_records": 0}
    for label in labels:
        kind = label["source_kind"]
        raw = records[kind].get((label["file"], label["record_id"]))
        if raw is None:
            rejects["missing_records"] += 1
            continue
        try:
            judgment = PARSERS[kind].parse(raw) if raw.error is None else None
        except RecordRejected:
            judgment = None
        if label.get("reject"):
            rejects["expected"] += 1
            rejects["rejected"] += judgment is None
            continue
        if judgment is None:
            rejects["wrongly_rejected"] += 1
            judgment = Judgment(lang="", text="")
        found, expected = _found(kind, judgment), _expected(kind, label)
        for field in SCALARS:
            tallies[kind].scalar(field, expected[field], found[field])
        for field in SETS:
            tallies[kind].sets(field, expected[field], found[field])
    fields = {kind: t.report() for kind, t in tallies.items()}
    worst = min((v[m] for r in fields.values() for v in r.values() for m in ("precision", "recall")), default=0.0)
    _report(report, fields, rejects)
    return {"fields": fields, "rejects": rejects, "min_precision_or_recall": worst, "labelled": len(labels)}


def _report(report: Reporter, fields: dict[str, dict[str, dict[str, Any]]], rejects: dict[str, int]) -> None:
    note = report.note
    note("lawyer extraction, per field (precision / recall on the generated labelled set):")
    for kind, by_field in fields.items():
        for field, m in by_field.items():
            note(f"  {kind:14} {field:12} P={m['precision']:.3f} R={m['recall']:.3f}  (tp {m['tp']}, fp {m['fp']}, fn {m['fn']})")
    note(f"  malformed records rejected: {rejects['rejected']}/{rejects['expected']}; "
         f"good records rejected: {rejects['wrongly_rejected']}")
