"""Pure rules never import Flask or SQLAlchemy; packages import only downstream (§2.2)."""

import ast
from pathlib import Path

import pytest

import scic

FORBIDDEN = (
    "flask",
    "sqlalchemy",
    "wtforms",
    "reportlab",
    "babel",
    "flask_babel",
    "scic.core.db",
    "scic.core.extensions",
    "scic.core.i18n",
)
ROOT = Path(scic.__file__).parent
#: What each package may import (itself and core included). Downstream only.
ALLOWED = {
    "core": set(),
    "auth": {"core"},
    "cooperatives": {"core", "auth"},
    "membership": {"core", "auth", "cooperatives"},
    "capital": {"core", "auth", "cooperatives", "membership"},
    "assemblies": {"core", "auth", "cooperatives", "membership"},
    "voting": {"core", "auth", "cooperatives", "membership", "assemblies"},
    "registers": {"core", "auth", "cooperatives", "membership", "capital", "assemblies", "voting"},
    # Use cases across packages (§2.2): everything below, never registers (which only reads).
    "workflows": {
        "core",
        "auth",
        "cooperatives",
        "membership",
        "capital",
        "assemblies",
        "voting",
    },
    # Signed documents and electronic registers: signs what registers builds, and stores it.
    "archive": {
        "core",
        "auth",
        "cooperatives",
        "membership",
        "capital",
        "assemblies",
        "voting",
        "registers",
    },
    "cli": {
        "core",
        "auth",
        "cooperatives",
        "membership",
        "capital",
        "assemblies",
        "voting",
        "registers",
        "archive",
        "workflows",
    },
}
#: Pure modules besides rules.py (or any module of a rules/ package): formats read and written
#: without a database.
PURE_MODULES = (
    "rules.py",
    "statutes_format.py",
    "csv_format.py",
    "tally_format.py",
    "tally_reader.py",
    "*_rules.py",
    "chain.py",
    "violations.py",
    "periods.py",
    "csv_cells.py",
)


def imported(source: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            names |= {node.module or ""} | {f"{node.module}.{a.name}" for a in node.names}
    return names


def test_import_scanner_sees_imports():
    assert "flask" in imported("import flask")
    assert "scic.voting.models" in imported("from scic.voting import models")


def pure_paths():
    named = {p for name in PURE_MODULES for p in ROOT.rglob(name)}
    return sorted(named | set(ROOT.rglob("rules/*.py")))


def test_pure_modules_exist():
    assert any(p.name == "rules.py" for p in pure_paths()), "no rules.py: the check is vacuous"
    assert any(p.parent.name == "rules" for p in pure_paths()), "rules/ packages are not checked"


@pytest.mark.parametrize("path", pure_paths(), ids=lambda p: str(p.relative_to(ROOT)))
def test_rules_modules_are_pure(path):
    bad = {
        n
        for n in imported(path.read_text(encoding="utf-8"))
        if n.startswith(FORBIDDEN) or n.endswith(".models") or ".services" in n
    }
    assert not bad, f"{path} imports {sorted(bad)}"


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_packages_import_only_downstream(package):
    allowed = ALLOWED[package] | {package}
    for path in (ROOT / package).rglob("*.py"):
        # §2.2: views sit above the workflows and call them (and only them upstream).
        reach = allowed | {"workflows"} if _is_view_module(path) else allowed
        for name in imported(path.read_text(encoding="utf-8")):
            if name.startswith("scic.") and name.count(".") >= 1:
                target = name.split(".")[1]
                if target in ALLOWED:
                    assert target in reach, f"{path.relative_to(ROOT)} imports {name}"


def _is_view_module(path: Path) -> bool:
    """A package's views: ``views.py``, ``views_*.py`` or a module of a ``views/`` package."""
    relative = path.relative_to(ROOT)
    return relative.name.startswith("views") or "views" in relative.parts[:-1]


def test_only_views_and_commands_import_workflows():
    """§2.2: views and CLI commands call the workflows; nothing else imports them."""
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in {"workflows", "cli"} or _is_view_module(path):
            continue
        names = imported(path.read_text(encoding="utf-8"))
        assert not any(n.startswith("scic.workflows") for n in names), f"{relative} imports them"


def test_workflows_import_no_view():
    for path in (ROOT / "workflows").rglob("*.py"):
        names = imported(path.read_text(encoding="utf-8"))
        assert not any(".views" in n for n in names), path.name


def test_no_hook_list_filled_at_import_time():
    """§2.2: no list of callables that another package fills when it is imported."""
    for path in ROOT.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "_HOOKS" not in text, path.relative_to(ROOT)
        assert "_PROVIDERS" not in text, path.relative_to(ROOT)


def test_registers_never_record_an_exit():
    """§2.2: registers read everything and write nothing (an exclusion's exit is a workflow's)."""
    for path in (ROOT / "registers").rglob("*.py"):
        names = imported(path.read_text(encoding="utf-8"))
        assert not any(n.endswith((".record_exit", ".exits")) for n in names), path.name
        assert not any(n.startswith("scic.workflows") for n in names), path.name


def test_package_init_files_are_docstrings_only():
    for package in ALLOWED:
        if package in {"cli"}:
            continue
        tree = ast.parse((ROOT / package / "__init__.py").read_text(encoding="utf-8"))
        assert len(tree.body) == 1, package
        assert isinstance(tree.body[0], ast.Expr), package
