"""Imports point down only: core <- graph <- extraction <- datagen / reasoning <- api <- cli (<- bench).

Every import in the project's packages, including those inside functions, is read from the source
(AST), so a lazy import cannot hide an upward dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# package -> rank; a module may import its own package and packages of a lower rank only
RANKS = {"core": 0, "graph": 1, "extraction": 2, "datagen": 3, "reasoning": 3, "web": 3, "api": 4, "cli": 5,
         "bench": 6}


def imported_packages(tree: ast.AST) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module.split(".")[0]))
    return out


def upward_imports(root: Path) -> list[str]:
    found = []
    for package, rank in RANKS.items():
        for path in sorted((root / package).rglob("*.py")):
            if any(part in {"node_modules", ".venv"} for part in path.parts):
                continue
            for line, target in imported_packages(ast.parse(path.read_text(encoding="utf-8"))):
                if target in RANKS and target != package and RANKS[target] >= rank:
                    found.append(f"{path.relative_to(root)}:{line}: {package} imports {target}")
    return found


def test_no_module_imports_a_layer_above_it() -> None:
    assert not upward_imports(ROOT), "upward imports:\n" + "\n".join(upward_imports(ROOT))


def test_a_planted_upward_import_is_found(tmp_path: Path) -> None:
    (tmp_path / "graph").mkdir()
    (tmp_path / "reasoning").mkdir()
    (tmp_path / "graph" / "loader.py").write_text("def f():\n    from reasoning.model import train\n")
    (tmp_path / "reasoning" / "model.py").write_text("import graph.loader\nfrom core.errors import X\n")
    assert upward_imports(tmp_path) == ["graph/loader.py:2: graph imports reasoning"]
