"""Masking over every public endpoint on the generated data: no identity number, no phone number and no
unmasked name of a natural-person party (from the lawyer domain's ground truth) in any public answer.

Public endpoints are found from the app (the access policy marks them), then crawled: list answers give
the ids that fill the detail paths, so every public route is called with real data.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from tests import reliability_support as rs

ID_NUMBER = re.compile(r"(?<!\d)[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?!\d)")
PHONE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)|(?<!\d)0\d{2,3}-\d{7,8}(?!\d)")
REQUEST_ID = re.compile(r'"request_id"\s*:\s*"[0-9a-fA-F-]*"')
PERSON_KINDS = {"person", "natural_person", "natural person", "individual", "自然人"}
MAX_DETAIL_CALLS = 60  # per route template
PARAM_KEYS = ("id", "case_number", "number", "name", "code", "slug")


def public_get_routes(app: Any) -> list[str]:
    from api.auth import access_for

    out = []
    for path, item in app.openapi()["paths"].items():
        if "get" not in item:
            continue
        if path.startswith("/api/v1"):
            access = access_for(path.removeprefix("/api/v1"))
            if access is None or not access.public:
                continue
        out.append(path)
    return sorted(out)


def strings(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v, key)
    elif isinstance(value, str):
        yield key, value


def truth_party_names(truth: Path) -> set[str]:
    """Natural-person party names from the lawyer generator's ground truth (json, jsonl or csv)."""
    names: set[str] = set()

    def visit(obj: Any) -> None:
        if isinstance(obj, dict):
            kind = str(obj.get("kind") or obj.get("party_kind") or obj.get("type") or "").lower()
            name = obj.get("name") or obj.get("party") or obj.get("party_name")
            if kind in PERSON_KINDS and isinstance(name, str) and len(name) >= 2:
                names.add(name)
            for v in obj.values():
                visit(v)
        elif isinstance(obj, list):
            for v in obj:
                visit(v)

    for path in sorted(truth.rglob("*")):
        if path.suffix == ".json":
            visit(json.loads(path.read_text(encoding="utf-8")))
        elif path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    visit(json.loads(line))
        elif path.suffix == ".csv":
            with path.open(encoding="utf-8", newline="") as fh:
                visit(list(csv.DictReader(fh)))
    return names


@pytest.fixture(scope="module")
def public_answers() -> dict[str, str]:
    """Every public answer's text, keyed by the URL called."""
    if "lawyers" not in rs.dataset().domains:
        pytest.skip(f"the lawyer generator (datagen/lawyers/generate.py) is not built yet; domains: {rs.dataset().domains}")
    from fastapi.testclient import TestClient

    app, _ = rs.app_and_tokens()
    routes = public_get_routes(app)
    if not any(p.startswith("/api/v1/lawyers") for p in routes):
        pytest.skip("no /api/v1/lawyers route is mounted yet (api/routes/lawyers.py in api/routers.py)")
    answers: dict[str, str] = {}
    values: dict[str, list[str]] = {}
    with TestClient(app, raise_server_exceptions=False) as client:
        def call(url: str) -> None:
            resp = client.get(url)
            # Request ids are random hex, whose digit runs can look like phone numbers: not personal data.
            answers[url] = REQUEST_ID.sub("", resp.text)
            if resp.headers.get("content-type", "").startswith("application/json"):
                for key, text in strings(resp.json()):
                    if key in PARAM_KEYS and len(values.setdefault(key, [])) < 500:
                        values[key].append(text)

        for path in routes:  # lists first: they give the ids
            if "{" not in path:
                call(path)
        for path in routes:
            params = re.findall(r"\{(\w+)\}", path)
            if len(params) != 1:
                continue
            param = params[0]
            key = next((k for k in PARAM_KEYS if k in param), "id")
            for value in list(dict.fromkeys(values.get(key, []) + values.get("id", [])))[:MAX_DETAIL_CALLS]:
                call(path.replace("{" + param + "}", quote(value, safe="")))
    return answers


def test_public_endpoints_were_really_exercised(public_answers: dict[str, str]) -> None:
    assert any("/lawyers/" in url for url in public_answers), sorted(public_answers)[:20]


def test_no_identity_numbers_in_public_answers(public_answers: dict[str, str]) -> None:
    leaks = [(url, m.group()) for url, text in public_answers.items() for m in ID_NUMBER.finditer(text)]
    assert not leaks, leaks[:10]


def test_no_phone_numbers_in_public_answers(public_answers: dict[str, str]) -> None:
    leaks = [(url, m.group()) for url, text in public_answers.items() for m in PHONE.finditer(text)]
    assert not leaks, leaks[:10]


def test_no_unmasked_party_names_in_public_answers(public_answers: dict[str, str]) -> None:
    names = truth_party_names(rs.dataset().inputs / "truth" / "lawyers")
    if not names:
        pytest.skip("the lawyer ground truth names no natural-person party (looked for kind=person in truth/lawyers)")
    leaks = [(url, n) for url, text in public_answers.items() for n in names if n in text]
    assert not leaks, leaks[:10]


def test_the_patterns_catch_what_they_must() -> None:
    assert ID_NUMBER.search("身份证号110101199003071234，住") and ID_NUMBER.search("11010119900307123X")
    assert not ID_NUMBER.search("（2019）沪0101民初1234号")
    assert PHONE.search("电话13812345678") and PHONE.search("021-62345678") and not PHONE.search("138****5678")
