"""assembly_replay: a 1 200-member hybrid assembly replayed against gunicorn (issue 18 item 8).

The figures of Mobicoop's 2019 assembly: 44 members checked in at the door by the secretary,
333 voters casting 10 resolutions each through their convocation's personal link, 8 at a time.
Measured in the same run, alternating with the votes: the bench's bare insert endpoint (same
session and CSRF checks, one row, one commit) posted as often by as many clients. The target is
on the slowest votes: p99 of a vote ≤ 4 × p99 of the bare insert. The pages an assembly's
secretary and voters open are weighed (target: ≤ 300 KB of HTML whatever the membership).

The login and voting-link rate limits are off on this server: in real life the voters come
from 333 addresses, here from one.
"""

from __future__ import annotations

import html
import queue
import random
import threading
import time
from datetime import UTC, datetime, timedelta

from bench.run import (
    CSRF,
    FORM_ACTION,
    Client,
    _app,
    _close_bench_assemblies,
    _cooperative,
    gunicorn_server,
    percentile,
)

MEMBERS = 1200
CHECK_INS = 44
VOTERS = 333
RESOLUTIONS = 10
CLIENTS = 8
ROUNDS = 6
TARGET = 4
MAX_PAGE_BYTES = 300_000
SIZES_LOCK = threading.Lock()


def prepare(slug: str, seed: int):
    """Open a hybrid assembly with 10 open resolutions; pick who checks in and who votes, and
    sign each voter's personal link. Returns (assembly id, resolution ids, check-in member ids,
    (member id, link) of each voter)."""
    from sqlalchemy import select

    from bench.generate import open_assembly
    from scic.assemblies.services.voting_links import make_voting_token
    from scic.core.db import db
    from scic.membership.models import Member

    cooperative = _cooperative(slug)
    _close_bench_assemblies(cooperative.id)
    now = datetime.now(UTC)
    assembly, resolutions = open_assembly(
        cooperative.id,
        RESOLUTIONS,
        now=now - timedelta(minutes=5),
        title=f"Bench vote replay {now:%Y-%m-%d %H:%M:%S}",
        place="Salle des fêtes",
        video_link="https://visio.example.invalid/ag",
    )
    members = db.session.scalars(
        select(Member)
        .where(
            Member.cooperative_id == cooperative.id,
            Member.status == "active",
            Member.kind == "person",
        )
        .order_by(Member.id)
    ).all()
    chosen = random.Random(seed).sample(members, CHECK_INS + VOTERS)
    check_ins = [m.id for m in chosen[:CHECK_INS]]
    links = [(m.id, make_voting_token(assembly, m)) for m in chosen[CHECK_INS:]]
    resolution_ids = [r.id for r in resolutions]
    db.session.commit()
    return assembly.id, resolution_ids, check_ins, links


def sign_in(port: int, email: str, password: str) -> tuple[Client, str]:
    client = Client(port)
    _status, _h, page = client.request("GET", "/login")
    token = CSRF.search(page).group(1)
    status, _h, _ = client.request(
        "POST", "/login", {"email": email, "password": password, "csrf_token": token}
    )
    if status != 303:
        raise SystemExit(f"assembly_replay: login of {email} answered {status}")
    return client, token


def timed(client: Client, method: str, path: str, form: dict | None = None):
    started = time.perf_counter()
    status, headers, body = client.request(method, path, form)
    return time.perf_counter() - started, status, headers, body


def run_pool(jobs: list, action) -> tuple[float, dict[str, list[float]]]:
    """Run ``action(job)`` for every job on CLIENTS threads; return wall time and latencies."""
    work: queue.Queue = queue.Queue()
    for job in jobs:
        work.put(job)
    lock = threading.Lock()
    latencies: dict[str, list[float]] = {}
    errors: list[str] = []

    def worker() -> None:
        while True:
            try:
                job = work.get_nowait()
            except queue.Empty:
                return
            try:
                measured = action(job)
            except Exception as exc:  # the first error stops the run, with its reason
                errors.append(repr(exc))
                return
            with lock:
                for key, values in measured.items():
                    latencies.setdefault(key, []).extend(values)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise SystemExit(f"assembly_replay: {errors[0]}")
    return time.perf_counter() - started, latencies


def replay(database_url: str, env: dict, password: str) -> dict:
    """The whole replay on one database; returns its figures."""
    from scic.core.db import db

    slug = f"bench-{MEMBERS}"
    app = _app(database_url)
    with app.app_context():
        cooperative_id = _cooperative(slug).id
        assembly_id, resolution_ids, check_ins, links = prepare(slug, seed=int(time.time()))
        db.session.remove()
    base = f"/c/{slug}"
    secretary_email = f"secretary@{slug}.bench.invalid"
    app_spec = "bench.app:make_app(RATELIMIT_ENABLED=False)"
    try:
        with gunicorn_server(env, app_spec, "assembly_replay") as (port, peak_of):
            secretary, token = sign_in(port, secretary_email, password)
            sizes: dict[str, int] = {}
            page_ms: dict[str, float] = {}

            def weigh(name: str, path: str) -> None:
                seconds, status, _h, body = timed(secretary, "GET", path)
                if status != 200:
                    raise SystemExit(f"assembly_replay: {path} answered {status}")
                sizes[name] = len(body.encode())
                page_ms[name] = round(seconds * 1000, 1)

            weigh("attendance", f"{base}/assemblies/{assembly_id}/attendance")
            # 44 check-ins at the door, one after another (one secretary).
            check_in_times = []
            for member_id in check_ins:
                seconds, status, _headers, _ = timed(
                    secretary,
                    "POST",
                    f"{base}/assemblies/{assembly_id}/attendance",
                    {"csrf_token": token, "member_id": str(member_id), "mode": "present"},
                )
                if status != 303:
                    raise SystemExit(f"assembly_replay: check-in answered {status}")
                check_in_times.append(seconds)

            def vote(job) -> dict[str, list[float]]:
                member_id, link = job
                client = Client(port)
                entry, status, headers, _ = timed(client, "GET", f"/vote/{link}")
                if status != 302:
                    raise RuntimeError(f"voting link answered {status}")
                page_time, status, _h, page = timed(client, "GET", "/vote/")
                match, action = CSRF.search(page), FORM_ACTION.search(page)
                if status != 200 or match is None or action is None:
                    raise RuntimeError(f"ballot page answered {status}")
                with SIZES_LOCK:
                    sizes["ballot"] = max(sizes.get("ballot", 0), len(page.encode()))
                path = html.unescape(action.group(1))
                times = []
                for resolution in resolution_ids:
                    form = {
                        "csrf_token": match.group(1),
                        "resolution": str(resolution),
                        "member": str(member_id),
                        "choice": "for",
                        "confirmed": "1",
                    }
                    seconds, status, headers, _ = timed(client, "POST", path, form)
                    if status != 303 or not headers.get("Location", "").endswith("/receipt"):
                        raise RuntimeError(f"vote refused: {status} {headers.get('Location')}")
                    times.append(seconds)
                return {"link": [entry], "ballot": [page_time], "vote": times}

            bare_clients: queue.Queue = queue.Queue()
            for _ in range(CLIENTS):
                bare_clients.put(sign_in(port, secretary_email, password))

            def bare(_job) -> dict[str, list[float]]:
                client, csrf = bare_clients.get()
                try:
                    times = []
                    for _ in range(RESOLUTIONS):
                        seconds, status, _h, _ = timed(
                            client, "POST", f"{base}/bench/vote", {"csrf_token": csrf}
                        )
                        if status != 204:
                            raise RuntimeError(f"bench vote answered {status}")
                        times.append(seconds)
                    return {"bare": times}
                finally:
                    bare_clients.put((client, csrf))

            latencies: dict[str, list[float]] = {}
            vote_wall = bare_wall = 0.0
            per_round = -(-len(links) // ROUNDS)
            for index in range(ROUNDS):  # alternate: a busy machine slows both alike
                jobs = links[index * per_round : (index + 1) * per_round]
                wall, measured = run_pool(jobs, vote)
                vote_wall += wall
                for key, values in measured.items():
                    latencies.setdefault(key, []).extend(values)
                wall, measured = run_pool(jobs, bare)
                bare_wall += wall
                latencies.setdefault("bare", []).extend(measured["bare"])
            weigh("attendance_after", f"{base}/assemblies/{assembly_id}/attendance")
            weigh("assembly", f"{base}/assemblies/{assembly_id}")
            weigh("convocation", f"{base}/assemblies/{assembly_id}/convocation")
            weigh("resolutions_console", f"{base}/votes/assemblies/{assembly_id}")
            weigh("capital", f"{base}/capital/")
            weigh("members", f"{base}/members")
            weigh("audit_log", f"{base}/registers/audit")
            peak = peak_of()
    finally:
        with app.app_context():
            _close_bench_assemblies(cooperative_id)
            db.session.remove()

    def ms(values: list[float], share: float) -> float:
        return round(percentile(values, share) * 1000, 1)

    votes = latencies["vote"]
    figures = {
        "members": MEMBERS,
        "check_ins": len(check_in_times),
        "voters": len(links),
        "votes": len(votes),
        "clients": CLIENTS,
        "latency_ms": {
            "check_in": {"p50": ms(check_in_times, 0.5), "p99": ms(check_in_times, 0.99)},
            "voting_link": {"p50": ms(latencies["link"], 0.5), "p99": ms(latencies["link"], 0.99)},
            "ballot_page": {
                "p50": ms(latencies["ballot"], 0.5),
                "p99": ms(latencies["ballot"], 0.99),
            },
            "vote": {"p50": ms(votes, 0.5), "p99": ms(votes, 0.99)},
            "bare_insert": {"p50": ms(latencies["bare"], 0.5), "p99": ms(latencies["bare"], 0.99)},
        },
        "votes_per_second": round(len(votes) / vote_wall, 1),
        "bare_per_second": round(len(latencies["bare"]) / bare_wall, 1),
        "p99_ratio": round(percentile(votes, 0.99) / percentile(latencies["bare"], 0.99), 3),
        "target": TARGET,
        "page_bytes": sizes,
        "page_ms": page_ms,
        "pages_over_300_kb": sorted(k for k, v in sizes.items() if v > MAX_PAGE_BYTES),
        "peak_rss_mb": round(peak, 1),
    }
    return figures
