"""``scic calendar``: the cooperatives' deadlines, and the reminders the worker sends each
morning (for cron, or by hand)."""

from __future__ import annotations

import click

from scic.cli import cooperative_or_refuse


@click.group("calendar", help="Deadlines of the cooperatives and their e-mail reminders.")
def calendar_group() -> None:
    """Commands of the calendar (docs/calendar.md)."""


@calendar_group.command("remind", help="Mail the reminders due today (each one only once).")
def remind():
    """Same as the worker's morning job; a second run the same day sends nothing."""
    from scic.core import clock
    from scic.workflows.calendar import send_all_reminders

    sent = send_all_reminders(clock.today(), now=clock.now())
    click.echo(f"{sent} reminder(s) sent")


@calendar_group.command("list", help="Print a cooperative's deadlines, soonest first.")
@click.argument("slug")
def list_deadlines(slug):
    from scic.core import clock
    from scic.workflows import calendar

    cooperative = cooperative_or_refuse(slug)
    for deadline in calendar.deadlines(cooperative, clock.today()):
        click.echo(f"{deadline.day.isoformat()}  {calendar.title_of(deadline)}")


commands = (calendar_group,)
