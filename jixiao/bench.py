"""Throughput figures (`make bench`): measured and printed, never asserted.

Generates a department document in the seed's layout with N projects (default 10,000), varied
from the seed's own tables (department-wide targets included), and times reading it, writing it
back, dumping its JSON and reviewing it with every rule.
"""

from __future__ import annotations

import argparse
import gc
import os
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from jixiao.core.model import Project, TargetDocument, Value
from jixiao.export.seed_text import render
from jixiao.ingest import read_bytes, read_path, read_text
from jixiao.review import all_rules, review_document

SEED = Path(__file__).resolve().parent.parent / "tests/fixtures/shanhaiguan-commerce-targets.txt"


def synthetic_document(seed: TargetDocument, projects: int) -> TargetDocument:
    """The seed's department with `projects` tables cycled from the seed's, each with its own
    code, name and amounts."""
    made: list[Project] = []
    for number in range(projects):
        template = seed.projects[number % len(seed.projects)]
        total = Decimal(10000 + number * 7) + Decimal("0.50")
        indicators = [
            indicator.model_copy(update={"target": _shifted(indicator.target, number)})
            for indicator in template.indicators
        ]
        made.append(
            template.model_copy(
                update={
                    "code": f"{template.code}-{number:05d}",
                    "name": f"{template.name}（{number}）",
                    "title": f"{template.name}（{number}）绩效目标表",
                    "budget": template.budget.model_copy(update={"total": total, "fiscal": total}),
                    "indicators": indicators,
                }
            )
        )
    return seed.model_copy(update={"projects": made})


def _shifted(value: Value, number: int) -> Value:
    if value.number is None:
        return value
    raw = value.raw.replace(format(value.number, "f"), str(int(value.number) + number % 7), 1)
    return value.model_copy(update={"raw": raw})


def best_of(runs: int, work: Callable[[], object]) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description="jixiao throughput bench")
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-store", action="store_true", help="skip the database figure")
    parser.add_argument(
        "--files", type=int, default=1_000, help="generated .xlsx and .html files to read"
    )
    parser.add_argument("--docx", type=int, default=200, help="generated .docx files to read")
    parser.add_argument(
        "--pdf", type=int, default=200, help="generated .pdf and .xls files to read (LibreOffice)"
    )
    parser.add_argument("--doc", type=int, default=20, help="generated .doc files to read")
    args = parser.parse_args()

    seed = read_path(SEED)
    document = synthetic_document(seed, args.projects)
    text = render(document)
    indicators = sum(len(p.indicators) for p in document.projects)
    # The generated fixture is long-lived: keep the collector from rescanning it on every run, so
    # the figures measure the code under test (as in a fresh worker process).
    gc.collect()
    gc.freeze()
    print(
        f"document: {args.projects} projects, {indicators} indicators, "
        f"{len(text.encode()) / 1e6:.1f} MB of seed-text; best of {args.runs} runs, one core"
    )
    if len(read_text(text, "bench.txt").projects) != args.projects:
        raise SystemExit("the generated document did not read back whole")
    seconds = best_of(args.runs, lambda: read_text(text, "bench.txt"))
    _report("parse (seed-text → model)", args.projects, seconds)
    _report(
        "export (model → seed-text)", args.projects, best_of(args.runs, lambda: render(document))
    )
    _report("json (model → jixiao/1)", args.projects, best_of(args.runs, document.to_json))
    findings: list[int] = []
    seconds = best_of(args.runs, lambda: findings.append(len(review_document(document))))
    _report("review (model → findings)", args.projects, seconds)
    print(f"{'':<30} {findings[-1]:>10,} findings by {len(all_rules())} rules")
    form_files(document, args.files, args.runs)
    docx_files(document, args.docx, args.runs)
    office_files(document, args.pdf, args.doc, args.runs)
    if not args.no_store:
        gc.unfreeze()
        _report("store (model → SQLite)", args.projects, store_seconds(document, args.runs))


def form_files(document: TargetDocument, files: int, runs: int) -> None:
    """Files/s and projects/s reading `files` generated workbooks and pages, one project each
    (the first `files` generated tables, written by the form writers)."""
    from jixiao.export import html_form, xlsx_form

    tables = [
        document.model_copy(update={"department": None, "projects": [project]})
        for project in document.projects[:files]
    ]
    written = {
        "xlsx": [xlsx_form.render(table) for table in tables],
        "html": [html_form.render(table).encode() for table in tables],
    }
    for kind, datas in written.items():
        megabytes = sum(map(len, datas)) / 1e6
        counts: list[int] = []
        seconds = best_of(
            max(1, min(runs, 2)), lambda d=datas, k=kind, c=counts: c.append(_read_all(d, k))
        )
        if counts[-1] != len(datas):
            raise SystemExit(f"the generated .{kind} files did not read back whole")
        label = f"read .{kind} ({len(datas):,} files)"
        print(
            f"{label:<30} {len(datas) / seconds:>10,.0f} files/s  "
            f"{counts[-1] / seconds:>8,.0f} projects/s  ({seconds:.3f} s, {megabytes:.1f} MB)"
        )


def docx_files(document: TargetDocument, files: int, runs: int, projects: int = 5) -> None:
    """Files/s and projects/s reading `files` generated Word documents, each the department's
    绩效目标文本 with `projects` tables of its own (written by `export.docx_form`)."""
    from jixiao.export import docx_form

    parts = [
        document.model_copy(update={"projects": document.projects[n : n + projects]})
        for n in range(0, files * projects, projects)
    ]
    start = time.perf_counter()
    datas = [docx_form.render(part) for part in parts]
    writing = time.perf_counter() - start
    counts: list[int] = []
    seconds = best_of(max(1, min(runs, 3)), lambda: counts.append(_read_all(datas, "docx")))
    if counts[-1] != sum(len(part.projects) for part in parts):
        raise SystemExit("the generated .docx files did not read back whole")
    megabytes = sum(map(len, datas)) / 1e6
    for label, taken in ((f"read .docx ({len(datas):,} files)", seconds), ("write .docx", writing)):
        print(
            f"{label:<30} {len(datas) / taken:>10,.0f} files/s  "
            f"{counts[-1] / taken:>8,.0f} projects/s  ({taken:.3f} s, {megabytes:.1f} MB)"
        )


def office_files(document: TargetDocument, files: int, docs: int, runs: int) -> None:
    """Files/s and projects/s reading generated .xls and .pdf files (`files` of each) and .doc
    files (`docs`), one project each: the .xlsx and Word writers' files converted by LibreOffice
    (one run per kind: "convert" is that run). Reading a .doc runs LibreOffice once per file."""
    from jixiao.export import docx_form, pdf_form, xlsx_form
    from jixiao.ingest.formats import doc

    if doc.soffice_path() is None:
        print("read .xls / .pdf / .doc: skipped (LibreOffice is not installed)")
        return
    tables = [
        document.model_copy(update={"department": None, "projects": [project]})
        for project in document.projects[: max(files, docs)]
    ]
    sources = {
        "xls": (".xlsx", "xls:MS Excel 97", [xlsx_form.render(t) for t in tables[:files]]),
        "pdf": (
            ".docx",
            "pdf:writer_pdf_Export",
            [pdf_form.printable(docx_form.render(t)) for t in tables[:files]],
        ),
        "doc": (".docx", "doc:MS Word 97", [docx_form.render(t) for t in tables[:docs]]),
    }
    for kind, (suffix, target, written) in sources.items():
        start = time.perf_counter()
        datas = doc.convert_all(written, suffix, target)
        converting = time.perf_counter() - start
        counts: list[int] = []
        repeats = 1 if kind == "doc" else max(1, min(runs, 2))
        seconds = best_of(repeats, lambda d=datas, k=kind, c=counts: c.append(_read_all(d, k)))
        if counts[-1] != len(datas):
            raise SystemExit(f"the generated .{kind} files did not read back whole")
        megabytes = sum(map(len, datas)) / 1e6
        for label, taken in (
            (f"read .{kind} ({len(datas):,} files)", seconds),
            (f"convert to .{kind} (LibreOffice)", converting),
        ):
            print(
                f"{label:<30} {len(datas) / taken:>10,.1f} files/s  "
                f"{counts[-1] / taken:>8,.1f} projects/s  ({taken:.3f} s, {megabytes:.1f} MB)"
            )


def _read_all(datas: list[bytes], kind: str) -> int:
    return sum(len(read_bytes(data, f"bench.{kind}").projects) for data in datas)


def store_seconds(document: TargetDocument, runs: int) -> float:
    """Best time to store the document (units, tables, audit entries, in bulk) into a new SQLite
    database in a temporary folder, each run under a new year so nothing is deduplicated."""
    with tempfile.TemporaryDirectory() as folder:
        os.environ.pop("DATABASE_URL", None)
        os.environ["JIXIAO_DATA_DIR"] = folder
        os.environ.setdefault("JIXIAO_DEMO", "true")  # a throwaway database: the built-in key
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        from jixiao.targets.services import store

        call_command("migrate", verbosity=0)
        years = iter(range(2100, 2000, -1))
        seconds = best_of(runs, lambda: store(document, year=next(years), create_units=True))
        connections.close_all()
        return seconds


def _report(label: str, projects: int, seconds: float) -> None:
    print(f"{label:<30} {projects / seconds:>10,.0f} projects/s  ({seconds:.3f} s)")


if __name__ == "__main__":
    main()
