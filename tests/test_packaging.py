"""A wheel built from the repository serves French without `make` (catalogs compiled at build).

The wheel is built from the tracked files only (no .mo in git), installed without its
dependencies into a fresh virtual environment, which borrows the dependencies from the
development environment through a path entry (no network; and not the editable scic).
"""

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def tracked_copy(target: Path) -> Path:
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, files):
        source = ROOT / name.decode()
        if source.is_file():
            destination = target / name.decode()
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(source.read_bytes())
    return target


def test_the_wheel_serves_french(tmp_path):
    source = tracked_copy(tmp_path / "source")
    assert not list(source.glob("scic/translations/*/LC_MESSAGES/*.mo"))
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(dist),
            str(source),
        ],
        check=True,
    )
    (wheel,) = dist.glob("scic-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "scic/translations/fr/LC_MESSAGES/messages.mo" in names

    environment = tmp_path / "venv"
    venv.create(environment, with_pip=False)
    python = environment / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # The dependencies come from the development environment, as a plain path entry: its
    # .pth files (the editable install of scic) are not read.
    (Path(site) / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", site, str(wheel)],
        check=True,
    )
    script = f"""
import scic
from scic import create_app
from flask_babel import force_locale
from scic.core.i18n import _
assert scic.__file__.startswith({site!r}), scic.__file__
app = create_app({{"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                  "INSTANCE_PATH": {str(tmp_path / "instance")!r}}})
with app.test_request_context(), force_locale("fr"):
    print(_("Dashboard"))
"""
    result = subprocess.run([python, "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Tableau de bord"
