"""Build hook: compile the translation catalogs (.po → .mo) into every wheel and sdist build.

The metadata lives in pyproject.toml; this file only adds the step, so that `pip install .`
or a wheel from `python -m build` serves French without `make` (Babel is a build requirement).
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogs(build_py):
    """build_py, then compile scic/translations/*/LC_MESSAGES/*.po next to the built modules."""

    def run(self):
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        source = Path(__file__).resolve().parent / "scic" / "translations"
        # An editable install imports the sources: the catalogs are compiled in place.
        target_root = (
            source if self.editable_mode else Path(self.build_lib) / "scic" / "translations"
        )
        for po in sorted(source.glob("*/LC_MESSAGES/*.po")):
            locale = po.parent.parent.name
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=locale)
            # The catalogs have no header, which Babel reads as fuzzy: compile them anyway.
            mo = target_root / locale / "LC_MESSAGES" / po.with_suffix(".mo").name
            mo.parent.mkdir(parents=True, exist_ok=True)
            with mo.open("wb") as handle:
                write_mo(handle, catalog, use_fuzzy=True)


setup(cmdclass={"build_py": BuildWithCatalogs})
