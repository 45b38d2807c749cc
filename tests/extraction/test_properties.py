"""Property tests for every source kind's reader and extractor: whatever the bytes, each record either
extracts into facts the loader accepts, or is rejected with a reason (RawRecord.error or RecordRejected).
Nothing else may escape: an exception here would stop a real ingest run.

Inputs: arbitrary bytes and text, and the kind's real layouts (generated files, and the real public
samples where present, read in place) mutated the way real files go wrong: truncated rows, extra or
missing columns, NUL bytes, GBK / UTF-16 / broken UTF-8, huge fields, hostile strings, hostile names.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import RecordRejected
from extraction.registry import available_kinds, get_kind, kind_modules
from graph.loader import Loader
from graph.records import Extraction, RawRecord
from tests import reliability_support as rs
from tests.conftest import SAMPLES

MAX_RECORDS = 40  # records per example: enough to cross row boundaries, small enough to stay fast
HOSTILE = [
    '"}) MATCH (n) DETACH DELETE n //', "' OR 1=1 --", "`; DROP GRAPH riskgraph", "$rows",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "../../etc/passwd", "..\\..\\boot.ini",
    "\u202e\u200b\ufeff", "１２３４５６", "（有限公司）", "\t\t\t", '"""', "\\N", "NULL", "-1e309", "9" * 40,
]
FILE_NAMES = ["data.txt", "../../../etc/passwd", "..\\..\\x.tsv", "a/../../b.csv", "<script>.jsonl",
              "名称（一）.txt", "nul\x00name.tsv", "x" * 300 + ".json", ""]
# Real public samples per kind (read in place, never copied; absent on a user's clone).
SAMPLE_GLOBS = {"nhtsa-complaints": "nhtsa/complaints_*", "nhtsa-recalls": "nhtsa/recalls_*",
                "nhtsa-investigations": "nhtsa/investigations_*", "cn-judgments": "cn-judgments/*",
                "courtlistener": "courtlistener/*.json"}
KINDS = available_kinds()
PROPS = settings(deadline=None, database=None, suppress_health_check=list(HealthCheck))

pytestmark = pytest.mark.skipif(
    not KINDS, reason=f"no source kind is built yet (expected modules: {', '.join(kind_modules().values())})")


class NullStore:
    """Takes the loader's writes without an engine, so its own checks (schema whitelist, property
    names, endpoints, parameter cleaning) run on every extraction."""

    engine = "null"

    def write(self, name: str, rows: list[dict[str, Any]], params: dict[str, Any] | None = None,
              **slots: str) -> None:
        from graph.queries import query_text

        query_text(name, **slots)


def run_source(kind: str, file_name: str, data: bytes) -> dict[str, int]:
    """Read and extract like the loader does; returns counts, raises on anything not a clean reject."""
    source = get_kind(kind)
    loader = Loader(NullStore(), rs.make_settings(Path("/nonexistent")))  # type: ignore[arg-type]
    seen = {"extracted": 0, "rejected": 0}
    for i, raw in enumerate(source.read(file_name, io.BytesIO(data))):
        assert isinstance(raw, RawRecord), f"{kind}.read yielded {type(raw).__name__}"
        if i >= MAX_RECORDS:
            break
        if raw.error is not None:
            assert isinstance(raw.error, str) and raw.error.strip(), "a reader rejection needs a reason"
            seen["rejected"] += 1
            continue
        try:
            extraction = source.extract(raw)
        except RecordRejected as exc:
            assert str(exc).strip(), f"{kind}: RecordRejected without a reason for record {raw.record_id}"
            seen["rejected"] += 1
            continue
        assert isinstance(extraction, Extraction), f"{kind}.extract returned {type(extraction).__name__}"
        try:
            loader.write_extractions([extraction])
        except ValueError as exc:  # facts the graph cannot hold (e.g. an id of a huge field): rejected alone
            # named as the extractor's document names it (its record id may be a parsed complaint number, its
            # file name with control characters replaced)
            assert " record " in str(exc) and f" in {extraction.document.file}: " in str(exc), \
                f"{kind}: a loader rejection must name the record: {str(exc)[:300]}"
            seen["rejected"] += 1
            continue
        seen["extracted"] += 1
    return seen


# --- seeds: the kind's real layouts ---------------------------------------------------------------
def _head(path: Path, lines: int = 25, limit: int = 200_000) -> bytes:
    data = path.read_bytes()[:limit] if path.suffix != ".gz" else b""
    if path.suffix in (".tsv", ".csv", ".txt", ".jsonl") and data.count(b"\n") > lines:
        data = b"\n".join(data.split(b"\n")[:lines]) + b"\n"
    return data


def seeds(kind: str) -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []
    if get_kind(kind).domain in rs.dataset().domains:
        out += [(p.name, _head(p)) for p in rs.dataset().kind_files(kind)[:4]]
    if kind in SAMPLE_GLOBS and SAMPLES.exists():
        out += [(p.name, _head(p)) for p in sorted(SAMPLES.glob(SAMPLE_GLOBS[kind]))[:3]]
    return [(n, d) for n, d in out if d]


# --- mutations ------------------------------------------------------------------------------------
def _split_lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def mutate(data: bytes, op: str, pick: int, hostile: str) -> bytes:
    lines = _split_lines(data)
    n = pick % max(1, len(lines))
    line = lines[n]
    sep = b"\t" if b"\t" in line else b","
    if op == "truncate_row":
        lines[n] = line[: pick % max(1, len(line))]
    elif op == "extra_columns":
        lines[n] = line + sep + hostile.encode() + sep + b"extra"
    elif op == "missing_columns":
        lines[n] = sep.join(line.split(sep)[: max(1, len(line.split(sep)) // 2)])
    elif op == "nul_bytes":
        cut = pick % max(1, len(line))
        lines[n] = line[:cut] + b"\x00\x00" + line[cut:]
    elif op == "hostile_field":
        fields = line.split(sep)
        fields[pick % len(fields)] = hostile.encode()
        lines[n] = sep.join(fields)
    elif op == "huge_field":
        fields = line.split(sep)
        fields[pick % len(fields)] = ("车辆自燃 engine stall " * 5000).encode()
        lines[n] = sep.join(fields)
    elif op == "blank_lines":
        lines[n:n] = [b"", b"   ", b"\r"]
    elif op == "truncate_file":
        return data[: pick % max(1, len(data))]
    elif op == "broken_utf8":
        cut = pick % max(1, len(data))
        return data[:cut] + b"\xe4\xb8" + data[cut:]
    elif op in ("gbk", "utf16", "utf16_bom", "latin1"):
        text = data.decode("utf-8", errors="replace")
        enc = {"gbk": "gbk", "utf16": "utf-16-le", "utf16_bom": "utf-16", "latin1": "latin-1"}[op]
        return text.encode(enc, errors="replace")
    return b"\n".join(lines)


OPS = ["truncate_row", "extra_columns", "missing_columns", "nul_bytes", "hostile_field", "blank_lines",
       "truncate_file", "broken_utf8", "gbk", "utf16", "utf16_bom", "latin1"]


# --- properties -----------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
@PROPS
@given(data=st.binary(max_size=3000), name=st.sampled_from(FILE_NAMES))
def test_arbitrary_bytes(kind: str, data: bytes, name: str) -> None:
    run_source(kind, name, data)


@pytest.mark.parametrize("kind", KINDS)
@PROPS
@given(text=st.text(max_size=1500), encoding=st.sampled_from(["utf-8", "gbk", "utf-16", "utf-16-le"]))
def test_arbitrary_text_in_any_encoding(kind: str, text: str, encoding: str) -> None:
    run_source(kind, "input.txt", text.encode(encoding, errors="replace"))


@pytest.mark.parametrize("kind", KINDS)
@settings(PROPS, max_examples=30)
@given(choice=st.data())
def test_real_layouts_gone_wrong(kind: str, choice: st.DataObject) -> None:
    available = seeds(kind)
    if not available:
        pytest.skip(f"{kind}: no generated files (datagen for {get_kind(kind).domain} missing) and no sample")
    name, data = choice.draw(st.sampled_from(available), label="seed")
    for op in choice.draw(st.lists(st.sampled_from(OPS), min_size=1, max_size=3), label="ops"):
        data = mutate(data, op, choice.draw(st.integers(0, 10**6), label="at"),
                      choice.draw(st.sampled_from(HOSTILE), label="hostile"))
    run_source(kind, choice.draw(st.sampled_from([name, *FILE_NAMES]), label="file name"), data)


@pytest.mark.parametrize("kind", KINDS)
@settings(PROPS, max_examples=3)
@given(at=st.integers(0, 10**6))
def test_huge_field(kind: str, at: int) -> None:
    available = seeds(kind)
    if not available:
        pytest.skip(f"{kind}: no generated files (datagen for {get_kind(kind).domain} missing) and no sample")
    name, data = available[at % len(available)]
    run_source(kind, name, mutate(data, "huge_field", at, ""))


@pytest.mark.parametrize("kind", KINDS)
def test_unmutated_seeds_mostly_extract(kind: str) -> None:
    """The mutations above only mean something if the clean layouts do extract."""
    available = [(n, d) for n, d in seeds(kind) if not n.startswith(("case_", "bankruptcy", "bta", "tax"))]
    if not available:
        pytest.skip(f"{kind}: no generated files (datagen for {get_kind(kind).domain} missing)")
    counts = [run_source(kind, name, data) for name, data in available]
    assert sum(c["extracted"] for c in counts) > 0, f"{kind}: no record of its own layout extracted: {counts}"
