"""Translations and locale-aware formatting (French first, English second)."""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from babel import Locale, dates, numbers
from flask import current_app, g, has_app_context, has_request_context, request, session
from flask_babel import Babel, LazyString, get_translations
from flask_babel import get_locale as _babel_get_locale

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


def _babel_state():
    """Flask-Babel's namespace of the current app context (where it keeps the locale it chose
    and the domain), or None.

    Flask-Babel reaches it through five lookups of the ``g`` proxy on every call (about 3 µs);
    a page asks for the locale or a translation a few hundred times (every label, date, menu
    entry and form label), so scic reads it once per call instead (docs/performance.md).
    """
    if not has_app_context():
        return None
    return vars(g._get_current_object()).get("_flask_babel")


def get_locale() -> Locale | None:
    """The locale of the request (or of ``force_locale``): Flask-Babel's, read from where
    Flask-Babel caches it; Flask-Babel chooses it the first time."""
    state = _babel_state()
    locale = getattr(state, "babel_locale", None)
    return locale if locale is not None else _babel_get_locale()


def _translations():
    """The catalog of the current locale: Flask-Babel's, remembered for the context next to
    the locale and domain it belongs to (a ``force_locale`` or a ``refresh`` changes them, and
    the next call asks Flask-Babel again)."""
    state = _babel_state()
    if state is not None:
        cached = getattr(state, "scic_translations", None)
        if (
            cached is not None
            and cached[0] is getattr(state, "babel_locale", None)
            and cached[1] is getattr(state, "babel_domain", None)
        ):
            return cached[2]
    translations = get_translations()  # chooses (and caches) the locale and the domain
    state = _babel_state()
    if state is not None:
        state.scic_translations = (state.babel_locale, state.babel_domain, translations)
    return translations


def _babel_gettext(string: str, **variables) -> str:
    """Flask-Babel's ``gettext`` (same catalog, same formatting), without its lookups."""
    text = _translations().ugettext(string)
    return text % variables if variables else text


def _babel_ngettext(singular: str, plural: str, num: int, **variables) -> str:
    """Flask-Babel's ``ngettext`` (``num`` is available to the message), without its lookups."""
    variables.setdefault("num", num)
    return _translations().ungettext(singular, plural, num) % variables


def _l(string: str, **variables) -> LazyString:
    """A message translated when it is shown (Flask-Babel's ``lazy_gettext``, same text)."""
    return LazyString(_babel_gettext, string, **variables)


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


#: Every time a user reads is Paris time (the cooperative's legal time), whatever the server's.
PARIS = ZoneInfo("Europe/Paris")


def in_paris(value: datetime) -> datetime:
    """The instant in Paris; a naive datetime is UTC (how the database stores instants)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(PARIS)


def clock_time(value: datetime, locale: str) -> str:
    """The time of day of an instant in Paris, to the minute: ``14 h 00`` in French (with
    no-break spaces, as French typography writes it), ``2:00 PM`` in English."""
    local = in_paris(value)
    if str(locale).startswith("fr"):
        return f"{local.hour}\u00a0h\u00a0{local.minute:02d}"
    return dates.format_time(local, "short", locale=str(locale))


def format_clock(value: datetime) -> str:
    """The time of day of an instant in Paris, in the user's locale (see :func:`clock_time`)."""
    return clock_time(value, _locale())


def format_day(value: date | datetime | None, fmt: str = "medium") -> str:
    """Format a date (or the date of a datetime) in the user's locale; empty for None.

    An instant reads as its Paris day and time, to the minute: "20 juin 2026, 14 h 00".
    """
    if value is None:
        return ""
    if isinstance(value, datetime):
        # Paris time, to the minute: seconds mean nothing to a reader of a convocation.
        local = in_paris(value)
        return f"{_formatted_day(local.date(), fmt, get_locale())}, {format_clock(local)}"
    # A plain date needs no time zone: Babel directly (Flask-Babel's wrapper costs as much as
    # the formatting, and a register or a member list formats a date on every row).
    return _formatted_day(value, fmt, get_locale())


@functools.lru_cache(maxsize=8192)
def _formatted_day(value: date, fmt: str, locale: Locale) -> str:
    """Dates repeat down a table (admissions, movements, a register's decade of days): each is
    formatted once per locale, not on every row (docs/performance.md)."""
    return dates.format_date(value, fmt, locale=locale)


_VOWEL = "AEIOUYÉÈÊËÀÂÎÏÔÛÜaeiouyéèêëàâîïôûü"
#: "de"/"le"/"la"/"que" before a vowel, except before words French does not elide before
#: ("le ou les", "le onze", "de un à trois").
_ELISION = re.compile(
    rf"\b(?:([Dd])e|([Ll])[ea]|([Qq]u)e) (?!(?:ou|oui|un|une|onze)\b)(?=[{_VOWEL}])"
)


def elide(text: str, locale: str | None = None) -> str:
    """French elision where a name was put after "de", "le", "la" or "que": "de Autopartage"
    reads "d’Autopartage", "que Anne" "qu’Anne". Other languages are returned unchanged.

    Apply it to a sentence whose placeholder holds a name (a cooperative, a member): the
    translation cannot know whether the name starts with a vowel.
    """
    if not str(locale or _locale()).startswith("fr"):
        return text
    return _ELISION.sub(lambda m: f"{m.group(1) or m.group(2) or m.group(3)}’", text)


def _(string: str, **variables) -> str:
    """gettext for the whole application; in French, a name put after "de", "le" or "que"
    is elided ("de %(coop)s" with "Autopartage" reads "d’Autopartage")."""
    text = _babel_gettext(string, **variables)
    return elide(text) if variables else text


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    text = _babel_ngettext(singular, plural, num, **variables)
    return elide(text) if variables else text


def _elided_template_gettext(original):
    """Wrap Jinja's new-style gettext (which formats the placeholders itself) with the same
    French elision as :func:`_`, keeping its escaping."""
    from jinja2 import pass_context
    from markupsafe import Markup

    @pass_context
    def wrapped(context, *args, **variables):
        text = original(context, *args, **variables)
        if not variables:
            return text
        elided = elide(str(text))
        # Jinja escaped the text already; elision only turns "e " into "’" in it.
        return Markup(elided) if isinstance(text, Markup) else elided  # noqa: S704  # nosec B704

    return wrapped


def label(text) -> str:
    """The translation of a message constant, looked up once per request and locale.

    Tables show the same few labels (kinds, statuses) on every row; each lookup through
    Flask-Babel costs about as much as rendering the row. Keyed by the locale too, so a part
    written under ``force_locale`` (a document in the assembly's language) gets its own.
    """
    if isinstance(text, str) or not has_request_context():
        return str(text)  # a plain string (an unknown code) is shown as it is
    # Keyed by identity: message constants live as long as the process.
    labels = vars(g._get_current_object()).setdefault("_scic_labels", {})
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
        clock=format_clock,
        elide=elide,
        # Flask-Babel's own filters would show seconds or the server's zone: every time a
        # user reads goes through the same Paris, to-the-minute formatting.
        datetimeformat=format_day,
        timeformat=lambda value, _fmt=None: format_clock(value) if value else "",
    )
    app.jinja_env.globals.update(get_locale=_locale)
    # Flask-Babel's callables, reading the catalog without its proxy lookups (see _babel_state).
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )
    gettext = _elided_template_gettext(app.jinja_env.globals["gettext"])
    app.jinja_env.globals.update(
        gettext=gettext,
        _=gettext,
        ngettext=_elided_template_gettext(app.jinja_env.globals["ngettext"]),
    )

    @app.before_request
    def _fresh_request_state():
        # An app context can outlive one request (tests, CLI helpers); the locale and the
        # cooperative loaded for the previous request, and its CSRF token (Flask-WTF keeps it in
        # g), must never leak into the next one.
        from flask import g
        from flask_babel import refresh

        refresh()
        for key in ("cooperative", "roles", "_login_user", "csrf_token"):
            g.pop(key, None)
