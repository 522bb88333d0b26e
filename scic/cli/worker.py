"""``scic worker``: run the background jobs (mail, large exports, the nightly purge)."""

from __future__ import annotations

import logging

import click

from scic.cli import refuse


@click.command("worker", help="Run background jobs until interrupted (Ctrl-C or SIGINT).")
@click.option("--threads", "-w", default=2, show_default=True, help="Jobs run at the same time.")
@click.option(
    "--no-periodic",
    is_flag=True,
    help="Do not schedule the periodic jobs (mail retries, nightly purge): run them in one "
    "worker only when several share a queue.",
)
def worker(threads, no_periodic):
    """Consume the queue of TASKS_URL (instance/tasks.sqlite by default) in this process.

    SIGINT (Ctrl-C) stops after the running jobs end; SIGTERM stops at once (an interrupted
    mail is sent again later; an interrupted export stays unfinished).
    """
    from scic.core import tasks

    if tasks.huey.immediate:
        refuse(["TASKS_IMMEDIATE is on: jobs run in the process that queues them, not here."])
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    click.echo(f"scic worker: {threads} threads, queue {tasks.describe_queue()}")
    consumer = tasks.huey.create_consumer(
        workers=threads, worker_type="thread", periodic=not no_periodic
    )
    consumer.run()


commands = (worker,)
