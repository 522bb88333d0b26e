"""Form base class: CSRF on, French-first error messages."""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Iterable

from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import IntegerField, SelectChoice, widgets
from wtforms.csrf.core import CSRFTokenField
from wtforms.validators import NumberRange, Optional
from wtforms.widgets.core import clean_key


def choices(pairs: Iterable[tuple[object, object]]) -> list[SelectChoice]:
    """Select options from (value, label) pairs (WTForms 3.3 deprecates bare tuples)."""
    return [SelectChoice(value, label) for value, label in pairs]


class _DrawnToken(CSRFTokenField):
    """The CSRF field, its token signed when the form is drawn rather than when it is built:
    a POST that is valid and redirects (a vote) never draws it. The check of the posted token
    is unchanged (CSRFProtect before the view, then the field's own)."""

    @property
    def current_token(self):
        return self.csrf_impl.generate_csrf_token(self)  # cached for the request by flask-wtf

    def process(self, *args, **kwargs):
        # The field's data as any hidden field's, without CSRFTokenField.process's signing.
        super(CSRFTokenField, self).process(*args, **kwargs)


class _CSRF(FlaskForm.Meta.csrf_class):
    field_class = _DrawnToken


class BaseForm(FlaskForm):
    """Every form of the application; CSRF is checked for every POST."""

    class Meta:
        locales = ("fr_FR", "fr", "en")
        csrf_class = _CSRF

        def get_translations(self, form):
            from scic.core.i18n import get_locale

            return _wtforms_translations(str(get_locale() or "fr"))

        def render_field(self, field, render_kw):
            widget = field.widget
            if type(widget) is widgets.Select and not widget.multiple:
                field.widget = _SELECT  # this form's field only; the same HTML
            elif isinstance(widget, widgets.Input) and widget.html_params is not html_params:
                # WTForms' inputs write their attributes through ``self.html_params``: the same
                # widget, its class given the faster function (this form's field only).
                fast = copy.copy(widget)
                fast.__class__ = _with_fast_params(type(widget))
                field.widget = fast
            return super().render_field(field, render_kw)


class QueryForm(BaseForm):
    """Filters of a list page, bound to the query string: ``Filters(request.args)``.

    No CSRF token (a GET changes nothing). ``page`` is the page number for ``db.paginate``;
    :meth:`query_args` gives the valid, non-empty filters for the pager's links, so no view
    parses ``request.args`` by hand.
    """

    class Meta:
        csrf = False

    page = IntegerField(validators=[Optional(), NumberRange(min=1)])

    def page_number(self) -> int:
        """The requested page (1 when absent or invalid)."""
        return self.page.data if self.page.data and not self.page.errors else 1

    def query_args(self) -> dict[str, str]:
        """The filters as query-string values, without the page and without invalid ones."""
        args: dict[str, str] = {}
        for field in self:
            if field is self.page or field.errors or field.raw_data in (None, [], [""]):
                continue
            args[field.name] = field.raw_data[0]
        return args


class QueryPage:
    """One page of a list the caller counts in SQL, with what ``_macros/pager.html`` reads (as
    a ``db.paginate`` result has): ``fetch(offset, limit)`` returns only the page's rows, so
    the page costs the same whatever the length of the list. A page past the last one shows
    the last (``db.paginate`` would show an empty one).
    """

    def __init__(
        self, total: int, page: int, per_page: int, fetch: Callable[[int, int], list]
    ) -> None:
        self.total = total
        self.per_page = per_page
        self.pages = -(-total // per_page)
        self.page = min(max(1, page), max(1, self.pages))
        self.has_prev = self.page > 1
        self.has_next = self.page < self.pages
        self.prev_num = self.page - 1 if self.has_prev else None
        self.next_num = self.page + 1 if self.has_next else None
        self.items = fetch((self.page - 1) * per_page, per_page) if total else []


def html_params(**kwargs) -> str:
    """WTForms' ``html_params`` (same attributes, same order, same escaping) without
    ``Markup.format``, whose Python formatter cost about 40 µs per element: a filter form
    renders a dozen elements on every page (docs/performance.md)."""
    params = []
    for key, value in sorted(kwargs.items()):
        key = clean_key(key)
        if value is True:
            params.append(key)
        elif value is not False:
            params.append(f'{escape(key)}="{escape(value)}"')
    return Markup(" ".join(params))  # noqa: S704  # nosec B704 (both parts escaped)


class _Select(widgets.Select):
    """WTForms' select, with the same HTML, cheaper: its attributes through :func:`html_params`,
    and a plain option is one f-string (no signature inspection, no attribute dictionary) whose
    label, often a lazy translation, is translated once instead of twice. A filter form renders
    dozens of options on every page (docs/performance.md)."""

    def __call__(self, field, **kwargs):
        if field.has_groups():
            return super().__call__(field, **kwargs)
        kwargs.setdefault("id", field.id)
        if self.multiple:
            kwargs["multiple"] = True
        flags = getattr(field, "flags", {})
        for key in dir(flags):
            if key in self.validation_attrs and key not in kwargs:
                kwargs[key] = getattr(flags, key)
        html = [f"<select {html_params(name=field.name, **kwargs)}>"]
        render = type(self)._dispatch_render_option()
        html.extend(render(choice) for choice in field._iter_choices_normalized())
        html.append("</select>")
        return Markup("".join(html))  # noqa: S704  # nosec B704 (rendered by the widget)

    @classmethod
    def render_option(cls, choice, **kwargs):
        if choice.render_kw or kwargs:
            return super().render_option(choice, **kwargs)
        value = str(choice.value) if isinstance(choice.value, bool) else choice.value
        label = str(choice.label) if choice.label is not None else ""
        selected = "selected " if choice.selected else ""  # html_params sorts: before value
        # Both texts are escaped: the f-string is Markup.format without its slow formatter.
        html = f'<option {selected}value="{escape(value)}">{escape(label or value)}</option>'
        return Markup(html)  # noqa: S704  # nosec B704

    @classmethod
    def _dispatch_render_option(cls):
        return cls.render_option


_SELECT = _Select()


@functools.cache
def _with_fast_params(widget_class: type) -> type:
    """``widget_class`` writing its attributes with :func:`html_params` (same HTML)."""
    return type(widget_class.__name__, (widget_class,), {"html_params": staticmethod(html_params)})


@functools.cache
def _wtforms_translations(locale: str):
    """WTForms' own messages in ``locale``: looked up on disk once, not for every form."""
    from wtforms.i18n import get_translations

    return get_translations([locale, "en"])
