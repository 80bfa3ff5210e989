"""Citations users can trust: references come from the registry, name documents in full and cite
only the articles policy-verified.md confirms; no user-facing text points at an internal file, a
confidence note or a rule id."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jixiao.core.model import TargetDocument
from jixiao.ingest import IngestError, read_path
from jixiao.review import all_rules, review_document
from jixiao.review.references import article_label, cite, registry, verified_articles

FIXTURES = Path(__file__).parents[1] / "fixtures"
INTERNAL = re.compile(r"policy\.md|\.md\b|§|回忆|待核")
RULE_ID = re.compile(r"[a-z]+\.[a-z-]+")
ARTICLE = re.compile(r"第[零一二三四五六七八九十百\d]+条")


def untrustworthy(text: str) -> list[str]:
    """What in a user-facing text is not a trustworthy citation: internal pointers, rule ids, and
    article numbers that do not follow a document whose article the registry marks verified."""
    problems = [m[0] for m in INTERNAL.finditer(text)] + [m[0] for m in RULE_ID.finditer(text)]
    citable = verified_articles()
    for match in ARTICLE.finditer(text):
        before = text[: match.start()]
        if not any(before.endswith(name) and match[0] in citable[name] for name in citable):
            problems.append(match[0])
    return problems


# -- the registry and its rendering ----------------------------------------------------------


def test_documents_render_as_full_title_and_number() -> None:
    assert cite("caiyu-2015-88") == "《中央部门预算绩效目标管理办法》（财预〔2015〕88号）"
    assert cite("zhongfa-2018-34") == (
        "《中共中央 国务院关于全面实施预算绩效管理的意见》（中发〔2018〕34号）"
    )
    assert (
        cite("caiyu-2020-10", article=4) == "《项目支出绩效评价管理办法》（财预〔2020〕10号）第四条"
    )
    assert cite("caiyu-2015-88", article=27, point="一并批复绩效目标") == (
        "《中央部门预算绩效目标管理办法》（财预〔2015〕88号）第二十七条：一并批复绩效目标"
    )
    assert (
        cite("caiyu-2011-285") == "《财政支出绩效评价管理暂行办法》（财预〔2011〕285号，历史文件）"
    )
    assert cite("hebei-2018-opinions") == (
        "中共河北省委、河北省人民政府《关于全面实施预算绩效管理的实施意见》（2018年）"
    )


def test_practice_is_named_as_such() -> None:
    assert cite("practice") == "实务经验"
    assert cite("local-practice", point="正向指标写“≥”") == "地方通行做法：正向指标写“≥”"


def test_only_the_verified_articles_are_citable() -> None:
    """policy-verified.md §3: 88号 第二十五条 (inferred, accepted) to 第二十九条 and 10号 第一～四条;
    no other document has an article users may see."""
    assert {key: sorted(d.articles) for key, d in registry().documents.items() if d.articles} == {
        "caiyu-2015-88": [25, 26, 27, 28, 29],
        "caiyu-2020-10": [1, 2, 3, 4],
    }
    assert registry().documents["caiyu-2015-88"].articles[25].status == "inferred"


def test_the_registry_holds_the_documents_of_the_clause_list() -> None:
    numbers = {d.number for d in registry().documents.values()}
    assert numbers == {
        "中发〔2018〕34号", "财预〔2015〕88号", "财预〔2019〕136号", "财预〔2020〕10号",
        "财预〔2021〕101号", "财预〔2013〕53号", "财预〔2011〕285号", "",
    }  # fmt: skip
    hebei = registry().documents["hebei-2018-opinions"]
    assert (hebei.number, hebei.issuer) == ("", "中共河北省委、河北省人民政府")
    assert registry().documents["caiyu-2020-10"].date == "2020年2月25日"
    assert {k.label for k in registry().kinds.values()} == {"实务经验", "地方通行做法"}


@pytest.mark.parametrize(
    ("key", "article", "point", "why"),
    [
        ("caiyu-2015-88", 10, None, "not verified"),  # 88号 第十条: neither number nor content
        ("caiyu-2019-136", 1, None, "not verified"),
        ("caiyu-2021-101", 3, None, "not verified"),
        ("no-such-document", None, None, "no document"),
        ("practice", 1, None, "not a document"),
        ("caiyu-2015-88", None, "见 policy.md §2.1", "not plain words"),
        ("caiyu-2015-88", None, "审核要点（回忆待核）", "not plain words"),
        ("caiyu-2015-88", None, "第十条：可衡量", "not plain words"),
        ("practice", None, "  ", "empty"),
    ],
)
def test_an_unverified_or_malformed_citation_is_refused(
    key: str, article: int | None, point: str | None, why: str
) -> None:
    with pytest.raises(ValueError, match=why):
        cite(key, article=article, point=point)


def test_article_numbers_are_written_in_chinese() -> None:
    labels = [article_label(n) for n in (1, 4, 10, 11, 20, 25, 29, 100, 105, 110)]
    assert labels == [
        "第一条", "第四条", "第十条", "第十一条", "第二十条", "第二十五条", "第二十九条",
        "第一百条", "第一百零五条", "第一百一十条",
    ]  # fmt: skip


def test_the_checker_itself_tells_a_verified_article_from_an_unverified_one() -> None:
    assert untrustworthy(cite("caiyu-2015-88", article=26)) == []
    assert untrustworthy("《中央部门预算绩效目标管理办法》（财预〔2015〕88号）第十条") == ["第十条"]
    assert set(untrustworthy("实务经验（policy.md §2.3）")) == {"policy.md", "§"}
    assert untrustworthy("依据 direction.positive-upper-bound") == [
        "direction.positive-upper-bound"
    ]


# -- what users read ---------------------------------------------------------------------------


@pytest.mark.parametrize("rule_id", sorted(all_rules()))
def test_every_rule_cites_and_explains_in_trustworthy_words(rule_id: str) -> None:
    rule = all_rules()[rule_id]
    assert untrustworthy(rule.reference) == []
    assert untrustworthy(rule.rationale) == []
    assert untrustworthy(rule.title) == []
    starts = [k.label for k in registry().kinds.values()]
    starts += [d.render() for d in registry().documents.values()]
    assert rule.reference.startswith(tuple(starts)), rule.reference
    titles = {d.title for d in registry().documents.values()}
    assert set(re.findall(r"《([^》]+)》", rule.reference)) <= titles


def readable_fixtures() -> list[Path]:
    paths = [FIXTURES / "shanhaiguan-commerce-targets.txt"]
    for path in sorted((FIXTURES / "corpus").glob("*.txt")):
        try:
            read_path(path)
        except IngestError:
            continue  # kept to pin the readers' errors
        paths.append(path)
    return paths


@pytest.mark.parametrize("path", readable_fixtures(), ids=lambda p: p.name)
def test_every_finding_on_real_tables_reads_cleanly(path: Path) -> None:
    document: TargetDocument = read_path(path)
    findings = review_document(document)
    assert findings or not document.projects  # 009's cover, cut before its targets, states none
    for finding in findings:
        for text in (finding.message, finding.suggestion, finding.reference):
            assert untrustworthy(text) == [], (finding.rule, text)
