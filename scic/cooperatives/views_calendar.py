"""The calendar of a cooperative's deadlines: the page, the personal feed address, the feed."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, g, render_template, url_for
from flask_babel import force_locale
from flask_login import current_user

from scic.cooperatives import calendar as calendar_state
from scic.cooperatives import navigation
from scic.cooperatives.access import READERS, cooperative_blueprint, cooperative_role
from scic.cooperatives.calendar_rules import Deadline
from scic.cooperatives.forms_calendar import FeedForm
from scic.core import clock
from scic.core.db import db
from scic.core.extensions import limiter
from scic.core.i18n import _l
from scic.core.links import external_url
from scic.workflows import calendar

bp = cooperative_blueprint("calendar", __name__, "/calendar")
feed_bp = Blueprint("calendar_feed", __name__)
blueprints = (bp, feed_bp)

#: Where each kind of target is shown (the calendar links each deadline to its page).
_PAGES = {
    "assembly": ("assemblies.show", "assembly_id"),
    "accounts": ("assemblies.accounts", "year"),
    "officers": ("assemblies.officers", None),
    "statutes": ("statutes.show", None),
    "member": ("members.member_page", "member_id"),
    "advance": ("capital.advances", None),
    "compliance": ("members.compliance_panel", None),
}


def _link(deadline: Deadline, *, external: bool = False, slug: str | None = None) -> str | None:
    if deadline.target is None:
        return None
    endpoint, argument = _PAGES[deadline.target[0]]
    values = {argument: deadline.target[1]} if argument else {}
    if external:
        return external_url(endpoint, slug=slug, **values)
    return url_for(endpoint, **values)


def _page(status: int = 200, *, new_address: str | None = None):
    today = clock.today()
    items = [(d, calendar.title_of(d), _link(d)) for d in calendar.deadlines(g.cooperative, today)]
    return render_template(
        "cooperatives/calendar.html",
        items=items,
        today=today,
        feed=calendar_state.feed_of(current_user, g.cooperative),
        new_address=new_address,
        form=FeedForm(),
    ), status


@bp.get("/")
@cooperative_role(*READERS)
def index():
    """Every deadline from a month ago to about eighteen months ahead."""
    return _page()


@bp.post("/feed")
@cooperative_role(*READERS)
def issue_feed():
    """Make the user's secret feed address (replacing the earlier one) and show it once."""
    form = FeedForm()
    if not form.validate_on_submit():
        abort(400)
    token = calendar_state.issue_feed(current_user, g.cooperative, now=clock.now())
    db.session.commit()
    return _page(new_address=external_url("calendar_feed.feed", token=token))


@feed_bp.get("/calendar/<token>.ics")
@limiter.limit("60 per minute")
def feed(token: str):
    """The feed, for a calendar application: the token is the credential (no session)."""
    found = calendar_state.feed_for_token(token)
    if found is None:
        abort(404)
    cooperative, user = found
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        body = calendar.feed(
            cooperative,
            clock.today(),
            url_of=lambda d: _link(d, external=True, slug=cooperative.slug),
        )
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'inline; filename="{cooperative.slug}.ics"'
    response.headers["Cache-Control"] = "private, max-age=900"
    return response


navigation.add_entry(15, "calendar.index", _l("Calendar"), READERS)
