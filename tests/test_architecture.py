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
    # Use cases that span packages (ARCHITECTURE §2.2): everything downstream, never a view.
    "workflows": {
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
    "percent.py",
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


def is_view_module(path: Path) -> bool:
    """A package's views (``views.py``, ``views_*.py``, a ``views/`` package): the edge."""
    return any(part == "views" or part.startswith("views_") for part in path.with_suffix("").parts)


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_packages_import_only_downstream(package):
    for path in (ROOT / package).rglob("*.py"):
        # Views and commands may call the workflows; nothing else may (§2.2).
        allowed = (
            ALLOWED[package]
            | {package}
            | ({"workflows"} if is_view_module(path.relative_to(ROOT)) else set())
        )
        for name in imported(path.read_text(encoding="utf-8")):
            if name.startswith("scic.") and name.count(".") >= 1:
                target = name.split(".")[1]
                if target in ALLOWED:
                    assert target in allowed, f"{path.relative_to(ROOT)} imports {name}"


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


def test_package_init_files_are_docstrings_only():
    for package in ALLOWED:
        if package in {"cli"}:
            continue
        tree = ast.parse((ROOT / package / "__init__.py").read_text(encoding="utf-8"))
        assert len(tree.body) == 1, package
        assert isinstance(tree.body[0], ast.Expr), package


def test_workflows_import_no_view():
    paths = sorted((ROOT / "workflows").rglob("*.py"))
    assert any(p.stem != "__init__" for p in paths), "no workflow module: the check is vacuous"
    for path in paths:
        views = {
            n
            for n in imported(path.read_text(encoding="utf-8"))
            if n.startswith("scic.") and any(is_view_module(Path(part)) for part in n.split("."))
        }
        assert not views, f"{path.relative_to(ROOT)} imports {sorted(views)}"


def test_only_views_and_commands_import_workflows():
    assert "scic.workflows.compliance" in imported("from scic.workflows.compliance import x")
    for path in ROOT.rglob("*.py"):
        package = path.relative_to(ROOT).parts[0]
        if package in {"workflows", "cli"} or is_view_module(path.relative_to(ROOT)):
            continue
        names = {n for n in imported(path.read_text(encoding="utf-8")) if "scic.workflows" in n}
        assert not names, f"{path.relative_to(ROOT)} imports {sorted(names)}"
