"""Extraction quality on the generator's labelled set (`riskgraph eval extraction`): every labelled
record is read and extracted from the generated files by the real source kinds, and precision /
recall per field is computed against the planted truth in truth/vehicles/labels.jsonl."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from core.errors import RecordRejected
from core.reporting import SILENT, Reporter
from core.settings import Settings
from core.textio import open_binary
from extraction.common.names import enterprise_id
from extraction.registry import get_kind
from extraction.vehicles.vocab import normalise_make, normalise_model, vehicle_id
from graph.records import Extraction, stable_id

FIELDS = ("vehicle", "system", "symptoms", "conditions", "consequences", "supplier")


def _predicted(ex: Extraction) -> dict[str, set[str]]:
    nodes = {(n.label, n.id): n for n in ex.nodes}
    out: dict[str, set[str]] = defaultdict(set)
    subject_labels = {"Complaint", "Recall"}
    for n in ex.nodes:
        if n.label == "VehicleModel":
            out["vehicle"].add(n.id)
        if n.label in subject_labels:
            out["conditions"] |= set(n.props.get("conditions") or [])
            out["consequences"] |= set(n.props.get("consequences") or [])
    for r in ex.rels:
        if r.type == "CONCERNS" and r.start_label in subject_labels:
            node = nodes.get(("Component", r.end_id))
            out["system"].add(node.props["system"] if node else r.end_id)
        elif r.type == "REPORTS":
            out["symptoms"].add(r.end_id.removeprefix("symptom:"))
        elif r.type == "IMPLICATES":
            out["supplier"].add(r.end_id)
    return out


def _expected(label: dict[str, Any]) -> dict[str, set[str]]:
    make, model, year = label["vehicle"]
    canon = normalise_make(make) or make
    out: dict[str, set[str]] = {"vehicle": {vehicle_id(canon, normalise_model(canon, model) or model, int(year))},
                                "system": {label["system"]}}
    for f in ("symptoms", "conditions", "consequences"):
        if f in label:
            out[f] = set(label[f])
    if "supplier" in label:
        out["supplier"] = {enterprise_id(name=label["supplier"])} if label["supplier"] else set()
    return out


def _match_key(kind: str, ex: Extraction) -> str:
    # notices are labelled by a hash of their text (a notice number is not always printed)
    return "sha:" + stable_id(ex.document.text) if kind == "cn-recall-notices" else ex.document.record_id


def evaluate(settings: Settings, data_dir: Path, report: Reporter = SILENT) -> dict[str, Any]:
    labels_file = Path(data_dir) / "truth" / "vehicles" / "labels.jsonl"
    if not labels_file.exists():
        raise FileNotFoundError(f"{labels_file} not found: generate the data first "
                                f"(riskgraph generate --domain vehicles --out {data_dir})")
    by_kind: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for line in labels_file.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        by_kind[row["kind"]][row["match"]] = row
    tp: dict[str, int] = defaultdict(int)
    fp: dict[str, int] = defaultdict(int)
    fn: dict[str, int] = defaultdict(int)
    found = rejected = 0
    for kind, labels in sorted(by_kind.items()):
        source = get_kind(kind)
        seen: set[str] = set()
        for path in sorted((Path(data_dir) / kind).rglob("*")):
            if not path.is_file():
                continue
            with open_binary(path) as stream:
                for raw in source.read(path.name, stream):
                    if raw.error:
                        continue
                    try:
                        ex = source.extract(raw)
                    except RecordRejected:
                        if raw.record_id in labels:
                            rejected += 1
                        continue
                    label = labels.get(_match_key(kind, ex))
                    if label is None or _match_key(kind, ex) in seen:
                        continue
                    seen.add(_match_key(kind, ex))
                    found += 1
                    pred, want = _predicted(ex), _expected(label)
                    for f in FIELDS:
                        if f not in want:
                            continue  # this source's labels do not cover the field
                        name = f"{kind}.{f}"
                        tp[name] += len(pred[f] & want[f])
                        fp[name] += len(pred[f] - want[f])
                        fn[name] += len(want[f] - pred[f])
        fn[f"{kind}.records"] += len(labels) - len(seen)
        tp[f"{kind}.records"] += len(seen)
    result: dict[str, Any] = {"labelled": sum(len(v) for v in by_kind.values()), "matched": found,
                              "rejected_labelled": rejected, "fields": {}}
    report.note("vehicle extraction, per field (precision / recall on the generated labelled set):")
    report.note(f"{'field':42}{'precision':>10}{'recall':>9}{'support':>9}")
    for name in sorted(set(tp) | set(fn) | set(fp)):
        p = tp[name] / (tp[name] + fp[name]) if tp[name] + fp[name] else 1.0
        r = tp[name] / (tp[name] + fn[name]) if tp[name] + fn[name] else 1.0
        result["fields"][name] = {"precision": round(p, 4), "recall": round(r, 4), "support": tp[name] + fn[name]}
        report.note(f"{name:42}{p:>10.3f}{r:>9.3f}{tp[name] + fn[name]:>9}")
    return result

