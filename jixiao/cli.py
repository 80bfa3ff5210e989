"""The `jixiao` command: the same functions the web application calls, from a terminal."""

from __future__ import annotations

import io
import json
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from jixiao.core.model import TargetDocument, json_schema
from jixiao.ingest import IngestError, read_bytes, read_path

if TYPE_CHECKING:
    from jixiao.review.engine import Finding

app = typer.Typer(
    help="绩效（jixiao）：预算绩效目标的读取、审核与报表。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_UNREADABLE = 2


class ParseFormat(str, Enum):
    json = "json"
    text = "text"


class ReviewFormat(str, Enum):
    text = "text"
    json = "json"
    html = "html"


class ExportFormat(str, Enum):
    seed_text = "seed-text"
    json = "json"


FileArgument = Annotated[str, typer.Argument(help="文件路径；“-” 表示从标准输入读取。")]
EncodingOption = Annotated[
    str, typer.Option("--encoding", help="文本文件的编码：utf-8（默认）、gbk、gb18030 或 utf-16。")
]
YearOption = Annotated[int | None, typer.Option("--year", help="预算年度（文件未写明时指定）。")]


def load(file: str, *, encoding: str = "utf-8", year: int | None = None) -> TargetDocument:
    """Read FILE (or stdin for "-"), exiting with code 2 and a Chinese message if unreadable."""
    try:
        if file == "-":
            document = read_bytes(sys.stdin.buffer.read(), "<标准输入>", encoding=encoding)
        else:
            document = read_path(Path(file), encoding=encoding)
    except IngestError as error:
        _fail(error.message)
    if year is not None:
        document = with_year(document, year)
    return document


def with_year(document: TargetDocument, year: int) -> TargetDocument:
    projects = [project.model_copy(update={"year": year}) for project in document.projects]
    return document.model_copy(update={"year": year, "projects": projects})


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def _fail(message: str) -> NoReturn:
    typer.echo(f"错误：{message}", err=True)
    raise typer.Exit(EXIT_UNREADABLE)


@app.command()
def parse(
    file: FileArgument,
    output_format: Annotated[
        ParseFormat,
        typer.Option("--format", "-f", help="输出格式：json（交换格式 jixiao/1）或 text。"),
    ] = ParseFormat.json,
    encoding: EncodingOption = "utf-8",
    year: YearOption = None,
) -> None:
    """读取绩效目标文件，输出结构化模型。"""
    document = load(file, encoding=encoding, year=year)
    if output_format is ParseFormat.json:
        typer.echo(document.to_json())
    else:
        from jixiao.export.terminal import print_document

        print_document(document)


@app.command()
def export(
    file: FileArgument,
    output_format: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="输出格式：seed-text（Word 纯文本版式）或 json。"),
    ] = ExportFormat.seed_text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="写入的文件；缺省时输出到标准输出。")
    ] = None,
    encoding: EncodingOption = "utf-8",
    year: YearOption = None,
) -> None:
    """读取文件（绩效目标文本或 jixiao/1 JSON），按指定版式写出。"""
    document = _load_any(file, encoding=encoding, year=year)
    if output_format is ExportFormat.seed_text:
        from jixiao.export.seed_text import render

        text = render(document)
    else:
        text = document.to_json() + "\n"
    _emit(text, output)


@app.command()
def review(
    files: Annotated[list[str], typer.Argument(help="一个或多个文件；“-” 表示从标准输入读取。")],
    output_format: Annotated[
        ReviewFormat,
        typer.Option(
            "--format", "-f", help="输出格式：text（终端）、json 或 html（可打印的审核意见）。"
        ),
    ] = ReviewFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="写入的文件；缺省时输出到标准输出。")
    ] = None,
    encoding: EncodingOption = "utf-8",
) -> None:
    """审核绩效目标：逐条指出问题所在、原因、政策依据和修改建议。

    多个文件时，无法读取的文件逐个报错，其余照常审核；有文件无法读取时退出码为 2。
    """
    from jixiao.review import review_document

    reviews = []
    unreadable = 0
    for file in files:
        try:
            document = _load_any(file, encoding=encoding, year=None)
        except typer.Exit:  # the reason is already on standard error
            unreadable += 1
            continue
        reviews.append((document, review_document(document)))
    if unreadable and len(files) > 1:
        typer.echo(
            f"共 {len(files)} 个文件：已审核 {len(reviews)} 个，{unreadable} 个无法读取。", err=True
        )
    if not reviews:
        raise typer.Exit(EXIT_UNREADABLE)
    _write_review(reviews, output_format, output)
    if unreadable:
        raise typer.Exit(EXIT_UNREADABLE)


def _write_review(
    reviews: list[tuple[TargetDocument, list[Finding]]],
    output_format: ReviewFormat,
    output: Path | None,
) -> None:
    if output_format is ReviewFormat.text and output is None:
        from jixiao.export.review_text import print_review

        print_review(reviews)
        return
    if output_format is ReviewFormat.html:
        from jixiao.export.review_html import render

        text = render(reviews)
    elif output_format is ReviewFormat.json:
        text = review_json(reviews) + "\n"
    else:
        from rich.console import Console

        from jixiao.export.review_text import print_review

        console = Console(record=True, width=120, file=io.StringIO())
        print_review(reviews, console)
        text = console.export_text()
    _emit(text, output)


def review_json(reviews: list[tuple[TargetDocument, list[Finding]]]) -> str:
    from jixiao.review.summary import summarize

    return json.dumps(
        {
            "documents": [
                {
                    "source": document.source,
                    "findings": [finding.to_data() for finding in findings],
                    "summary": summarize(document, findings),
                }
                for document, findings in reviews
            ]
        },
        ensure_ascii=False,
        indent=2,
    )


@app.command("import")
def import_document(
    file: FileArgument,
    year: Annotated[int, typer.Option("--year", help="预算年度，如 2024。")],
    department: Annotated[
        str | None,
        typer.Option("--department", help="主管部门编码（文件未写明主管部门时必填）。"),
    ] = None,
    encoding: EncodingOption = "utf-8",
) -> None:
    """导入绩效目标文件，按主管部门和预算年度保存；同一内容重复导入只保存一次。"""
    if not 2000 <= year <= 2100:
        _fail(f"预算年度「{year}」不在 2000—2100 之间")
    setup_django()
    from jixiao.org.models import Organisation
    from jixiao.targets.services import import_file

    owner = None
    if department is not None:
        owner = Organisation.objects.filter(
            kind=Organisation.Kind.DEPARTMENT, code=department
        ).first()
        if owner is None:
            _fail(
                f"没有编码为「{department}」的主管部门；请先在系统管理中建立，或省略 --department"
            )
    source = "<标准输入>" if file == "-" else file
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        result = import_file(data, source=source, year=year, department=owner, encoding=encoding)
    except OSError as error:
        _fail(f"{file}：无法读取文件（{error.strerror}）")
    except IngestError as error:
        _fail(error.message)
    stored = result.document
    count = stored.projects.count()
    where = f"{stored.department.code} {stored.department.name} {stored.fiscal_year.year}年度"
    if result.created:
        typer.echo(f"已导入：{where}，{count} 个项目（文档编号 {stored.pk}）。")
    else:
        typer.echo(f"未重复保存：{where} 已有相同内容的文档（编号 {stored.pk}，{count} 个项目）。")


@app.command()
def demo(year: Annotated[int, typer.Option("--year", help="演示数据的预算年度。")] = 2024) -> None:
    """建立演示数据：导入样例文件，并为每个角色建立一个用户（密码只显示这一次）。"""
    setup_django()
    from jixiao.org.demo import set_up_demo

    typer.echo("演示用户（用户名 / 角色 / 所在组织 / 密码）：")
    for person in set_up_demo(year):
        password = person.password or "（已存在，密码未改变）"
        typer.echo(f"  {person.username:<10} {person.role:<12} {person.organisation}  {password}")


def setup_django(*, migrate: bool = True) -> None:
    """Configure Django for a command that stores data, creating the SQLite file's folder and
    bringing the schema up to date."""
    import os

    import django
    from django.conf import settings
    from django.core.management import call_command

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    django.setup()
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        Path(settings.DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    if migrate:
        call_command("migrate", verbosity=0)


@app.command()
def schema() -> None:
    """输出交换格式 jixiao/1 的 JSON Schema。"""
    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


def _load_any(file: str, *, encoding: str, year: int | None) -> TargetDocument:
    if file.endswith(".json"):
        from pydantic import ValidationError

        try:
            return TargetDocument.from_json(Path(file).read_bytes())
        except (OSError, ValidationError) as error:
            _fail(f"{file}：不是合法的 jixiao/1 JSON（{error}）")
    return load(file, encoding=encoding, year=year)


def main() -> None:
    app()
