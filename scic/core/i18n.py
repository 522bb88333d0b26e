"""Translations and locale-aware formatting (French first, English second)."""

from __future__ import annotations

import functools
import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from babel import Locale, dates, numbers
from flask import current_app, g, has_request_context, request, session
from flask_babel import (
    Babel,
    format_date,
    format_time,
    get_locale,
    ngettext,  # noqa: F401
)
from flask_babel import gettext as _  # noqa: F401 - re-exported for the whole application
from flask_babel import lazy_gettext as _l  # noqa: F401

LOCALES = ("fr", "en")
babel = Babel()


def select_locale() -> str:
    """Pick the user's saved preference, then Accept-Language, then French."""
    if not has_request_context():
        return current_app.config.get("BABEL_DEFAULT_LOCALE", "fr")
    from flask_login import current_user  # local: core must not depend on auth at import time

    preferred = getattr(current_user, "locale", None) if current_user else None
    if preferred in LOCALES:
        return preferred
    if (chosen := session.get("locale")) in LOCALES:
        return chosen
    return request.accept_languages.best_match(LOCALES) or "fr"


def _locale() -> str:
    return str(get_locale() or "fr")


def format_money_cents(cents: int) -> str:
    """Format integer cents as currency in the user's locale: ``1 234,50 €`` in French."""
    return numbers.format_currency(Decimal(cents) / 100, "EUR", locale=_locale())


def format_money(amount: Decimal) -> str:
    """Format a Decimal amount of euros in the user's locale."""
    return numbers.format_currency(amount, "EUR", locale=_locale())


def format_percent(value: Fraction | Decimal | float, digits: int = 2) -> str:
    """Format a fraction of 1 as a percentage with fixed decimals: ``55,33 %`` in French.

    Rounding is half-up on the exact value (R-TAL-1: round for display only).
    """
    exact = (
        Decimal(value.numerator) / Decimal(value.denominator)
        if isinstance(value, Fraction)
        else Decimal(str(value))
    )
    # Half-up on the exact value, before Babel (which would round half-even).
    exact = exact.quantize(Decimal(1).scaleb(-(digits + 2)), rounding=ROUND_HALF_UP)
    # The locale's own pattern (e.g. "#,##0\u00a0%" in French) with fixed decimals.
    pattern = Locale.parse(_locale()).percent_formats[None].pattern
    if digits:
        pattern = re.sub(r"0(?=[^0-9#]*%)", "0." + "0" * digits, pattern, count=1)
    return numbers.format_percent(exact, pattern, locale=_locale(), decimal_quantization=True)


def format_number(value: int | Decimal) -> str:
    """Format a number with the locale's grouping."""
    return numbers.format_decimal(value, locale=_locale())


def format_day(value: date | datetime | None, fmt: str = "medium") -> str:
    """Format a date (or the date of a datetime) in the user's locale; empty for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        # Paris time, to the minute: seconds mean nothing to a reader of a convocation.
        return f"{format_date(value, fmt)}, {format_time(value, 'short')}"
    # A plain date needs no time zone: Babel directly (Flask-Babel's wrapper costs as much as
    # the formatting, and a register or a member list formats a date on every row).
    return _formatted_day(value, fmt, get_locale())


@functools.lru_cache(maxsize=8192)
def _formatted_day(value: date, fmt: str, locale: Locale) -> str:
    """Dates repeat down a table (admissions, movements, a register's decade of days): each is
    formatted once per locale, not on every row (docs/performance.md)."""
    return dates.format_date(value, fmt, locale=locale)


def label(text) -> str:
    """The translation of a message constant, looked up once per request and locale.

    Tables show the same few labels (kinds, statuses) on every row; each lookup through
    Flask-Babel costs about as much as rendering the row. Keyed by the locale too, so a part
    written under ``force_locale`` (a document in the assembly's language) gets its own.
    """
    if isinstance(text, str) or not has_request_context():
        return str(text)  # a plain string (an unknown code) is shown as it is
    # Keyed by identity: message constants live as long as the process.
    labels = g.setdefault("_scic_labels", {})
    key = (id(text), get_locale())
    if key not in labels:
        labels[key] = str(text)
    return labels[key]


def init_app(app) -> None:
    """Bind Babel and register the formatting filters for templates."""
    babel.init_app(
        app, locale_selector=select_locale, default_translation_directories="translations"
    )
    app.jinja_env.filters.update(
        money=format_money_cents,
        euros=format_money,
        percent=format_percent,
        number=format_number,
        day=format_day,
    )
    app.jinja_env.globals.update(get_locale=_locale)

    @app.before_request
    def _fresh_request_state():
        # An app context can outlive one request (tests, CLI helpers); the locale and the
        # cooperative loaded for the previous request must never leak into the next one.
        from flask import g
        from flask_babel import refresh

        refresh()
        for key in ("cooperative", "roles", "_login_user"):
            g.pop(key, None)
