"""Builds web/dist from web/src; the platform work replaces the copy with vendoring from npm."""

from __future__ import annotations

import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    dist = HERE / "dist"
    src = HERE / "src"
    if dist.exists():
        shutil.rmtree(dist)
    shutil.copytree(src, dist)
    print(f"built {dist}")


if __name__ == "__main__":
    main()
