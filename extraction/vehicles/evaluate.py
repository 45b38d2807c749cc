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

FIELDS = ("vehicle", "system", "symptoms", "conditions", "consequences", "supplier", "filer", "units", "produced",
          "start", "ota", "advisory", "rows")


def _predicted(ex: Extraction) -> dict[str, set[str]]:
    nodes = {(n.label, n.id): n for n in ex.nodes}
    out: dict[str, set[str]] = defaultdict(set)
    subject_labels = {"Complaint", "Recall", "Bulletin"}
    for n in ex.nodes:
        if n.label == "VehicleModel":
            out["vehicle"].add(n.id)
        if n.label in subject_labels:
            out["conditions"] |= set(n.props.get("conditions") or [])
            out["consequences"] |= set(n.props.get("consequences") or [])
        if n.label == "Recall":
            p = n.props
            if p.get("units") is not None:
                out["units"].add(str(p["units"]))
            if p.get("begin_manufacture") or p.get("end_manufacture"):
                out["produced"].add(f"{p.get('begin_manufacture')}|{p.get('end_manufacture')}")
            if p.get("start_date"):
                out["start"].add(p["start_date"])
            if "ota" in p:
                out["ota"].add("true" if p["ota"] else "false")
            out["advisory"] |= {k for k in ("do_not_drive", "park_outside") if p.get(k)}
    for r in ex.rels:
        if r.type == "CONCERNS" and r.start_label in subject_labels:
            node = nodes.get(("Component", r.end_id))
            out["system"].add(node.props["system"] if node else r.end_id)
            if r.start_label == "Complaint" and node:
                out["rows"].add(f"{node.props['path']}|{r.props.get('fail_date')}")
        elif r.type == "REPORTS":
            out["symptoms"].add(r.end_id.removeprefix("symptom:"))
        elif r.type == "IMPLICATES":
            out["supplier"].add(r.end_id)
        elif r.type == "FILED":
            out["filer"].add(r.start_id)
    return out


def _vehicle(make: str, model: str, year: int | str) -> str:
    canon = normalise_make(make) or make
    return vehicle_id(canon, normalise_model(canon, model) or model, int(year))


def _expected(label: dict[str, Any]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    if "vehicle" in label or "vehicles" in label:
        out["vehicle"] = {_vehicle(*v) for v in label.get("vehicles") or [label["vehicle"]]}
    if "system" in label or "systems" in label:
        out["system"] = set(label.get("systems") or [label["system"]])
    for f in ("symptoms", "conditions", "consequences", "advisory", "rows"):
        if f in label:
            out[f] = set(label[f])
    for f in ("filer", "units", "produced", "start", "ota"):
        if f in label:
            out[f] = {label[f]} if label[f] is not None else set()
    if "supplier" in label:
        out["supplier"] = {enterprise_id(name=label["supplier"])} if label["supplier"] else set()
    return out


def _match_keys(kind: str, ex: Extraction) -> list[str]:
    # a republication is labelled by its file and record id; the original notices by a hash of their text
    # (a notice number is not always printed), other records by their record id
    doc = ex.document
    own = "sha:" + stable_id(doc.text) if kind == "cn-recall-notices" else doc.record_id
    return [f"{doc.file}#{doc.record_id}", own]


def evaluate(settings: Settings, data_dir: Path, report: Reporter = SILENT) -> dict[str, Any]:
    labels_file = Path(data_dir) / "truth" / "vehicles" / "labels.jsonl"
    if not labels_file.exists():
        raise FileNotFoundError(f"{labels_file} not found: generate the data first "
                                f"(riskgraph generate --domain vehicles --out {data_dir})")
    by_kind: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    # labels.jsonl: the records as first written; labels_shapes.jsonl: their republications in other shapes
    for file in (labels_file, labels_file.with_name("labels_shapes.jsonl")):
        if not file.exists():
            continue
        for line in file.read_text(encoding="utf-8").splitlines():
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
                        if raw.record_id in labels or f"{path.name}#{raw.record_id}" in labels:
                            rejected += 1
                        continue
                    key = next((k for k in _match_keys(kind, ex) if k in labels), None)
                    if key is None or key in seen:
                        continue
                    label = labels[key]
                    seen.add(key)
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

