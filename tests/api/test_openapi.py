"""OpenAPI: every versioned operation documents its answer with an example, its problems, and who may
call it. Operations come from the app, so a new domain endpoint is checked as soon as it is mounted."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api_support import make_app


@pytest.fixture(scope="module")
def spec(tmp_path_factory) -> dict[str, Any]:
    from tests.conftest import make_settings

    settings = make_settings(tmp_path_factory.mktemp("openapi"))
    app = make_app(settings, store=None)  # type: ignore[arg-type] - the schema needs no graph
    return TestClient(app).get("/openapi.json").json()


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method.upper(), path, op) for path, ops in spec["paths"].items() if path.startswith("/api/v1/")
            for method, op in ops.items()]


def _has_example(schema: Any, components: dict[str, Any], seen: tuple[str, ...] = ()) -> bool:
    if not isinstance(schema, dict):
        return False
    if "example" in schema or "examples" in schema:
        return True
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return name not in seen and _has_example(components[name], components, (*seen, name))
    parts = [*schema.get("properties", {}).values(), *schema.get("anyOf", []), *schema.get("allOf", [])]
    if "items" in schema:
        parts.append(schema["items"])
    return any(_has_example(p, components, seen) for p in parts)


def test_every_operation_has_an_example_of_its_answer(spec: dict[str, Any]) -> None:
    components = spec["components"]["schemas"]
    missing = []
    for method, path, op in _operations(spec):
        ok = next((op["responses"][c] for c in ("200", "201", "202") if c in op["responses"]), None)
        assert ok is not None, f"{method} {path}: no success response documented"
        content = ok.get("content", {})
        if not any("example" in v or "examples" in v or _has_example(v.get("schema"), components)
                   for v in content.values()):
            missing.append(f"{method} {path}")
    assert not missing, f"operations without an example of their answer: {missing}"


def test_every_operation_documents_problems_and_access(spec: dict[str, Any]) -> None:
    for method, path, op in _operations(spec):
        for status in ("401", "403", "404", "422", "429"):
            content = op["responses"][status]["content"]
            assert list(content) == ["application/problem+json"], f"{method} {path} {status}"
        assert "**Access:**" in op.get("description", ""), f"{method} {path}"
