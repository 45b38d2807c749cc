"""Builds web/dist: the page from web/src, plus cytoscape.js installed from the npm registry at build time
into a cache folder (.cache/web-npm) and copied into dist/vendor, so the page needs no CDN at run time."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = ROOT / ".cache" / "web-npm"
# npm package -> the file of it the page loads; versions pinned so builds repeat.
VENDOR = {
    "cytoscape": ("3.34.4", ["dist/cytoscape.min.js"]),
    # The API's /docs page (Swagger UI) from here too, instead of FastAPI's default CDN.
    "swagger-ui-dist": ("5.35.0", ["swagger-ui-bundle.js", "swagger-ui.css"]),
}


class BuildError(RuntimeError):
    pass


def _npm_install() -> None:
    CACHE.mkdir(parents=True, exist_ok=True)
    wanted = {name: version for name, (version, _) in VENDOR.items()}
    manifest = CACHE / "package.json"
    if all((CACHE / "node_modules" / name / file).exists() and installed_version(name) == wanted[name]
           for name, (_, files) in VENDOR.items() for file in files):
        return
    manifest.write_text(json.dumps({"name": "riskgraph-web-vendor", "private": True,
                                    "dependencies": wanted}, indent=1))
    npm = shutil.which("npm")
    if npm is None:
        raise BuildError("npm is not installed; install Node.js (Debian: apt-get install npm) and rerun make web")
    cmd = [npm, "install", "--no-audit", "--no-fund", "--ignore-scripts", "--prefix", str(CACHE)]
    done = subprocess.run(cmd, cwd=CACHE, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        raise BuildError(f"npm install failed ({done.returncode}):\n{done.stderr[-2000:]}")


def installed_version(name: str) -> str | None:
    package = CACHE / "node_modules" / name / "package.json"
    return json.loads(package.read_text())["version"] if package.exists() else None


def build(dist: Path = HERE / "dist") -> Path:
    _npm_install()
    staging = dist.with_name(dist.name + ".tmp")
    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(HERE / "src", staging)
    vendor = staging / "vendor"
    vendor.mkdir(exist_ok=True)
    for name, (_, files) in VENDOR.items():
        for file in files:
            shutil.copy2(CACHE / "node_modules" / name / file, vendor / Path(file).name)
        licence = CACHE / "node_modules" / name / "LICENSE"
        if licence.exists():
            shutil.copy2(licence, vendor / f"{name}.LICENSE")
    if dist.exists():
        shutil.rmtree(dist)
    staging.rename(dist)
    return dist


def main() -> None:
    try:
        dist = build()
    except BuildError as exc:
        print(f"web build: {exc}", file=sys.stderr)
        raise SystemExit(2) from exc
    print(f"built {dist}")


if __name__ == "__main__":
    main()
