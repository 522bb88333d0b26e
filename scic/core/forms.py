"""Form base class: CSRF on, French-first error messages."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms import SelectChoice


def choices(pairs: Iterable[tuple[object, object]]) -> list[SelectChoice]:
    """Select options from (value, label) pairs (WTForms 3.3 deprecates bare tuples)."""
    return [SelectChoice(value, label) for value, label in pairs]


class BaseForm(FlaskForm):
    """Every form of the application; CSRF is checked for every POST."""

    class Meta:
        locales = ("fr_FR", "fr", "en")

        def get_translations(self, form):
            from flask_babel import get_locale

            return _wtforms_translations(str(get_locale() or "fr"))


@functools.cache
def _wtforms_translations(locale: str):
    """WTForms' own messages in ``locale``: looked up on disk once, not for every form."""
    from wtforms.i18n import get_translations

    return get_translations([locale, "en"])
