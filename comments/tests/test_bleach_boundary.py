"""bleach stays behind comments.sanitizer: no other module imports it."""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pytest

from comments import sanitizer

# --------------------------------------------------------------------------------------------
# bleach stays behind the sanitizer
# --------------------------------------------------------------------------------------------

PROJECT_ROOT = Path(__file__).resolve().parents[2]
_BLEACH_IMPORT_TEXT = re.compile(r"^\s*(?:import|from)\s+bleach\b", re.MULTILINE)


def imports_bleach(source: str) -> bool:
    """Whether Python `source` imports bleach (or a submodule) in any way."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        # A file mid-edit still must not mention the import.
        return bool(_BLEACH_IMPORT_TEXT.search(source))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        elif (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and (
                (isinstance(node.func, ast.Name) and node.func.id == "__import__")
                or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
            )
        ):
            names = [node.args[0].value]
        else:
            continue
        if any(name == "bleach" or name.startswith("bleach.") for name in names):
            return True
    return False


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("import bleach", True, id="import"),
        pytest.param("import os, bleach.linkifier as lk", True, id="import-submodule"),
        pytest.param("from bleach import clean", True, id="from-import"),
        pytest.param("from bleach.sanitizer import Cleaner", True, id="from-submodule"),
        pytest.param("def f():\n    import bleach\n", True, id="nested"),
        pytest.param("import importlib\nimportlib.import_module('bleach')", True, id="importlib"),
        pytest.param("__import__('bleach')", True, id="dunder-import"),
        pytest.param("import bleach\nthis is not python(", True, id="unparsable"),
        pytest.param("import bleachers\nfrom bleached import x", False, id="lookalike"),
        pytest.param("# import bleach\nx = 'import bleach'", False, id="comment-and-string"),
        pytest.param("from . import bleach", False, id="relative-import"),
    ],
)
def test_bleach_import_detector(source, expected):
    assert imports_bleach(source) is expected


def project_python_files() -> list[Path]:
    files = []
    for directory, subdirectories, filenames in os.walk(PROJECT_ROOT):
        subdirectories[:] = sorted(
            name for name in subdirectories if name != ".venv" and not name.startswith(".")
        )
        files.extend(Path(directory) / name for name in filenames if name.endswith(".py"))
    return files


def test_bleach_is_imported_only_by_the_sanitizer():
    sanitizer_path = Path(sanitizer.__file__).resolve()
    files = project_python_files()
    assert sanitizer_path in files, "the walk did not reach comments/sanitizer.py"
    importers = {
        path.relative_to(PROJECT_ROOT).as_posix()
        for path in files
        if imports_bleach(path.read_text(encoding="utf-8", errors="replace"))
    }
    assert importers == {"comments/sanitizer.py"}
