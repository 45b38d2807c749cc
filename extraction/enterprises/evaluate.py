"""`riskgraph eval extraction`: precision and recall per field of the enterprise extractors on the
generator's labelled set (truth/enterprises/extraction_labels.jsonl), and of name resolution on its
planted name variants (truth/enterprises/name_variants.jsonl), and of cn-registry on records in the shapes
sources write them (truth/enterprises/source_labels.jsonl, extraction.enterprises.evaluate_sources).
Nothing touches the graph."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from core.errors import BadRequest
from core.reporting import SILENT, Reporter
from core.settings import Settings
from core.textio import open_binary
from extraction.enterprises.normalise import enterprise_key
from extraction.enterprises.resolution import NameIndex
from extraction.registry import get_kind
from graph.records import Extraction

FIELDS = ("id", "code_valid", "name", "founded", "registered_capital", "capital_currency", "division", "industry",
          "phone", "legal_rep")


def _extracted(ex: Extraction) -> dict[str, Any]:
    ent = ex.nodes[0]
    phone = next((r.end_id for r in ex.rels if r.type == "HAS_PHONE"), None)
    rep_id = next((r.start_id for r in ex.rels if r.type == "LEGAL_REP_OF"), None)
    rep = next((n.props.get("name") for n in ex.nodes if n.id == rep_id), None)
    out = {"id": ent.id, "phone": phone, "legal_rep": rep}
    out.update({k: ent.props.get(k) for k in FIELDS if k not in out})
    return out


def _records(data_dir: Path, kind_name: str, wanted: dict[str, set[str]]) -> dict[tuple[str, str], Extraction]:
    kind = get_kind(kind_name)
    out = {}
    for file_name, record_ids in wanted.items():
        path = data_dir / kind_name / file_name
        with open_binary(path) as stream:
            for raw in kind.read(path.name, stream):
                if raw.record_id in record_ids and raw.error is None:
                    out[(file_name, raw.record_id)] = kind.extract(raw)
    return out


def evaluate(settings: Settings, data_dir: Path, report: Reporter = SILENT) -> dict[str, Any]:
    truth = Path(data_dir) / "truth" / "enterprises"
    labels_file = truth / "extraction_labels.jsonl"
    if not labels_file.exists():
        raise BadRequest(f"no labelled enterprise set at {labels_file}; run `riskgraph generate --domain enterprises`")
    labels = [json.loads(line) for line in labels_file.read_text(encoding="utf-8").splitlines() if line]
    wanted: dict[str, set[str]] = defaultdict(set)
    for label in labels:
        wanted[label["file"]].add(label["record_id"])
    got = _records(Path(data_dir), "cn-registry", wanted)
    tp: dict[str, int] = defaultdict(int)
    n_pred: dict[str, int] = defaultdict(int)
    n_true: dict[str, int] = defaultdict(int)
    for label in labels:
        ex = got.get((label["file"], label["record_id"]))
        pred = _extracted(ex) if ex else {}
        for field in FIELDS:
            expected, value = label["expected"].get(field), pred.get(field)
            n_true[field] += expected is not None
            n_pred[field] += value is not None
            tp[field] += value is not None and expected is not None and _same(field, value, expected)
    fields = {f: {"precision": round(tp[f] / n_pred[f], 4) if n_pred[f] else 0.0,
                  "recall": round(tp[f] / n_true[f], 4) if n_true[f] else 0.0, "support": n_true[f]} for f in FIELDS}
    resolution = _resolution(Path(data_dir), truth)
    report.note(f"enterprise extraction, per field ({len(labels)} labelled cn-registry records):")
    report.note(f"{'field':42}{'precision':>10}{'recall':>9}{'support':>9}")
    for name, m in fields.items():
        report.note(f"{name:42}{m['precision']:>10.3f}{m['recall']:>9.3f}{m['support']:>9}")
    if resolution:
        report.note(f"{'name variants resolved':42}{resolution['precision']:>10.3f}{resolution['recall']:>9.3f}"
                    f"{resolution['variants']:>9}")
    from extraction.enterprises.evaluate_sources import evaluate as evaluate_sources

    sources = evaluate_sources(Path(data_dir), report)  # the same kind on records in the shapes sources write
    return {"records": len(labels), "fields": fields, "resolution": resolution, "sources": sources}


def _same(field: str, value: Any, expected: Any) -> bool:
    if isinstance(expected, float):
        return abs(float(value) - expected) < 1e-6
    return value == expected


def _resolution(data_dir: Path, truth: Path) -> dict[str, Any]:
    """Name variants of registered enterprises resolved against the registry's names."""
    variants_file = truth / "name_variants.jsonl"
    if not variants_file.exists():
        return {}
    variants = [json.loads(line) for line in variants_file.read_text(encoding="utf-8").splitlines() if line]
    from extraction.enterprises.matching.source import rows_of_files

    rows, mentions = rows_of_files(data_dir)  # the registers and their name-only mentions, as the graph holds them
    index = NameIndex(rows, mentions)
    linked = correct = 0
    for v in variants:
        target, _, _, _ = index.best(enterprise_key(v["name"]))
        linked += target is not None
        correct += target == v["id"]
    return {"variants": len(variants), "precision": round(correct / linked, 4) if linked else 0.0,
            "recall": round(correct / len(variants), 4) if variants else 0.0}
