"""The generator (seeded, planted collisions and moves) and the per-field extraction evaluation."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from core.settings import Settings
from datagen.lawyers.generate import generate
from extraction.lawyers.evaluate import evaluate


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(folder)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def test_same_seed_same_files(tmp_path: Path) -> None:
    a, b, c = generate(tmp_path / "a", 0.03, 5), generate(tmp_path / "b", 0.03, 5), generate(tmp_path / "c", 0.03, 6)
    assert a == b and digest(tmp_path / "a") == digest(tmp_path / "b")
    assert digest(tmp_path / "a") != digest(tmp_path / "c") and c["judgments"] > 0


def test_planted_collisions_and_moves(tmp_path: Path) -> None:
    summary = generate(tmp_path, 0.2, 3)
    assert summary["planted_collisions"] >= 1 and summary["planted_moves"] >= 1
    lawyers = [json.loads(x) for x in (tmp_path / "truth/lawyers/lawyers.jsonl").read_text(encoding="utf-8").splitlines()]
    by_name: dict[str, set[str]] = {}
    for lw in lawyers:
        by_name.setdefault(lw["name"], set()).add(lw["stints"][0]["firm_key"])
    assert any(len(firms) >= 2 for firms in by_name.values())  # one name at two firms
    assert any(len(lw["stints"]) == 2 and lw["stints"][0]["until"] for lw in lawyers)


def test_extraction_precision_and_recall_per_field(tmp_path: Path, settings: Settings) -> None:
    generate(tmp_path, 0.15, 9)
    result = evaluate(settings, tmp_path)
    fields = result["fields"]
    for kind in ("cn-judgments", "courtlistener"):
        for name in ("case_number", "court", "date", "outcome", "parties", "agents", "represents", "judges", "roles",
                     "trial_roles", "counsel_sides", "party_outcomes"):
            m = fields[kind][name]
            assert m["precision"] > 0.95 and m["recall"] > 0.95, (kind, name, m)
            assert m["tp"] > 0
    assert fields["cn-judgments"]["cause"]["recall"] > 0.95
    assert result["min_precision_or_recall"] >= 0.95
    assert result["rejects"]["rejected"] == result["rejects"]["expected"] > 0
    assert result["rejects"]["wrongly_rejected"] == 0


def test_evaluation_notices_a_wrong_extractor(tmp_path: Path, settings: Settings, monkeypatch) -> None:
    """The measure can fail: an extractor that loses the firm of every agent scores low on agents."""
    from extraction.lawyers import cn_judgments
    generate(tmp_path, 0.05, 9)
    original = cn_judgments.parse

    def broken(raw):  # noqa: ANN001, ANN202
        j = original(raw)
        for a in j.agents:
            a.firm = "某某律师事务所"
        return j

    monkeypatch.setattr(cn_judgments, "parse", broken)
    result = evaluate(settings, tmp_path)
    assert result["fields"]["cn-judgments"]["agents"]["precision"] < 0.2


def test_evaluation_notices_wrong_sides_and_outcomes(tmp_path: Path, settings: Settings, monkeypatch) -> None:
    """The new fields can fail: counsel linked to the whole side, and outcomes mirrored for every party."""
    from extraction.lawyers import cn_judgments, courtlistener
    generate(tmp_path, 0.1, 4)
    us, cn = courtlistener.parse, cn_judgments.parse

    def whole_side(raw):  # noqa: ANN001, ANN202
        j = us(raw)
        for a in j.agents:
            a.side = "claimant"
            a.parties = [i for i, p in enumerate(j.parties) if p.side == "claimant"]
        for p in j.parties:
            p.role_detail, p.role = "", "plaintiff" if p.side == "claimant" else "defendant"
        return j

    def mirrored(raw):  # noqa: ANN001, ANN202
        j = cn(raw)
        for p in j.parties:
            p.outcome = ""
        return j

    monkeypatch.setattr(courtlistener, "parse", whole_side)
    monkeypatch.setattr(cn_judgments, "parse", mirrored)
    fields = evaluate(settings, tmp_path)["fields"]
    assert fields["courtlistener"]["counsel_sides"]["precision"] < 0.8
    assert fields["courtlistener"]["roles"]["precision"] < 0.8
    assert min(fields["courtlistener"]["trial_roles"][m] for m in ("precision", "recall")) < 0.95
    assert fields["cn-judgments"]["party_outcomes"]["precision"] < 0.99
