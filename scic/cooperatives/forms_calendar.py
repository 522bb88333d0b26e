"""The calendar's one form: make a new feed address (CSRF only)."""

from __future__ import annotations

from scic.core.forms import BaseForm


class FeedForm(BaseForm):
    """No field: the button makes a new secret address for the signed-in user."""
