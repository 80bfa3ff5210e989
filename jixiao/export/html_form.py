"""Writer of web pages (.html): the department-wide table when the document has one, then each
project's form (目标表, 自评表 or 监控表, `form_layout`) as a `<table>`, merged cells as
rowspan/colspan, read back to the same projects by `jixiao.ingest.formats.html`.

A page of its own (UTF-8, styles inline, no scripts or external assets), printable one table a
page. Text is written as it is: line breaks as <br>, runs of spaces kept with &nbsp;. The Hebei
text's 分项绩效目标 and 工作保障措施 have no place in these forms.
"""

from __future__ import annotations

import re
from html import escape

from jixiao.core.model import TargetDocument
from jixiao.export.form_layout import Form, Slot, department_form, department_table, lay_out

_SPACES = re.compile(r" {2,}")
_STYLE = """
body { font-family: "SimSun", "Songti SC", serif; margin: 2em; }
table.form { border-collapse: collapse; width: 100%; margin-bottom: 2em;
             page-break-after: always; }
table.form td, table.form th { border: 1px solid #000; padding: 4px 6px; vertical-align: middle; }
table.form th { font-weight: bold; text-align: center; }
table.form th.title { border: none; font-size: 1.4em; }
table.form th.subtitle { border: none; font-weight: normal; }
table.form td.amount, table.form td.percent { text-align: right; }
"""


def render(document: TargetDocument) -> str:
    if not document.projects and not department_table(document):
        raise ValueError("文件中没有项目支出绩效目标表，无法写出网页")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        '<head><meta charset="utf-8"><title>项目支出绩效目标表</title>',
        f"<style>{_STYLE}</style></head>",
        "<body>",
    ]
    if department_table(document):
        parts.append(_table(department_form(document)))
    for project in document.projects:
        parts.append(_table(lay_out(project)))
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def _table(form: Form) -> str:
    starting: dict[tuple[int, int], Slot] = {(s.row, s.column): s for s in form.slots}
    covered: set[tuple[int, int]] = set()
    for slot in form.slots:
        for row in range(slot.row, slot.row + slot.rows):
            for column in range(slot.column, slot.column + slot.columns):
                if (row, column) != (slot.row, slot.column):
                    covered.add((row, column))
    lines = ['<table class="form">']
    for row in range(form.height):
        cells = []
        for column in range(form.width):
            found = starting.get((row, column))
            if found is not None:
                cells.append(_cell(found))
            elif (row, column) not in covered:
                cells.append("<td></td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def _cell(slot: Slot) -> str:
    tag = "th" if slot.kind in ("title", "subtitle", "label", "header") else "td"
    attributes = f' class="{slot.kind}"'
    if slot.rows > 1:
        attributes += f' rowspan="{slot.rows}"'
    if slot.columns > 1:
        attributes += f' colspan="{slot.columns}"'
    return f"<{tag}{attributes}>{_html_text(slot.text)}</{tag}>"


def _html_text(text: str) -> str:
    lines = (escape(line, quote=False) for line in text.split("\n"))
    return "<br>".join(
        _SPACES.sub(lambda run: " " + "&nbsp;" * (len(run.group()) - 1), line) for line in lines
    )
