"""How the cost grows with the document (`make bench-growth`): measured and printed, never asserted.

For each size (default 1,000 / 5,000 / 10,000 / 20,000 tables, generated from the seed as
`make bench` does) it stores a department document into a fresh database — SQLite in a
temporary folder, or the PostgreSQL database named by DATABASE_URL (emptied first: use a
throwaway one) — then times, in this process through Django's test client:

- the import (read model → stored tables, their audit entries and their reviews);
- an edit of one indicator row (its table reviewed, the comparing rules re-run);
- pages as a unit's filler (who reaches part of the tables: per-user filtering) and as the
  主管部门 reviewer: 待办, a table page, the document page, the API detail of a table.

Each figure is printed with its ratio to the previous size: about 2 for twice the tables means
linear, about 1 means the cost does not grow with the document.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from jixiao.bench import SEED, synthetic_document
from jixiao.ingest import read_path

SIZES = (1_000, 5_000, 10_000, 20_000)


def main() -> None:
    parser = argparse.ArgumentParser(description="jixiao growth bench")
    parser.add_argument("--sizes", type=lambda s: [int(n) for n in s.split(",")], default=SIZES)
    parser.add_argument("--requests", type=int, default=5, help="requests per page (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        _django(folder)
        where = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
        print(f"growth: {where}, median of {args.requests} requests per page, one process")
        previous: dict[str, float] = {}
        for size in args.sizes:
            figures = measure(size, args.requests)
            for label, seconds in figures.items():
                ratio = f"×{seconds / previous[label]:.2f}" if label in previous else ""
                print(f"{size:>7,} tables  {label:<34} {seconds * 1000:>10.1f} ms  {ratio}")
            previous = figures


def _django(folder: str) -> None:
    os.environ["JIXIAO_DATA_DIR"] = folder
    os.environ.setdefault("JIXIAO_DEMO", "true")  # a throwaway database: the built-in key
    os.environ["JIXIAO_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    import django

    django.setup()


def measure(size: int, requests: int) -> dict[str, float]:
    from django.core.management import call_command
    from django.test import Client

    from jixiao.org.models import Membership, Organisation
    from jixiao.targets import editing
    from jixiao.targets.models import Project
    from jixiao.targets.services import store

    call_command("flush", "--noinput", verbosity=0)
    call_command("migrate", verbosity=0)
    document = synthetic_document(read_path(Path(SEED)), size)
    finance = Organisation.objects.create(kind="finance", code="130303", name="财政局")
    commerce = Organisation.objects.create(
        kind="department", code="322", name="商务局", parent=finance
    )
    started = time.perf_counter()
    stored = store(document, year=2024, department=commerce, create_units=True).document
    figures = {"import (store + review)": time.perf_counter() - started}
    unit = Organisation.objects.get(parent=commerce, code="322003")
    filler = _user("filler", unit, Membership.Role.UNIT_FILLER)
    reviewer = _user("reviewer", commerce, Membership.Role.DEPARTMENT_REVIEWER)
    own = Project.objects.filter(document=stored, unit=unit).order_by("position")
    middle = own[own.count() // 2]
    row = editing._row(0, middle.to_core().indicators[0])
    fields = {k: "" if v is None else str(v) for k, v in row.items()}

    def edit() -> None:
        editing.update_indicator(Project.objects.get(pk=middle.pk), filler, 0, fields)

    figures["edit one row (review kept exact)"] = _median(requests, edit)
    for name, user in (("filler", filler), ("reviewer", reviewer)):
        client = Client()
        client.force_login(user)
        for label, url in (
            ("待办", "/"),
            ("table page", f"/projects/{middle.pk}/"),
            ("document page", f"/documents/{stored.pk}/"),
            ("API table detail", f"/api/projects/{middle.pk}"),
        ):
            client.get(url)  # warm
            figures[f"{label} ({name})"] = _median(requests, lambda c=client, u=url: _ok(c, u))
    return figures


def _user(name: str, organisation: object, role: str) -> object:
    from django.contrib.auth.models import User

    from jixiao.org.models import Membership

    user = User.objects.create_user(name)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def _ok(client: object, url: str) -> None:
    response = client.get(url)  # type: ignore[attr-defined]
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")


def _median(runs: int, work: Callable[[], object]) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


if __name__ == "__main__":
    main()
