"""Extraction throughput per core, and its ratio to spaCy's bare tokenizer on the same texts in the same
run (the floor no extractor can beat). Target: extraction costs no more than 3x tokenizing."""

from __future__ import annotations

import contextlib
import time
from typing import Any

from bench.common import Skip, generated, table

# kind -> domain; the three the issue names first, then the other text-heavy kinds.
KINDS = {"nhtsa-complaints": "vehicles", "cn-recall-notices": "vehicles", "cn-judgments": "lawyers",
         "cn-complaints": "vehicles", "courtlistener": "lawyers"}
TARGET_RATIO = 3.0


def _tokenizers() -> dict[str, Any]:
    import spacy

    return {"en": spacy.blank("en"),
            "zh": spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})}


def _records(kind: str, scale: float, limit: int) -> list[Any]:
    from core.textio import open_binary
    from extraction.registry import get_kind
    from graph.loader import expand_paths

    source = get_kind(kind)
    folder = generated(KINDS[kind], scale) / kind
    if not folder.exists():
        raise Skip(f"the {KINDS[kind]} generator wrote no {kind}/ folder")
    out = []
    for path in expand_paths(source, [folder]):
        with open_binary(path) as fh:
            for raw in source.read(path.name, fh):
                if raw.error is None:
                    out.append(raw)
                if len(out) >= limit:
                    return out
    return out


def bench_kind(kind: str, scale: float, limit: int, tokenizers: dict[str, Any]) -> dict[str, Any]:
    from core.errors import RecordRejected
    from extraction.registry import available_kinds, get_kind

    if kind not in available_kinds():
        raise Skip(f"extractor for {kind} is not built")
    source = get_kind(kind)
    records = _records(kind, scale, limit)
    if not records:
        raise Skip(f"no {kind} records generated at scale {scale}")
    for raw in records[:5]:  # build the pipelines outside the timing, as a long run would
        with contextlib.suppress(RecordRejected):
            source.extract(raw)
    texts: list[tuple[str, str]] = []
    rejected = 0
    started = time.perf_counter()
    for raw in records:
        try:
            ex = source.extract(raw)
        except RecordRejected:
            rejected += 1
            continue
        texts.append((ex.document.lang, ex.document.text))
    extract_s = time.perf_counter() - started
    started = time.perf_counter()
    for lang, text in texts:
        tokenizers["zh" if lang.startswith("zh") else "en"].tokenizer(text)
    tokenize_s = time.perf_counter() - started
    chars = sum(len(t) for _, t in texts)
    return {"kind": kind, "records": len(records), "rejected": rejected, "chars": chars,
            "extract_s": round(extract_s, 3), "records_per_s": round(len(records) / extract_s, 1),
            "tokenize_s": round(tokenize_s, 3), "ratio_to_tokenizer": round(extract_s / max(tokenize_s, 1e-9), 2),
            "meets_target": extract_s / max(tokenize_s, 1e-9) <= TARGET_RATIO}


def run(quick: bool) -> dict[str, Any]:
    scale, limit = (0.3, 1500) if quick else (1.0, 10_000)
    tokenizers = _tokenizers()
    rows, skipped = [], {}
    for kind in KINDS:
        try:
            rows.append(bench_kind(kind, scale, limit, tokenizers))
        except Skip as exc:
            skipped[kind] = str(exc)
    print(table("Extraction per core (one process) vs spaCy bare tokenizer, same texts, same run",
                ["kind", "records", "rec/s", "extract s", "tokenize s", "ratio", f"≤{TARGET_RATIO:g}x"],
                [[r["kind"], r["records"], r["records_per_s"], r["extract_s"], r["tokenize_s"],
                  r["ratio_to_tokenizer"], "yes" if r["meets_target"] else "NO"] for r in rows]))
    for kind, why in skipped.items():
        print(f"  skipped {kind}: {why}")
    return {"scale": scale, "rows": rows, "skipped": skipped, "target_ratio": TARGET_RATIO}
