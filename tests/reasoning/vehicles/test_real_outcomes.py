"""The real-outcome evaluation of the defect ranking (reasoning/vehicles/outcomes/, `riskgraph eval
defects-real`): nothing filed or reported at or after a cutoff reaches a feature, labels and the universe
follow the cutoff, training is time ordered, and the command prints one JSON object or a table. The data
here is generated (fictional units with planted complaint surges before their recalls)."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from reasoning.vehicles.outcomes.data import Complaint, Corpus, Recall, load_folder
from reasoning.vehicles.outcomes.evaluate import (
    Frame,
    build_frame,
    cutoffs,
    evaluate_corpus,
    text_scores,
    training_frames,
)
from reasoning.vehicles.outcomes.features import FEATURES, add_months, build_index
from reasoning.vehicles.outcomes.text import TEXT_FEATURES

T = "2012-01-01"
VEHICLES = [("HYUNDAI", "SONATA"), ("KIA", "OPTIMA"), ("HYUNDAI", "ELANTRA"), ("KIA", "SOUL")]
SYSTEMS = {"ENGINE": "ENGINE AND ENGINE COOLING:ENGINE", "AIR BAGS": "AIR BAGS:FRONTAL",
           "STEERING": "STEERING:COLUMN", "SERVICE BRAKES": "SERVICE BRAKES, HYDRAULIC:FOUNDATION COMPONENTS"}


RECALL_TEXT = "ENGINE AND ENGINE COOLING:ENGINE\nTHE ENGINE STALLED WHILE DRIVING, INCREASING THE RISK OF A CRASH."


def day(rng: random.Random, start: str, end: str) -> str:
    a, b = np.datetime64(start), np.datetime64(end)
    return str(a + np.timedelta64(rng.randrange(int((b - a).astype(int))), "D"))


def complaint(odi: int, date: str, vehicle: tuple[str, str, int], path: str, severe: bool = False,
              symptoms: tuple[str, ...] = ()) -> Complaint:
    return Complaint(str(odi), date, vehicle, [path], severe, False, int(severe), 0, set(symptoms),
                     set(symptoms) & {"stall", "fire"}, {"crash"} if severe else set(), set(), False,
                     "THE ENGINE STALLED AGAIN" if "stall" in symptoms else "A NOISE")


def corpus(seed: int = 1, years: tuple[int, int] = (2004, 2015)) -> Corpus:
    """Background complaints on every unit; some units get a surge of severe complaints and a recall
    8-14 months after the surge starts (the signal the model can learn)."""
    rng = random.Random(seed)
    complaints, recalls, odi = [], [], 1000
    for make, model in VEHICLES:
        for year in range(years[0] - 2, years[1]):
            for path in SYSTEMS.values():
                vehicle = (make, model, year)
                for _ in range(rng.randrange(1, 8)):
                    odi += 1
                    complaints.append(complaint(odi, day(rng, f"{year}-01-01", f"{years[1] + 2}-12-01"), vehicle,
                                                path, symptoms=("noise",)))
                if rng.random() < 0.12:
                    start = day(rng, f"{max(year, years[0])}-01-01", f"{years[1]}-06-01")
                    for _ in range(rng.randrange(6, 15)):
                        odi += 1
                        complaints.append(complaint(odi, day(rng, start, add_months(start, 8)), vehicle, path,
                                                    severe=rng.random() < 0.5, symptoms=("stall",)))
                    recalls.append(Recall(f"{start[2:4]}V{odi % 1000:03d}000",
                                          day(rng, add_months(start, 8), add_months(start, 14)), vehicle, [path],
                                          {"PE11001"} if rng.random() < 0.3 else set(), RECALL_TEXT))
    return Corpus(sorted(complaints, key=lambda c: (c.date, c.odi)), sorted(recalls, key=lambda r: r.date),
                  {}, {})


def frame(c: Corpus, t: str = T) -> Frame:
    return build_frame(build_index(c), t, c.last_date)


# --- nothing at or after T reaches a feature ----------------------------------------------------------
def test_nothing_filed_or_reported_at_or_after_the_cutoff_reaches_a_feature() -> None:
    base = corpus()
    before = frame(base)
    assert len(before.units) > 50 and before.x.shape == (len(before.units), len(FEATURES))
    text = [FEATURES.index(name) for name in TEXT_FEATURES]
    assert (before.x[:, text] > 0).any(axis=0).sum() >= 3  # the text link is at work (and checked below)
    target = before.units[0]
    vehicle, system = target[:3], target[3]
    make, model, year = vehicle
    twin = ("KIA", "OPTIMA", year) if make == "HYUNDAI" else ("HYUNDAI", "SONATA", year)
    planted_complaints, planted_recalls = [], []
    for i, when in enumerate((T, "2012-01-02", "2013-06-30", "2019-01-01")):
        for j, v in enumerate((vehicle, (make, model, year - 1), (make, model, year + 1), twin,
                               ("HYUNDAI", "VELOSTER", 2012))):  # the last one a unit with no earlier complaint
            c = complaint(900_000 + 10 * i + j, when, v, SYSTEMS[system], severe=True, symptoms=("stall", "fire"))
            planted_complaints.append(replace(c, fire=True, deaths=1, repeat=True))
        for j, v in enumerate(((make, model, year - 1), twin, ("HYUNDAI", "ACCENT", 2010))):
            planted_recalls.append(Recall(f"12V{500 + 10 * i + j}000", when, v, [SYSTEMS[system]], {"EA12001"},
                                          f"{SYSTEMS[system]}\nA FIRE OR A STALL. THE ENGINE STALLED AGAIN"))
    planted_recalls.append(Recall("12V999000", "2012-03-01", vehicle, [SYSTEMS[system]], set(), RECALL_TEXT))
    after = frame(Corpus(sorted(base.complaints + planted_complaints, key=lambda c: c.date),
                         sorted(base.recalls + planted_recalls, key=lambda r: r.date), {}, {}))
    assert after.units == before.units  # the new unit (first complaint at T) is not in the ranking
    assert np.array_equal(after.x, before.x) and np.array_equal(after.xr, before.xr)
    assert after.baseline_keys == before.baseline_keys
    assert after.y[0] == 1  # the recall after T is the target's label, never a feature


def test_the_leakage_check_would_see_a_complaint_the_day_before() -> None:
    base = corpus()
    before = frame(base)
    target = before.units[0]
    c = complaint(999_999, "2011-12-31", target[:3], SYSTEMS[target[3]], severe=True, symptoms=("stall",))
    after = frame(Corpus(sorted(base.complaints + [c], key=lambda x: x.date), base.recalls, {}, {}))
    assert not np.array_equal(after.x[0], before.x[0])
    assert after.baseline_keys["complaint_count"][0][0] == before.baseline_keys["complaint_count"][0][0] + 1


def _with_planted_future(base: Corpus, target: tuple[str, str, int, str]) -> Corpus:
    """Complaints and recalls at and after T on the target, its siblings, its twin and a new unit."""
    vehicle, system = target[:3], target[3]
    make, model, year = vehicle
    twin = ("KIA", "OPTIMA", year) if make == "HYUNDAI" else ("HYUNDAI", "SONATA", year)
    cs, rs = [], []
    for i, when in enumerate((T, "2012-01-02", "2013-06-30", "2019-01-01")):
        for j, v in enumerate((vehicle, (make, model, year - 1), twin, ("HYUNDAI", "VELOSTER", 2012))):
            c = complaint(800_000 + 10 * i + j, when, v, SYSTEMS[system], severe=True, symptoms=("stall",))
            cs.append(replace(c, narrative="RECALLED PART FAILED, THE ENGINE STALLED AND CAUGHT FIRE"))
            rs.append(Recall(f"12V{600 + 10 * i + j}000", when, v, [SYSTEMS[system]], {"EA12001"},
                             "THE ENGINE STALLED AND CAUGHT FIRE"))
    return Corpus(sorted(base.complaints + cs, key=lambda c: c.date), sorted(base.recalls + rs, key=lambda r: r.date),
                  {}, {})


def test_the_text_model_learns_only_from_closed_windows_and_reads_nothing_at_or_after_the_cutoff() -> None:
    base = corpus()

    def scores(c: Corpus) -> np.ndarray:
        index = build_index(c)
        frames = {t: build_frame(index, t, c.last_date) for t in cutoffs("2006-01-01", T, 6)}
        return text_scores(index, training_frames(frames, T), frames[T])

    before = scores(base)
    assert before.std() > 0  # it learnt something
    target = frame(base).units[0]
    # the same scores: the planted rows only change the order of sums, not a single input (a leak moves
    # them by far more than this tolerance)
    np.testing.assert_allclose(scores(_with_planted_future(base, target)), before, rtol=1e-9, atol=1e-12)


def test_a_recall_the_day_before_reaches_the_text_link_and_one_at_the_cutoff_does_not() -> None:
    base = corpus()
    target = frame(base).units[0]
    make, _model, _year, system = target
    other = ("HYUNDAI", "VELOSTER", 2012) if make == "HYUNDAI" else ("KIA", "RIO", 2012)
    words = "BRAKE PEDAL SQUEAKS; THE BRAKE PEDAL SQUEAKS"
    told = [replace(complaint(999_990 + k, "2010-05-01", v, SYSTEMS[system]), narrative=words)
            for k, v in enumerate((target[:3], ("HYUNDAI", "SONATA", 2005), ("KIA", "SOUL", 2009)))]
    complaints = sorted(base.complaints + told, key=lambda x: x.date)

    def with_recall(when: str | None) -> Frame:
        extra = [Recall("11V998000", when, other, [SYSTEMS[system]], set(), f"{SYSTEMS[system]}\n{words}")]
        return frame(Corpus(complaints, sorted(base.recalls + (extra if when else []), key=lambda r: r.date), {}, {}))

    day_before, at_t, without = with_recall("2011-12-31"), with_recall(T), with_recall(None)
    i, col = without.units.index(target), FEATURES.index("text_recall_make_24m")
    assert day_before.x[i, col] > without.x[i, col]  # the same make's recall reported the day before counts
    assert np.array_equal(at_t.x, without.x)  # the one reported at T does not


# --- labels, universe, time order ---------------------------------------------------------------------
def test_labels_follow_the_window_and_recalled_units_leave_the_ranking() -> None:
    base = corpus()
    units = frame(base).units
    clean = [u for u in units if not frame(base).y[units.index(u)]][:3]
    end = add_months(T, 24)
    recalls = [Recall("12V801000", str(np.datetime64(end) - np.timedelta64(1, "D")), clean[0][:3],
                      [SYSTEMS[clean[0][3]]], {"PE11002"}),
               Recall("12V802000", end, clean[1][:3], [SYSTEMS[clean[1][3]]], set()),
               Recall("11V803000", "2011-12-31", clean[2][:3], [SYSTEMS[clean[2][3]]], set())]
    f = frame(Corpus(base.complaints, sorted(base.recalls + recalls, key=lambda r: r.date), {}, {}))
    assert f.y[f.units.index(clean[0])] == 1 and f.y_strict[f.units.index(clean[0])] == 1
    assert f.y[f.units.index(clean[1])] == 0  # reported at T + 24 months: outside [T, T + 24)
    assert clean[2] not in f.units  # recalled before T


def test_training_uses_only_origins_whose_window_closed() -> None:
    c = corpus()
    index = build_index(c)
    frames = {t: build_frame(index, t, c.last_date) for t in cutoffs("2006-01-01", "2012-01-01", 3)}
    used = [f.t for f in training_frames(frames, T)]
    assert used and max(used) <= "2010-01-01" and all(add_months(t, 24) <= T for t in used)


# --- the evaluation and the command -------------------------------------------------------------------
def test_evaluation_reports_model_and_baselines_per_cutoff_and_pooled() -> None:
    out = evaluate_corpus(corpus(), "2010-01-01", "2011-01-01", training_from="2006-01-01")
    json.dumps(out)
    assert [r["cutoff"] for r in out["cutoffs"]] == ["2010-01-01", "2010-07-01", "2011-01-01"]
    for block in (*out["cutoffs"], out["pooled"]):
        assert {"model", "baselines", "base_rate"} <= set(block)
        assert set(block["baselines"]) == {"complaint_count", "complaint_growth", "severity_weighted"}
        assert {"average_precision", "precision_at_10", "precision_at_25", "precision_at_50", "strict"} <= set(
            block["model"])
    # the planted surges are learnable: the model ranks better than chance
    assert out["pooled"]["model"]["average_precision"] > 2 * out["pooled"]["base_rate"]
    assert out["cases"] and out["cases"][0]["evidence"]


def _api_files(c: Corpus, folder: Path) -> None:
    """The generated corpus as the old API's JSON lines (complaints) and an enveloped answer (recalls)."""
    def net(day_: str) -> str:
        return f"/Date({int(np.datetime64(day_, 'ms').astype(int)) + 4 * 3600 * 1000}-0400)/"
    with (folder / "complaints.jsonl").open("w") as fh:
        for x in c.complaints:
            fh.write(json.dumps({"ODINumber": int(x.odi), "Crash": "Yes" if x.crash else "No", "Fire": "No",
                                 "NumberOfInjured": x.injured, "NumberOfDeaths": 0, "DateComplaintFiled": net(x.date),
                                 "Component": " | ".join(x.paths), "Summary": x.narrative, "ProductType": "VEHICLE",
                                 "ModelYear": str(x.vehicle[2]), "Make": x.vehicle[0], "Model": x.vehicle[1]}) + "\n")
    (folder / "recalls.json").write_text(json.dumps({"Count": len(c.recalls), "results": [
        {"NHTSACampaignNumber": r.campno, "ReportReceivedDate": net(r.date), "Component": r.paths[0],
         "Summary": "A FICTIONAL DEFECT.", "ModelYear": str(r.vehicle[2]), "Make": r.vehicle[0], "Model": r.vehicle[1],
         **({"NHTSAActionNumber": " | ".join(sorted(r.actions))} if r.actions else {})} for r in c.recalls]}))


def test_folder_reads_back_what_was_written(tmp_path: Path) -> None:
    c = corpus(years=(2006, 2009))
    _api_files(c, tmp_path)
    read = load_folder(tmp_path)
    assert read.files == {"nhtsa-complaints": [str(tmp_path / "complaints.jsonl")],
                          "nhtsa-recalls": [str(tmp_path / "recalls.json")]}
    assert [(x.odi, x.date, x.vehicle, x.paths) for x in read.complaints] == [
        (x.odi, x.date, x.vehicle, x.paths) for x in c.complaints]
    assert sorted((r.campno, r.date, r.vehicle, r.actions) for r in read.recalls) == sorted(
        (r.campno, r.date, r.vehicle, r.actions) for r in c.recalls)
    assert any("stall" in x.symptoms and x.repeat for x in read.complaints)  # the narrative as the extractor reads it


@pytest.mark.parametrize("as_json", [True, False])
def test_command_prints_one_json_object_or_a_table(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   as_json: bool) -> None:
    from cli.main import main

    _api_files(corpus(seed=2, years=(2004, 2017)), tmp_path)
    assert main(["eval", "defects-real", str(tmp_path), *(["--json"] if as_json else [])]) == 0
    out = capsys.readouterr().out
    if as_json:
        result = json.loads(out)
        assert len(result["cutoffs"]) == 18 and result["cutoffs"][0]["cutoff"] == "2008-01-01"
        assert {"model", "baselines", "base_rate"} <= set(result["pooled"])
    else:
        assert "pooled" in out and "model AP" in out and "2016-07-01" in out


def test_command_refuses_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cli.main import main

    assert main(["eval", "defects-real", str(tmp_path / "nothing")]) == 2
    assert "not a folder" in capsys.readouterr().err
