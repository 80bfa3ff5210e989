"""Report jobs' cost on a large document: measured and printed, never asserted.

Two steps, each its own process, so that a run's peak memory is the report job's alone:

    python -m jixiao.bench_reports prepare /tmp/bench-reports --tables 6000 [--no-department]
    python -m jixiao.bench_reports run /tmp/bench-reports --format docx

`prepare` stores a department document of that many tables (generated from the seed as
`make bench` does, or from the tables of `--seed FILE`, e.g. a corpus table in the 财政部 form,
which Word writes as that form rather than as the Hebei text; `--no-department` leaves out the
department-wide targets) into a new SQLite database in the folder.
`run` starts a report job on it as its 主管部门 reviewer (who sees every table) and prints the
job's seconds, the process's peak resident memory before and after the job (and LibreOffice's,
for a PDF), and the file's size.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description="jixiao report-job bench")
    steps = parser.add_subparsers(dest="step", required=True)
    prepare = steps.add_parser("prepare", help="store a generated document")
    prepare.add_argument("folder", type=Path)
    prepare.add_argument("--tables", type=int, default=6_000)
    prepare.add_argument("--no-department", action="store_true")
    prepare.add_argument("--seed", type=Path, help="the tables to vary (default: the Hebei seed)")
    run = steps.add_parser("run", help="run one report job")
    run.add_argument("folder", type=Path)
    run.add_argument("--format", choices=("xlsx", "docx", "pdf"), default="docx")
    args = parser.parse_args()
    _django(args.folder)
    if args.step == "prepare":
        _prepare(args.tables, department=not args.no_department, seed=args.seed)
    else:
        _run(args.format)


def _django(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.pop("DATABASE_URL", None)
    os.environ["JIXIAO_DATA_DIR"] = str(folder)
    os.environ.setdefault("JIXIAO_DEMO", "true")  # a throwaway database: the built-in key
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    import django

    django.setup()


def _prepare(tables: int, *, department: bool, seed: Path | None) -> None:
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from jixiao.bench import SEED, synthetic_document
    from jixiao.ingest import read_path
    from jixiao.org.models import Membership, Organisation
    from jixiao.targets.services import store

    call_command("migrate", verbosity=0)
    if seed is None:
        document = synthetic_document(read_path(SEED), tables)
    else:  # its tables copied under names of their own, their values as they are
        source = read_path(seed)
        document = source.model_copy(
            update={
                "projects": [
                    template.model_copy(
                        update={
                            "code": f"{template.code or 'X'}-{number:05d}",
                            "name": f"{template.name}（{number}）",
                            "title": template.title and f"{template.title}（{number}）",
                        }
                    )
                    for number in range(tables)
                    for template in [source.projects[number % len(source.projects)]]
                ]
            }
        )
    if not department:
        document = document.model_copy(update={"department": None})
    commerce = None
    if seed is None:
        finance = Organisation.objects.create(kind="finance", code="130303", name="财政局")
        commerce = Organisation.objects.create(
            kind="department", code="322", name="商务局", parent=finance
        )
    started = time.perf_counter()
    stored = store(document, year=2024, department=commerce, create_units=True).document
    reviewer = User.objects.create_user("reviewer")
    Membership.objects.create(
        user=reviewer, organisation=stored.department, role=Membership.Role.DEPARTMENT_REVIEWER
    )
    print(f"stored {tables:,} tables in {time.perf_counter() - started:.1f} s")


def _run(fmt: str) -> None:
    from django.contrib.auth.models import User

    from jixiao.jobs.models import Job
    from jixiao.reports import services, tasks
    from jixiao.targets.models import TargetDocument

    reviewer = User.objects.get(username="reviewer")
    document = TargetDocument.objects.select_related("department", "fiscal_year").get()
    before = _peak_mb()
    job = Job.objects.create(
        kind=Job.Kind.REPORT, scope={"document": document.pk, "format": fmt}, started_by=reviewer
    )
    started = time.perf_counter()
    tasks.report(job.pk)
    seconds = time.perf_counter() - started
    job.refresh_from_db()
    if job.state != Job.State.DONE:
        raise SystemExit(f"the job failed: {job.message}")
    size = services.report_path(job).stat().st_size
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"{fmt}: {job.done:,} tables in {seconds:.1f} s; peak RSS {_peak_mb():,.0f} MB "
        f"(before the job {before:,.0f} MB"
        + (f"; LibreOffice {children:,.0f} MB" if children else "")
        + f"); file {size / 1e6:.1f} MB"
    )
    services.report_path(job).unlink()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


if __name__ == "__main__":
    main()
