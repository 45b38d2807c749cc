"""The `riskgraph` command through its real entry point, as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

COMMANDS = ["generate", "ingest", "train", "score", "eval", "serve", "demo", "stats", "schema", "keys"]
ROOT = Path(__file__).resolve().parents[2]


def riskgraph(tmp: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("riskgraph", path=str(Path(sys.executable).parent)) or "riskgraph"
    env = {**os.environ, "RISKGRAPH_DATA_DIR": str(tmp), "RISKGRAPH_GRAPH_URL": f"falkordb://{tmp / 'graph'}"}
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=timeout, env=env, cwd=tmp)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(tmp_path: Path, command: str) -> None:
    run = riskgraph(tmp_path, command, "--help")
    assert run.returncode == 0, run.stderr
    assert "--json" in run.stdout


def test_stats_on_an_empty_graph(tmp_path: Path) -> None:
    run = riskgraph(tmp_path, "stats", "--json")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == {"engine": "falkordb", "nodes": {}, "relationships": {}}
    assert (tmp_path / "graph" / "appendonlydir").is_dir()  # persistence is on


def test_ingest_list_names_the_kinds(tmp_path: Path) -> None:
    run = riskgraph(tmp_path, "ingest", "--list", "--json")
    assert run.returncode == 0, run.stderr
    kinds = json.loads(run.stdout)["kinds"]
    assert all(isinstance(desc, str) and desc for desc in kinds.values())


def test_unknown_kind_is_a_clear_error(tmp_path: Path) -> None:
    run = riskgraph(tmp_path, "ingest", "no-such-kind", str(tmp_path))
    assert run.returncode == 2
    assert "unknown source kind 'no-such-kind'" in run.stderr and "Traceback" not in run.stderr


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    from extraction.registry import available_kinds

    kinds = available_kinds()
    if not kinds:
        pytest.skip("no source kind built yet")
    run = riskgraph(tmp_path, "ingest", kinds[0], str(tmp_path / "missing.tsv"))
    assert run.returncode == 2
    assert "missing.tsv: no such file or folder" in run.stderr and "Traceback" not in run.stderr


def test_ingest_all_reads_every_kind_folder_in_one_run(tmp_path: Path) -> None:
    gen = riskgraph(tmp_path, "generate", "--out", str(tmp_path / "src"), "--scale", "0.05", "--domain", "lawyers")
    assert gen.returncode == 0, gen.stderr
    kinds = sorted(p.name for p in (tmp_path / "src").iterdir() if p.is_dir() and p.name != "truth")
    run = riskgraph(tmp_path, "ingest", "all", str(tmp_path / "src"), "--json")
    assert run.returncode == 0, run.stderr
    ingested = json.loads(run.stdout)["ingested"]
    assert sorted(ingested) == kinds
    assert all(v["written"] > 0 for v in ingested.values()), ingested
    stats = json.loads(riskgraph(tmp_path, "stats", "--json").stdout)
    assert stats["nodes"]["Document"] == sum(v["written"] for v in ingested.values())


def test_ingest_all_needs_kind_folders(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    run = riskgraph(tmp_path, "ingest", "all", str(tmp_path / "empty"))
    assert run.returncode == 2
    assert "no subfolder named after a source kind" in run.stderr and "Traceback" not in run.stderr
    (tmp_path / "file.txt").write_text("x")
    run = riskgraph(tmp_path, "ingest", "all", str(tmp_path / "file.txt"))
    assert run.returncode == 2 and "not a folder" in run.stderr


def test_serve_with_several_workers_shares_one_engine(tmp_path: Path) -> None:
    import signal
    import socket
    import time
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    exe = shutil.which("riskgraph", path=str(Path(sys.executable).parent)) or "riskgraph"
    env = {**os.environ, "RISKGRAPH_DATA_DIR": str(tmp_path), "RISKGRAPH_GRAPH_URL": f"falkordb://{tmp_path / 'graph'}"}
    server = subprocess.Popen([exe, "serve", "--port", str(port), "--workers", "2"], env=env, cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, server.stderr.read()
                time.sleep(0.3)
        for _ in range(6):  # answered by either worker: each reaches the graph through the parent's engine
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=10).read()
            except urllib.error.HTTPError as exc:  # 503 without trained models; the body says the graph answers
                body = exc.read()
            assert json.loads(body)["graph"] is True
    finally:
        server.send_signal(signal.SIGTERM)
        _, err = server.communicate(timeout=60)
    assert server.returncode == 0, err
    assert "with 2 processes" in err
    assert not (tmp_path / "graph" / "falkordb.sock").exists()  # the owner stopped the engine on the way out


def test_schema_statements_cover_every_label(tmp_path: Path) -> None:
    run = riskgraph(tmp_path, "schema", "--engine", "neo4j", "--json")
    out = json.loads(run.stdout)
    for label in out["labels"]:
        assert any(f"(n:{label}) REQUIRE n.id IS UNIQUE" in s for s in out["statements"])


def test_keys_create_list_revoke(tmp_path: Path) -> None:
    created = json.loads(riskgraph(tmp_path, "keys", "create", "--role", "inspector", "--json").stdout)
    assert created["token"].startswith("rg_")
    listed = json.loads(riskgraph(tmp_path, "keys", "list", "--json").stdout)["keys"]
    assert [k["id"] for k in listed] == [created["id"]]
    assert "hash" not in listed[0] and created["token"] not in (tmp_path / "keys.json").read_text()
    revoked = json.loads(riskgraph(tmp_path, "keys", "revoke", "--id", created["id"], "--json").stdout)
    assert revoked["revoked"]
    said = riskgraph(tmp_path, "keys", "revoke", "--id", created["id"])
    assert said.returncode == 2 and f"API key '{created['id']}' was already revoked" in said.stderr
    missing = riskgraph(tmp_path, "keys", "revoke", "--id", "nope")
    assert missing.returncode == 2 and "no API key with id 'nope'" in missing.stderr
    second = json.loads(riskgraph(tmp_path, "keys", "create", "--role", "regulator", "--json").stdout)
    shown = riskgraph(tmp_path, "keys", "revoke", "--id", second["id"])
    assert shown.returncode == 0 and f"revoked key {second['id']} (regulator" in shown.stderr
    bad = riskgraph(tmp_path, "keys", "create", "--role", "emperor")
    assert bad.returncode == 2 and "unknown role" in bad.stderr


def test_schema_page_is_current() -> None:
    from graph.schema import get_schema

    page = ROOT / "docs" / "schema.md"
    assert page.read_text(encoding="utf-8") == get_schema().markdown(), (
        "docs/schema.md is stale: run `riskgraph schema --markdown docs/schema.md`"
    )


def test_eval_without_labelled_sets_says_what_to_run(tmp_path: Path) -> None:
    run = riskgraph(tmp_path, "eval", "extraction", "--data", str(tmp_path / "nothing"))
    assert run.returncode == 2
    assert "riskgraph generate --out" in run.stderr and "Traceback" not in run.stderr


def test_demo_end_to_end_and_rerun_changes_nothing(tmp_path: Path) -> None:
    from datagen import available_domains
    demo = ["demo", "--scale", "0.05", "--no-serve", "--out", str(tmp_path / "demo"), "--json"]
    first = riskgraph(tmp_path, *demo, timeout=600)
    assert first.returncode == 0, first.stderr[-3000:]
    result = json.loads(first.stdout)  # one JSON object, whatever the steps print
    assert set(result["generated"]) == set(available_domains())
    assert all(summary["written"] > 0 for summary in result["ingested"].values())
    assert set(result["trained"]) == {"defects", "enterprises"}
    stats = json.loads(riskgraph(tmp_path, "stats", "--json").stdout)
    assert stats["nodes"]["Document"] == sum(s["written"] for s in result["ingested"].values())
    again = riskgraph(tmp_path, *demo[:-1], "--json", timeout=600)
    assert again.returncode == 0, again.stderr[-3000:]
    assert json.loads(riskgraph(tmp_path, "stats", "--json").stdout)["nodes"] == stats["nodes"]


def test_a_user_error_is_one_line_and_exit_code_2(tmp_path: Path) -> None:
    done = riskgraph(tmp_path, "score", "defects", "FORD", "EDGE", "2010")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1] == (
        "riskgraph score: no defects model is trained yet: run `riskgraph train defects`")
    assert "Traceback" not in done.stderr


def test_an_unknown_model_names_the_known_ones(tmp_path: Path) -> None:
    done = riskgraph(tmp_path, "score", "nothing", "x")
    assert done.returncode == 2 and "unknown model 'nothing'; known: defects, enterprise, enterprises" in done.stderr


def _serve(tmp_path: Path, **env_extra: str) -> tuple[subprocess.Popen[str], int]:
    import socket
    import time
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    exe = shutil.which("riskgraph", path=str(Path(sys.executable).parent)) or "riskgraph"
    env = {**os.environ, "RISKGRAPH_DATA_DIR": str(tmp_path), "RISKGRAPH_GRAPH_URL": f"falkordb://{tmp_path / 'graph'}",
           **env_extra}
    server = subprocess.Popen([exe, "serve", "--port", str(port)], env=env, cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return server, port
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline, server.stderr.read()
            time.sleep(0.3)


def _statuses_with_forged_addresses(port: int, n: int) -> list[int]:
    import urllib.request

    out = []
    for i in range(n):
        req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/stats",
                                     headers={"X-Forwarded-For": f"198.51.100.{i}"})
        try:
            out.append(urllib.request.urlopen(req, timeout=10).status)
        except urllib.error.HTTPError as exc:
            out.append(exc.code)
    return out


@pytest.mark.parametrize("trusted", [False, True])
def test_forwarded_addresses_count_only_from_a_configured_proxy(tmp_path: Path, trusted: bool) -> None:
    import signal

    extra = {"RISKGRAPH_PUBLIC_RATE_LIMIT_PER_MINUTE": "5"}
    if trusted:
        extra["RISKGRAPH_FORWARDED_ALLOW_IPS"] = "127.0.0.1"
    server, port = _serve(tmp_path, **extra)
    try:
        statuses = _statuses_with_forged_addresses(port, 12)
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=60)
    if trusted:  # behind a trusted proxy each forwarded address has its own bucket
        assert statuses == [200] * 12
    else:  # a client cannot mint addresses: the peer's bucket runs out after 5
        assert statuses[:5] == [200] * 5 and set(statuses[5:]) == {429}


@pytest.mark.parametrize(("args", "said"), [
    (["FORD", "EDGE", "abc"], "the model year must be a number such as 2016; got 'abc'"),
    (["FORD", "EDGE", "20x6"], "the model year must be a number such as 2016; got '20x6'"),
    (["FORD", "EDGE", "2016", "yesterday"], "AS_OF must be a date yyyy-mm-dd; got 'yesterday'"),
])
def test_score_defects_says_what_is_wrong_with_its_arguments(tmp_path: Path, args: list[str], said: str) -> None:
    done = riskgraph(tmp_path, "score", "defects", *args)
    assert done.returncode == 2 and said in done.stderr


def test_stats_score_and_eval_use_the_engine_a_running_server_owns(tmp_path: Path) -> None:
    import signal

    server, _port = _serve(tmp_path)
    try:
        env = {"RISKGRAPH_DATA_DIR": str(tmp_path), "RISKGRAPH_GRAPH_URL": f"falkordb://{tmp_path / 'graph'}"}
        stats = subprocess.run([sys.executable, "-m", "cli.main", "stats", "--json"], capture_output=True,
                               text=True, timeout=120, env={**os.environ, **env}, cwd=ROOT)
        assert stats.returncode == 0, stats.stderr
        assert "nodes" in json.loads(stats.stdout) and "using the engine that riskgraph process" in stats.stderr
        score = subprocess.run([sys.executable, "-m", "cli.main", "score", "defects", "FORD", "EDGE", "2016"],
                               capture_output=True, text=True, timeout=120, env={**os.environ, **env}, cwd=ROOT)
        assert score.returncode == 2 and "in use by another live process" not in score.stderr
        assert "no defects model is trained yet" in score.stderr
        assert server.poll() is None  # the server kept its engine
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=60)
