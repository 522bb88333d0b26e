"""``scic demo`` loads a second, large cooperative (issue 18): 1 200 members in bulk."""

from __future__ import annotations

from sqlalchemy import func, select

from scic.assemblies.models import Assembly, ConvocationRecord
from scic.capital.models import ShareMovement
from scic.cli import demo_large
from scic.cooperatives.models import Cooperative
from scic.core.db import db
from scic.membership.models import Deliberation, Mandate, Member
from scic.membership.rules import liability_end_date
from scic.registers.integrity import verify_cooperative
from scic.voting.models import Resolution


def count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def test_the_demo_loads_the_large_cooperative_once(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert f"/c/{demo_large.SLUG}/" in result.output
    assert "secretaire@demo.scic.coop" in result.output
    cooperative = db.session.scalar(select(Cooperative).where(Cooperative.slug == demo_large.SLUG))
    members = select(Member).where(Member.cooperative_id == cooperative.id)
    assert count(members) == demo_large.MEMBERS
    authorities = members.where(Member.kind == "local_authority")
    assert count(authorities) == dict(demo_large.SHAPE)["COLL"]
    assert count(select(Deliberation).where(Deliberation.cooperative_id == cooperative.id)) == (
        count(authorities)
    )
    assert count(select(Mandate).where(Mandate.cooperative_id == cooperative.id)) == 2 * count(
        authorities
    )
    left = db.session.scalars(members.where(Member.status == "exited")).all()
    assert left
    assert all(m.liability_end_date == liability_end_date(m.exited_on) for m in left)

    # The ledger holds every member's shares and ends on the sum of its entries.
    capital = db.session.scalar(
        select(func.sum(ShareMovement.amount_cents)).where(
            ShareMovement.cooperative_id == cooperative.id
        )
    )
    last = db.session.scalar(
        select(ShareMovement.capital_after_cents)
        .where(ShareMovement.cooperative_id == cooperative.id)
        .order_by(ShareMovement.number.desc())
        .limit(1)
    )
    assert capital == last > 0
    assert all(report.broken is None for report in verify_cooperative(cooperative))

    assembly = db.session.scalar(select(Assembly).where(Assembly.cooperative_id == cooperative.id))
    assert assembly.status == "convened"
    assert count(select(Resolution).where(Resolution.assembly_id == assembly.id)) == 10
    convened = count(select(ConvocationRecord).where(ConvocationRecord.assembly_id == assembly.id))
    active = count(members.where(Member.status == "active"))
    assert 0 < convened < active  # the others wait for a paper letter

    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0, again.output
    assert count(select(Cooperative).where(Cooperative.slug == demo_large.SLUG)) == 1
