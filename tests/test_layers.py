"""The layers of the package: the core and the command line load no Sphinx.

``make lint`` checks the import contracts statically (``lint-imports``, see
pyproject's ``[tool.importlinter]``); these tests check what a fresh interpreter
actually loads, imports done inside functions included.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

PACKAGE = REPO / "sphinxcontrib_designdoc"


def _modules(folder: str) -> list[str]:
    return sorted(
        ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        for path in (PACKAGE / folder).rglob("*.py")
    )


def loaded_after(code: str) -> list[str]:
    """The Sphinx and docutils modules a fresh interpreter has loaded after ``code``."""
    probe = (
        f"{code}\nimport json, sys\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sphinx', 'docutils'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=REPO
    )
    found: list[str] = json.loads(result.stdout)
    return found


@pytest.mark.parametrize("folder", ["core", "export"])
def test_the_core_and_the_export_format_load_no_sphinx(folder: str) -> None:
    modules = _modules(folder)
    assert len(modules) > 3
    assert loaded_after("\n".join(f"import {m}" for m in modules)) == []


def test_the_command_line_loads_no_sphinx() -> None:
    code = "import sphinxcontrib_designdoc.cli, sphinxcontrib_designdoc.__main__"
    assert loaded_after(code) == []


def test_the_command_line_runs_without_sphinx(tmp_path: Path) -> None:
    """``designdoc init`` and ``report`` on an export, in a process that could not
    import Sphinx even if it tried."""
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    for name in ("sphinx", "docutils"):
        (blocker / f"{name}.py").write_text(f"raise ImportError('{name} is not for the CLI')\n")
    export = REPO / "tests" / "test_cli" / "no-such-file.json"
    script = (
        f"import sys; sys.path.insert(0, {str(blocker)!r})\n"
        "from sphinxcontrib_designdoc.cli import main\n"
        f"main(['init', '--title', 'Search', {str(tmp_path / 'doc')!r}])\n"
        f"raise SystemExit(main(['report', {str(export)!r}]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, cwd=REPO
    )
    assert "is not for the CLI" not in result.stderr
    assert (tmp_path / "doc" / "index.rst").is_file(), result.stderr
    assert result.returncode == 2  # the export does not exist: one line, exit 2


def test_importing_the_package_loads_no_sphinx() -> None:
    assert loaded_after("import sphinxcontrib_designdoc") == []
