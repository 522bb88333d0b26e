"""Steps shared by the browser journeys of an assembly: confirmations, the bureau, the minutes."""

from __future__ import annotations

import io
from pathlib import Path

from playwright.sync_api import expect
from pypdf import PdfReader


def confirm(page, action_suffix: str) -> None:
    """Open a confirmation (details.confirm) and submit its form."""
    page.locator(f"details.confirm:has(form[action$='{action_suffix}']) summary").click()
    page.locator(f"details.confirm form[action$='{action_suffix}'] button[type=submit]").click()


def no_error(page) -> None:
    errors = page.locator(".flash-error")
    assert errors.count() == 0, errors.all_inner_texts()


def set_bureau(page, session_url: str, chair: str, secretary: str, scrutineers: str) -> None:
    page.goto(session_url)
    page.locator("#chair_name").fill(chair)
    page.locator("#secretary_name").fill(secretary)
    page.locator("#scrutineers").fill(scrutineers)
    page.locator("form[action$='/bureau'] button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()


def minutes_text(page, base: str, assembly_id: int) -> str:
    """The minutes' PDF, downloaded from the minutes page, as one line of text."""
    page.goto(f"{base}/assemblies/{assembly_id}/minutes")
    with page.expect_download() as info:
        page.locator("a[href$='minutes.pdf']").click()
    pdf = Path(info.value.path()).read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def type_member(page, field_id: str, member_id: int) -> None:
    """Type a member's register number in a member picker, as the secretary does (the console
    and the proxies page have no select of every member)."""
    from sqlalchemy import select

    from scic.core.db import db
    from scic.membership.models import Member

    number = db.session.scalar(select(Member.number).where(Member.id == member_id))
    db.session.rollback()  # SQLite: hold no read lock while the server writes
    page.locator(f"#{field_id}").fill(str(number))
