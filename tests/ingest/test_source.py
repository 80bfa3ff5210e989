"""Decoding a file's bytes: the encoding detected without being asked, or a located refusal."""

from __future__ import annotations

import codecs

import pytest

from jixiao.core.model import TargetDocument
from jixiao.ingest import IngestError, read_bytes
from jixiao.ingest.source import decode, looks_chinese


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig", "utf-16"])
def test_the_seed_in_any_supported_encoding_reads_to_the_same_model(
    encoding: str, seed_text: str, seed: TargetDocument
) -> None:
    assert read_bytes(seed_text.encode(encoding), seed.source) == seed


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_gbk_text_with_crlf_is_decoded_to_the_same_text(encoding: str, seed_text: str) -> None:
    assert decode(seed_text.replace("\n", "\r\n").encode(encoding), "x.txt") == seed_text


def test_characters_outside_gbk_are_read_from_gb18030() -> None:
    text = "项目名称\t𠀀号楼维修（GB18030 四字节字符）\n"  # U+20000 is not in GBK
    assert decode(text.encode("gb18030"), "x.txt") == text


def test_an_explicit_encoding_wins_over_detection(seed_text: str) -> None:
    data = seed_text.encode("gbk")
    with pytest.raises(IngestError, match="不是合法的 UTF-8 编码"):
        decode(data, "x.txt", "utf-8")
    assert decode(data, "x.txt", "gbk") == seed_text


def test_a_utf8_bom_is_never_read_as_gbk() -> None:
    with pytest.raises(IngestError, match="不是合法的 UTF-8 编码"):
        decode(codecs.BOM_UTF8 + "项目名称".encode("gbk"), "x.txt")


@pytest.mark.parametrize(
    ("data", "why"),
    [
        ("Café résumé naïve façade señor\n".encode("latin-1"), "not GB18030 at all"),
        ("中文繁體字測試文字\n".encode("big5"), "rare characters when read as GB18030"),
        (("项目名称说明" * 20 + "\x01\n").encode("gbk"), "a control character"),
        ("项目".encode("gbk") + b"\x81", "a cut-off double-byte character"),
    ],
)
def test_bytes_that_do_not_read_as_chinese_are_refused_with_the_utf8_error(
    data: bytes, why: str
) -> None:
    with pytest.raises(IngestError, match=r"第1行：第 \d+ 字节不是合法的 UTF-8 编码"):
        decode(data, "x.txt")


def test_chinese_text_is_told_from_misread_bytes() -> None:
    assert looks_chinese("项目名称：招商引资工作经费（万元）\n")
    assert looks_chinese("Total 合计 100\t元\r\n\f")
    assert not looks_chinese("only ascii")
    assert not looks_chinese("项目\x07名称")
    assert not looks_chinese("ÀÁÂÃÄÅ")
    assert not looks_chinese("\ud800")  # a lone surrogate is no ideograph, and no error


def test_a_large_gbk_file_is_detected_in_one_go(seed_text: str) -> None:
    text = seed_text * 100  # about 700 KB
    assert decode(text.encode("gbk"), "x.txt") == text
