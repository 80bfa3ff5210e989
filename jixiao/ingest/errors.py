"""Errors a reader raises: always in Chinese, always saying where and what was expected."""

from __future__ import annotations


class IngestError(Exception):
    """Input that cannot be read. `str()` is the message shown to the user, e.g.

    "sample.txt 第404行（表「招商引资工作经费绩效目标表」）：指标行有 2 个单元格；
    应为 6 个单元格（一级指标、…、指标值确定依据）；表格可能在此处被截断或有单元格丢失。"
    """

    def __init__(
        self,
        source: str,
        problem: str,
        *,
        line: int | None = None,
        table: str | None = None,
        expected: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.source = source
        self.problem = problem
        self.line = line
        self.table = table
        self.expected = expected
        self.hint = hint
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = self.source
        if self.line is not None:
            where += f" 第{self.line}行"
        if self.table:
            where += f"（{self.table}）"
        text = f"{where}：{self.problem}"
        if self.expected:
            text += f"；应为{self.expected}"
        text += "。"
        if self.hint:
            text += self.hint
        return text
