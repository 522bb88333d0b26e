"""User accounts."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from scic.core import clock
from scic.core.db import UTCDateTime, db


class User(UserMixin, db.Model):
    """A person who signs in. Roles are per cooperative (see cooperatives.models.Grant)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Lower-cased login.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    #: Werkzeug hash; empty until an invitation is accepted.
    password_hash: Mapped[str] = mapped_column(String(256), default="")
    full_name: Mapped[str] = mapped_column(String(200), default="")
    #: "fr" or "en"; None follows the browser.
    locale: Mapped[str | None] = mapped_column(String(8), default=None)
    #: Platform administrator: creates cooperatives.
    is_superuser: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    #: Raised at sign-out and at every password change: a session or remember-me cookie that
    #: carries an older value is refused, so these end every session of the account.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    #: Random per sign-in (not stored): the remember-me cookie differs at each sign-in.
    session_nonce: str = ""

    def get_id(self) -> str:  # Flask-Login's "alternative id", kept in the session and cookie
        return f"{self.id}:{self.session_version}:{self.session_nonce}"

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    @property
    def display_name(self) -> str:
        return self.full_name or self.email

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"
