"""`riskgraph eval extraction` for vehicles on freshly generated data: every field of every kind, the
republished shapes included (notices as JSON lines, RSS, HTML, digests; 14-field and CSV bulletins; 29-field
recalls with advisories; multi-row complaints), at 0.95 precision and recall or better."""

from __future__ import annotations

from pathlib import Path

from datagen.vehicles.generate import generate
from extraction.vehicles.evaluate import evaluate
from tests.conftest import make_settings

SHAPE_FILES = ["cn-recall-notices/notices_feed.jsonl", "cn-recall-notices/notices_feed.rss.xml",
               "cn-recall-notices/notices_digest.txt", "nhtsa-tsbs/TSBS_RECEIVED_2015-2024.txt",
               "nhtsa-tsbs/MFR_COMMS_RECEIVED_2015-2024.csv", "nhtsa-recalls/FLAT_RCL_POST_2010.txt",
               "nhtsa-complaints/COMPLAINTS_RECEIVED_1996-2001.txt"]


def test_every_field_at_095_on_generated_data(tmp_path: Path) -> None:
    out = tmp_path / "data"
    summary = generate(out, 0.5, 7)
    assert summary["republished"]
    for name in SHAPE_FILES:
        assert (out / name).exists(), name
    assert list((out / "cn-recall-notices" / "pages").glob("*.html"))
    result = evaluate(make_settings(tmp_path), out)
    fields = result["fields"]
    for name in ("cn-recall-notices.filer", "cn-recall-notices.units", "cn-recall-notices.produced",
                 "cn-recall-notices.start", "cn-recall-notices.ota", "nhtsa-tsbs.vehicle", "nhtsa-recalls.advisory",
                 "nhtsa-complaints.rows"):
        assert fields.get(name, {}).get("support"), name
    low = {name: f for name, f in fields.items() if f["precision"] < 0.95 or f["recall"] < 0.95}
    assert not low, low
