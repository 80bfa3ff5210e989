"""No input makes a server error, and input that cannot be stored stores nothing.

Each kind of bad file is refused in Chinese — saying where and what to do — by every way in: the
import page's preview, its confirm step, the API's import (with and without its dry run) and the
command line (`jixiao parse`, `review`, `import`). Text PostgreSQL cannot store (NUL, a lone
surrogate) is refused in forms and JSON bodies before any view runs. Hypothesis then throws
random bytes and random text (surrogates and NUL included) at the same doors: never a 5xx, never
a stored row. Run on PostgreSQL too (`make test-postgres`): that is where such text fails.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.test.client import BOUNDARY, encode_multipart
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.targets.models import Comment, ImportDraft, Project, TargetDocument
from jixiao.targets.views import PREVIEW_KEY
from jixiao.web.middleware import unstorable
from tests.web.conftest import World, client_for

CODE = "322-0601-YBN-5D8Z"
SEED = Path(__file__).parents[1] / "fixtures" / "shanhaiguan-commerce-targets.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")
LONG_NAME = "秦皇岛市山海关区商务局下属" + "很长的单位名称" * 40  # over the column's 200


def utf16(text: str) -> bytes:
    return codecs.BOM_UTF16_LE + text.encode("utf-16-le", "surrogatepass")


BAD_FILES: dict[str, tuple[bytes, str]] = {
    # what the file is: its bytes, and what the refusal says
    "NUL after the first 4 KB": (
        SEED_TEXT[:3000].encode() + b"\x00" + SEED_TEXT[3000:].encode(),
        "个字符是空字符（NUL），不是纯文本",
    ),
    "NUL in UTF-16 with a BOM": (
        utf16(SEED_TEXT[:5000] + "\x00" + SEED_TEXT[5000:]),
        "个字符是空字符（NUL），不是纯文本",
    ),
    "UTF-16 with a lone surrogate": (
        utf16(SEED_TEXT[:2000] + "\ud800" + SEED_TEXT[2000:]),
        "不是合法的 UTF-16 编码（不成对的代理字符）",
    ),
    "UTF-16 with an odd number of bytes": (
        utf16(SEED_TEXT) + b"x",
        "UTF-16 文件的字节数为奇数",
    ),
    "a unit name over the column's length": (
        SEED_TEXT.replace("\t322002秦皇岛市山海关区商务局", f"\t322002{LONG_NAME}", 1).encode(),
        "的名称或编码过长",
    ),
    "a budget beyond the column's digits": (
        SEED_TEXT.replace("\t60000.00\n", "\t123456789012345.00\n", 1).encode(),
        "超出可保存的范围",
    ),
}
READABLE = {"a unit name over the column's length", "a budget beyond the column's digits"}
"""Files that read (`jixiao parse` and `review` show them) but cannot be stored."""


def stored_nothing(world: World) -> bool:
    return (
        TargetDocument.objects.count() == 2  # the seed's and the other department's
        and Project.objects.count() == len(world.projects) + 1
        and not Comment.objects.exists()
    )


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/plain")


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_the_preview_refuses_in_chinese_and_the_confirm_then_stores_nothing(
    world: World, kind: str
) -> None:
    data, said = BAD_FILES[kind]
    client = client_for(world, "department_reviewer")
    response = client.post("/import/", {"year": "2026", "file": upload("坏文件.txt", data)})
    page = response.content.decode()
    assert response.status_code == 200
    assert said in page, page[page.find("error") : page.find("error") + 400]
    assert "坏文件.txt" in page  # the message names the file
    assert PREVIEW_KEY not in client.session
    confirmed = client.post("/import/", {"confirm": "1"}, follow=True)
    assert "预览已失效，请重新上传文件。" in confirmed.content.decode()
    assert stored_nothing(world)


@pytest.mark.parametrize("kind", sorted(READABLE))
def test_the_confirm_step_checks_again_what_it_stores(world: World, kind: str) -> None:
    """A preview taken while the file could be stored, confirmed when it cannot (here: planted
    in the session as the preview would have kept it): refused in words, nothing stored."""
    from jixiao.ingest import read_bytes

    document = read_bytes(BAD_FILES[kind][0], "坏文件.txt")
    client = client_for(world, "department_reviewer")
    session = client.session
    session[PREVIEW_KEY] = str(
        ImportDraft.objects.create(
            user=world.users["department_reviewer"], department=world.commerce, year=2026,
            content=document.to_json(indent=None),
        ).token
    )  # fmt: skip
    session.save()
    response = client.post("/import/", {"confirm": "1"}, follow=True)
    assert response.status_code == 200
    assert BAD_FILES[kind][1] in response.content.decode()
    assert stored_nothing(world)


def test_a_preview_that_no_longer_reads_is_refused_in_words(world: World) -> None:
    client = client_for(world, "department_reviewer")
    session = client.session
    session[PREVIEW_KEY] = str(
        ImportDraft.objects.create(
            user=world.users["department_reviewer"], department=world.commerce, year=2026,
            content='{"projects": "不是表"}',
        ).token
    )  # fmt: skip
    session.save()
    response = client.post("/import/", {"confirm": "1"}, follow=True)
    assert response.status_code == 200
    assert "预览已失效，请重新上传文件。" in response.content.decode()
    assert stored_nothing(world)


@pytest.mark.parametrize("dry_run", ["true", "false"])
@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_the_api_import_refuses_in_chinese_with_or_without_a_dry_run(
    world: World, kind: str, dry_run: str
) -> None:
    data, said = BAD_FILES[kind]
    response = client_for(world, "department_reviewer").post(
        "/api/documents", {"file": upload("坏文件.txt", data), "year": "2026", "dry_run": dry_run}
    )
    assert response.status_code == 400
    assert said in response.json()["detail"]
    assert stored_nothing(world)


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_the_command_line_refuses_in_chinese_and_stores_nothing(
    world: World, kind: str, tmp_path: Path
) -> None:
    data, said = BAD_FILES[kind]
    path = tmp_path / "坏文件.txt"
    path.write_bytes(data)
    for command in ("parse", "review"):
        code, err = cli(command, str(path))
        if kind in READABLE:  # it reads; only storing it is refused
            assert code == 0, err
        else:
            assert code == 2
            assert err.startswith(f"错误：{path}"), err
            assert said in err
    code, err = cli("import", str(path), "--year", "2026", "--department", "322")
    assert code == 2
    assert err.startswith("错误："), err
    assert said in err
    assert stored_nothing(world)


def test_a_file_deep_in_folders_is_imported_under_the_end_of_its_path(
    world: World, tmp_path: Path
) -> None:
    folder = tmp_path / ("d" * 200) / ("e" * 200)
    folder.mkdir(parents=True)
    path = folder / "山海关.txt"
    path.write_bytes(SEED.read_bytes())
    code, err = cli("import", str(path), "--year", "2026", "--department", "322")
    assert code == 0, err
    stored = TargetDocument.objects.get(fiscal_year__year=2026)
    assert len(stored.source) == 255
    assert stored.source.startswith("…")
    assert stored.source.endswith("/山海关.txt")


# -- text that cannot be stored, in forms and JSON ---------------------------------------------


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ('{"name": "群众满意度\\ud800", "target": "≥85%"}', "不成对的代理字符"),
        ('{"name": "群众满意度\\uDC00", "target": "≥85%"}', "不成对的代理字符"),
        ('{"name": "群众满意度", "target": "\\ud83d≥85%"}', "不成对的代理字符"),
        ('{"name": "群众满意度\\u0000", "target": "≥85%"}', "空字符（NUL）"),
        (b'{"name": "\xed\xa0\x80", "target": "1"}', "不是 UTF-8 编码"),  # a raw surrogate
        ('{"name": "群众满意度", "target": "≥85%"}'.encode("utf-16"), "空字符（NUL）"),
    ],
)
def test_the_api_refuses_json_carrying_what_cannot_be_stored(
    world: World, body: str | bytes, said: str
) -> None:
    project = world.project(CODE)
    before = Project.objects.get(pk=project.pk).data
    response = client_for(world, "filler").put(
        f"/api/projects/{project.pk}/indicators/5", body, content_type="application/json"
    )
    assert (response.status_code, said in response.json()["detail"]) == (400, True)
    assert Project.objects.get(pk=project.pk).data == before


def test_escaped_text_and_whole_surrogate_pairs_pass(world: World) -> None:
    project = world.project(CODE)
    client = client_for(world, "unit_reviewer")
    for text in ("反斜杠 \\u0000 与 \\ud800 只是文字", "表情 😀 是完整的字符"):
        response = client.post(
            f"/api/projects/{project.pk}/comments",
            json.dumps({"text": text}),  # ASCII escapes: "\\ud83d\\ude00", "\\\\u0000"
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
    assert [c.text for c in Comment.objects.order_by("pk")] == [
        "反斜杠 \\u0000 与 \\ud800 只是文字",
        "表情 😀 是完整的字符",
    ]


def test_a_comment_with_a_lone_surrogate_is_refused_on_the_api_and_the_page(world: World) -> None:
    project = world.project(CODE)
    client = client_for(world, "unit_reviewer")
    api = client.post(
        f"/api/projects/{project.pk}/comments",
        '{"text": "意见\\udfff"}',
        content_type="application/json",
    )
    assert api.status_code == 400
    assert "不成对的代理字符" in api.json()["detail"]
    page = client.post(f"/projects/{project.pk}/comments/", {"text": "意见\x00"})
    assert (page.status_code, "空字符（NUL）" in page.content.decode()) == (400, True)
    assert not Comment.objects.exists()


def test_form_fields_that_decode_to_a_lone_surrogate_are_refused() -> None:
    """A browser never sends one (forms are UTF-8), but a request may declare an encoding whose
    decoding gives one (UTF-7's "+2AA-" is U+D800): refused all the same."""
    body = encode_multipart(BOUNDARY, {"text": "X"}).replace(b"\r\n\r\nX\r\n", b"\r\n\r\n+2AA-\r\n")
    request = RequestFactory().post(
        "/projects/1/comments/", body, content_type=f"multipart/form-data; boundary={BOUNDARY}"
    )
    request.encoding = "utf-7"
    assert request.POST["text"] == "\ud800"
    assert "不成对的代理字符" in (unstorable(request) or "")
    query = RequestFactory().get("/", {"q": "\x00"})
    assert "空字符（NUL）" in (unstorable(query) or "")
    agent = RequestFactory().post("/login/", {"username": "a"}, HTTP_USER_AGENT="浏览器\x00")
    assert "空字符（NUL）" in (unstorable(agent) or "")


def test_a_cookie_carrying_nul_is_refused_not_looked_up(world: World) -> None:
    client = Client()
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"
    response = client.get("/")
    assert response.status_code == 400
    assert "空字符（NUL）" in response.content.decode()


# -- the class, not only these cases -------------------------------------------------------------

UNSTORABLE = st.sampled_from(["\x00", "\ud800", "\udbff", "\udc00", "\udfff"])
ANY_TEXT = st.text(st.characters(codec=None, categories=None), max_size=200)
"""Any code points, surrogates and NUL included."""


LONE = re.compile("\x00|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]")
"""NUL, or half of a surrogate pair without its other half (whole pairs are characters)."""


@st.composite
def unstorable_text(draw: st.DrawFn) -> str:
    """Text with at least one NUL or lone surrogate somewhere in it."""
    text = draw(ANY_TEXT)
    at = draw(st.integers(0, len(text)))
    return text[:at] + draw(UNSTORABLE) + text[at:]


@st.composite
def files(draw: st.DrawFn) -> bytes:
    """Random bytes, random text in each encoding (surrogates passed through), or the seed
    with random damage in it."""
    kind = draw(st.sampled_from(["bytes", "utf-8", "utf-16", "gb18030", "damaged seed"]))
    if kind == "bytes":
        return draw(st.binary(max_size=3000))
    if kind == "damaged seed":
        seed = SEED_TEXT.encode()
        at = draw(st.integers(0, len(seed)))
        return seed[:at] + draw(st.binary(min_size=1, max_size=40)) + seed[at:]
    text = draw(ANY_TEXT)
    if kind == "utf-16":
        return draw(st.sampled_from([codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b""])) + (
            text.encode("utf-16-le", "surrogatepass")
        )
    return text.encode(kind, "surrogatepass" if kind == "utf-8" else "replace")


FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def no_server_error(response: object) -> None:
    status = response.status_code  # type: ignore[attr-defined]
    assert status < 500, response.content  # type: ignore[attr-defined]


@FUZZ
@given(data=files(), dry_run=st.booleans())
def test_no_file_makes_a_server_error_or_stores_anything_refused(
    world: World, data: bytes, dry_run: bool
) -> None:
    """Any file: a page or a Chinese refusal, never a 5xx; a refused file (or a dry run) stores
    nothing. (A damaged seed may still be a readable document: that one is imported.)"""
    client = client_for(world, "department_reviewer")
    name = "随机.txt"
    before = TargetDocument.objects.count()
    api = client.post(
        "/api/documents",
        {"file": upload(name, data), "year": "2026", "dry_run": str(dry_run).lower()},
    )
    no_server_error(api)
    assert api.status_code in (200, 201, 400), api.content
    if api.status_code == 400 or dry_run:
        assert TargetDocument.objects.count() == before, "a refused file was stored"
    before = TargetDocument.objects.count()
    page = client.post("/import/", {"year": "2026", "file": upload(name, data)})
    no_server_error(page)
    if PREVIEW_KEY not in client.session:  # refused, in Chinese: the confirm stores nothing
        assert "请" in page.content.decode() or "应为" in page.content.decode()
        no_server_error(client.post("/import/", {"confirm": "1"}))
        assert TargetDocument.objects.count() == before, "a refused file was stored"
    else:
        no_server_error(client.post("/import/", {"confirm": "1"}))


ENDPOINTS: dict[str, tuple[str, str, Callable[[str], dict[str, object]]]] = {
    # name: (method, url template, the JSON body around one text)
    "indicator": ("put", "/api/projects/{pk}/indicators/5", lambda t: {"name": t, "target": t}),
    "comment": ("post", "/api/projects/{pk}/comments", lambda t: {"text": t}),
    "return": ("post", "/api/projects/{pk}/return", lambda t: {"comment": t}),
    "grade": ("post", "/api/projects/{pk}/grade", lambda t: {"grade": "良", "reason": t}),
}


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
@FUZZ
@given(text=unstorable_text().filter(LONE.search), escaped=st.booleans())
def test_json_carrying_nul_or_a_lone_surrogate_is_refused_and_stores_nothing(
    world: World, endpoint: str, text: str, escaped: bool
) -> None:
    method, template, body = ENDPOINTS[endpoint]
    project = world.project(CODE)
    before = Project.objects.get(pk=project.pk)
    payload = json.dumps(body(text), ensure_ascii=escaped)  # "\\ud800", or the raw character
    client = client_for(world, "unit_reviewer" if endpoint != "indicator" else "filler")
    response = getattr(client, method)(
        template.format(pk=project.pk),
        payload.encode("utf-8", "surrogatepass"),
        content_type="application/json",
    )
    assert response.status_code == 400, (response.status_code, response.content)
    assert "请" in response.json()["detail"]
    after = Project.objects.get(pk=project.pk)
    assert (after.data, after.status, after.grade_override) == (
        before.data,
        before.status,
        before.grade_override,
    )
    assert not Comment.objects.exists()


@FUZZ
@given(
    body=st.one_of(
        st.binary(max_size=300), ANY_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))
    )
)
def test_no_json_body_makes_a_server_error(world: World, body: bytes) -> None:
    project = world.project(CODE)
    client = client_for(world, "filler")
    for method, url in (
        ("put", f"/api/projects/{project.pk}/indicators/5"),
        ("post", f"/api/projects/{project.pk}/comments"),
        ("post", f"/api/documents/{project.document_id}/submit"),
    ):
        no_server_error(getattr(client, method)(url, body, content_type="application/json"))
