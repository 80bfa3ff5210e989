"""The policy references the review rules cite, from the registry in `data/references.toml`.

`cite("caiyu-2015-88", article=27)` →
"《中央部门预算绩效目标管理办法》（财预〔2015〕88号）第二十七条".
Only the articles the registry lists (those policy-verified.md confirms) can be cited: any other
article, an unknown document or a point that reads like a file pointer or a confidence note raises
`ValueError` — at import time, since rules cite when they are declared.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

DocumentStatus = Literal["current", "historical"]
ArticleStatus = Literal["verified", "inferred"]

PRACTICE = "practice"
"""The key of 实务经验: a practice heuristic no policy text states."""
LOCAL_PRACTICE = "local-practice"
"""The key of 地方通行做法: what local forms and notices do, not a national rule."""

# What a point (the gist a rule adds in words) must not hold: file names, section signs, notes on
# how sure a citation is, and article numbers (those go through `article=`, which is checked).
_FORBIDDEN = re.compile(r"policy\.md|\.md\b|§|回忆|待核|第[一二三四五六七八九十百零\d]+条")
_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class Article:
    number: int
    status: ArticleStatus
    gist: str

    @property
    def label(self) -> str:
        return article_label(self.number)


@dataclass(frozen=True)
class Document:
    key: str
    number: str
    """文号 (empty where none was found)."""
    title: str
    issuer: str
    date: str
    status: DocumentStatus
    gist: str
    articles: dict[int, Article]

    def render(self) -> str:
        """《全名》（文号）, or issuer《全名》（date） for a document whose 文号 is not known."""
        if not self.number:
            return f"{self.issuer}《{self.title}》（{self.date}）"
        note = "，历史文件" if self.status == "historical" else ""
        return f"《{self.title}》（{self.number}{note}）"


@dataclass(frozen=True)
class Kind:
    """A reference that is not a document: 实务经验, 地方通行做法."""

    key: str
    label: str
    gist: str


@dataclass(frozen=True)
class Registry:
    documents: dict[str, Document]
    kinds: dict[str, Kind]


@cache
def registry() -> Registry:
    text = resources.files("jixiao.review").joinpath("data/references.toml").read_text("utf-8")
    data: dict[str, Any] = tomllib.loads(text)
    documents = {
        key: Document(
            key=key,
            number=entry["number"],
            title=entry["title"],
            issuer=entry["issuer"],
            date=entry["date"],
            status=entry["status"],
            gist=entry["gist"],
            articles={
                article["number"]: Article(article["number"], article["status"], article["gist"])
                for article in entry.get("articles", [])
            },
        )
        for key, entry in data["documents"].items()
    }
    kinds = {
        key: Kind(key=key, label=entry["label"], gist=entry["gist"])
        for key, entry in data["kinds"].items()
    }
    return Registry(documents, kinds)


def cite(key: str, article: int | None = None, point: str | None = None) -> str:
    """A reference as users read it: 《全名》（文号）第N条 or 《全名》（文号）, or 实务经验 /
    地方通行做法; followed by "：point" when a gist in words is given."""
    if point is not None:
        point = point.strip()
        if not point or _FORBIDDEN.search(point):
            raise ValueError(f"point {point!r} citing {key!r} is empty or not plain words")
    suffix = f"：{point}" if point else ""
    known = registry()
    if key in known.kinds:
        if article is not None:
            raise ValueError(f"{key!r} is not a document: it has no articles")
        return known.kinds[key].label + suffix
    document = known.documents.get(key)
    if document is None:
        raise ValueError(f"no document {key!r} in the references registry")
    if article is None:
        return document.render() + suffix
    if article not in document.articles:
        verified = "、".join(a.label for a in document.articles.values()) or "none"
        raise ValueError(
            f"{document.number} {article_label(article)} is not verified (verified: {verified})"
        )
    return document.render() + article_label(article) + suffix


def article_label(number: int) -> str:
    """第N条 in Chinese numerals: 4 → 第四条, 10 → 第十条, 25 → 第二十五条, 105 → 第一百零五条."""
    if not 1 <= number <= 999:
        raise ValueError(f"article number {number} out of range")
    return f"第{_numeral(number)}条"


def _numeral(number: int) -> str:
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    text = ""
    if hundreds:
        text = _DIGITS[hundreds] + "百"
        if rest and tens == 0:
            return text + "零" + _DIGITS[units]
    if tens:
        text += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    if units:
        text += _DIGITS[units]
    return text


def verified_articles() -> dict[str, frozenset[str]]:
    """Each document's rendered name (as it appears in a citation) → its citable article labels."""
    return {
        document.render(): frozenset(a.label for a in document.articles.values())
        for document in registry().documents.values()
    }
