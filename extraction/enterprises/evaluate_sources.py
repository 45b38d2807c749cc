"""Precision and recall per field of `cn-registry` on the generator's records in the shapes sources write
them (cn-registry-sources/, labels in truth/enterprises/source_labels.jsonl): the enterprise's fields,
and its nested shareholders, officers, changes, abnormal-list entries, former names and branches, each
item a unit. A field a shape does not carry is not counted for that shape."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from core.errors import RecordRejected
from core.reporting import SILENT, Reporter
from core.textio import open_binary
from extraction.registry import get_kind
from graph.records import Extraction

FOLDER = "cn-registry-sources"
SCALARS = ("name", "code", "reg_no", "legal_rep", "founded", "registered_capital", "capital_currency", "status_norm",
           "authority", "address", "term_open")
SETS = ("shareholders", "officers", "changes", "abnormal", "former_names", "branches")
FIELDS = SCALARS + SETS


def extracted(ex: Extraction) -> dict[str, Any]:
    """The values of one extraction, in the labels' terms."""
    ent = ex.nodes[0]
    nodes = {n.id: n for n in ex.nodes}

    def other(rel_start: str, rel_end: str) -> Any:
        return nodes.get(rel_start if rel_end == ent.id else rel_end)

    current = [r for r in ex.rels if not r.props.get("until")]
    rep = next((other(r.start_id, r.end_id) for r in current if r.type == "LEGAL_REP_OF"), None)
    address = next((other(r.start_id, r.end_id) for r in current if r.type == "REGISTERED_AT"), None)
    p = ent.props
    out: dict[str, Any] = {"name": p.get("name"), "code": p.get("code"), "reg_no": p.get("reg_no"),
                           "legal_rep": rep.props.get("name") if rep else None,
                           "founded": p.get("founded"), "registered_capital": p.get("registered_capital"),
                           "capital_currency": p.get("capital_currency"), "status_norm": p.get("status_norm"),
                           "authority": p.get("authority"), "address": address.props.get("text") if address else None,
                           "term_open": p.get("term_open")}
    out["shareholders"] = {(other(r.start_id, r.end_id).props.get("name"), r.props.get("amount"))
                           for r in ex.rels if r.type == "SHAREHOLDER_OF"}
    out["officers"] = {(other(r.start_id, r.end_id).props.get("name"), r.props.get("role"))
                       for r in ex.rels if r.type == "OFFICER_OF"}
    out["changes"] = {(n.props["date"], n.props["item"]) for n in ex.nodes if n.label == "Change"}
    out["abnormal"] = {(n.props["listed_on"], n.props.get("removed_on")) for n in ex.nodes if n.label == "AbnormalListing"}
    out["former_names"] = set(p.get("aliases") or ())
    out["branches"] = {other(r.start_id, r.end_id).props.get("name") for r in ex.rels if r.type == "BRANCH_OF"}
    return out


def _expected_set(field: str, value: list[Any]) -> set[Any]:
    if field == "shareholders":
        return {(n, float(a)) for n, a in value}
    if field in ("officers", "changes"):
        return {(a, b) if field == "officers" else (a, b) for a, b in value}
    if field == "abnormal":
        return {(a, b) for a, b in value}
    return set(value)


def _same(field: str, value: Any, expected: Any) -> bool:
    if isinstance(expected, float) and value is not None:
        return abs(float(value) - expected) < 1e-6
    return bool(value == expected)


def evaluate(data_dir: Path, report: Reporter = SILENT) -> dict[str, Any]:
    labels_file = Path(data_dir) / "truth" / "enterprises" / "source_labels.jsonl"
    if not labels_file.exists():
        return {}
    labels = [json.loads(line) for line in labels_file.read_text(encoding="utf-8").splitlines() if line]
    wanted: dict[str, set[str]] = defaultdict(set)
    for label in labels:
        wanted[label["file"]].add(label["record_id"])
    kind = get_kind("cn-registry")
    got: dict[tuple[str, str], dict[str, Any]] = {}
    for file, ids in wanted.items():
        path = Path(data_dir) / FOLDER / file
        with open_binary(path) as stream:
            for raw in kind.read(path.name, stream):
                if raw.record_id in ids and raw.error is None:
                    try:
                        got[(file, raw.record_id)] = extracted(kind.extract(raw))
                    except RecordRejected:
                        continue
    tp: dict[str, int] = defaultdict(int)
    n_pred: dict[str, int] = defaultdict(int)
    n_true: dict[str, int] = defaultdict(int)
    misses: dict[str, list[str]] = defaultdict(list)
    for label in labels:
        pred = got.get((label["file"], label["record_id"]), {})
        for field in FIELDS:
            expected = label["expected"].get(field)
            if expected is None:
                continue  # the shape does not carry it
            value = pred.get(field)
            if field in SETS:
                want, have = _expected_set(field, expected), set(value or ())
                n_true[field] += len(want)
                n_pred[field] += len(have)
                tp[field] += len(want & have)
                if want != have and len(misses[field]) < 3:
                    misses[field].append(f"{label['file']} {label['record_id']}: {sorted(have ^ want, key=str)[:2]}")
            else:
                n_true[field] += 1
                n_pred[field] += value is not None
                ok = value is not None and _same(field, value, expected)
                tp[field] += ok
                if not ok and len(misses[field]) < 3:
                    misses[field].append(f"{label['file']} {label['record_id']}: {value!r} for {expected!r}")
    fields = {f: {"precision": round(tp[f] / n_pred[f], 4) if n_pred[f] else 0.0,
                  "recall": round(tp[f] / n_true[f], 4) if n_true[f] else 0.0, "support": n_true[f]}
              for f in FIELDS if n_true[f]}
    shapes = sorted({label["shape"] for label in labels})
    report.note(f"cn-registry in the shapes sources write ({len(labels)} labelled records; {', '.join(shapes)}):")
    report.note(f"{'field':42}{'precision':>10}{'recall':>9}{'support':>9}")
    for name, m in fields.items():
        report.note(f"{name:42}{m['precision']:>10.3f}{m['recall']:>9.3f}{m['support']:>9}")
    return {"records": len(labels), "shapes": shapes, "fields": fields,
            "misses": {k: v for k, v in misses.items() if v}}
