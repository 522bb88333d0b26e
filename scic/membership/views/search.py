"""The member picker's suggestions: members by number or name, as JSON (readers only).

Every form that picks a member is a text input that works without JavaScript (the server
resolves the text, ``forms.MemberField``); ``static/js/member_picker.js`` fills its suggestions
from here while the person types, instead of a drop-down of the whole register.
"""

from __future__ import annotations

from flask import g, jsonify, request

from scic.cooperatives.access import READERS, cooperative_role
from scic.membership.member_search import search_members
from scic.membership.rules import MemberStatus
from scic.membership.views.blueprint import bp

_STATUSES = frozenset(s.value for s in MemberStatus)


@bp.get("/members/search.json")
@cooperative_role(*READERS)
def member_search():
    """``?q=`` the typed text, ``&status=`` (repeatable) the statuses the form accepts."""
    statuses = [s for s in request.args.getlist("status") if s in _STATUSES]
    found = search_members(g.cooperative, request.args.get("q", ""), statuses=statuses or None)
    response = jsonify([{"id": m.id, "label": m.label} for m in found])
    response.headers["Cache-Control"] = "private, no-store"
    return response
