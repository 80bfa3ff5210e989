"""Text copied from a document site's mirror in traditional characters, each converted character
glossed with its pinyin (監(jiān)測項(xiàng)目): the glosses removed and the characters simplified
before the layout is detected (`source.simplify`), said in one warning; any other text is read
exactly as written.

The two real pages (010, 025) are pinned field by field in expected/<page>.json
(test_corpus_expected.py); here the normalisation itself, on small texts made for each rule.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.ingest import read_bytes, read_text
from jixiao.ingest.source import MIN_GLOSSES, simplify
from tests.ingest.test_pathological import seeds

FIXTURES = Path(__file__).parents[1] / "fixtures"
CORPUS = FIXTURES / "corpus"
SHUITU = CORPUS / "010_hubei-huanggang-shuitubaochi-selfeval.txt"
FANGHUO = CORPUS / "025_hubei-caidian-senlinfanghuo-selfeval.txt"
MIRRORED = {SHUITU.name, FANGHUO.name}

GLOSSED = (
    "2020年度水土保持監(jiān)測項(xiàng)目績效自評表單位名稱:黃岡市水土保持與農(nóng)田水利科研所"
    "項(xiàng)目名稱水土保持監(jiān)測預(yù)算執(zhí)行情況(萬元)(20分)預(yù)算數(shù)(A)執(zhí)行數(shù)(B)"
    "執(zhí)行率(B/A)得分(20分*執(zhí)行率)"
)
"""The head of 010 as the mirror writes it: glosses after converted characters, the form's own
notes in brackets beside them."""


def test_glosses_are_removed_and_the_characters_simplified() -> None:
    simplified = simplify(GLOSSED)
    assert simplified is not None
    assert simplified.text == (
        "2020年度水土保持监测项目绩效自评表单位名称:黄冈市水土保持与农田水利科研所"
        "项目名称水土保持监测预算执行情况(万元)(20分)预算数(A)执行数(B)"
        "执行率(B/A)得分(20分*执行率)"
    )
    assert (simplified.glosses, simplified.traditional) == (13, True)
    assert (simplified.line, simplified.example) == (1, "監(jiān)")


@pytest.mark.parametrize(
    "note",
    ["(万元)", "（万元）", "(A)", "(B/A)", "(≥**%)", "(20分*执行率)", "(a)", "(必填)", "(ok)"],
)
def test_a_forms_own_brackets_are_kept_beside_glosses(note: str) -> None:
    simplified = simplify(GLOSSED + f"指標(biāo)值{note}")
    assert simplified is not None
    assert simplified.text.endswith(f"指标值{note}")


def test_glosses_in_full_width_or_mixed_brackets_and_neutral_tones_are_removed() -> None:
    text = "監（jiān）測項(xiàng）目績效評（píng)價們(men)標(biāo)準預(yù)算"
    simplified = simplify(text)
    assert simplified is not None
    assert simplified.text == "监测项目绩效评价们标准预算"


def test_a_few_glosses_are_no_mirrors_and_are_kept() -> None:
    text = "项目名称重(zhòng)点工程" * (MIN_GLOSSES - 1)
    assert simplify(text) is None


def test_glosses_in_simplified_text_are_removed_without_converting_it() -> None:
    text = "项目名称乡村道路养护工程，监(jiān)测站点(个)、验(yàn)收(shōu)合(hé)格(gé)率≥95%"
    simplified = simplify(text)
    assert simplified is not None
    assert simplified.text == "项目名称乡村道路养护工程，监测站点(个)、验收合格率≥95%"
    assert not simplified.traditional
    assert "繁体" not in simplified.message()
    assert "拼音" in simplified.message()


def test_traditional_text_without_glosses_is_converted_by_phrases() -> None:
    text = "項目名稱鄉村道路養護\n主管部門縣交通運輸局\n績效指標滿意度≥90%，頭髮與發展"
    simplified = simplify(text)
    assert simplified is not None
    assert simplified.text == (
        "项目名称乡村道路养护\n主管部门县交通运输局\n绩效指标满意度≥90%，头发与发展"
    )
    assert (simplified.glosses, simplified.line, simplified.example) == (0, 1, "項")
    assert "繁体" in simplified.message()
    assert "拼音" not in simplified.message()


def test_simplified_text_quoting_a_few_traditional_characters_is_left_as_written() -> None:
    text = (
        "项目名称乡村道路日常养护工程，主管部门某县交通运输局。" * 20 + "（原文：「鄉村道路養護」）"
    )
    assert simplify(text) is None


def test_traditional_text_with_simplified_parts_keeps_them() -> None:
    text = "項目名稱鄉村道路養護工程主管部門縣交通運輸局績效 —— 显著 干部 皇后 著名 乾隆 一只 联系"
    simplified = simplify(text)
    assert simplified is not None
    assert simplified.text.endswith("—— 显著 干部 皇后 著名 乾隆 一只 联系")
    assert simplified.text.startswith("项目名称乡村道路养护工程主管部门县交通运输局绩效")


def test_the_conversion_keeps_the_lines() -> None:
    simplified = simplify(FANGHUO.read_text(encoding="utf-8"))
    assert simplified is not None
    assert simplified.text.count("\n") == FANGHUO.read_text(encoding="utf-8").count("\n")


def fixtures() -> list[Path]:
    return [FIXTURES / "shanhaiguan-commerce-targets.txt", *sorted(CORPUS.glob("*.txt"))]


@pytest.mark.parametrize("path", fixtures(), ids=lambda path: path.name[:12])
def test_every_other_text_passes_through_unchanged(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if path.name in MIRRORED:
        assert simplify(text) is not None
    else:
        assert simplify(text) is None  # read_text reads the very text it was given


def test_a_mirrored_page_is_read_with_one_warning_saying_it_was_converted() -> None:
    document = read_bytes(SHUITU.read_bytes(), SHUITU.name)
    first = document.warnings[0]
    assert first.message == (
        "文件是繁体字文本，且许多字后面用括号注了拼音（如「權(quán)」）："
        "已去掉拼音、转换为简体字后读取，请对照原文核对读出的内容"
    )
    assert (first.line, first.table) == (5, "水土保持监测")
    assert sum("繁体" in warning.message for warning in document.warnings) == 1
    assert document.projects[0].unit.name == "黄冈市水土保持与农田水利科研所"


def test_a_simplified_page_has_no_such_warning(seed_text: str) -> None:
    document = read_text(seed_text, "seed.txt")
    assert not any("繁体" in w.message or "拼音" in w.message for w in document.warnings)


HUGE = {
    "glosses": ("監(jiān)" * 1_400 + "\n") * 100,
    "unclosed glosses": ("監" + "(jiān" * 1_600 + "\n") * 100,
    "traditional text": (FANGHUO.read_text(encoding="utf-8") + "\n") * 100,
    "rare characters": ("𠀀㐀䶵" * 3_000 + "\n") * 100,
}


@pytest.mark.parametrize("name", sorted(HUGE))
def test_the_normalisation_is_linear(name: str) -> None:
    text = HUGE[name]
    assert seeds(lambda: simplify(text)) < 1500, name
