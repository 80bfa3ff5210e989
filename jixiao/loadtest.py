"""`make loadtest`: the application under load as deployed — gunicorn on PostgreSQL, loopback only.

A throwaway PostgreSQL database (LOADTEST_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/jixiao_loadtest — created if missing, emptied first) gets
a generated department of N tables (default 10,000, as `make bench` generates them) and two
users: a unit's filler (who reaches part of the tables) and the 主管部门 reviewer. gunicorn
then serves it on 127.0.0.1, and C clients (default 8, each with its own session and kept-alive
connection) request each page R times. For every page it prints req/s and p50/p95/p99 latency
beside `/healthz` (one query) measured in the same run, as ratios — and, for scale, the
cheapest signed-in page (the password form: the session, the user, the menu and the page's
frame, which every page pays before its own work); then 100 edits, the workers'
memory after them, the printable review of every table (time to first byte, whole, the worker's
memory) and the import rate. With a Redis (LOADTEST_REDIS_URL, default the local one's database
13) the import leaves its review to a job worker started beside it, as deployed: the rate of
storing and the time until every review is stored are printed apart. Measured and printed,
never asserted; any 5xx is counted and shown.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Lo4dtest-" + secrets.token_urlsafe(8)


def main() -> None:
    parser = argparse.ArgumentParser(description="jixiao load test (gunicorn on PostgreSQL)")
    parser.add_argument("--tables", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=200, help="requests per page")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    args = parser.parse_args()
    url = os.environ.get(
        "LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jixiao_loadtest"
    )
    _create_database(url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "JIXIAO_SECRET_KEY": secrets.token_urlsafe(50),
        "JIXIAO_ALLOWED_HOSTS": "127.0.0.1",
        "JIXIAO_DEMO": "false",
        "JIXIAO_DEBUG": "false",
        "JIXIAO_ACCESS_LOG": os.devnull,
    }
    redis = _redis()
    if redis:
        env["REDIS_URL"] = redis
    os.environ.update(env)
    worker = _worker(env) if redis else None
    try:
        ids = _prepare(args.tables)
    finally:
        if worker is not None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=30)
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - our own interpreter running gunicorn
        [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "deploy/gunicorn.conf.py"),
         "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers)],
        env={**env, "JIXIAO_BIND": f"127.0.0.1:{port}"}, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    try:
        _wait_for(port)
        _run(port, server.pid, ids, args)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _redis() -> str:
    """The job queue's broker (LOADTEST_REDIS_URL, default the local Redis's database 13, emptied
    first), or "" when no Redis answers: then the import reviews in its own transaction."""
    url = os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/13")
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).flushdb()
    except Exception:
        print(f"no Redis at {url}: the import reviews in its own transaction")
        return ""
    return url


def _worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    """A job worker (one process, as `make worker` starts it) for the review after the import."""
    return subprocess.Popen(
        [sys.executable, "-m", "jixiao.jobs.worker", "--concurrency", "1", "--loglevel", "WARNING"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip


def _create_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def _prepare(tables: int) -> dict[str, int]:
    """Migrate, empty, import the generated department and make the two users; the keys of
    what the pages will show."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from jixiao.bench import SEED, synthetic_document
    from jixiao.ingest import read_path
    from jixiao.jobs.models import Job
    from jixiao.org.models import Membership, Organisation
    from jixiao.targets import reviewing
    from jixiao.targets.models import Project
    from jixiao.targets.services import store

    call_command("migrate", verbosity=0)
    call_command("flush", "--noinput", verbosity=0)
    document = synthetic_document(read_path(SEED), tables)
    finance = Organisation.objects.create(kind="finance", code="130303", name="财政局")
    commerce = Organisation.objects.create(
        kind="department", code="322", name="商务局", parent=finance
    )
    started = time.perf_counter()
    stored = store(document, year=2024, department=commerce, create_units=True).document
    seconds = time.perf_counter() - started
    if not reviewing.deferred():
        print(
            f"import: {tables:,} tables in {seconds:.1f} s = {tables / seconds:,.0f} projects/s "
            "(stored with their audit entries and reviews in one transaction, PostgreSQL)"
        )
    else:
        job = Job.objects.get(kind=Job.Kind.REVIEW, scope__document=stored.pk)
        while not job.finished:
            time.sleep(0.05)
            job.refresh_from_db()
        reviewed = time.perf_counter() - started
        if job.state != Job.State.DONE:
            raise SystemExit(f"the review job failed: {job.message}")
        print(
            f"import: {tables:,} tables stored in {seconds:.1f} s = {tables / seconds:,.0f} "
            "projects/s (with their audit entries, PostgreSQL); reviewed by the job right "
            f"after: all reviews stored {reviewed:.1f} s after the import began "
            f"({tables / reviewed:,.0f} projects/s stored and reviewed)"
        )
    unit = Organisation.objects.get(parent=commerce, code="322003")
    for name, place, role in (
        ("filler", unit, Membership.Role.UNIT_FILLER),
        ("reviewer", commerce, Membership.Role.DEPARTMENT_REVIEWER),
    ):
        user = User.objects.create_user(name, password=PASSWORD)
        Membership.objects.create(user=user, organisation=place, role=role)
    own = Project.objects.filter(document=stored, unit=unit).order_by("position")
    middle = own[own.count() // 2]
    from django.db import connections

    connections.close_all()
    return {"document": stored.pk, "table": middle.pk, "tables": tables}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(port: int) -> None:
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


@dataclass
class Session:
    """One client: a kept-alive connection and a logged-in session."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    connection: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, body: dict[str, str] | None = None
    ) -> tuple[int, bytes, float, float]:
        """(status, body, seconds to the first byte, seconds in all)."""
        headers = {
            "Host": "127.0.0.1",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        data = None
        if body is not None:
            data = urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            started = time.perf_counter()
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                first = time.perf_counter() - started
                content = response.read()
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = None
                if attempt:
                    raise
                continue
            for value in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            if response.headers.get("Connection", "").lower() == "close":
                self.connection.close()
                self.connection = None
            return response.status, content, first, time.perf_counter() - started
        raise AssertionError("unreachable")

    def login(self, name: str) -> None:
        self.request("GET", "/login/")
        status, _, _, _ = self.request(
            "POST", "/login/", {"username": name, "password": PASSWORD,
                                "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")},
        )  # fmt: skip
        if status != 302:
            raise SystemExit(f"login as {name}: HTTP {status}")


@dataclass
class Figures:
    seconds: list[float] = field(default_factory=list)
    errors: int = 0
    wall: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.seconds) / self.wall if self.wall else 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000


def _load(sessions: list[Session], path: str, total: int) -> Figures:
    figures = Figures()
    lock = threading.Lock()
    left = [total]

    def client(session: Session) -> None:
        while True:
            with lock:
                if left[0] <= 0:
                    return
                left[0] -= 1
            status, _, _, seconds = session.request("GET", path)
            with lock:
                figures.seconds.append(seconds)
                figures.errors += status >= 500
                if status != 200 and status < 500:
                    raise SystemExit(f"{path}: HTTP {status}")

    threads = [threading.Thread(target=client, args=(s,)) for s in sessions]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    figures.wall = time.perf_counter() - started
    return figures


def _rss(pid: int) -> list[int]:
    """Resident memory (MB) of gunicorn's workers (the master's children)."""
    found = []
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        status = Path(f"/proc/{child}/status").read_text()
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        if match:
            found.append(int(match.group(1)) // 1024)
    return found


def _run(port: int, master: int, ids: dict[str, int], args: argparse.Namespace) -> None:
    sessions = {
        name: [Session(port) for _ in range(args.clients)] for name in ("filler", "reviewer")
    }
    for name, group in sessions.items():
        for session in group:
            session.login(name)
    document, table = ids["document"], ids["table"]
    pages: list[tuple[str, str, str]] = [
        ("minimal view (/healthz, one query)", "filler", "/healthz"),
        ("signed-in floor (/password/, a form)", "filler", "/password/"),
        ("待办 (filler)", "filler", "/"),
        ("待办 (reviewer)", "reviewer", "/"),
        ("list filtered, page 100 (reviewer)", "reviewer", "/?q=%E7%BB%8F%E8%B4%B9&page=100"),
        ("table page (filler)", "filler", f"/projects/{table}/"),
        ("table page (reviewer)", "reviewer", f"/projects/{table}/"),
        ("document page (reviewer)", "reviewer", f"/documents/{document}/"),
        ("API list, offset 5000 (reviewer)", "reviewer", "/api/projects?limit=50&offset=5000"),
        ("API table detail (reviewer)", "reviewer", f"/api/projects/{table}"),
    ]
    print(
        f"load: {ids['tables']:,} tables, gunicorn {args.workers} workers, {args.clients} "
        f"clients, {args.requests} requests a page, loopback"
    )
    columns = ("req/s", "p50 ms", "p95 ms", "p99 ms")
    print(f"{'page':<38} " + " ".join(f"{c:>8}" for c in columns) + f" {'×p50':>7} {'5xx':>4}")
    base: float | None = None
    server_errors = 0
    for label, who, path in pages:
        _load(sessions[who], path, min(20, args.requests))  # warm every worker
        figures = _load(sessions[who], path, args.requests)
        p50 = figures.percentile(0.50)
        base = base or p50
        server_errors += figures.errors
        print(
            f"{label:<38} {figures.rate:>8.1f} {p50:>8.1f} {figures.percentile(0.95):>8.1f} "
            f"{figures.percentile(0.99):>8.1f} {p50 / base:>7.1f} {figures.errors:>4}"
        )
    editor = sessions["filler"][0]
    _, page, _, _ = editor.request("GET", f"/projects/{table}/indicators/0/")
    fields = _form_fields(page.decode())
    timings = []
    for n in range(100):
        fields["target"] = f"≥{n + 1}次"
        status, _, _, seconds = editor.request("POST", f"/projects/{table}/indicators/0/", fields)
        timings.append(seconds)
        server_errors += status >= 500
        fields["revision"] = str(int(fields.get("revision", "0") or 0) + 1)
    print(
        f"100 edits of one row: median {statistics.median(timings) * 1000:.1f} ms; "
        f"workers' memory after: {', '.join(f'{m} MB' for m in _rss(master))}"
    )
    reader = sessions["reviewer"][0]
    status, body, first, whole = reader.request("GET", f"/documents/{document}/review/")
    server_errors += status >= 500
    print(
        f"printable review of {ids['tables']:,} tables: first byte {first * 1000:.0f} ms, "
        f"whole {whole:.1f} s, {len(body) / 1e6:.1f} MB; workers' memory after: "
        f"{', '.join(f'{m} MB' for m in _rss(master))}"
    )
    print(f"server errors (5xx): {server_errors}")


def _form_fields(page: str) -> dict[str, str]:
    """The indicator form's fields as the page fills them in."""
    fields: dict[str, str] = {}
    for match in re.finditer(r"<input[^>]*>", page):
        tag = match.group(0)
        name = re.search(r'name="([^"]+)"', tag)
        if name is None:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        fields[name.group(1)] = _unescape(value.group(1)) if value else ""
    for match in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option[^>]*value="([^"]*)"[^>]*selected', match.group(2))
        fields[match.group(1)] = _unescape(chosen.group(1)) if chosen else ""
    for match in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        fields[match.group(1)] = _unescape(match.group(2))
    return fields


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


if __name__ == "__main__":
    main()
