"""Every user-visible string is translatable, and the French catalog is complete."""

import ast
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import scic

ROOT = Path(scic.__file__).parent
KEYWORDS = {
    "_": None,
    "_l": None,
    "gettext": None,
    "lazy_gettext": None,
    "ngettext": (1, 2),
    "lazy_ngettext": (1, 2),
}
METHODS = [("**.py", "python"), ("templates/**.html", "jinja2")]
#: Words a template may show untranslated: names of languages and of the product.
UNTRANSLATED_OK = {"scic", "Français", "English", "·", "—", "%", "€", "/", ":", "|"}


def scanned(directory: str) -> bool:
    """Every folder but hidden ones and caches: babel's default also skips folders starting
    with "_", and so missed the messages of ``templates/_macros`` (as ``make messages`` did)."""
    name = Path(directory).name
    return not name.startswith(".") and name != "__pycache__"


def extracted_ids() -> set[str]:
    ids = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), METHODS, keywords=KEYWORDS, directory_filter=scanned
    ):
        ids.add(message[0] if isinstance(message, tuple) else message)
    return ids


def french_catalog():
    with open(ROOT / "translations" / "fr" / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale="fr")


def test_every_message_has_a_french_translation():
    catalog = french_catalog()
    missing = sorted(
        m
        for m in extracted_ids()
        if not catalog.get(m)
        or not (
            catalog.get(m).string
            if isinstance(catalog.get(m).string, str)
            else all(catalog.get(m).string)
        )
    )
    assert not missing, f"{len(missing)} messages without French: {missing[:15]}"


def test_french_translations_keep_their_placeholders():
    placeholder = re.compile(r"%\([a-z_]+\)s|%%")
    for message in french_catalog():
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = sorted(placeholder.findall(ids[-1]))
        for string in strings:
            assert sorted(placeholder.findall(string)) == expected, message.id


def visible_template_text(source: str) -> list[str]:
    """Text a user would read that is not inside a Jinja expression, tag or comment."""
    source = re.sub(r"{#.*?#}", " ", source, flags=re.S)
    source = re.sub(r"{%\s*trans.*?{%\s*endtrans\s*%}", " ", source, flags=re.S)
    source = re.sub(r"{{.*?}}|{%.*?%}", " ", source, flags=re.S)
    source = re.sub(r"<(script|style)\b.*?</\1>", " ", source, flags=re.S)
    source = re.sub(r"<!--.*?-->", " ", source, flags=re.S)
    texts = re.split(r"<[^>]*>", source)
    return [
        t.strip()
        for t in texts
        if re.search(r"[A-Za-zÀ-ÿ]{2,}", t) and not set(t.split()) <= UNTRANSLATED_OK
    ]


def test_visible_template_text_scanner_finds_raw_text():
    assert visible_template_text("<p>Hello</p><p>{{ _('Hi') }}</p>") == ["Hello"]


@pytest.mark.parametrize(
    "path", sorted((ROOT / "templates").rglob("*.html")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_templates_have_no_untranslated_text(path):
    leftovers = visible_template_text(path.read_text(encoding="utf-8"))
    assert not leftovers, f"untranslated text in {path.name}: {leftovers[:5]}"


USER_FACING_CALLS = {"flash"}


def raw_user_strings(tree: ast.AST) -> list[int]:
    """Line numbers of flash() calls and WTForms field labels given a bare string."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None) or ""
        first = node.args[0]
        is_text = isinstance(first, ast.JoinedStr) or (
            isinstance(first, ast.Constant) and isinstance(first.value, str)
        )
        user_facing = name in USER_FACING_CALLS or (name.endswith("Field") and name[0].isupper())
        if is_text and user_facing:
            lines.append(node.lineno)
    return lines


def test_raw_string_scanner_finds_bare_labels():
    assert raw_user_strings(ast.parse("x = StringField('Name')\nflash('Hi')")) == [1, 2]


@pytest.mark.parametrize(
    "path",
    sorted(p for p in ROOT.rglob("*.py") if "migrations" not in p.parts),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_python_user_strings_are_marked(path):
    lines = raw_user_strings(ast.parse(path.read_text(encoding="utf-8")))
    assert not lines, f"{path.name}: untranslated user string on lines {lines}"


def test_french_formats_from_babel(app):
    from decimal import Decimal
    from fractions import Fraction

    from flask_babel import refresh

    from scic.core.i18n import format_money, format_money_cents, format_percent

    with app.test_request_context(headers={"Accept-Language": "fr"}):
        assert format_money_cents(123450) == "1\u202f234,50\xa0€"
        assert format_money(Decimal("1234.5")) == "1\u202f234,50\xa0€"
        assert format_percent(Fraction(83, 150)) == "55,33\xa0%"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        refresh()  # the test keeps one app context, where Flask-Babel caches the locale
        assert format_percent(Fraction(83, 150)) == "55.33%"


def test_cached_dates_and_labels_follow_a_forced_locale(app):
    """format_day and label() cache per locale: a part written under force_locale (a document
    in the assembly's language) is in that language, the page around it in the reader's."""
    from datetime import date

    from flask_babel import force_locale, refresh

    from scic.core.i18n import format_day, label
    from scic.membership.forms import KIND_LABELS

    with app.test_request_context(headers={"Accept-Language": "en"}):
        refresh()
        day = date(2026, 3, 14)
        english = (format_day(day), label(KIND_LABELS["person"]))
        with force_locale("fr"):
            french = (format_day(day), label(KIND_LABELS["person"]))
        assert english == ("Mar 14, 2026", "Natural person")
        assert french == ("14 mars 2026", "Personne physique")
        assert (format_day(day), label(KIND_LABELS["person"])) == english


def test_percentages_round_half_up_for_display(app):
    from fractions import Fraction

    from scic.core.i18n import format_percent

    with app.test_request_context(headers={"Accept-Language": "fr"}):
        # 0.000125 is a tie at two decimals of a percent: half-up gives 0,01 %, not 0,00 %.
        assert format_percent(Fraction(1, 8000)) == "0,01\xa0%"
        assert format_percent(Fraction(283, 462)) == "61,26\xa0%"


def test_french_catalog_compiles_without_placeholder_errors():
    problems = [
        (message.id, [str(e) for e in errors]) for message, errors in french_catalog().check()
    ]
    assert not problems, problems[:5]


#: A string literal piped into a filter: ``'represented'|presence_mode``.
_FILTERED_LITERAL = re.compile(r"""(["'])([^"'{}]*)\1\s*\|\s*([a-z_]+)""")


def filtered_literals(source: str, filters: set[str]) -> list[str]:
    return [m.group(0) for m in _FILTERED_LITERAL.finditer(source) if m.group(3) in filters]


def test_filtered_literal_scanner_finds_them():
    source = "{{ 'represented'|presence_mode }} {{ line.mode|presence_mode }} {{ 'a'|upper }}"
    assert filtered_literals(source, {"presence_mode"}) == ["'represented'|presence_mode"]


def test_no_template_pipes_a_literal_into_an_app_filter(app):
    """Jinja folds a filter applied to a constant when it compiles the template: a label filter
    on a literal is translated once, in the language of the first request, then cached for
    every reader. Templates set a variable and filter that instead."""
    from jinja2.defaults import DEFAULT_FILTERS

    filters = set(app.jinja_env.filters) - set(DEFAULT_FILTERS)
    assert "presence_mode" in filters  # the app's filters are seen
    found = {
        str(path.relative_to(ROOT)): hits
        for path in (ROOT / "templates").rglob("*.html")
        if (hits := filtered_literals(path.read_text(encoding="utf-8"), filters))
    }
    assert not found


def test_translations_read_without_flask_babel_lookups_agree_with_flask_babel(app):
    """scic reads the locale and the catalog from where Flask-Babel keeps them (its own
    lookups cost a few µs each, a page makes hundreds): same texts in every locale, under
    ``force_locale`` and after ``refresh``."""
    import flask_babel
    from flask import render_template_string
    from flask_babel import force_locale, refresh

    from scic.core.i18n import _, _l, get_locale, ngettext

    def texts():
        return (
            str(get_locale()),
            _("Members"),
            str(_l("Members")),
            ngettext("%(num)s member found", "%(num)s members found", 3),
            render_template_string(
                "{{ _('Members') }}|{{ ngettext('%(num)s member found', "
                "'%(num)s members found', 1) }}|{% trans %}Members{% endtrans %}"
            ),
        )

    def flask_babels():
        return (
            str(flask_babel.get_locale()),
            flask_babel.gettext("Members"),
            str(flask_babel.lazy_gettext("Members")),
            flask_babel.ngettext("%(num)s member found", "%(num)s members found", 3),
        )

    with app.test_request_context(headers={"Accept-Language": "fr"}):
        refresh()
        french = texts()
        assert french[:4] == flask_babels()
        assert french == (
            "fr",
            "Associés",
            "Associés",
            "3 associés trouvés",
            "Associés|1 associé trouvé|Associés",
        )
        with force_locale("en"):
            english = texts()
            assert english[:4] == flask_babels()
            assert english == (
                "en",
                "Members",
                "Members",
                "3 members found",
                "Members|1 member found|Members",
            )
        assert texts() == french
        babel = flask_babel.get_babel()
        chosen_by_scic, babel.locale_selector = babel.locale_selector, lambda: "en"
        try:  # the user changes language during the request
            refresh()
            assert texts() == english
        finally:
            babel.locale_selector = chosen_by_scic
