"""Run every benchmark against its baseline on the same data: ``python -m bench.run --members N``.

Each benchmark runs in its own child process (so its peak memory is its own), is repeated, and
keeps the median. Results go to ``bench/results/latest.json`` (the shape of issue 9) and
``bench/results/latest.md`` (the table for the README). Missing datasets (N and N/10 members)
are generated first with :mod:`bench.generate`.
"""

from __future__ import annotations

import argparse
import html
import http.client
import json
import os
import platform
import queue
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

from bench.app import ROOT, WORK_DIR
from scic.core import clock

RESULTS = Path(__file__).resolve().parent / "results"
#: The register date: the end of the generated history.
REGISTER_AT = date(2026, 10, 31)
HOLDINGS_AT = date(2024, 12, 31)
TARGETS = {
    "register_pdf": 3,
    "register_scaling": 12,
    "tally": 2,
    "holdings_at_date": 2,
    "member_list": 2,
    "vote_cast": 2,
    # p99 of a vote through a voting link / p99 of the bare insert, 1 200 members (bench.replay)
    "assembly_replay": 4,
}
ORDER = tuple(TARGETS)
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
FORM_ACTION = re.compile(r'<form method="post" action="([^"]+)" id="ballot-form"')


# --- Small helpers ------------------------------------------------------------------------------


def median(values) -> float:
    return statistics.median(values)


def percentile(values, share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def wait_rss_mb(process: subprocess.Popen) -> tuple[int, float]:
    """Wait for a child; return its exit status and its own peak RSS in MB (os.wait4)."""
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, usage.ru_maxrss / 1024


def own_peak_mb() -> float:
    """This process's own peak RSS (VmHWM). Not getrusage: Linux keeps ru_maxrss across exec,
    so a child would report the RSS of the parent it was forked from (the generator's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(command: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """Run a command; return (wall seconds, peak RSS MB, stdout). Fails loudly on an error.

    A failed command is run once more after a pause (a development tree being edited can fail
    to import for a moment); a real failure fails twice and stops the run.
    """
    try:
        return _run_child(command, env)
    except RuntimeError:
        time.sleep(5)
        return _run_child(command, env)


def _run_child(command: list[str], env: dict | None = None) -> tuple[float, float, str]:
    import tempfile

    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=errors, text=True
        )
        with process.stdout:
            out = process.stdout.read()
        code, rss = wait_rss_mb(process)
        errors.seek(0)
        err = errors.read()
    seconds = time.perf_counter() - started
    if code != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({code}):\n{err[-3000:]}")
    return seconds, rss, out


def child_env(database_url: str) -> dict:
    env = dict(os.environ)
    env["SCIC_DATABASE_URL"] = database_url
    env["SCIC_BENCH_DATABASE_URL"] = database_url
    env["SCIC_INSTANCE_PATH"] = str(WORK_DIR)
    env.setdefault("SCIC_SECRET_KEY", secrets.token_hex(32))
    env.setdefault("SCIC_CHAIN_KEY", secrets.token_hex(32))
    env["PYTHONPATH"] = str(ROOT)
    return env


def entry(value: float, baseline: float, name: str, rss: float) -> dict:
    return {
        "value": round(value, 6),
        "baseline": round(baseline, 6),
        "ratio": round(value / baseline, 3),
        "target": TARGETS[name],
        "unit": "s",
        "peak_rss_mb": round(rss, 1),
    }


def _app(database_url: str):
    from bench.app import make_app

    return make_app(database_url)


def _cooperative(slug: str):
    from sqlalchemy import select

    from scic.cooperatives.models import Cooperative
    from scic.core.db import db

    cooperative = db.session.scalar(select(Cooperative).where(Cooperative.slug == slug))
    if cooperative is None:
        raise SystemExit(f"No cooperative {slug!r}: run python -m bench.generate first.")
    return cooperative


# --- Benchmarks (each runs in a worker process) ------------------------------------------------


def bench_register(args) -> dict:
    """register_pdf and register_scaling: the real ``scic register`` command in a subprocess."""
    env = child_env(args.database_url)
    scic = str(Path(sys.executable).parent / "scic")
    out = WORK_DIR / "register.pdf"
    base_out = WORK_DIR / "register-baseline.pdf"

    def product(slug: str) -> tuple[float, float]:
        target = str(out.with_name(f"register-{slug}.pdf"))
        command = [scic, "register", slug, "--at", REGISTER_AT.isoformat(), "--output", target]
        seconds, rss, _ = run_child(command, env)
        return seconds, rss

    def baseline(slug: str) -> tuple[float, float, dict]:
        command = [sys.executable, "-m", "bench.baselines", "register", "--slug", slug]
        command += ["--at", REGISTER_AT.isoformat(), "--output", str(base_out)]
        command += ["--database-url", args.database_url]
        _seconds, rss, stdout = run_child(command, env)
        data = json.loads(stdout.strip().splitlines()[-1])
        return data["seconds"], rss, data

    big, small = f"bench-{args.members}", f"bench-{args.members // 10}"
    runs, bases, smalls = [], [], []
    for _ in range(args.repeat):  # interleaved: a busy machine slows all three alike
        runs.append(product(big))
        bases.append(baseline(big))
        smalls.append(product(small))
    from pypdf import PdfReader

    pages = len(PdfReader(str(out.with_name(f"register-{big}.pdf"))).pages)
    value = median(r[0] for r in runs)
    small_value = median(r[0] for r in smalls)
    return {
        "benchmarks": {
            "register_pdf": entry(
                value, median(b[0] for b in bases), "register_pdf", max(r[1] for r in runs)
            ),
            "register_scaling": entry(
                value, small_value, "register_scaling", max(r[1] for r in runs)
            ),
        },
        "details": {
            "register_pdf": f"{pages} pages for {bases[0][2]['rows']} rows; baseline peak RSS "
            f"{max(b[1] for b in bases):.0f} MB; baseline draws only (rows already in memory)",
            "register_scaling": f"{args.members} members: {value:.2f} s; "
            f"{args.members // 10} members: {small_value:.2f} s",
        },
    }


def bench_tally(args) -> dict:
    """tally: every resolution of the closed assembly recounted from the ballots by the product
    (``voting.services.snapshots``, the count ``close_vote`` freezes) vs one SQL GROUP BY."""
    from sqlalchemy import select
    from sqlalchemy.orm.attributes import set_committed_value

    from bench.baselines import tally_sql
    from scic.assemblies.models import Assembly
    from scic.core.db import db
    from scic.voting import queries, services

    app = _app(args.database_url)
    with app.app_context():
        cooperative = _cooperative(f"bench-{args.members}")
        assembly_id = db.session.scalar(
            select(Assembly.id).where(
                Assembly.cooperative_id == cooperative.id, Assembly.status == "closed"
            )
        )

        def product():
            db.session.rollback()
            db.session.expunge_all()
            assembly = db.session.get(Assembly, assembly_id)
            resolutions = queries.resolutions_of(assembly)
            for resolution in resolutions:
                # Count from the ballots, as close_vote does, not from the frozen Outcome.
                set_committed_value(resolution, "outcome", None)
            return services.snapshots(resolutions)

        def baseline():
            db.session.rollback()
            return tally_sql(assembly_id)

        # Correctness first: the recount must equal the outcomes frozen at closing.
        recount = product()
        db.session.rollback()
        db.session.expunge_all()
        assembly = db.session.get(Assembly, assembly_id)
        for snap, resolution in zip(recount, queries.resolutions_of(assembly), strict=True):
            frozen = services.snapshot_of_outcome(resolution.outcome)
            if (snap.share_for, snap.adopted, [c.for_ for c in snap.colleges]) != (
                frozen.share_for,
                frozen.adopted,
                [c.for_ for c in frozen.colleges],
            ):
                raise SystemExit(f"tally: recount of resolution {resolution.number} differs")
        values, bases = timed_pairs(product, baseline, args.repeat)
        ballots = sum(row[3] for row in baseline())
    return {
        "benchmarks": {"tally": entry(median(values), median(bases), "tally", 0)},
        "details": {"tally": f"{len(recount)} resolutions, {ballots} ballots; recount = outcomes"},
    }


def bench_holdings(args) -> dict:
    """holdings_at_date: ``capital.queries.holdings_at`` vs one SUM … GROUP BY member."""
    from bench.baselines import holdings_sql
    from scic.capital.queries import holdings_at
    from scic.core.db import db

    app = _app(args.database_url)
    with app.app_context():
        cooperative_id = _cooperative(f"bench-{args.members}").id

        def product():
            db.session.rollback()
            return holdings_at(cooperative_id, HOLDINGS_AT)

        def baseline():
            db.session.rollback()
            return holdings_sql(cooperative_id, HOLDINGS_AT)

        held = product()
        if {m: h.shares for m, h in held.items()} != {m: int(s) for m, s in baseline()}:
            raise SystemExit("holdings_at_date: the product and the baseline disagree")
        values, bases = timed_pairs(product, baseline, max(args.repeat, 7))
    return {
        "benchmarks": {
            "holdings_at_date": entry(median(values), median(bases), "holdings_at_date", 0)
        },
        "details": {"holdings_at_date": f"{len(held)} members at {HOLDINGS_AT}"},
    }


def timed_pairs(product, baseline, repeat: int) -> tuple[list[float], list[float]]:
    """Warm both up once, then alternate them ``repeat`` times (same cache conditions)."""
    product()
    baseline()
    values, bases = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        product()
        values.append(time.perf_counter() - started)
        started = time.perf_counter()
        baseline()
        bases.append(time.perf_counter() - started)
    return values, bases


def bench_member_list(args) -> dict:
    """member_list: the members page (50 rows by name in one college) via the test client."""
    from sqlalchemy import event, func, select

    from bench.generate import PASSWORD
    from scic.cooperatives.models import College
    from scic.core.db import db
    from scic.membership.models import Member

    app = _app(args.database_url)
    slug = f"bench-{args.members}"
    with app.app_context():
        cooperative = _cooperative(slug)
        college_id = db.session.scalar(
            select(College.id).where(
                College.cooperative_id == cooperative.id, College.code == "USA"
            )
        )
        in_college = db.session.scalar(
            select(func.count(Member.id)).where(
                Member.cooperative_id == cooperative.id, Member.college_id == college_id
            )
        )
        engine = db.engine
        db.session.remove()
    expected = min(50, in_college)
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    response = client.post(
        "/login",
        data={
            "email": f"secretary@{slug}.bench.invalid",
            "password": PASSWORD,
            "csrf_token": CSRF.search(page).group(1),
        },
    )
    if response.status_code != 303:
        raise SystemExit(f"member_list: login failed ({response.status_code})")
    product_url = f"/c/{slug}/members?college={college_id}&sort=name"
    baseline_url = f"/c/{slug}/bench/members?college={college_id}"
    statements = {"n": 0}

    @event.listens_for(engine, "before_cursor_execute")
    def count(*_args):
        statements["n"] += 1

    counts = {}
    for name, url in (("product", product_url), ("baseline", baseline_url)):
        statements["n"] = 0
        response = client.get(url)
        body = response.get_data(as_text=True)
        if response.status_code != 200:
            raise SystemExit(f"member_list: {url} answered {response.status_code}")
        counts[name] = statements["n"]
        rows = body.count("<tr>") - (1 if name == "product" else 0)
        if rows != expected:
            raise SystemExit(f"member_list: {url} shows {rows} rows, not {expected}")

    def product():
        assert client.get(product_url).status_code == 200

    def baseline():
        assert client.get(baseline_url).status_code == 200

    for _ in range(5):
        product()
        baseline()
    values, bases = timed_pairs(product, baseline, max(args.repeat, 31))
    return {
        "benchmarks": {"member_list": entry(median(values), median(bases), "member_list", 0)},
        "details": {
            "member_list": f"SQL statements per request: product {counts['product']}, "
            f"baseline {counts['baseline']} (both include the session and role check)"
        },
    }


class Client:
    """A keep-alive HTTP client with a cookie jar (one per simulated voter)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read().decode()
                break
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers, data


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _worker_peak_mb(master: int) -> float:
    peak = 0.0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master) and "VmHWM" in fields:
            peak = max(peak, int(fields["VmHWM"].split()[0]) / 1024)
    return peak


@contextmanager
def gunicorn_server(env: dict, app_spec: str = "bench.app:make_app()", name: str = "bench"):
    """Serve ``app_spec`` with gunicorn (2 sync workers) on a free loopback port; yield the port
    and a function giving the workers' peak RSS; stop the server on exit."""
    port = _free_port()
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    log = (WORK_DIR / f"gunicorn-{name}.log").open("w")
    command = [gunicorn, "--workers", "2", "--bind", f"127.0.0.1:{port}", "--timeout", "120"]
    server = subprocess.Popen([*command, app_spec], cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        deadline = time.time() + 60
        while True:
            try:
                if Client(port).request("GET", "/login")[0] == 200:
                    break
            except OSError:
                pass
            if time.time() > deadline:
                raise SystemExit(f"{name}: gunicorn did not start (see instance/bench)")
            time.sleep(0.3)
        yield port, lambda: _worker_peak_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _open_assembly(slug: str, resolutions: int, voters: int, seed: int):
    """Create an open assembly with open resolutions; return (assembly id, ids, voters)."""
    import random

    from sqlalchemy import select

    from bench.generate import open_assembly
    from scic.auth.models import User
    from scic.core.db import db
    from scic.membership.models import Member

    cooperative = _cooperative(slug)
    now = datetime.now(UTC)
    assembly, opened = open_assembly(
        cooperative.id,
        resolutions,
        now=now - timedelta(minutes=5),
        title=f"Bench vote {now:%Y-%m-%d %H:%M:%S}",
    )
    ids = [resolution.id for resolution in opened]
    rows = db.session.execute(
        select(Member.id, User.email)
        .join(User, User.id == Member.user_id)
        .where(
            Member.cooperative_id == cooperative.id,
            Member.status == "active",
            Member.kind == "person",
        )
        .order_by(Member.id)
    ).all()
    chosen = random.Random(seed).sample(rows, voters)
    db.session.commit()
    return assembly.id, ids, chosen


def _close_bench_assemblies(cooperative_id: int) -> None:
    """Close the vote assemblies this harness opened, so later runs do not see them open."""
    from sqlalchemy import select, update

    from scic.assemblies.models import Assembly
    from scic.core.db import db
    from scic.voting.models import Resolution

    ids = db.session.scalars(
        select(Assembly.id).where(
            Assembly.cooperative_id == cooperative_id,
            Assembly.title.startswith("Bench vote "),
            Assembly.status != "closed",
        )
    ).all()
    if ids:
        db.session.execute(
            update(Resolution).where(Resolution.assembly_id.in_(ids)).values(status="closed")
        )
        db.session.execute(update(Assembly).where(Assembly.id.in_(ids)).values(status="closed"))
    db.session.commit()


def bench_vote_cast(args) -> dict:
    """vote_cast: the real remote-vote POST against gunicorn (2 workers) under concurrent
    clients, vs a bench endpoint with the same session check that inserts one row and commits."""
    from bench.generate import PASSWORD
    from scic.core.db import db

    slug = f"bench-{args.members}"
    resolutions, rounds, per_round, clients = 10, max(args.repeat, 5), 20, 8
    app = _app(args.database_url)
    with app.app_context():
        cooperative_id = _cooperative(slug).id
        _close_bench_assemblies(cooperative_id)
        _assembly_id, resolution_ids, voters = _open_assembly(
            slug, resolutions, rounds * per_round, seed=int(time.time())
        )
        db.session.remove()
    env = child_env(args.database_url)
    with gunicorn_server(env, name="vote_cast") as (port, peak_of):

        def sign_in(email: str) -> tuple[Client, str, str]:
            client = Client(port)
            status, _h, page = client.request("GET", "/login")
            token = CSRF.search(page).group(1)
            status, _h, _ = client.request(
                "POST", "/login", {"email": email, "password": PASSWORD, "csrf_token": token}
            )
            if status != 303:
                raise SystemExit(f"vote_cast: login of {email} answered {status}")
            status, _h, page = client.request("GET", f"/c/{slug}/votes/ballot")
            match, action = CSRF.search(page), FORM_ACTION.search(page)
            if status != 200 or match is None or action is None:
                raise SystemExit(f"vote_cast: the ballot page answered {status}")
            # Vote where the page's form posts, as a browser does.
            return client, match.group(1), html.unescape(action.group(1))

        signed: list[tuple[Client, str, str, int]] = []
        lock = threading.Lock()
        pending = queue.Queue()
        for member_id, email in voters:
            pending.put((member_id, email))

        def login_worker():
            while True:
                try:
                    member_id, email = pending.get_nowait()
                except queue.Empty:
                    return
                client, token, action = sign_in(email)
                with lock:
                    signed.append((client, token, action, member_id))

        threads = [threading.Thread(target=login_worker) for _ in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if len(signed) != len(voters):
            raise SystemExit("vote_cast: some voters could not sign in")
        signed.sort(key=lambda s: s[3])

        def run(jobs, action) -> tuple[float, list[float]]:
            work = queue.Queue()
            for job in jobs:
                work.put(job)
            latencies: list[float] = []
            errors: list[str] = []

            def worker():
                while True:
                    try:
                        job = work.get_nowait()
                    except queue.Empty:
                        return
                    try:
                        times = action(job)
                    except Exception as exc:
                        errors.append(repr(exc))
                        return
                    with lock:
                        latencies.extend(times)

            started = time.perf_counter()
            pool = [threading.Thread(target=worker) for _ in range(clients)]
            for t in pool:
                t.start()
            for t in pool:
                t.join()
            wall = time.perf_counter() - started
            if errors:
                raise SystemExit(f"vote_cast: {errors[0]}")
            return wall, latencies

        def vote(job) -> list[float]:
            client, token, path, member_id = job
            times = []
            for resolution_id in resolution_ids:
                form = {
                    "csrf_token": token,
                    "resolution": str(resolution_id),
                    "member": str(member_id),
                    "choice": "for",
                    "confirmed": "1",
                }
                started = time.perf_counter()
                status, headers, _ = client.request("POST", path, form)
                times.append(time.perf_counter() - started)
                if status != 303 or not headers.get("Location", "").endswith("/votes/receipt"):
                    raise RuntimeError(f"vote refused: {status} {headers.get('Location')}")
            return times

        def bare(job) -> list[float]:
            client, token, _path, _member_id = job
            times = []
            for _ in resolution_ids:
                started = time.perf_counter()
                status, _h, _ = client.request(
                    "POST", f"/c/{slug}/bench/vote", {"csrf_token": token, "choice": "for"}
                )
                times.append(time.perf_counter() - started)
                if status != 204:
                    raise RuntimeError(f"bench vote answered {status}")
            return times

        per_vote, per_bare, all_votes, all_bare = [], [], [], []
        for index in range(rounds):
            jobs = signed[index * per_round : (index + 1) * per_round]
            wall, latencies = run(jobs, vote)
            per_vote.append(wall / len(latencies))
            all_votes += latencies
            wall, latencies = run(jobs, bare)
            per_bare.append(wall / len(latencies))
            all_bare += latencies
        peak = peak_of()
    with app.app_context():
        _close_bench_assemblies(cooperative_id)
        db.session.remove()
    value, base = median(per_vote), median(per_bare)
    return {
        "benchmarks": {"vote_cast": entry(value, base, "vote_cast", peak)},
        "details": {
            "vote_cast": f"{len(all_votes)} votes by {len(signed)} voters, {clients} concurrent "
            f"clients, gunicorn 2 workers: {1 / value:.0f} votes/s "
            f"(baseline {1 / base:.0f}/s); latency p50 {percentile(all_votes, 0.5) * 1000:.0f} ms"
            f", p99 {percentile(all_votes, 0.99) * 1000:.0f} ms (baseline p50 "
            f"{percentile(all_bare, 0.5) * 1000:.0f} ms, p99 "
            f"{percentile(all_bare, 0.99) * 1000:.0f} ms)"
        },
    }


def bench_assembly_replay(args) -> dict:
    """assembly_replay on the run's database (bench.replay)."""
    from bench.generate import PASSWORD
    from bench.replay import replay

    figures = replay(args.database_url, child_env(args.database_url), PASSWORD)
    return replay_result(figures, database_name(args.database_url))


def database_name(url: str) -> str:
    return "SQLite" if url.startswith("sqlite") else "PostgreSQL"


def replay_result(figures: dict, database: str) -> dict:
    latency = figures["latency_ms"]
    value = entry(
        latency["vote"]["p99"] / 1000,
        latency["bare_insert"]["p99"] / 1000,
        "assembly_replay",
        figures["peak_rss_mb"],
    )
    return {
        "benchmarks": {"assembly_replay": value},
        "details": {"assembly_replay": replay_details(figures, database)},
        "replay": {database: figures},
    }


def replay_details(figures: dict, database: str) -> str:
    latency = figures["latency_ms"]
    pages = ", ".join(f"{k} {v / 1000:.0f} KB" for k, v in figures["page_bytes"].items())
    return (
        f"{database}: {figures['members']} members, {figures['check_ins']} check-ins, "
        f"{figures['votes']} votes by {figures['voters']} voters through their links "
        f"({figures['clients']} concurrent clients, gunicorn 2 workers, "
        f"{figures['votes_per_second']} votes/s); p50/p99 ms: check-in "
        f"{latency['check_in']['p50']}/{latency['check_in']['p99']}, ballot page "
        f"{latency['ballot_page']['p50']}/{latency['ballot_page']['p99']}, vote "
        f"{latency['vote']['p50']}/{latency['vote']['p99']}, bare insert "
        f"{latency['bare_insert']['p50']}/{latency['bare_insert']['p99']}; "
        f"p99 ratio {figures['p99_ratio']} (target ≤ {figures['target']}); pages: {pages}"
        + (
            f"; over 300 KB: {', '.join(figures['pages_over_300_kb'])}"
            if figures["pages_over_300_kb"]
            else ""
        )
    )


WORKERS = {
    "register": bench_register,
    "tally": bench_tally,
    "holdings_at_date": bench_holdings,
    "member_list": bench_member_list,
    "vote_cast": bench_vote_cast,
    "assembly_replay": bench_assembly_replay,
}


# --- Orchestration ------------------------------------------------------------------------------


def ensure_datasets(database_url: str, sizes: list[int]) -> dict[int, float | None]:
    """Generate the missing bench-N cooperatives; return the generation time of each."""
    from sqlalchemy import select

    from bench.app import migrate_schema
    from bench.generate import generate
    from scic.cooperatives.models import Cooperative
    from scic.core.db import db

    app = _app(database_url)
    timings: dict[int, float | None] = {}
    with app.app_context():
        migrate_schema()
        for size in sizes:
            slug = f"bench-{size}"
            if db.session.scalar(select(Cooperative.id).where(Cooperative.slug == slug)):
                timings[size] = None
                continue
            print(f"Generating {slug}…", flush=True)
            started = time.perf_counter()
            stats = generate(size, slug)
            timings[size] = time.perf_counter() - started
            print(f"  {stats.members} members in {timings[size]:.1f} s: {stats.rows}", flush=True)
        db.session.remove()
    return timings


def database_url_of(url: str | None) -> str:
    """The effective database URL, absolute (child processes use it as is)."""
    from scic.core.db import db

    app = _app(url)
    with app.app_context():
        return db.engine.url.render_as_string(hide_password=False)


def markdown(results: dict, details: dict, meta: dict) -> str:
    lines = [
        f"Benchmarks at **{results['members']:,} members** ({meta['database']}, "
        f"{meta['machine']}, {meta['date']}). Ratio = product time / baseline time, "
        "each measured in the same run on the same data (median of repeated runs).",
        "",
        "| Benchmark | Product (s) | Baseline (s) | Ratio | Target | Peak RSS (MB) | Met |",
        "|---|---:|---:|---:|---:|---:|:---:|",
    ]
    for name in ORDER:
        if name not in results["benchmarks"]:
            continue
        b = results["benchmarks"][name]
        met = "yes" if b["ratio"] <= b["target"] else "**no**"
        rss = f"{b['peak_rss_mb']:.0f}" if b["peak_rss_mb"] else "—"
        lines.append(
            f"| `{name}` | {b['value']:.4g} | {b['baseline']:.4g} | {b['ratio']:.2f} | "
            f"≤ {b['target']} | {rss} | {met} |"
        )
    lines.append("")
    for name in ORDER:
        if name in details:
            lines.append(f"- `{name}`: {details[name]}")
    if meta.get("generated"):
        lines.append(f"- data generation: {meta['generated']}")
    lines += ["", f"Reproduce: `{meta['command']}` (see docs/performance.md).", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--members", type=int, required=True)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--repeat", type=int, default=5, help="runs per measure (median)")
    parser.add_argument("--only", default="", help="comma-separated workers: " + ",".join(WORKERS))
    parser.add_argument("--output-dir", default=str(RESULTS))
    parser.add_argument(
        "--replay-database-url",
        action="append",
        default=[],
        help="also run assembly_replay on this database (e.g. PostgreSQL beside SQLite)",
    )
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        args.database_url = args.database_url or database_url_of(None)
        data = WORKERS[args.worker](args)
        for value in data["benchmarks"].values():
            value["peak_rss_mb"] = value["peak_rss_mb"] or round(own_peak_mb(), 1)
        print(json.dumps(data))
        return 0

    started = time.perf_counter()
    url = database_url_of(args.database_url)
    chosen = [w for w in WORKERS if not args.only or w in args.only.split(",")]
    sizes = [args.members, args.members // 10]
    if "assembly_replay" in chosen:
        from bench.replay import MEMBERS as REPLAY_MEMBERS

        sizes.append(REPLAY_MEMBERS)
    generated = ensure_datasets(url, sizes)
    env = child_env(url)
    results: dict = {"members": args.members, "benchmarks": {}}
    details: dict = {}
    for name in chosen:
        print(f"Running {name}…", flush=True)
        command = [sys.executable, "-m", "bench.run", "--worker", name]
        command += ["--members", str(args.members), "--repeat", str(args.repeat)]
        command += ["--database-url", url]
        _seconds, rss, out = run_child(command, env)
        data = json.loads(out.strip().splitlines()[-1])
        for key, value in data["benchmarks"].items():
            if not value["peak_rss_mb"]:
                value["peak_rss_mb"] = round(rss, 1)  # the worker process measured in-process
            results["benchmarks"][key] = value
            print(
                f"  {key}: {value['value']:.4g} s vs {value['baseline']:.4g} s "
                f"= {value['ratio']:.2f} (target ≤ {value['target']})",
                flush=True,
            )
        details.update(data["details"])
        if "replay" in data:
            results.setdefault("assembly_replay", {}).update(data["replay"])
    if "assembly_replay" in chosen:
        for other in args.replay_database_url:
            other = database_url_of(other)
            print(f"Running assembly_replay on {database_name(other)}…", flush=True)
            ensure_datasets(other, [REPLAY_MEMBERS])
            command = [sys.executable, "-m", "bench.run", "--worker", "assembly_replay"]
            command += ["--members", str(args.members), "--database-url", other]
            _seconds, _rss, out = run_child(command, child_env(other))
            data = json.loads(out.strip().splitlines()[-1])
            results.setdefault("assembly_replay", {}).update(data["replay"])
            details["assembly_replay"] += "; " + data["details"]["assembly_replay"]
            print(f"  {data['details']['assembly_replay']}", flush=True)
    backend = url.split(":", 1)[0].split("+", 1)[0]
    gen = ", ".join(f"{n:,} members in {t:.0f} s" for n, t in generated.items() if t is not None)
    meta = {
        "database": "SQLite" if backend == "sqlite" else "PostgreSQL",
        "machine": f"{os.cpu_count()} CPU, Python {platform.python_version()}",
        "date": clock.today().isoformat(),
        "command": "make bench"
        if args.members == 20000
        else (
            "make bench-full"
            if args.members == 100000
            else f"python -m bench.run --members {args.members}"
        ),
        "generated": gen,
    }
    output = Path(args.output_dir)
    output.mkdir(parents=True, exist_ok=True)
    if not args.only or output != RESULTS:  # a partial run never overwrites bench/results
        # latest.* is the last complete run; members-N.* keeps each size's (the README shows
        # make bench and make bench-full side by side).
        for stem in ("latest", f"members-{args.members}"):
            (output / f"{stem}.json").write_text(json.dumps(results, indent=2) + "\n")
            (output / f"{stem}.md").write_text(markdown(results, details, meta))
    print(markdown(results, details, meta))
    print(f"Total: {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
