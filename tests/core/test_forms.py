"""BaseForm: its faster select writes exactly WTForms' HTML."""

import pytest
from wtforms import SelectChoice, SelectField, widgets

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
