"""Prose helpers: French elision after a name, times of day in Paris to the minute."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scic.core.i18n import clock_time, elide


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Registre de Autopartage", "Registre d’Autopartage", id="de before a vowel"),
        pytest.param("Statuts de Écully", "Statuts d’Écully", id="de before an accent"),
        pytest.param("le Assemblée", "l’Assemblée", id="le"),
        pytest.param("la Usine", "l’Usine", id="la"),
        pytest.param("plus que Anne", "plus qu’Anne", id="que"),
        pytest.param("Registre de Thiviers", "Registre de Thiviers", id="consonant unchanged"),
        pytest.param("le ou les dirigeants", "le ou les dirigeants", id="never before ou"),
        pytest.param("de un à trois", "de un à trois", id="never before un"),
        pytest.param("Da Anne", "Da Anne", id="only de le la que"),
    ],
)
def test_french_elision(text, expected):
    assert elide(text, "fr") == expected


def test_no_elision_in_english():
    assert elide("de Autopartage", "en") == "de Autopartage"


@pytest.mark.parametrize(
    ("instant", "locale", "expected"),
    [
        pytest.param(
            datetime(2026, 6, 20, 12, 0, 59, tzinfo=UTC),
            "fr",
            "14\u00a0h\u00a000",
            id="summer: UTC+2, no seconds",
        ),
        pytest.param(
            datetime(2027, 1, 16, 9, 5, tzinfo=UTC), "fr", "10\u00a0h\u00a005", id="winter: UTC+1"
        ),
        pytest.param(
            datetime(2026, 6, 20, 12, 0),  # noqa: DTZ001 - what the database gives back
            "fr",
            "14\u00a0h\u00a000",
            id="naive means UTC",
        ),
        pytest.param(datetime(2026, 6, 20, 12, 0, tzinfo=UTC), "en", "2:00\u202fPM", id="English"),
    ],
)
def test_clock_time_is_paris_time_to_the_minute(instant, locale, expected):
    assert clock_time(instant, locale) == expected


def test_french_gettext_elides_a_name(app):
    from flask_babel import force_locale

    from scic.core.i18n import _

    with app.test_request_context(), force_locale("fr"):
        assert _("Register of minutes of %(name)s", name="Autopartage") == (
            "Registre des procès-verbaux d’Autopartage"
        )
        template = app.jinja_env.from_string(
            "{% trans name=n %}Participations of {{ name }}{% endtrans %}"
        )
        assert template.render(n="Autopartage <b>") == "Participations d’Autopartage &lt;b&gt;"
