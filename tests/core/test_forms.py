"""BaseForm: its faster select writes exactly WTForms' HTML."""

import pytest
from markupsafe import Markup
from wtforms import (
    BooleanField,
    DateField,
    FileField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    widgets,
)
from wtforms.validators import DataRequired, Length, NumberRange

from scic.core.forms import BaseForm, choices
from scic.core.i18n import _l


class Filters(BaseForm):
    class Meta:
        csrf = False

    status = SelectField(
        "Status", choices=choices([("", _l("All")), ("active", _l("Active")), ("x", "<b>&")])
    )
    flag = SelectField("Flag", choices=choices([(True, "Yes"), (False, "No")]), coerce=bool)
    tagged = SelectField(
        "Tagged", choices=[SelectChoice("a", "A", render_kw={"disabled": True}), SelectChoice("b")]
    )
    many = SelectField("Many", widget=widgets.Select(multiple=True), choices=choices([("a", "A")]))


@pytest.mark.parametrize("locale", ["fr", "en"])
@pytest.mark.parametrize("name", ["status", "flag", "tagged", "many"])
def test_selects_render_as_wtforms_does(app, locale, name):
    with app.test_request_context("/?status=x&tagged=b", headers={"Accept-Language": locale}):
        from flask import request

        field = getattr(Filters(request.args), name)
        ours = str(field(**{"aria-describedby": "hint"}))
        assert ours == str(
            widgets.Select(multiple=name == "many")(field, **{"aria-describedby": "hint"})
        )
        if name == "status":
            assert "&lt;b&gt;&amp;" in ours
            assert ("Tous" if locale == "fr" else "All") in ours
            assert '<option selected value="x">' in ours


class Required(BaseForm):
    class Meta:
        csrf = False

    pick = SelectField("Pick <one>", choices=choices([("a", "A")]), validators=[DataRequired()])
    note = StringField(_l("Search (name, number, e-mail)"))


def test_a_required_select_renders_as_wtforms_does(app):
    with app.test_request_context("/"):
        field = Required().pick
        ours = str(field(class_="wide"))
        assert ours == str(widgets.Select()(field, class_="wide"))
        assert ours.startswith('<select class="wide" id="pick" name="pick" required>')


@pytest.mark.parametrize(
    "attributes",
    [
        pytest.param({"id": "q", "name": "q"}, id="sorted"),
        pytest.param({"class_": "a b", "for_": "x"}, id="trailing underscore"),
        pytest.param({"data_member_id": 3, "aria_described_by": "h"}, id="data and aria dashes"),
        pytest.param({"checked": True, "readonly": False, "value": ""}, id="booleans"),
        pytest.param({"value": "\"<&>'"}, id="escaped"),
        pytest.param({"value": Markup("<b>")}, id="markup kept"),
        pytest.param({"value": None, "size": 0}, id="none and zero"),
        pytest.param({"value": _l("All")}, id="lazy"),
        pytest.param({}, id="empty"),
    ],
)
def test_html_params_writes_what_wtforms_writes(app, attributes):
    from wtforms.widgets import html_params as wtforms_html_params

    from scic.core.forms import html_params

    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        assert html_params(**attributes) == wtforms_html_params(**attributes)


@pytest.mark.parametrize("locale", ["fr", "en"])
@pytest.mark.parametrize("name", ["pick", "note"])
def test_field_macro_writes_the_label_wtforms_writes(app, locale, name):
    """The macro writes the label itself (WTForms' Label costs a Markup.format): same HTML."""
    from flask import render_template_string

    with app.test_request_context("/", headers={"Accept-Language": locale}):
        field = getattr(Required(), name)
        html = render_template_string(
            '{% from "_macros/forms.html" import field %}{{ field(f) }}', f=field
        )
        assert str(field.label()) in html
        assert ("Rechercher" if locale == "fr" else "Search") in html or name == "pick"
        assert "Pick &lt;one&gt;" in html or name == "note"


class Inputs(BaseForm):
    class Meta:
        csrf = False

    text = StringField("Text", validators=[DataRequired(), Length(max=20)])
    day = DateField("Day")
    count = IntegerField("Count", validators=[NumberRange(min=1, max=9)])
    secret = PasswordField("Secret")
    hidden = HiddenField("Hidden")
    check = BooleanField("Check")
    upload = FileField("Upload")


@pytest.mark.parametrize("name", ["text", "day", "count", "secret", "hidden", "check", "upload"])
def test_inputs_render_as_wtforms_does(app, name):
    with app.test_request_context("/?text=a%22%3Cb&count=3&check=y&day=2026-01-02"):
        from flask import request

        field = getattr(Inputs(request.args), name)
        wtforms_widget = field.widget
        attributes = {"class_": "wide", "aria-describedby": "hint", "data_x": 1}
        ours = str(field(**attributes))
        assert type(field.widget) is not type(wtforms_widget)  # the faster one was used
        assert ours == str(wtforms_widget(field, **attributes))
        if name == "text":
            assert 'value="a&#34;&lt;b"' in ours
            assert " required" in ours


class Action(BaseForm):
    """A button: only the CSRF token."""


def test_the_csrf_token_is_signed_when_the_form_is_drawn_and_still_checked(app):
    """Building a form signs no token (a valid POST that redirects never draws one); drawing
    it gives the request's token, which validates; a wrong posted token is still refused."""
    from flask import g
    from flask_wtf.csrf import validate_csrf

    with app.test_request_context("/", method="POST", data={"csrf_token": "forged"}):
        form = Action()
        assert "csrf_token" not in g  # flask-wtf keeps the request's signed token in g
        drawn = str(form.csrf_token)
        assert g.csrf_token
        assert f'value="{g.csrf_token}"' in drawn
        assert form.csrf_token.current_token == g.csrf_token
        validate_csrf(g.csrf_token)  # raises if not a valid token of this session
        assert not form.validate()
        assert form.csrf_token.errors
