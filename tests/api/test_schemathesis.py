"""schemathesis against the app's own OpenAPI schema: every operation, called as every role and with no
key, on a small generated data set, with schemathesis's response checks: no 5xx, only documented status
codes, content types and headers, answers matching their schema, every schema-valid request accepted and
schema-invalid ones refused, a missing key refused. (Who may call what is the access-matrix tests' job;
here 401/403 are simply valid answers.)"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import checks

from tests import reliability_support as rs

CALLERS = (None, *rs.ROLES)  # no key, then each role
CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_headers_conformance, checks.response_schema_conformance, checks.negative_data_rejection,
          checks.positive_data_acceptance, checks.missing_required_header, checks.ignored_auth]
# Refusals a schema cannot state: a 422 for a schema-valid request is accepted only here, and only with
# this message (anything else the API refuses must be expressible in, and stated by, its schema).
SEMANTIC_422 = {("GET", "/api/v1/lawyers"): "q has no name to search for"}


def operations() -> list[Any]:
    app, _ = rs.app_and_tokens()
    loaded = schemathesis.openapi.from_asgi("/openapi.json", app)
    return [result.ok() for result in loaded.get_all_operations()]


def check_operation(operation: Any, tokens: dict[str, str]) -> None:
    # The pytest plugin's lazy schema (from_fixture) breaks on pytest 9, so each operation's strategy is
    # driven by hypothesis directly; the checks are schemathesis's own.
    @given(case=operation.as_strategy())
    @settings(max_examples=6, deadline=None, phases=[Phase.explicit, Phase.generate], database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        semantic = SEMANTIC_422.get((operation.method.upper(), operation.path))
        for role in CALLERS:
            response = case.call(headers=rs.auth(tokens[role]) if role else {})
            refused = response.status_code == 422 and semantic is not None and \
                response.json().get("detail", "").startswith(semantic)
            case.validate_response(response, checks=CHECKS,
                                   excluded_checks=[checks.positive_data_acceptance] if refused else None)

    run()


def test_no_server_error_and_answers_match_their_schema() -> None:
    _, tokens = rs.app_and_tokens()
    ops = operations()
    assert any(op.path.startswith("/api/v1") for op in ops)
    failures = []
    for op in ops:
        try:
            check_operation(op, tokens)
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{op.method.upper()} {op.path}: {str(exc)[:1500]}")
    assert not failures, f"{len(failures)} of {len(ops)} operations failed:\n\n" + "\n\n".join(failures)


def test_the_schema_covers_the_domain_routes() -> None:
    """The run above is only as wide as the schema: every mounted /api/v1 route must be in it."""
    app, _ = rs.app_and_tokens()
    documented = set(app.openapi()["paths"])
    mounted = {r.path for r in app.routes if getattr(r, "path", "").startswith("/api/v1")
               and getattr(r, "include_in_schema", True)}
    assert mounted <= documented, f"routes missing from OpenAPI: {sorted(mounted - documented)}"
