"""The `jixiao` command: the same functions the web application calls, from a terminal."""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from difflib import get_close_matches
from enum import Enum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar, cast

import typer
from typer._click import Command, Context, HelpFormatter, Parameter
from typer._click import exceptions as click_errors
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from jixiao.core.model import TargetDocument, json_schema
from jixiao.ingest import IngestError, read_bytes, read_path

if TYPE_CHECKING:
    from rich.console import Console

    from jixiao.evaluate.profile import Profile
    from jixiao.evaluate.report import Checked
    from jixiao.review.engine import Finding

# -- typer's own words in Chinese ------------------------------------------------------------
# typer 0.29 bundles its own click (`typer._click`), whose messages are English f-strings, not
# gettext calls: there is no catalogue to install. So the help panels' titles and fixed strings
# are typer's `rich_utils` constants, set when help or an error is first printed (rich_utils
# costs a quarter of a second to import); the usage line, the --help option and the parameter
# types are worded by the command classes below; and usage errors are reworded where the group
# raises them. Long Chinese lines fold in the help panels: rich wraps only at spaces and would
# otherwise cut them off with "…".

_USAGE = "用法："
_OPTIONS_METAVAR = "[选项]"
_SUBCOMMAND_METAVAR = "命令 [参数]..."
_HELP = "显示本帮助并退出。"
# Value names shown after options and arguments, instead of Python's type names (<str>, <int>).
_METAVARS = {"file": "文件", "files": "文件", "output": "文件", "encoding": "编码", "year": "年度",
             "department": "编码"}  # fmt: skip
_TYPE_NAMES = {"str": "文本", "int": "整数", "float": "数字", "path": "路径"}
_EXTRA_ARGUMENTS = re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)")


@cache
def _rich_in_chinese() -> None:
    from rich.text import Text
    from typer import rich_utils

    class Highlighter(rich_utils.OptionHighlighter):
        highlights = [*rich_utils.OptionHighlighter.highlights, rf"(?P<usage>{_USAGE})"]

        def highlight(self, text: Text) -> None:
            super().highlight(text)
            text.overflow = "fold"

    rich_utils.highlighter = Highlighter()
    rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
    rich_utils.OPTIONS_PANEL_TITLE = "选项"
    rich_utils.COMMANDS_PANEL_TITLE = "命令"
    rich_utils.ERRORS_PANEL_TITLE = "错误"
    rich_utils.DEFAULT_STRING = "[默认：{}]"
    rich_utils.REQUIRED_LONG_STRING = "[必填]"
    rich_utils.ENVVAR_STRING = "[环境变量：{}]"
    rich_utils.DEPRECATED_STRING = "（已停用）"
    rich_utils.ABORTED_TEXT = "已中止。"
    rich_utils.RICH_HELP = "查看帮助：[blue]{command_path} {help_option}[/]"


class _Argument(TyperArgument):
    """An argument shown by its Chinese name alone: `文件...`, not `{file}... <list[str]>`."""

    @property
    def display_name_raw(self) -> str:
        name = self.metavar or self.name or ""
        return f"{name}..." if self.nargs != 1 else name

    def display_type_rich(self, ctx: Context) -> str | None:
        return None

    def _usage_display_name(self) -> str:
        return self.display_name_raw if self.required else f"[{self.display_name_raw}]"


class _Option(TyperOption):
    """An option whose value is named in Chinese (`--year 年度`); flags show no type."""

    def display_type_rich(self, ctx: Context) -> str | None:
        if self.is_flag:
            return None
        if self.metavar is None and not self.type_descriptor.is_choice:
            return _TYPE_NAMES.get(self.bare_type().lower(), self.bare_type())
        return super().display_type_rich(ctx)


def _in_chinese(param: Parameter) -> Parameter:
    """The parameter, as one of the classes above (typer builds its own and takes no class)."""
    if isinstance(param, TyperArgument | TyperOption) and param.metavar is None:
        param.metavar = _METAVARS.get(param.name or "")
    if isinstance(param, TyperArgument):
        param.__class__ = _Argument
    elif isinstance(param, TyperOption):
        param.__class__ = _Option
    return param


class _Chinese:
    """What the command and the group share: the usage line, --help and parameters in Chinese."""

    def _localise(self) -> None:
        self.options_metavar = _OPTIONS_METAVAR
        for param in self.params:  # type: ignore[attr-defined]
            _in_chinese(param)

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_USAGE)

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None and option.help != _HELP:
            option.help = _HELP
            _in_chinese(option)
        return option  # type: ignore[no-any-return]

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        _rich_in_chinese()
        super().format_help(ctx, formatter)  # type: ignore[misc]


class ChineseCommand(_Chinese, TyperCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._localise()


class ChineseGroup(_Chinese, TyperGroup):
    """The `jixiao` group: besides the help, it rewords the usage errors raised while reading the
    command line (its own options, the command's name, the command's parameters)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._localise()
        self.subcommand_metavar = _SUBCOMMAND_METAVAR

    def make_context(self, *args: Any, **kwargs: Any) -> Context:
        with _errors_in_chinese():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: Context) -> Any:
        with _errors_in_chinese():
            return super().invoke(ctx)

    def resolve_command(
        self, ctx: Context, args: list[str]
    ) -> tuple[str | None, Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            known = "、".join(self.list_commands(ctx))
            close = get_close_matches(name, self.list_commands(ctx))
            guess = f"是否要用 {'、'.join(close)}？" if close else f"可用的命令有 {known}。"
            raise _ChineseUsageError(f"没有「{name}」这个命令。{guess}", ctx)
        return super().resolve_command(ctx, args)


class _ChineseUsageError(click_errors.UsageError):
    def format_message(self) -> str:
        return self.message


@contextmanager
def _errors_in_chinese() -> Iterator[None]:
    try:
        yield
    except click_errors.NoArgsIsHelpError:
        raise
    except _ChineseUsageError:
        _rich_in_chinese()
        raise
    except click_errors.UsageError as error:
        _rich_in_chinese()
        reworded = _ChineseUsageError(_reworded(error), error.ctx)
        reworded.exit_code = error.exit_code
        raise reworded from None


def _reworded(error: click_errors.UsageError) -> str:
    if isinstance(error, click_errors.MissingParameter):
        return f"缺少{_named(error.param)}。"
    if isinstance(error, click_errors.BadParameter):
        return _bad_value(error)
    if isinstance(error, click_errors.NoSuchOption):
        close = error.possibilities
        guess = f"是否要用 {'、'.join(sorted(close))}？" if close else ""
        return f"没有 {error.option_name} 这个选项。{guess}"
    if isinstance(error, click_errors.BadOptionUsage):
        if "does not take a value" in error.message:
            return f"选项 {error.option_name} 不带值。"
        return f"选项 {error.option_name} 后面缺少值。"
    extra = _EXTRA_ARGUMENTS.fullmatch(error.message)
    if extra:
        return f"多余的参数：{extra['args']}。"
    if error.message == "Missing command.":
        return "缺少命令。"
    return error.format_message()


def _named(param: Parameter | None) -> str:
    if isinstance(param, TyperOption):
        return "选项 " + "/".join(param.opts)
    if param is not None:
        return f"参数「{param.metavar or param.name}」"
    return "参数"


def _bad_value(error: click_errors.BadParameter) -> str:
    param, cause = error.param, error.__cause__
    errors = cause.errors() if hasattr(cause, "errors") else []
    value = errors[0].get("input") if errors else None
    written = f"「{value}」" if isinstance(value, str) else ""
    choices = (
        param.type_descriptor.choices if isinstance(param, TyperOption | TyperArgument) else None
    )
    if choices:
        allowed = "、".join(str(getattr(choice, "value", choice)) for choice in choices)
        reason = f"可选的值为 {allowed}"
    elif errors and errors[0].get("type") == "int_parsing":
        reason = "应为整数"
    elif errors and errors[0].get("type") == "float_parsing":
        reason = "应为数字"
    else:
        reason = "格式不正确"
    return f"{_named(param)} 的值{written}无效：{reason}。"


app = typer.Typer(
    cls=ChineseGroup,
    help="绩效（jixiao）：预算绩效目标的读取、审核与报表。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_UNREADABLE = 2
T = TypeVar("T")

SOURCE_MAX = 255
"""Characters of a file's name a stored document keeps (TargetDocument.source)."""


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
    docx = "docx"
    xlsx = "xlsx"
    html = "html"
    pdf = "pdf"


FileArgument = Annotated[str, typer.Argument(help="文件路径；“-” 表示从标准输入读取。")]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="写入的文件；缺省时输出到标准输出。")
]
EncodingOption = Annotated[
    str | None,
    typer.Option(
        "--encoding", help="文本文件的编码：utf-8、gbk、gb18030 或 utf-16；不指定时自动识别。"
    ),
]
YearOption = Annotated[int | None, typer.Option("--year", help="预算年度（文件未写明时指定）。")]


def load(file: str, *, encoding: str | None = None, year: int | None = None) -> TargetDocument:
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


def _export_form(document: TargetDocument, kind: ExportFormat, output: Path | None) -> None:
    """The project tables as forms: an Excel workbook or a web page (the department-wide
    targets have no place in the form: said on standard error)."""
    from jixiao.export import html_form, xlsx_form

    try:
        if kind is ExportFormat.xlsx:
            _emit_binary(xlsx_form.render(document), output, "Excel 工作簿")
        else:
            _emit(html_form.render(document), output)
    except ValueError as error:
        _fail(str(error))
    from jixiao.export.form_layout import department_table

    if document.department is not None and not department_table(document):
        sys.stderr.write("提示：部门整体绩效目标未写出（该格式只含项目支出绩效目标表）。\n")


def _emit_binary(data: bytes, output: Path | None, kind: str) -> None:
    """Bytes to the -o file, or to standard output when it is not a terminal."""
    if output is None and sys.stdout.isatty():
        _fail(f"{kind}是二进制文件，不能输出到终端；请用 -o 指定写入的文件")
    try:
        if output is None:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            output.write_bytes(data)
    except OSError as error:
        _fail(f"{output or '标准输出'}：无法写入（{error.strerror}）")


def _fail(message: str) -> NoReturn:
    # Through sys.stderr itself (not click's echo, which writes to the stream beneath it), so that
    # while `review` shows its progress bar the message is printed above the bar.
    sys.stderr.write(f"错误：{message}\n")
    raise typer.Exit(EXIT_UNREADABLE)


@app.command(cls=ChineseCommand)
def parse(
    file: FileArgument,
    output_format: Annotated[
        ParseFormat,
        typer.Option("--format", "-f", help="输出格式：json（交换格式 jixiao/1）或 text。"),
    ] = ParseFormat.json,
    encoding: EncodingOption = None,
    year: YearOption = None,
) -> None:
    """读取绩效目标文件，输出结构化模型；未能完全读懂的行照原样保留，并在标准错误输出中警告。"""
    document = load(file, encoding=encoding, year=year)
    for warning in document.warnings:
        sys.stderr.write(f"警告：{warning.text(document.source)}\n")
    if output_format is ParseFormat.json:
        typer.echo(document.to_json())
    else:
        from jixiao.export.terminal import print_document

        print_document(document)


@app.command(cls=ChineseCommand)
def export(
    file: FileArgument,
    output_format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="格式",
            help="输出格式：seed-text（Word 纯文本版式）、json、docx（Word 文档）、xlsx（Excel "
            "工作簿，一个项目一个工作表）、html（网页）或 pdf（Word 文档打印成的 PDF，需安装 "
            "LibreOffice）；docx、xlsx、pdf 需 -o；xlsx、html 只写项目表。",
        ),
    ] = ExportFormat.seed_text,
    output: OutputOption = None,
    encoding: EncodingOption = None,
    year: YearOption = None,
) -> None:
    """读取文件（绩效目标文本或 jixiao/1 JSON），按指定版式写出。"""
    document = _load_any(file, encoding=encoding, year=year)
    if output_format is ExportFormat.docx:
        from jixiao.export.docx_form import render as render_docx

        _emit_binary(render_docx(document), output, "Word 文档")
        return
    if output_format is ExportFormat.pdf:
        from jixiao.export import pdf_form

        if output is None and sys.stdout.isatty():
            _emit_binary(b"", output, "PDF 文件")  # refused before the slow conversion
        try:
            data = pdf_form.render(document)
        except (ValueError, pdf_form.ConversionError) as error:
            _fail(str(error))
        _emit_binary(data, output, "PDF 文件")
        return
    if output_format in (ExportFormat.xlsx, ExportFormat.html):
        _export_form(document, output_format, output)
        return
    if output_format is ExportFormat.seed_text:
        from jixiao.export.seed_text import render

        text = render(document)
    else:
        text = document.to_json() + "\n"
    _emit(text, output)


@app.command(cls=ChineseCommand)
def review(
    files: Annotated[list[str], typer.Argument(help="一个或多个文件；“-” 表示从标准输入读取。")],
    output_format: Annotated[
        ReviewFormat,
        typer.Option(
            "--format", "-f", help="输出格式：text（终端）、json 或 html（可打印的审核意见）。"
        ),
    ] = ReviewFormat.text,
    output: OutputOption = None,
    encoding: EncodingOption = None,
) -> None:
    """审核绩效目标：逐条指出问题所在、原因、政策依据和修改建议。

    多个文件时，无法读取的文件逐个报错，其余照常审核；有文件无法读取时退出码为 2。
    """
    from jixiao.review import review_document

    reviews = []
    unreadable = 0
    for file in _with_progress(files):
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


def _progress_console() -> Console:
    """Where `review` shows its progress: standard error (tests substitute a terminal)."""
    from rich.console import Console

    return Console(stderr=True)


def _with_progress(
    files: list[str], items: Iterable[T] | None = None, *, label: str = "审核"
) -> Iterator[T]:
    """The items (by default the files themselves), one per file in order, with a progress bar
    on standard error while they are worked through: only for several files and only when
    standard error is a terminal, so pipes, files and tests get nothing but the output. The bar
    goes away when done."""
    work: Iterable[T] = items if items is not None else cast(Iterable[T], files)
    console = _progress_console()
    if len(files) < 2 or not console.is_terminal:
        yield from work
        return
    from rich.markup import escape
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.table import Column

    columns = (
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("剩余"),
        TimeRemainingColumn(),
        # The file's name takes what room is left, cut short rather than squeezing the count.
        TextColumn(
            "{task.description}",
            table_column=Column(ratio=1, no_wrap=True, overflow="ellipsis", min_width=1),
        ),
    )
    with Progress(*columns, console=console, transient=True, expand=True) as progress:
        task = progress.add_task("", total=len(files))
        for file, item in zip(files, work, strict=False):
            progress.update(task, description=escape(Path(file).name))
            yield item
            progress.advance(task)


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


@app.command(cls=ChineseCommand)
def evaluate(
    files: Annotated[
        list[str],
        typer.Argument(help="一个或多个自评表文件（或 jixiao/1 JSON）；“-” 表示从标准输入读取。"),
    ],
    profile_name: Annotated[
        str,
        typer.Option(
            "--profile",
            "-p",
            metavar="方案",
            help="评分方案：内置方案的编号（central：中央默认；local-2020：地方自评表示例），"
            "或方案文件（.toml）的路径。",
        ),
    ] = "central",
    output_format: Annotated[
        ReviewFormat,
        typer.Option(
            "--format", "-f", help="输出格式：text（终端）、json 或 html（可打印的复核页）。"
        ),
    ] = ReviewFormat.text,
    output: OutputOption = None,
    encoding: EncodingOption = None,
) -> None:
    """复核绩效自评：按评分方案重新计算每项得分（列出算式）、预算执行率得分、总分和等级，
    逐条指出与填报内容不一致之处。

    多个文件时，无法读取的文件逐个报错，其余照常复核；有文件无法读取时退出码为 2。
    """
    from jixiao.evaluate.check import check_document
    from jixiao.evaluate.profile import ProfileError, load_profile

    try:
        profile = load_profile(profile_name)
    except ProfileError as error:
        _fail(error.message)
    checked = []
    unreadable = 0
    for file in files:
        try:
            document = _load_any(file, encoding=encoding, year=None)
        except typer.Exit:  # the reason is already on standard error
            unreadable += 1
            continue
        checked.append((document, check_document(document, profile)))
    if unreadable and len(files) > 1:
        typer.echo(
            f"共 {len(files)} 个文件：已复核 {len(checked)} 个，{unreadable} 个无法读取。", err=True
        )
    if not checked:
        raise typer.Exit(EXIT_UNREADABLE)
    _write_evaluation(checked, profile, output_format, output)
    if unreadable:
        raise typer.Exit(EXIT_UNREADABLE)


def _write_evaluation(
    checked: list[Checked], profile: Profile, output_format: ReviewFormat, output: Path | None
) -> None:
    from jixiao.evaluate import report

    if output_format is ReviewFormat.text and output is None:
        report.print_report(checked, profile)
        return
    if output_format is ReviewFormat.html:
        text = report.render_html(checked, profile)
    elif output_format is ReviewFormat.json:
        text = json.dumps(report.report_data(checked, profile), ensure_ascii=False, indent=2) + "\n"
    else:
        from rich.console import Console

        console = Console(record=True, width=120, file=io.StringIO())
        report.print_report(checked, profile, console)
        text = console.export_text()
    _emit(text, output)


@app.command("import", cls=ChineseCommand)
def import_document(
    files: Annotated[
        list[str],
        typer.Argument(
            help="一个或多个文件、文件夹（其中各格式的文件）或通配符（如 表格/*.docx）；"
            "“-” 表示从标准输入读取。"
        ),
    ],
    year: Annotated[int, typer.Option("--year", help="预算年度，如 2024。")],
    department: Annotated[
        str | None,
        typer.Option(
            "--department",
            help="主管部门编码（文件未写明主管部门时必填）；两个财政部门下有同一编码的主管部门时，"
            "写作 财政部门编码/主管部门编码，如 130303/322。",
        ),
    ] = None,
    encoding: EncodingOption = None,
    create_units: Annotated[
        bool,
        typer.Option(
            "--create-units",
            help="表中的预算单位（及文件写明的主管部门）尚未建立时一并新建；不加则拒绝导入。",
        ),
    ] = False,
) -> None:
    """导入绩效目标文件，按主管部门和预算年度保存；同一内容重复导入只保存一次。

    多个文件时并行读取，逐个保存（每个文件全部成功或全部不存），最后列出每个文件的结果；
    有文件失败时退出码为 2。
    """
    if not 2000 <= year <= 2100:
        _fail(f"预算年度「{year}」不在 2000—2100 之间")
    setup_django()
    from jixiao.ingest.batch import expand

    owner = _import_department(department)
    paths = ["-"] if files == ["-"] else expand(files)
    if len(paths) == 1:
        _import_one(paths[0], year, owner, encoding, create_units)
        return
    _import_many(paths, year, owner, encoding, create_units)


def _import_department(department: str | None) -> Any:
    from jixiao.targets import services

    if department is None:
        return None
    found = services.departments_named(department)
    if not found:
        _fail(f"没有编码为「{department}」的主管部门；请先在系统管理中建立，或省略 --department")
    if len(found) > 1:
        _fail(
            f"有 {len(found)} 个编码为「{department}」的主管部门"
            f"（{services.department_places(found)}）；"
            f"请写作 --department 财政部门编码/{department}"
        )
    return found[0]


def _source_of(file: str) -> str:
    source = "<标准输入>" if file == "-" else file
    if len(source) > SOURCE_MAX:  # a deep path: its end, as the 来源文件 column holds
        source = "…" + source[-(SOURCE_MAX - 1) :]
    return source


def _import_one(file: str, year: int, owner: Any, encoding: str | None, create_units: bool) -> None:
    from jixiao.targets import services

    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        result = services.import_file(
            data, source=_source_of(file), year=year, department=owner, encoding=encoding,
            create_units=create_units,
        )  # fmt: skip
    except OSError as error:
        _fail(f"{file}：无法读取文件（{error.strerror}）")
    except services.UnknownUnitsError as error:
        _fail(f"{error.message}命令行导入可加 --create-units 一并建立这些单位。")
    except IngestError as error:
        _fail(error.message)
    stored = result.document
    count = stored.projects.count()
    where = f"{stored.department.code} {stored.department.name} {stored.fiscal_year.year}年度"
    if result.created:
        typer.echo(f"已导入：{where}，{count} 个项目（文档编号 {stored.pk}）。")
        _review_note()
    else:
        typer.echo(f"未重复保存：{where} 已有相同内容的文档（编号 {stored.pk}，{count} 个项目）。")


def _import_many(
    paths: list[str], year: int, owner: Any, encoding: str | None, create_units: bool
) -> None:
    """Read in parallel, store one by one (each all or nothing), then a table of the results."""
    from rich.console import Console
    from rich.table import Table

    from jixiao.ingest.batch import read_many
    from jixiao.targets import services

    rows: list[tuple[str, str, str, str]] = []
    readings = read_many(paths, encoding=encoding)
    for reading in _with_progress(paths, readings, label="导入"):
        if reading.document is None:
            rows.append((reading.path, "失败", "", reading.error or "无法读取"))
            continue
        document = reading.document.model_copy(update={"source": _source_of(reading.path)})
        try:
            result = services.store(
                document, year=year, department=owner, create_units=create_units
            )
        except services.UnknownUnitsError as error:
            rows.append((reading.path, "失败", "", error.message + "可加 --create-units。"))
            continue
        except IngestError as error:
            rows.append((reading.path, "失败", "", error.message))
            continue
        count = len(document.projects)
        if not result.created:
            rows.append(
                (
                    reading.path,
                    "未重复保存",
                    str(count),
                    f"已有相同内容（编号 {result.document.pk}）",
                )
            )
        elif reading.warnings:
            rows.append((reading.path, "有警告", str(count), "；".join(reading.warnings)))
        else:
            rows.append((reading.path, "成功", str(count), f"文档编号 {result.document.pk}"))
    table = Table(title=f"导入 {len(paths)} 个文件（{year}年度）")
    for heading in ("文件", "结果", "项目数", "说明"):
        table.add_column(heading, overflow="fold")
    for row in rows:
        table.add_row(*row)
    Console(width=max(100, Console().width)).print(table)
    failed = sum(1 for row in rows if row[1] == "失败")
    typer.echo(
        f"共 {len(paths)} 个文件：成功 {sum(1 for r in rows if r[1] == '成功')}，"
        f"有警告 {sum(1 for r in rows if r[1] == '有警告')}，"
        f"未重复保存 {sum(1 for r in rows if r[1] == '未重复保存')}，失败 {failed}。"
    )
    if any(row[1] in ("成功", "有警告") for row in rows):
        _review_note()
    if failed:
        raise typer.Exit(EXIT_UNREADABLE)


def _review_note() -> None:
    """With a job queue the import's review runs in a job: say so, and what it needs."""
    from jixiao.targets import reviewing

    if reviewing.deferred():
        typer.echo(
            "审核意见由后台任务生成（需运行任务进程，见 make worker），完成前各表显示“审核中”。"
        )


@app.command(cls=ChineseCommand)
def demo(
    year: Annotated[int, typer.Option("--year", help="演示数据的预算年度。")] = 2024,
    reset_passwords: Annotated[
        bool, typer.Option("--reset-passwords", help="为已有的演示用户重新生成密码并显示。")
    ] = False,
) -> None:
    """建立演示数据：导入样例文件，并为每个角色建立一个用户（密码只显示这一次）。可重复运行。"""
    import os

    os.environ.setdefault("JIXIAO_DEMO", "true")  # a demo: the built-in key will do
    setup_django()
    from jixiao.org.demo import set_up_demo

    typer.echo("演示用户（用户名 / 姓名 / 角色 / 所在组织 / 密码）：")
    for person in set_up_demo(year, reset_passwords=reset_passwords):
        password = person.password or "（已存在，密码未改变）"
        typer.echo(
            f"  {person.username:<10} {person.name:<4} {person.role:<12} "
            f"{person.organisation}  {password}"
        )


@app.command(cls=ChineseCommand)
def backup(
    file: Annotated[
        Path | None,
        typer.Argument(help="备份文件或目录；省略时写入数据目录的 backups/，文件名带时间。"),
    ] = None,
) -> None:
    """备份数据库：PostgreSQL 用 pg_dump，SQLite 用其在线备份，运行中也可备份。"""
    setup_django(migrate=False)
    from jixiao.ops.backup import OpsError, fingerprint
    from jixiao.ops.backup import backup as back_up

    try:
        written = back_up(file)
        tables = fingerprint()
    except OpsError as error:
        _fail(error.message)
    rows = sum(table.rows for table in tables)
    typer.echo(f"已备份：{written}（{len(tables)} 张表，{rows} 行）。")


@app.command(cls=ChineseCommand)
def restore(
    file: Annotated[Path, typer.Argument(help="jixiao backup 写出的备份文件。")],
    yes: Annotated[bool, typer.Option("--yes", help="不再询问，直接恢复。")] = False,
) -> None:
    """用备份替换数据库的全部内容（全部成功或全部不变）；替换前先备份当前内容。

    恢复前请先停止网站服务，恢复后再启动。
    """
    setup_django(migrate=False)
    from django.db import connection

    from jixiao.ops.backup import OpsError, backup_kind
    from jixiao.ops.backup import restore as put_back

    try:
        backup_kind(file)  # refused before anything is asked
    except OpsError as error:
        _fail(error.message)
    where = connection.settings_dict["NAME"]
    if not yes and not typer.confirm(f"用「{file}」替换数据库「{where}」的全部内容？"):
        _fail("未恢复。")
    try:
        before = put_back(file)
    except OpsError as error:
        _fail(error.message)
    typer.echo(f"已恢复：{file} → {where}。")
    if before is not None:
        typer.echo(f"恢复前的内容已备份到：{before}")


@app.command(cls=ChineseCommand)
def rereview(
    everything: Annotated[
        bool,
        typer.Option("--all", help="全部文本都重新审核（默认只审核按旧规则审核过或尚未审核的）。"),
    ] = False,
) -> None:
    """按当前审核规则重新审核已保存的绩效目标文本：审核规则更新后运行（部署时在迁移之后自动运行）。

    每个文本单独保存，全部成功或全部不变；中断后再次运行，从未完成的文本继续。
    """
    setup_django()
    from jixiao.targets import reviewing
    from jixiao.targets.models import TargetDocument

    documents = TargetDocument.objects.filter(withdrawn_at__isnull=True)
    if not everything:
        documents = documents.filter(reviewing.needs_review()).distinct()
    chosen = list(documents.order_by("pk").only("pk", "source", "data", "department_id"))
    if not chosen:
        typer.echo("所有文本都已按当前审核规则审核，无需重新审核。")
        return
    console = _progress_console()
    if not console.is_terminal:
        tables = reviewing.rereview(chosen)
    else:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        with Progress(
            TextColumn("重新审核"), BarColumn(), MofNCompleteColumn(), TextColumn("个文本"),
            console=console, transient=True,
        ) as progress:  # fmt: skip
            task = progress.add_task("", total=len(chosen))
            tables = reviewing.rereview(chosen, progress=lambda _: progress.advance(task))
    typer.echo(f"已重新审核 {len(chosen)} 个文本，共 {tables} 张项目表。")


audit_app = typer.Typer(
    cls=ChineseGroup, help="审计日志的核对。", no_args_is_help=True, add_completion=False
)
app.add_typer(audit_app, name="audit")
EXIT_TAMPERED = 1


@audit_app.command("verify", cls=ChineseCommand)
def audit_verify(
    head: Annotated[
        str | None,
        typer.Option("--head", help="以前记下的链尾摘要：核对末尾未被截去。"),
    ] = None,
) -> None:
    """核对审计日志的摘要链，指出第一条被改动、删除或插入的记录（退出码 1）。"""
    setup_django()
    from django.utils import timezone

    from jixiao.audit.models import AuditEntry, verify
    from jixiao.org.people import display_name
    from jixiao.targets.history import ACTION_LABELS

    result = verify()
    if result.broken is not None:
        entry = result.broken.entry
        what = (
            "的内容与其摘要不符：这条记录被改动过"
            if result.broken.problem == "content"
            else "与前一条记录衔接不上：它之前的记录被删除、改动或插入过"
        )
        sys.stderr.write(
            f"错误：审计日志已被篡改。第 {result.broken.position} 条记录"
            f"（{timezone.localtime(entry.at):%Y-%m-%d %H:%M:%S}，"
            f"{ACTION_LABELS.get(entry.action, entry.action)}，操作人 {display_name(entry.actor)}）"
            f"{what}。\n"
        )
        raise typer.Exit(EXIT_TAMPERED)
    if head and not AuditEntry.objects.filter(entry_hash=head.strip().lower()).exists():
        sys.stderr.write(
            "错误：审计日志已被篡改。记下的链尾摘要不在链中：末尾的记录被删除，或整条链被重写过。\n"
        )
        raise typer.Exit(EXIT_TAMPERED)
    typer.echo(f"审计日志完整：共 {result.count} 条记录，摘要链逐条相符。")
    if result.head:
        typer.echo(f"链尾摘要：{result.head}（请另行记下，下次以 --head 核对末尾未被截去）")


reports_app = typer.Typer(
    cls=ChineseGroup, help="网站生成的报表文件。", no_args_is_help=True, add_completion=False
)
app.add_typer(reports_app, name="reports")


@reports_app.command("purge", cls=ChineseCommand)
def reports_purge() -> None:
    """删除超过保留期限的报表文件，显示删除的文件数。

    网站生成的报表文件保留 JIXIAO_REPORT_DAYS 天（默认 7 天），此后不能再下载，可重新生成。
    网站每次发起报表时也会顺带删除少量过期文件；可用定时任务每天运行本命令。
    """
    setup_django()
    from jixiao.reports import services

    try:
        removed = services.purge_expired()
    except OSError as error:
        _fail(f"{services.folder()}：无法删除报表文件（{error.strerror}）")
    typer.echo(f"已删除 {removed} 个过期的报表文件（生成后保留 {services.kept_days()} 天）。")


def setup_django(*, migrate: bool = True) -> None:
    """Configure Django for a command that stores data, creating the SQLite file's folder and
    bringing the schema up to date."""
    import os

    import django
    from django.conf import settings
    from django.core.management import call_command

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:  # e.g. no JIXIAO_SECRET_KEY: said in Chinese
        _fail(str(error))
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        Path(settings.DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    if migrate:
        call_command("migrate", verbosity=0)


@app.command(cls=ChineseCommand)
def schema() -> None:
    """输出交换格式 jixiao/1 的 JSON Schema。"""
    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


def _load_any(file: str, *, encoding: str | None, year: int | None) -> TargetDocument:
    if file.endswith(".json"):
        from pydantic import ValidationError

        try:
            return TargetDocument.from_json(Path(file).read_bytes())
        except (OSError, ValidationError) as error:
            _fail(f"{file}：不是合法的 jixiao/1 JSON（{error}）")
    return load(file, encoding=encoding, year=year)


def main() -> None:
    app()
