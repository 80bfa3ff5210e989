"""Reader speed on generated batches of files (`make bench-readers`): measured and printed, never
asserted.

From the seed (`jixiao.bench.synthetic_document`), a batch of each kind is written into a
temporary folder by the project's own writers, every file with tables of its own:

- .docx (`export.docx_form`) and text in the seed's layout (`export.seed_text`): a department's
  绩效目标文本 — its department-wide targets and `--tables` project tables;
- .xlsx (`export.xlsx_form`), .html (`export.html_form`) and .pdf (the `docx_form` document
  printed by LibreOffice as `export.pdf_form` prints it, one LibreOffice run for the batch): one
  project table each, as a unit sends its form.

Then it times:

- each reader over its files, from disk, in one process (`ingest.read_path`): files/s and
  projects/s;
- a batch import of the whole folder as `jixiao import FOLDER --year 2024 --department 322
  --create-units` does it: `ingest.batch.read_many` reads the files in parallel (a process per
  core), then each file is stored on its own, all or nothing, by `targets.services.store` — its
  tables and first reviews written in bulk (PostgreSQL's COPY, `bulk_create` on SQLite) with its
  audit entry — into a new SQLite database in the temporary folder and into PostgreSQL (the
  database `BENCH_POSTGRES_URL` names, default `DEFAULT_POSTGRES`: created if missing, emptied
  first — use a throwaway one). Each database is measured in a fresh process: Django reads its
  database settings once.

`python -m jixiao.bench_readers --docx 1000 --xlsx 1000 --pdf 200 --html 1000 --text 1000`.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jixiao.bench import SEED, synthetic_document
from jixiao.core.model import Project, TargetDocument
from jixiao.ingest import read_path

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/jixiao_bench_readers"
YEAR = 2024


@dataclass(frozen=True)
class Kind:
    """One kind of file in the batch: its suffix, how many files, the tables in each."""

    suffix: str
    files: int
    tables: int
    department: bool  # the file carries the department-wide targets


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="jixiao reader bench (files/s, projects/s)")
    parser.add_argument("--docx", type=int, default=1_000, help=".docx files (绩效目标文本)")
    parser.add_argument("--xlsx", type=int, default=1_000, help=".xlsx files (one form each)")
    parser.add_argument("--pdf", type=int, default=200, help=".pdf files (one form each)")
    parser.add_argument("--html", type=int, default=1_000, help=".html files (one form each)")
    parser.add_argument("--text", type=int, default=1_000, help="seed-text .txt files")
    parser.add_argument("--tables", type=int, default=5, help="tables in a .docx or .txt file")
    parser.add_argument("--no-postgres", action="store_true", help="import into SQLite only")
    args = parser.parse_args(argv)
    kinds = [
        Kind(".docx", args.docx, args.tables, True),
        Kind(".xlsx", args.xlsx, 1, False),
        Kind(".pdf", args.pdf, 1, False),
        Kind(".html", args.html, 1, False),
        Kind(".txt", args.text, args.tables, True),
    ]
    if args.pdf:
        from jixiao.ingest.formats import doc

        if doc.soffice_path() is None:
            print("read .pdf: skipped (LibreOffice is not installed)")
            kinds = [kind for kind in kinds if kind.suffix != ".pdf"]
    kinds = [kind for kind in kinds if kind.files > 0]
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-readers-") as work:
        folder = Path(work) / "batch"
        written = write_batch(folder, kinds)
        files = sum(len(paths) for paths in written.values())
        tables = sum(kind.files * kind.tables for kind in kinds)
        megabytes = sum(p.stat().st_size for paths in written.values() for p in paths) / 1e6
        print(
            f"batch: {files:,} files, {tables:,} tables, {megabytes:.1f} MB "
            f"({', '.join(_described(kind) for kind in kinds)}); one core per reader"
        )
        for kind in kinds:
            read_kind(kind, written[kind.suffix])
        databases = [("SQLite", None)]
        if not args.no_postgres:
            databases.append(("PostgreSQL", os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES)))
        for name, url in databases:
            figures = _in_fresh_process(import_batch, str(folder), url, Path(work) / "sqlite")
            if figures["projects"] != tables or figures["failed"]:
                raise SystemExit(
                    f"import into {name}: {figures['failed']} files failed, "
                    f"{figures['projects']:,} of {tables:,} tables stored"
                )
            _print(
                f"import → {name} ({files:,} files)",
                files,
                tables,
                figures["seconds"],
                f"store {figures['store']:.2f} s, read by {figures['workers']} processes",
            )


def _described(kind: Kind) -> str:
    each = f" ({kind.tables} tables each)" if kind.tables > 1 else ""
    return f"{kind.files:,} {kind.suffix}{each}"


def write_batch(folder: Path, kinds: list[Kind]) -> dict[str, list[Path]]:
    """The files of each kind in `folder` (a subfolder per kind), every file with tables of its
    own, in the order the kinds are given."""
    from jixiao.export import docx_form, html_form, seed_text, xlsx_form

    seed = read_path(SEED)
    document = synthetic_document(seed, sum(kind.files * kind.tables for kind in kinds))
    projects = iter(document.projects)
    written: dict[str, list[Path]] = {}
    for kind in kinds:
        parts = [
            document.model_copy(
                update={
                    "department": document.department if kind.department else None,
                    "projects": _take(projects, kind.tables),
                }
            )
            for _ in range(kind.files)
        ]
        writers: dict[str, Callable[[TargetDocument], bytes]] = {
            ".docx": docx_form.render,
            ".xlsx": xlsx_form.render,
            ".pdf": docx_form.render,  # printed below, the batch in one LibreOffice run
            ".html": lambda part: html_form.render(part).encode(),
            ".txt": lambda part: seed_text.render(part).encode(),
        }
        datas = [writers[kind.suffix](part) for part in parts]
        if kind.suffix == ".pdf":
            from jixiao.export import pdf_form
            from jixiao.ingest.formats import doc

            datas = doc.convert_all(
                [pdf_form.printable(data) for data in datas], ".docx", "pdf:writer_pdf_Export"
            )
        place = folder / kind.suffix.lstrip(".")
        place.mkdir(parents=True)
        written[kind.suffix] = []
        for number, data in enumerate(datas):
            path = place / f"{number:05d}{kind.suffix}"
            path.write_bytes(data)
            written[kind.suffix].append(path)
    return written


def _take(projects: Iterator[Project], count: int) -> list[Project]:
    return [next(projects) for _ in range(count)]


def read_kind(kind: Kind, paths: list[Path]) -> None:
    """Files/s and projects/s of one reader over its files, in this process (after one file read
    untimed: the reader's modules imported, its caches warm)."""
    read_path(paths[0])
    start = time.perf_counter()
    projects = sum(len(read_path(path).projects) for path in paths)
    seconds = time.perf_counter() - start
    if projects != kind.files * kind.tables:
        raise SystemExit(f"the generated {kind.suffix} files did not read back whole")
    megabytes = sum(path.stat().st_size for path in paths) / 1e6
    label = f"read {kind.suffix} ({len(paths):,} files)"
    _print(label, len(paths), projects, seconds, f"{megabytes:.1f} MB")


def _print(label: str, files: int, projects: int, seconds: float, note: str) -> None:
    print(
        f"{label:<34} {files / seconds:>9,.1f} files/s  {projects / seconds:>9,.1f} projects/s"
        f"  ({seconds:.2f} s, {note})"
    )


def import_batch(folder: str, url: str | None, sqlite_dir: Path) -> dict[str, Any]:
    """The batch import of `folder` into a new, empty database (PostgreSQL at `url`, else SQLite
    in `sqlite_dir`), as `jixiao import` reads and stores a folder; run in a process of its own.
    Returns the seconds (reading and storing), the seconds in `store`, the tables stored and the
    files that failed."""
    if url is None:
        os.environ.pop("DATABASE_URL", None)
    else:
        _create_database(url)
        os.environ["DATABASE_URL"] = url
    sqlite_dir.mkdir(exist_ok=True)
    os.environ["JIXIAO_DATA_DIR"] = str(sqlite_dir)
    os.environ.setdefault("JIXIAO_DEMO", "true")  # a throwaway database: the built-in key
    os.environ["DJANGO_SETTINGS_MODULE"] = "jixiao.web.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from jixiao.ingest.batch import expand, read_many
    from jixiao.org.models import Organisation
    from jixiao.targets import services

    call_command("migrate", verbosity=0)
    call_command("flush", "--noinput", verbosity=0)
    finance = Organisation.objects.create(kind="finance", code="130303", name="财政局")
    Organisation.objects.create(kind="department", code="322", name="商务局", parent=finance)
    start = time.perf_counter()
    [owner] = services.departments_named("322")  # --department 322
    paths = expand([folder])
    storing = 0.0
    stored = failed = 0
    for reading in read_many(paths):
        if reading.document is None:
            failed += 1
            continue
        begun = time.perf_counter()
        result = services.store(reading.document, year=YEAR, department=owner, create_units=True)
        storing += time.perf_counter() - begun
        stored += len(reading.document.projects) if result.created else 0
    seconds = time.perf_counter() - start
    from jixiao.targets.models import Project as StoredProject

    if StoredProject.objects.count() != stored:
        raise RuntimeError(f"{StoredProject.objects.count():,} tables in the database")
    connections.close_all()
    return {
        "seconds": seconds,
        "store": storing,
        "projects": stored,
        "failed": failed,
        "workers": min(os.cpu_count() or 1, len(paths)),
    }


def _create_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def _in_fresh_process(work: Callable[..., dict[str, Any]], *args: object) -> dict[str, Any]:
    """`work(*args)` in a new interpreter (spawned, not forked: Django set up anew, with its
    own database), its result sent back."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_send, args=(sender, work, args))
    process.start()
    sender.close()
    try:
        kind, value = receiver.recv()
    except EOFError:  # it died without a word
        process.join()
        kind, value = "error", f"the process stopped (exit code {process.exitcode})"
    process.join()
    if kind == "error":
        raise SystemExit(value)
    return value  # type: ignore[no-any-return]


def _send(sender: Any, work: Callable[..., dict[str, Any]], args: tuple[object, ...]) -> None:
    try:
        sender.send(("ok", work(*args)))
    except BaseException as error:  # the parent says what failed
        sender.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        sender.close()


if __name__ == "__main__":
    main()
