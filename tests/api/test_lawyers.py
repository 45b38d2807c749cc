"""The public lawyer API on generated demo data: search, credit record, firms, cases, judgment text,
open data; and a scan of every public answer for identity numbers, phones and party names."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from datagen.lawyers.generate import generate
from extraction.lawyers.caseno import normalise_case_number
from extraction.lawyers.masking import find_personal_data
from graph.store import open_store
from reasoning.ingest import ingest
from tests.conftest import make_settings

KINDS = ("lawyer-register", "lawyer-sanctions", "cn-judgments", "courtlistener")
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]")
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)\d{3}-\d{3}-\d{4}(?!\d)")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Path]]:
    root = tmp_path_factory.mktemp("lawyers-api")
    data = root / "in"
    generate(data, 0.06, 11)
    settings = make_settings(root / "state", public_rate_limit_per_minute=1_000_000)  # the scan calls many urls
    store = open_store(settings)
    store.apply_schema()
    for kind in KINDS:
        ingest(store, settings, kind, [data / kind])
    with TestClient(create_app(settings, store)) as client:
        yield client, data
    store.close()


def truth(data: Path) -> list[dict]:
    path = data / "truth" / "lawyers" / "judgments.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def register(data: Path) -> list[dict]:
    with (data / "lawyer-register" / "lawyers.csv").open(encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["执业证号"]]


def test_search_by_name_finds_the_registered_lawyer(demo: tuple[TestClient, Path]) -> None:
    client, data = demo
    row = register(data)[0]
    body = client.get("/api/v1/lawyers", params={"q": row["姓名"]}).json()
    ids = [h["id"] for h in body["items"]]
    assert f"lawyer:lic:{row['执业证号']}" in ids
    assert len(ids) == len(set(ids))  # aliases folded into the registered lawyer


def test_search_with_a_cause_ranks_by_relevant_cases_with_counts(demo: tuple[TestClient, Path]) -> None:
    client, data = demo
    cause = truth(data)[0]["cause"]
    body = client.get("/api/v1/lawyers", params={"cause": cause, "limit": 10}).json()
    counts = [h["relevant_cases"] for h in body["items"]]
    assert counts and all(c >= 1 for c in counts) and counts == sorted(counts, reverse=True)
    assert all(h["cases"] >= h["relevant_cases"] for h in body["items"])
    expected = sum(1 for t in truth(data) if t.get("cause") == cause and t.get("agents"))
    assert expected >= 1


def test_paging_is_bounded(demo: tuple[TestClient, Path]) -> None:
    client, _ = demo
    huge = client.get("/api/v1/lawyers", params={"city": "北京", "limit": 10_000})
    bound = client.app.state.settings.max_page_size  # type: ignore[attr-defined]
    assert huge.status_code == 200 and huge.json()["limit"] == bound and len(huge.json()["items"]) <= bound
    first = client.get("/api/v1/lawyers", params={"cause": "纠纷", "court": "人民法院", "limit": 2}).json()
    assert len(first["items"]) <= 2
    listing = client.get("/api/v1/lawyers", params={"limit": 5}).json()
    assert len(listing["items"]) == 5 and all(h["registered"] for h in listing["items"])
    following = client.get("/api/v1/lawyers", params={"cursor": listing["next_cursor"], "limit": 5}).json()
    assert not {h["id"] for h in listing["items"]} & {h["id"] for h in following["items"]}
    assert client.get("/api/v1/lawyers", params={"q": "律师事务所"}).status_code == 422


def test_credit_record_items_say_their_disclosure(demo: tuple[TestClient, Path]) -> None:
    client, data = demo
    found_case = False
    for row in register(data)[:15]:
        record = client.get(f"/api/v1/lawyers/lawyer:lic:{row['执业证号']}").json()
        assert record["basic"]["disclosure"] == "legal" and record["basic"]["registered"]
        assert all(f["disclosure"] == "legal" for f in record["practice"]["firms"])
        assert all(x["disclosure"] in ("legal", "industry") for x in record["rewards_punishments"])
        assert all(s["disclosure"] == "voluntary" and s["reviewed"] for s in record["social_service"])
        business = record["business"]
        for side in business["outcomes"]:
            if side["decided"] < business["min_cases_for_rate"]:
                assert side["rates"] is None and side["rate_note"]
            else:
                assert sum(side["counts"].get(k, 0) for k in side["rates"]) <= side["decided"]
        for case in business["items"]["items"]:
            found_case = True
            text = client.get(case["judgment_url"]).json()["text"]
            if case["case_number"] and case["case_number"].startswith("（"):
                assert normalise_case_number(text[:200]) == case["case_number"]
    assert found_case


def test_unreviewed_social_service_is_never_shown(demo: tuple[TestClient, Path]) -> None:
    client, data = demo
    with (data / "lawyer-register" / "social_service.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        shown = client.get(f"/api/v1/lawyers/lawyer:lic:{row['执业证号']}").json()["social_service"]
        activities = {(s["activity"], s["date"]) for s in shown}
        assert ((row["服务内容"], row["服务日期"]) in activities) == (row["审核状态"] == "已审核")


def test_case_by_number_in_any_bracket_form(demo: tuple[TestClient, Path]) -> None:
    client, data = demo
    label = next(t for t in truth(data) if t["source_kind"] == "cn-judgments" and not t.get("reject"))
    half = label["case_number"].replace("（", "(").replace("）", ")")
    case = client.get(f"/api/v1/cases/{quote(half)}").json()
    assert case["case_number"] == label["case_number"] and case["court"] == label["court"]
    assert {p["name"] for p in case["parties"]} == {p["name_masked"] for p in label["parties"]}
    assert {c["name"] for c in case["counsel"]} == {a["name"] for a in label["agents"]}
    assert client.get("/api/v1/cases/not-a-number").status_code == 404


def test_firm_by_any_name_variant(demo: tuple[TestClient, Path]) -> None:
    client, data = demo
    row = register(data)[0]
    bare = re.sub(r"^.{2,3}?[省市]", "", row["执业机构"])
    firm = client.get(f"/api/v1/firms/{quote(bare)}").json()
    assert firm["name"] == row["执业机构"]
    assert f"lawyer:lic:{row['执业证号']}" in {m["id"] for m in firm["members"]}
    assert client.get("/api/v1/firms/nothing-here").status_code == 404


def test_open_data_products(demo: tuple[TestClient, Path]) -> None:
    client, data = demo
    text = client.get("/api/v1/open-data/lawyers/download", params={"format": "csv"}).text
    rows = list(csv.DictReader(text.splitlines()))
    licensed = {r["license_no"] for r in rows if r["license_no"]}
    assert {r["执业证号"] for r in register(data)} <= licensed
    assert all(int(r["cases"]) >= 0 for r in rows)


def _public_answers(client: TestClient, data: Path) -> dict[str, str]:
    answers: dict[str, str] = {}

    def get(url: str) -> dict:
        resp = client.get(url)
        answers[url] = resp.text
        return resp.json() if resp.status_code == 200 else {}

    lawyer_ids: set[str] = set()
    for row in register(data)[:40]:
        for hit in get(f"/api/v1/lawyers?q={quote(row['姓名'])}").get("items", []):
            lawyer_ids.add(hit["id"])
    for label in truth(data):
        for agent in label.get("agents", [])[:1]:
            for hit in get(f"/api/v1/lawyers?q={quote(agent['name'])}").get("items", []):
                lawyer_ids.add(hit["id"])
    case_ids: set[str] = set()
    for lid in sorted(lawyer_ids):
        record = get(f"/api/v1/lawyers/{quote(lid)}?limit=200")
        for case in record.get("business", {}).get("items", {}).get("items", []):
            case_ids.add(case["case_id"])
        for firm in record.get("practice", {}).get("firms", []):
            get(f"/api/v1/firms/{quote(firm['firm_id'])}")
    for cid in sorted(case_ids):
        get(f"/api/v1/cases/{quote(cid)}")
        get(f"/api/v1/cases/{quote(cid)}/judgment")
    for product in ("lawyers", "law-firms"):
        answers[product] = client.get(f"/api/v1/open-data/{product}/download", params={"format": "jsonl"}).text
    return answers


def test_no_personal_data_in_any_public_answer(demo: tuple[TestClient, Path]) -> None:
    client, data = demo
    answers = _public_answers(client, data)
    judgments = [u for u in answers if u.endswith("/judgment")]
    assert len(judgments) >= 20  # the scan really read the published texts
    names = {p["name"] for t in truth(data) for p in t.get("parties", []) if p["kind"] == "person"}
    assert names
    leaks = [(url, hit) for url, text in answers.items()
             for hit in ID_NUMBER.findall(text) + PHONE.findall(text) + find_personal_data(text)]
    leaks += [(url, n) for url, text in answers.items() for n in names if n in text]
    assert not leaks, leaks[:5]
    planted = [t for t in truth(data) if t["source_kind"] == "cn-judgments"]
    inputs = "".join(p.read_text(encoding="utf-8") for p in (data / "cn-judgments").rglob("*.jsonl"))
    assert planted and (ID_NUMBER.search(inputs) and PHONE.search(inputs))  # the inputs did carry them


def test_search_tolerates_a_typo_and_a_firm_variant(demo: tuple[TestClient, Path]) -> None:
    client, data = demo
    row = next(r for r in register(data) if len(r["姓名"]) == 3)
    wanted = f"lawyer:lic:{row['执业证号']}"
    typo = row["姓名"][:2] + ("搏" if row["姓名"][2] != "搏" else "博")
    assert wanted in [h["id"] for h in client.get("/api/v1/lawyers", params={"q": typo}).json()["items"]]
    bare_firm = re.sub(r"^.{2,3}?[省市]", "", row["执业机构"])
    hits = client.get("/api/v1/lawyers", params={"q": row["姓名"], "firm": bare_firm}).json()["items"]
    assert wanted in [h["id"] for h in hits]
    other = client.get("/api/v1/lawyers", params={"q": row["姓名"], "firm": "完全无关律师事务所"}).json()["items"]
    assert wanted not in [h["id"] for h in other]


def test_search_by_court_counts_cases_there(demo: tuple[TestClient, Path]) -> None:
    """relevant_cases is the number of judgments of that court the lawyer acted in (ground truth by license)."""
    client, data = demo
    label = next(t for t in truth(data) if t["source_kind"] == "cn-judgments" and t.get("agents"))
    hits = client.get("/api/v1/lawyers", params={"court": label["court"], "limit": 50}).json()["items"]
    at_court = [t for t in truth(data) if t.get("court") == label["court"] and not t.get("reject")]
    checked = 0
    for hit in hits:
        if hit["license_no"]:
            expected = sum(1 for t in at_court if any(a.get("license") == hit["license_no"] for a in t["agents"]))
            assert hit["relevant_cases"] == expected, hit
            checked += 1
    assert checked >= 1
    assert [h["relevant_cases"] for h in hits] == sorted((h["relevant_cases"] for h in hits), reverse=True)


def test_case_histories_match_the_ground_truth(demo: tuple[TestClient, Path]) -> None:
    """Through every firm variant, move and namesake: each registered lawyer's record lists exactly the
    judgments that named them."""
    client, data = demo
    labels = [t for t in truth(data) if t["source_kind"] == "cn-judgments" and not t.get("reject")]
    licenses = sorted({r["执业证号"] for r in register(data)})
    for lic in licenses:
        expected = {t["case_number"] for t in labels if any(a.get("license") == lic for a in t["agents"])}
        record = client.get(f"/api/v1/lawyers/lawyer:lic:{lic}", params={"limit": 200}).json()
        got = {c["case_number"] for c in record["business"]["items"]["items"]}
        assert got == expected, (lic, record["basic"]["name"])
        assert record["business"]["cases"] == len(expected)


# --- real samples beside generated data: counsel sides, docket look-up, no unmasked party anywhere ----
def _cap(parties: str, attorneys: str, docket: str, court: str, slug: str, body: str) -> dict:
    data = (f'<casebody><parties id="p">{parties}</parties><docketnumber id="d">{docket}.</docketnumber>'
            f'<attorneys id="a">{attorneys}</attorneys><opinion type="majority"><author id="au">ADA ROWE, Judge.'
            f'</author><p id="b">{body}</p><p id="e">Affirmed.</p></opinion></casebody>')
    return {"id": abs(hash((docket, slug))) % 10**7, "name": parties, "name_abbreviation": parties[:20],
            "docket_number": docket, "decision_date": "2003-04-05", "court": {"name": court, "slug": slug},
            "casebody": {"data": data}}


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Path, Path]]:
    from tests.conftest import SAMPLES
    if not (SAMPLES / "courtlistener").exists():
        pytest.skip(f"real public samples not found at {SAMPLES} (only present beside the project's checkout)")
    root = tmp_path_factory.mktemp("lawyers-mixed")
    data = root / "in"
    generate(data, 0.03, 17)
    shared = root / "shared-docket"  # one docket number at two courts (fictional)
    shared.mkdir()
    (shared / "two.jsonl").write_text("\n".join(json.dumps(_cap(
        f"Winifred ASHCOMBE, Appellant, v. Tove Bank, Appellee. ({slug})", "Al Vey, for appellant.", "No. 4411",
        name, slug, "Winifred Ashcombe (hereinafter &quot;Winnie&quot;) sued. Winnie lost. Ash-\ncombe appeals."))
        for name, slug in (("Ohio Court of Appeals", "ohio-ct-app"), ("Iowa Court of Appeals", "iowa-ct-app"))),
        encoding="utf-8")
    settings = make_settings(root / "state", public_rate_limit_per_minute=1_000_000)
    store = open_store(settings)
    store.apply_schema()
    for kind in KINDS:
        ingest(store, settings, kind, [data / kind])
    ingest(store, settings, "courtlistener", [SAMPLES / "courtlistener", shared])
    ingest(store, settings, "cn-judgments", [SAMPLES / "cn-judgments"])
    with TestClient(create_app(settings, store)) as client:
        yield client, data, SAMPLES
    store.close()


def _unmasked(samples: Path) -> list:
    from extraction.lawyers.judgment_en import parse_en, segments_of
    out = []
    for path in sorted((samples / "courtlistener").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        out.append((path, record, parse_en(record, segments_of(record))))
    return out


def test_us_case_by_docket_number(mixed: tuple[TestClient, Path, Path]) -> None:
    client, data, samples = mixed
    for path, record, _ in _unmasked(samples):
        dockets = [d for d in re.split(r";\s*", record["docket_number"]) if re.search(r"\d", d)]
        for docket in dockets:  # as printed, and without its "No." lead
            for key in {docket, re.sub(r"(?i)^.*?\bno\.\s*", "", docket)} - {""}:
                if len(key) < 3:  # the API takes keys of three characters or more
                    continue
                resp = client.get(f"/api/v1/cases/{quote(key, safe='')}")
                assert resp.status_code == 200, (path.name, key, resp.text[:200])
                assert resp.json()["case_number"] == record["docket_number"]
    label = next(t for t in truth(data) if t["source_kind"] == "courtlistener")
    case = client.get(f"/api/v1/cases/{quote(label['case_number'])}").json()
    assert case["court"] == label["court"] and {c["name"] for c in case["counsel"]} == {a["name"] for a in label["agents"]}
    assert client.get(f"/api/v1/cases/{quote(label['case_number'])}/judgment").status_code == 200
    both = client.get("/api/v1/cases/No.%204411")
    assert both.status_code == 409 and both.json()["detail"].count("case:us:") == 2
    assert client.get("/api/v1/cases/No.%209999999").status_code == 404


def test_counsel_sides_and_both_roles_in_the_case_answer(mixed: tuple[TestClient, Path, Path]) -> None:
    client, data, _ = mixed
    labels = [t for t in truth(data) if t["source_kind"] == "courtlistener"]
    checked = 0
    for label in labels:
        case = client.get(f"/api/v1/cases/{quote(label['case_number'])}").json()
        got = {(c["name"], c["side"], c["role"], c["trial_role"] or "") for c in case["counsel"]}
        # a trial role is given where it differs from the role at the deciding court
        want = {(a["name"], a["side"], a["role"], a["trial_role"] if a["trial_role"] != a["role"] else "")
                for a in label["agents"]}
        assert got == want, label["case_number"]
        checked += 1
    assert checked >= 5


def _public_words(answers: dict[str, str], public: set[str]) -> dict[str, str]:
    """Answers with public names (companies, counsel, judges, firms) taken out: a surname they share is no leak."""
    out = {}
    for url, text in answers.items():
        for name in sorted(public, key=len, reverse=True):
            text = text.replace(name, " ")
        out[url] = text
    return out


def _forms(name: str, alone: bool = False) -> list[str]:
    """Regular expressions for the ways a published text may name a person: full name, surname alone,
    either broken across a line with a hyphen, the given name before a capital; with `alone` (for the
    person's own case only: other cases name other Williams) the given name alone."""
    words = [w for w in re.split(r"[\s,]+", name) if w.strip(".").lower() not in ("jr", "sr", "ii", "iii", "iv")]
    broken = [r"(?:-\s*)?".join(map(re.escape, w)) for w in words]
    out = [r"\s*".join(broken)]
    if len(words) > 1 and len(words[-1]) > 2:
        out.append(broken[-1])
    out = [r"(?i:(?<![\w])" + f + r"(?![\w]))" for f in out]
    if len(words) > 1 and len(words[0]) > 2 and "." not in words[0]:  # "Carolyn P.", "Julian Eadv": the given
        out.append(r"(?<![\w])(?i:" + broken[0] + r")\s+(?:[A-Z]\.\s*)*[A-Z]")  # name before a capital
    for given in words[:-1] if alone else ():  # a given name alone, written as a name ("Julian's Tavern")
        if len(given) >= 4 and "." not in given:
            out.append(r"(?<![\w])(?:" + re.escape(given.title()) + "|" + re.escape(given.upper()) + r")(?![\w])")
    return out


def test_no_unmasked_party_in_any_public_answer_real_and_generated(mixed: tuple[TestClient, Path, Path]) -> None:
    client, data, samples = mixed
    answers = _public_answers(client, data)
    public: set[str] = set()
    persons: set[str] = set()
    aliases: set[str] = set()
    own_leaks: list[tuple[str, str]] = []
    for _, record, j in _unmasked(samples):
        counsel = {a.name.lower() for a in j.agents}
        public |= {a.name for a in j.agents} | {a.firm for a in j.agents if a.firm} | {x.name for x in j.judges}
        public |= {p.name for p in j.parties if p.kind != "person"}
        persons |= {p.name for p in j.parties if p.kind == "person" and re.search(r"[a-z]{2}", p.name)
                    and p.name.lower() not in counsel}
        text = re.sub(r"<[^>]+>", "", record["casebody"]["data"])
        surnames = {p.name.split()[-1].lower() for p in j.parties if p.kind == "person" and " " in p.name}
        aliases |= {m.group(1) for m in re.finditer(r"\(hereinafter[^\"“”)]{0,30}[\"“]([A-Z][\w-]+)[\"”]\)", text)
                    if any(s in text[max(0, m.start() - 60) : m.start()].lower() for s in surnames)}
        for agent in j.agents:
            for hit in client.get("/api/v1/lawyers", params={"q": agent.name}).json().get("items", []):
                record_url = f"/api/v1/lawyers/{quote(hit['id'])}?limit=200"
                answers[record_url] = client.get(record_url).text
        own_persons = {p.name for p in j.parties if p.kind == "person" and re.search(r"[a-z]{2}", p.name)
                       and p.name.lower() not in counsel}
        for docket in re.split(r";\s*", record["docket_number"]):
            if re.search(r"\d", docket):
                for suffix in ("", "/judgment"):
                    url = f"/api/v1/cases/{quote(docket, safe='')}{suffix}"
                    answers[url] = client.get(url).text
                    own = _public_words({url: answers[url]}, public)[url]
                    own_leaks += [(url, f) for n in own_persons for f in _forms(n, alone=True) if re.search(f, own)]
    for suffix in ("", "/judgment"):
        for cid in re.findall(r"case:us:[0-9a-f]+", client.get("/api/v1/cases/No.%204411").text):
            answers[cid + suffix] = client.get(f"/api/v1/cases/{cid}{suffix}").text
    persons.add("Winifred Ashcombe")
    aliases.add("Winnie")
    us_labels = [t for t in truth(data) if t["source_kind"] == "courtlistener"]
    generated = {p["name"] for t in us_labels for p in t["parties"] if p["kind"] == "person"}
    assert persons and generated and len([u for u in answers if u.endswith("/judgment")]) >= 20
    scanned = _public_words(answers, public)
    leaks = [(url, f) for url, text in scanned.items() for n in persons | generated for f in _forms(n)
             if re.search(f, text)]
    leaks += [(url, a) for url, text in scanned.items() for a in aliases if re.search(rf"\b{a}\b", text)]
    # generated party names come from their own pool: any of their words, or one letter off, is a leak
    from datagen.lawyers import vocab as V
    pool = V.US_PARTY_FIRST + V.US_PARTY_LAST
    for url, text in answers.items():
        for word in set(re.findall(r"[A-Za-z]{4,}", text)):
            if any(word.lower() == w.lower() or (len(w) > 6 and _one_off(word.lower(), w.lower())) for w in pool):
                leaks.append((url, word))
    assert not leaks + own_leaks, (leaks + own_leaks)[:8]


def _one_off(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[i + 1 :] == b[i + 1 :] or a[i:] == b[i + 1 :] or a[i + 1 :] == b[i:]
