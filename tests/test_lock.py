"""The lock (constraints.txt) pins every dependency pyproject.toml names, at a version it allows."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def pins(text: str) -> dict[str, str]:
    out = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not pinned with =="
            out[canonicalize_name(name)] = version
    return out


def disagreements(pyproject: dict, constraints: str) -> list[str]:
    project = pyproject["project"]
    wanted = [*project["dependencies"], *(r for extra in project.get("optional-dependencies", {}).values()
                                          for r in extra)]
    pinned = pins(constraints)
    out = []
    for text in wanted:
        req = Requirement(text)
        version = pinned.get(canonicalize_name(req.name))
        if version is None:
            out.append(f"{req.name} is not in constraints.txt")
        elif not req.specifier.contains(version, prereleases=True):
            out.append(f"{req.name}: constraints.txt pins {version}, pyproject.toml asks {req.specifier}")
    return out


def test_every_dependency_is_pinned_at_an_allowed_version() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    problems = disagreements(pyproject, (ROOT / "constraints.txt").read_text(encoding="utf-8"))
    assert not problems, "run `make lock`:\n" + "\n".join(problems)


def test_a_disagreement_is_found() -> None:
    pyproject = {"project": {"dependencies": ["fastapi>=0.200", "numpy>=1"], "optional-dependencies": {"t": ["ruff"]}}}
    assert disagreements(pyproject, "fastapi==0.165.0\nnumpy==2.0.0\n") == [
        "fastapi: constraints.txt pins 0.165.0, pyproject.toml asks >=0.200", "ruff is not in constraints.txt"]
