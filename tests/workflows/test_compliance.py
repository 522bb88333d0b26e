"""One compliance at a date: the page and the PDF render the same checks (issue 15 item 2)."""

from __future__ import annotations

import html
import io
import re
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from scic.core.db import db
from scic.core.messages import describe_check, has_message
from scic.core.violations import CheckStatus
from scic.workflows.compliance import compliance_at

AT = date(2025, 6, 30)
#: Noon in Paris on AT: the page's "today".
NOON_AT = datetime(2025, 6, 30, 10, 0, tzinfo=UTC)


@pytest.fixture
def imported_coop(make_cooperative, ledger_builder):
    """The issue's case: a cooperative recorded in the application today, imported with members
    admitted in 2015 and no révision recorded. Its cycle started in 2015: overdue since 2020."""
    cooperative = make_cooperative()
    build = ledger_builder(cooperative)
    build.member("Martin", first_name="Alice", category="SAL", admitted_on=date(2015, 3, 2))
    build.member("Durand", first_name="Bob", category="USA", admitted_on=date(2015, 3, 2))
    build.member(
        "Commune de Sarlat",
        kind="local_authority",
        category="COLL",
        shares=1,
        admitted_on=date(2016, 1, 5),
    )  # no representative: R-LA-5 fails
    db.session.flush()
    return cooperative


def by_rule(checks) -> dict[str, list]:
    table: dict[str, list] = {}
    for check in checks:
        table.setdefault(check.rule, []).append(check)
    return table


def test_revision_counts_from_the_first_admission_not_the_record(imported_coop):
    assert imported_coop.created_at.year > 2020  # the record is recent
    [revision] = by_rule(compliance_at(imported_coop, AT))["R-REV-1"]
    assert (revision.code, revision.status) == ("revision_overdue_none_recorded", CheckStatus.FAIL)
    assert revision.params["last_on"] == date(2015, 3, 2)
    assert revision.params["due_on"] == date(2020, 3, 2)


def test_a_recorded_revision_restarts_the_cycle(imported_coop):
    imported_coop.last_revision_on = date(2024, 11, 15)
    [revision] = by_rule(compliance_at(imported_coop, AT))["R-REV-1"]
    assert (revision.code, revision.status) == ("revision_ok", CheckStatus.PASS)
    assert revision.params["due_on"] == date(2029, 11, 15)


def test_every_rule_is_checked_at_the_date(register_coop):
    cooperative, _ = register_coop
    checks = compliance_at(cooperative, AT)
    rules = by_rule(checks)
    assert set(rules) == {
        "R-CAT-1",
        "R-CAT-2",
        "R-CAT-5",
        "R-COL-2",
        "R-LA-1",
        "R-LA-2",
        "R-LA-5",
        "R-CAP-3",
        "R-REV-1",
        "R-REV-2",
    }
    assert [c.code for c in rules["R-LA-1"]] == ["la_passive_breach"]  # 20 of 30 shares
    assert rules["R-LA-1"][0].params["share"] == pytest.approx(2 / 3)
    statuses = [c.status for c in checks]
    assert statuses == sorted(
        statuses, key=[CheckStatus.FAIL, CheckStatus.WARNING, CheckStatus.PASS].index
    )


def test_members_who_left_before_the_date_are_not_counted(make_cooperative, ledger_builder):
    cooperative = make_cooperative()
    build = ledger_builder(cooperative)
    build.member("Seul", category="SAL", admitted_on=date(2024, 1, 10))
    build.member("Parti", category="USA", admitted_on=date(2024, 1, 10), exited_on=date(2025, 1, 1))
    db.session.flush()
    before = {c.code for c in compliance_at(cooperative, date(2024, 12, 31))}
    after = {c.code for c in compliance_at(cooperative, AT)}
    assert "active_beneficiary" in before
    assert "no_active_beneficiary" in after


def test_every_check_is_said_in_words(register_coop, imported_coop):
    cooperative, _ = register_coop
    for coop in (cooperative, imported_coop):
        for check in compliance_at(coop, AT):
            assert has_message(f"rule:{check.rule}"), check.rule
            assert has_message(check.code), check.code
            assert check.action is None or has_message(check.action), check.action


# --- The page and the PDF agree ------------------------------------------------------------------


ROW = re.compile(
    r'<tr class="check-(\w+)">\s*<th scope="row">(.*?)</th>\s*<td>(.*?)</td>\s*'
    r'<td><span class="badge \w+">(.*?)</span></td>\s*<td>(.*?)</td>',
    re.S,
)


def plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def page_rows(client, slug: str) -> list[tuple[str, str, str, str, str]]:
    response = client.get(f"/c/{slug}/compliance", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    return [
        (status, plain(rule), plain(label), plain(word), plain(finding))
        for status, rule, label, word, finding in ROW.findall(response.get_data(as_text=True))
    ]


def pdf_text(client, slug: str) -> str:
    response = client.get(
        f"/c/{slug}/registers/document?kind=compliance_pdf&at={AT.isoformat()}",
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")
    pages = PdfReader(io.BytesIO(response.data)).pages
    return " ".join(" ".join((p.extract_text() or "").split()) for p in pages)


@pytest.mark.parametrize("scenario", ["register_coop", "imported_coop"])
def test_page_and_pdf_show_the_same_checks(
    request, scenario, client, auth, make_user, grant, frozen_clock
):
    cooperative = request.getfixturevalue(scenario)
    cooperative = cooperative[0] if isinstance(cooperative, tuple) else cooperative
    user = make_user()
    grant(user, cooperative, "auditor")
    db.session.commit()
    auth.login_as(user)
    frozen_clock(NOON_AT)

    rows = page_rows(client, cooperative.slug)
    checks = compliance_at(cooperative, AT)
    # The page shows every check of the day, in order, in words, never a raw code.
    assert [(r[0], r[1]) for r in rows] == [(c.status.value, c.rule) for c in checks]
    for row, check in zip(rows, checks, strict=True):
        assert check.code not in row[4]
        assert row[4].endswith(describe_check_in_english(client, check))

    # The PDF shows the same rows, in the same order, with the same words.
    text = pdf_text(client, cooperative.slug)
    position = 0
    for _, rule, label, word, finding in rows:
        for part in (rule, label, word, finding):
            found = text.find(part, position)
            assert found >= 0, f"{part!r} missing from the PDF after position {position}"
            position = found + len(part)
    assert f"Rules checked {len(rows)}" in text
    assert f"Rules failed {sum(r[0] == 'fail' for r in rows)}" in text


def describe_check_in_english(client, check) -> str:
    from flask_babel import force_locale

    with force_locale("en"):
        return describe_check(check).finding


def test_the_imported_cooperative_fails_revision_on_both_media(
    imported_coop, client, auth, make_user, grant, frozen_clock
):
    user = make_user()
    grant(user, imported_coop, "auditor")
    db.session.commit()
    auth.login_as(user)
    frozen_clock(NOON_AT)
    [revision] = [r for r in page_rows(client, imported_coop.slug) if r[1] == "R-REV-1"]
    assert revision[0] == "fail"
    assert "the first was due on Mar 2, 2020" in revision[4]
    assert "the first was due on Mar 2, 2020" in pdf_text(client, imported_coop.slug)


def test_checks_travel_to_a_background_job_unchanged(register_coop, imported_coop):
    import json

    from scic.core.violations import check_from_data, check_to_data

    for coop in (register_coop[0], imported_coop):
        checks = compliance_at(coop, AT)
        travelled = [check_from_data(json.loads(json.dumps(check_to_data(c)))) for c in checks]
        assert travelled == checks
