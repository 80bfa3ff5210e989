"""Saved web pages (.html) read as forms: the page's chrome passed over, nested layout tables,
rowspan/colspan, the page's charset (GBK here, as many government sites still serve)."""

from __future__ import annotations

import codecs
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.ingest import IngestError, read_bytes
from jixiao.ingest.formats import sniff
from jixiao.ingest.formats.html import decode_page

FORM = """
<table class="MsoNormalTable" border="1">
  <caption>人事代理专项补助经费绩效目标表</caption>
  <tr><td colspan="5" align="center">（2024年度）</td></tr>
  <tr><td>项&nbsp;目&nbsp;名&nbsp;称</td><td colspan="4">人事代理专项补助经费</td></tr>
  <tr><td>主管部门</td><td colspan="2">[322]秦皇岛市山海关区商务局</td>
      <td>实施单位</td><td>[322003]秦皇岛市山海关区投资促进中心</td></tr>
  <tr><td rowspan="3">项目资金<br>（万元）</td><td>年度资金总额</td><td colspan="3">30.00</td></tr>
  <tr><td>其中：财政拨款</td><td colspan="3">30.00</td></tr>
  <tr><td>其他资金</td><td colspan="3"></td></tr>
  <tr><td>年度目标</td><td colspan="4"><p>1、保障招商引资工作正常开展</p><p>2、人事代理人员基本保障</p></td></tr>
  <tr><td rowspan="5">绩<br>效<br>指<br>标</td><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>指标值</th></tr>
  <tr><td rowspan="3">产出指标</td><td rowspan="2">质量指标</td><td>工作主动性比率</td><td>≥80%</td></tr>
  <tr><td>工作完成情况比率</td><td>≥80&#37;</td></tr>
  <tr><td>时效指标</td><td>工资发放时间</td><td>每月10日前</td></tr>
  <tr><td>满意度指标</td><td>服务对象满意度指标</td><td>群众满意度</td><td>&ge;85%</td></tr>
</table>
"""

PAGE = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>项目名称 | 一级指标 — 山海关区人民政府</title>
<style>td {{ font: 12px 宋体 }} /* 项目名称 | x */</style>
<script>var t = "<table><tr><td>项目名称</td><td>假的</td></tr></table>";</script>
</head>
<body>
<div class="header">山海关区人民政府 | 政务公开 | 财政预决算</div>
<nav><a href="/">首页</a> | <a href="/zwgk">项目名称 | 一级指标</a></nav>
<table width="100%" class="layout">
  <tr><td class="menu"><a href="/">首页</a><br><a href="/xxgk">信息公开</a></td>
      <td class="main">
        <p>发布时间：2024-03-01　来源：区财政局</p>
        {FORM}
        <p>附件：无</p>
      </td></tr>
</table>
<div class="footer">主办：山海关区人民政府办公室 | 备案号：冀ICP备00000000号</div>
</body>
</html>
"""


def test_a_gbk_page_with_chrome_and_a_nested_form_is_read() -> None:
    data = PAGE.encode("gbk")
    assert sniff(data) == "html"
    document = read_bytes(data, "page.html")
    assert (document.layout, document.year, document.department) == ("html", 2024, None)
    [project] = document.projects
    assert project.title == "人事代理专项补助经费绩效目标表"  # the table's caption
    assert project.name == "人事代理专项补助经费"  # label "项 目 名 称" spaced with &nbsp;
    assert project.supervisor is not None
    assert (project.supervisor.code, project.unit.code) == ("322", "322003")
    assert project.money_unit == "万元"
    assert (project.budget.total, project.budget.fiscal, project.budget.other) == (
        Decimal("30.00"),
        Decimal("30.00"),
        None,
    )
    assert project.goals == ["保障招商引资工作正常开展", "人事代理人员基本保障"]
    rows = [(i.level1, i.level2, i.name, i.target.raw) for i in project.indicators]
    assert rows == [
        ("产出指标", "质量指标", "工作主动性比率", "≥80%"),
        ("产出指标", "质量指标", "工作完成情况比率", "≥80%"),  # rowspan: the cells above
        ("产出指标", "时效指标", "工资发放时间", "每月10日前"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥85%"),
    ]


def test_the_page_charset_bom_or_detection_decides_the_text() -> None:
    text = "<html><body><p>项目名称</p></body></html>"
    assert decode_page(codecs.BOM_UTF8 + text.encode(), "p.html") == text
    assert decode_page(text.encode("utf-16"), "p.html") == text
    assert decode_page(b'<meta charset="GBK">' + text.encode("gbk"), "p.html").endswith(text)
    # declared utf-8 but written in GBK: the declaration is wrong, the bytes are detected
    lying = b'<meta charset="utf-8">' + text.encode("gbk")
    assert decode_page(lying, "p.html").endswith(text)
    unknown = b'<meta charset="x-klingon">' + text.encode()
    assert decode_page(unknown, "p.html").endswith(text)


UNTITLED = FORM.replace("<caption>人事代理专项补助经费绩效目标表</caption>", "").replace(
    '<tr><td colspan="5" align="center">（2024年度）</td></tr>', ""
)


@pytest.mark.parametrize(
    "page",
    [
        f"<html><body><div>首页 &gt; 财政预决算</div><p align=center><b>项目支出绩效目标表</b></p>"
        f"<p>（2023年度）</p>{UNTITLED}</body></html>",
        # a layout table around the form: the lines of its cell above it
        f"<html><body><table><tr><td>首页</td><td><h2>项目支出绩效目标表</h2>（2023年度）<br>"
        f"{UNTITLED}</td></tr></table></body></html>",
    ],
    ids=["above the table", "in the layout table's cell"],
)
def test_a_title_and_year_written_above_the_table_are_the_forms(page: str) -> None:
    document = read_bytes(page.encode(), "page.html")
    [project] = document.projects
    assert (document.year, project.year, project.title) == (2023, 2023, "项目支出绩效目标表")


def test_a_paragraph_between_a_title_and_the_table_leaves_the_title_to_the_page() -> None:
    text = "本单位根据预算绩效管理要求，编制了本年度的项目支出绩效目标，现予以公开，接受社会监督，欢迎社会各界提出宝贵的意见和建议，我们将认真研究、及时改进。"
    page = f"<html><body><p>（2023年度）</p><p>{text}</p>{UNTITLED}</body></html>"
    document = read_bytes(page.encode(), "page.html")
    assert document.year is None


def test_every_table_that_is_a_form_is_a_project() -> None:
    second = FORM.replace("人事代理专项补助经费", "招商引资工作经费")
    page = f"<html><body><h1>2024年项目绩效目标</h1>{FORM}<p>说明</p>{second}</body></html>"
    document = read_bytes(page.encode(), "two.html")
    assert [p.name for p in document.projects] == ["人事代理专项补助经费", "招商引资工作经费"]


def test_a_form_split_over_nested_tables_is_read_together() -> None:
    header, grid = FORM.split('  <tr><td rowspan="5">绩')
    split = (
        f"<html><body>{header}<tr><td colspan='5'><table>"
        f'<tr><td rowspan="5">绩{grid}</td></tr></table></body></html>'
    )
    [project] = read_bytes(split.encode(), "split.html").projects
    assert project.name == "人事代理专项补助经费"
    assert len(project.indicators) == 4


def test_an_error_names_the_table_and_the_page_line_of_its_row() -> None:
    page = PAGE.replace(">30.00</td></tr>\n  <tr><td>其中", ">详见附表</td></tr>\n  <tr><td>其中")
    line = next(n for n, text in enumerate(page.split("\n"), start=1) if "详见附表" in text)
    with pytest.raises(IngestError) as caught:
        read_bytes(page.encode("gbk"), "page.html")
    assert caught.value.message.startswith(
        f"page.html 第{line}行（第2个表格）：金额「详见附表」不是数字"
    )


@pytest.mark.parametrize(
    ("page", "problem"),
    [
        (
            "<html><head><title>公告</title></head><body><p>项目名称：某项目</p></body></html>",
            "网页中没有表格",
        ),
        (
            "<html><body><table><tr><td>姓名</td><td>电话</td></tr></table></body></html>",
            "无法识别的版式；应为网页表格中的项目支出绩效目标表",
        ),
    ],
)
def test_pages_without_a_form_are_refused_in_words(page: str, problem: str) -> None:
    with pytest.raises(IngestError) as caught:
        read_bytes(page.encode(), "other.html")
    assert caught.value.message.startswith(f"other.html：{problem}")


def test_huge_spans_are_bounded() -> None:
    row = '<tr><td colspan="100000" rowspan="100000">x</td></tr>'
    page = f"<html><body><table>{row * 3}</table></body></html>"
    with pytest.raises(IngestError) as caught:
        read_bytes(page.encode(), "wide.html")
    assert caught.value.message.startswith("wide.html")


TAGS = [
    "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", '<td rowspan="3">',
    '<td colspan="0">', '<td rowspan="x">', "<caption>", "</caption>", "<br>", "<p>", "</div>",
    "<script>", "</script>", "<style>", "项目名称", "一级指标", "二级指标", "三级指标", "指标值",
    "产出指标", "数量指标", "≥95%", "&nbsp;", "&#x0;", "<!--", "-->", "<tbody>", "|",
]  # fmt: skip


@given(st.lists(st.sampled_from(TAGS) | st.text(max_size=5), max_size=60))
@settings(max_examples=300, deadline=None)
def test_any_tag_soup_reads_or_says_why(parts: list[str]) -> None:
    page = "<html><head><title>t</title></head><body>" + "".join(parts)
    try:
        document = read_bytes(page.encode(), "soup.html")
    except IngestError as error:
        message = error.message
    else:
        assert all(project.indicators for project in document.projects)
        return
    assert message.startswith("soup.html")
