"""docker-compose.yml and the Dockerfile give what `docker compose up` needs: Neo4j 5 with auth from the
environment, a data volume and a cypher-shell healthcheck; the API built from the Dockerfile, started once
Neo4j is healthy and pointed at it by its settings. `docker compose config` checks the file wherever the
compose plugin (or the standalone docker-compose) is installed; it needs no Docker engine.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from core.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"
VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-[^}]*)?\}")
# NEO4J_* variables the image reads itself; every other NEO4J_* variable becomes a neo4j.conf setting.
IMAGE_CONTROLS = {"NEO4J_AUTH", "NEO4J_ACCEPT_LICENSE_AGREEMENT", "NEO4J_PLUGINS", "NEO4J_DEBUG"}
SETTING = re.compile(r"^(server|db|dbms|initial|browser|client)\.[a-z0-9_.]+$")


def _env(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def neo4j(compose: dict[str, Any]) -> dict[str, Any]:
    assert "neo4j" in compose["services"], "no neo4j service"
    return compose["services"]["neo4j"]


@pytest.fixture(scope="module")
def api(compose: dict[str, Any]) -> dict[str, Any]:
    assert "api" in compose["services"], "no api service"
    return compose["services"]["api"]


def test_neo4j_is_version_5_with_auth_from_the_environment(neo4j: dict[str, Any]) -> None:
    assert re.match(r"^neo4j:5([.-][\w.-]*)?$", neo4j["image"]), neo4j["image"]
    auth = _env(neo4j).get("NEO4J_AUTH", "")
    user, _, password = auth.partition("/")
    assert user == "neo4j" and password, f"NEO4J_AUTH should be neo4j/<password>, is {auth!r}"
    assert VARIABLE.fullmatch(password), f"the Neo4j password must come from a variable, not {password!r}"


def test_neo4j_environment_holds_only_settings_the_image_understands(neo4j: dict[str, Any]) -> None:
    for name in _env(neo4j):
        if not name.startswith("NEO4J_") or name in IMAGE_CONTROLS:
            continue
        # The image's naming rule: '_' stands for '.', '__' for '_'.
        setting = name.removeprefix("NEO4J_").replace("__", "\0").replace("_", ".").replace("\0", "_")
        assert SETTING.match(setting), f"{name} would be written to neo4j.conf as the unknown setting {setting!r}"


def test_neo4j_keeps_its_data_in_a_named_volume(compose: dict[str, Any], neo4j: dict[str, Any]) -> None:
    mounts = [str(v).split(":") for v in neo4j.get("volumes", [])]
    data = [m[0] for m in mounts if len(m) >= 2 and m[1] == "/data"]
    assert data, f"no volume mounted on /data: {neo4j.get('volumes')}"
    assert data[0] in (compose.get("volumes") or {}), f"volume {data[0]!r} is not declared at the top level"


def test_neo4j_healthcheck_runs_cypher_shell_with_the_configured_password(neo4j: dict[str, Any]) -> None:
    check = neo4j.get("healthcheck") or {}
    test = check.get("test")
    assert isinstance(test, list) and test[0] in ("CMD", "CMD-SHELL"), f"healthcheck test: {test!r}"
    command = " ".join(test[1:])
    assert "cypher-shell" in command and "RETURN 1" in command, command
    # The password is read inside the container ($$ escapes compose interpolation), never written out.
    assert "$$" in command, f"healthcheck should read the password from the container's environment: {command}"
    assert "NEO4J_AUTH" in command or any(k in command for k in _env(neo4j)), command
    assert int(check.get("retries", 0)) >= 3


def test_api_is_built_from_the_dockerfile(api: dict[str, Any]) -> None:
    build = api.get("build")
    if isinstance(build, str):
        build = {"context": build}
    assert build and build.get("context"), "the api service has no build context"
    dockerfile = (ROOT / build["context"] / build.get("dockerfile", "Dockerfile")).resolve()
    assert dockerfile.exists(), f"{dockerfile} is missing"
    text = dockerfile.read_text(encoding="utf-8")
    base = re.search(r"^FROM\s+python:(\d+)\.(\d+)", text, re.M)
    assert base and (int(base[1]), int(base[2])) >= (3, 11), "the image needs Python >= 3.11"
    assert re.search(r"^RUN\s.*pip install[^\n]*\s(-e\s+)?\.(\s|$|\[)", text, re.M), "the project is not installed"
    copied = {p for line in re.findall(r"^COPY\s+(.+)$", text, re.M) for p in line.split()[:-1]}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = [p.rstrip("*") for p in project["tool"]["setuptools"]["packages"]["find"]["include"]]
    needed = {"pyproject.toml", "cypher", *packages}  # cypher/ is read at run time
    assert needed <= copied, f"the Dockerfile does not copy {sorted(needed - copied)}"
    assert re.search(r'^(CMD|ENTRYPOINT)\s.*riskgraph.*serve', text, re.M), "the image does not serve the API"


def test_api_starts_once_neo4j_is_healthy(api: dict[str, Any]) -> None:
    depends = api.get("depends_on")
    assert isinstance(depends, dict), "depends_on must be the long form to carry a condition"
    assert depends.get("neo4j", {}).get("condition") == "service_healthy"


def test_api_settings_point_at_the_neo4j_service(api: dict[str, Any], neo4j: dict[str, Any]) -> None:
    env = _env(api)
    unknown = [k for k in env if k.startswith("RISKGRAPH_")
               and k.removeprefix("RISKGRAPH_").lower() not in Settings.model_fields]
    assert not unknown, f"settings the API does not have: {unknown}"
    url = urlsplit(env.get("RISKGRAPH_GRAPH_URL", ""))
    assert url.scheme == "bolt" and url.hostname == "neo4j" and url.port == 7687, url.geturl()
    assert Settings(graph_url=url.geturl()).engine == "neo4j"
    auth_vars = VARIABLE.findall(_env(neo4j)["NEO4J_AUTH"])
    assert VARIABLE.findall(env.get("RISKGRAPH_NEO4J_PASSWORD", "")) == auth_vars, "API and Neo4j passwords differ"
    assert env.get("RISKGRAPH_API_HOST") == "0.0.0.0", "the API must listen beyond the container's loopback"
    published = [str(p).split(":")[-1] for p in api.get("ports", [])]
    assert "8000" in published


def _compose_command() -> list[str] | None:
    if shutil.which("docker"):
        done = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True, check=False)
        if done.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def test_docker_compose_config_accepts_the_file() -> None:
    command = _compose_command()
    if command is None:
        pytest.skip("neither the docker compose plugin nor docker-compose is installed here")
    env = {**os.environ, "NEO4J_PASSWORD": "compose-test-secret"}
    done = subprocess.run([*command, "-f", str(COMPOSE), "config"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, f"{' '.join(command)} config rejected the file:\n{done.stderr}"
    resolved = yaml.safe_load(done.stdout)["services"]
    assert _env(resolved["neo4j"])["NEO4J_AUTH"] == "neo4j/compose-test-secret"
    assert _env(resolved["api"])["RISKGRAPH_NEO4J_PASSWORD"] == "compose-test-secret"
