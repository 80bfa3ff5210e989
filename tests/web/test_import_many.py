"""Several files, or a zip, in one upload: each file read and checked as a single upload is, one
preview table, one confirm that stores each file on its own, and a result table. Zips are opened
safely (sizes, ratio, member count, nested archives, encrypted members, names that climb out of
folders) and their Chinese names read right, GBK ones from Windows tools included."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext

from jixiao.export.seed_text import render
from jixiao.ingest import read_path
from jixiao.targets import uploads
from jixiao.targets.models import ImportDraft, TargetDocument
from jixiao.targets.views import PREVIEW_KEY
from tests.web.conftest import World, client_for
from tests.web.test_browser import CHROMIUM, shot, signed_in

SEED = Path(__file__).parents[1] / "fixtures" / "shanhaiguan-commerce-targets.txt"
NOT_A_TABLE = "会议通知\n请各单位于周五前报送材料。\n".encode()


def tables_of(unit: str, suffix: str = "") -> bytes:
    """The seed's tables of one unit, without the department-wide targets, each name ending in
    `suffix` (a different document for each suffix)."""
    seed = read_path(SEED)
    mine = [
        p.model_copy(update={"name": p.name + suffix}) for p in seed.projects if p.unit.code == unit
    ]
    return render(seed.model_copy(update={"department": None, "projects": mine})).encode()


def zipped(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            if name.endswith("/"):
                archive.mkdir(name.rstrip("/"))
            else:
                archive.writestr(name, data)
    return buffer.getvalue()


def gbk_zipped(members: dict[str, bytes]) -> bytes:
    """A zip as Windows' own tools write it: names in GBK, without the UTF-8 flag (Python
    writes only ASCII or flagged UTF-8, so ASCII stand-ins of the same length are swapped in)."""
    stand_ins = {}
    for n, name in enumerate(members):
        length = len(name.encode("gbk"))
        stand_ins[name] = ("~" * (length - 5) + chr(65 + n) + ".txt").encode()
    data = zipped({stand_ins[name].decode(): content for name, content in members.items()})
    for name, stand_in in stand_ins.items():
        assert data.count(stand_in) == 2  # the local header and the central directory
        data = data.replace(stand_in, name.encode("gbk"))
    return data


def encrypted(data: bytes) -> bytes:
    """A one-member zip marked encrypted in both its headers (as a password-protected zip is)."""
    patched = bytearray(data)
    patched[6] |= 0x1  # the local header's flags
    central = data.rfind(b"PK\x01\x02")
    patched[central + 8] |= 0x1
    return bytes(patched)


def files(*named: tuple[str, bytes]) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(name, data) for name, data in named]


def post(client: Client, uploaded: list[SimpleUploadedFile], **fields: str) -> str:
    response = client.post("/import/", {"year": "2025", "file": uploaded, **fields})
    assert response.status_code == 200
    return response.content.decode()


def rows(page: str) -> list[list[str]]:
    """The cells of the page's table of files, tags stripped."""
    table = page[page.index('<table class="files">') :]
    table = table[: table.index("</table>")]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r'<tr class="result-[^"]+">(.*?)</tr>', table, re.S)
    ]


def group_of(page: str) -> str:
    found = re.search(r'name="group" value="([0-9a-f-]+)"', page)
    assert found is not None, "no confirm on the page"
    return found.group(1)


def confirm(client: Client, page: str) -> str:
    """The confirm, and the page of the job that stores the files (run once the request
    commits, as without Redis)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post("/import/", {"confirm": "1", "group": group_of(page)})
    assert response.status_code == 302
    assert response.url.startswith("/jobs/")
    return client.get(response.url).content.decode()


def stored_2025() -> list[str]:
    return sorted(
        TargetDocument.objects.filter(fiscal_year__year=2025).values_list("source", flat=True)
    )


# -- several files ------------------------------------------------------------------------------


def test_several_files_one_bad_are_previewed_in_a_table_and_the_good_ones_stored(
    world: World,
) -> None:
    client = client_for(world, "department_reviewer")
    page = post(
        client,
        files(("投资促进中心.txt", tables_of("322003")), ("通知.txt", NOT_A_TABLE),
              ("商务局本级.txt", tables_of("322002"))),
    )  # fmt: skip
    assert "预览：3 个文件（2025年度）" in page
    table = rows(page)
    assert [(r[0], r[1], r[2]) for r in table] == [
        ("投资促进中心.txt", "可导入", "3"),
        ("通知.txt", "失败", ""),
        ("商务局本级.txt", "可导入", "2"),
    ]
    assert table[0][3] == "15 / 30 / 14"  # 错误 / 警告 / 提示, as the single preview counts them
    assert "主管部门 322 秦皇岛市山海关区商务局；审核结论：退回修改" in table[0][4]
    assert "通知.txt" in table[1][4]  # the single upload's refusal, naming the file
    assert "确认导入 2 个文件" in page
    # the drafts wait in rows of one group, not in the session
    assert PREVIEW_KEY not in client.session
    drafts = ImportDraft.objects.filter(user=world.users["department_reviewer"])
    assert drafts.count() == 2
    assert len({d.group for d in drafts}) == 1
    result = confirm(client, page)
    assert "共 2 个文件：成功 2。" in result
    assert [r[:3] for r in rows(result)] == [
        ["投资促进中心.txt", "成功", "3"],
        ["商务局本级.txt", "成功", "2"],
    ]
    assert stored_2025() == ["商务局本级.txt", "投资促进中心.txt"]
    assert not ImportDraft.objects.exists()
    again = client.post("/import/", {"confirm": "1", "group": group_of(page)}, follow=True)
    assert "预览已失效，请重新上传文件。" in again.content.decode()
    assert len(stored_2025()) == 2


def test_a_file_that_fails_at_the_confirm_is_reported_and_the_others_are_stored(
    world: World,
) -> None:
    client = client_for(world, "department_reviewer")
    page = post(client, files(("中心.txt", tables_of("322003")), ("本级.txt", tables_of("322002"))))
    # between preview and confirm one file's content changes to what cannot be stored
    draft = ImportDraft.objects.order_by("pk").last()
    assert draft is not None
    draft.content = draft.content.replace('"total":"60000.00"', '"total":"123456789012345.00"', 1)
    assert "123456789012345.00" in draft.content
    draft.save()
    table = rows(confirm(client, page))
    assert table[0][:2] == ["中心.txt", "成功"]
    assert table[1][:2] == ["本级.txt", "失败"]
    assert "超出可保存的范围" in table[1][3]
    assert stored_2025() == ["中心.txt"]


def test_a_file_already_imported_is_not_stored_twice(world: World) -> None:
    client = client_for(world, "department_reviewer")
    mine = tables_of("322003")
    first = confirm(client, post(client, files(("a.txt", mine), ("b.txt", tables_of("322002")))))
    assert "成功 2" in first
    again = confirm(client, post(client, files(("a-副本.txt", mine), ("c.txt", NOT_A_TABLE))))
    assert [r[1] for r in rows(again)] == ["未重复保存"]
    assert "此前已导入相同内容，未重复保存。" in rows(again)[0][3]
    assert len(stored_2025()) == 2


def test_a_single_file_keeps_the_single_preview(world: World, seed_text: str) -> None:
    client = client_for(world, "department_reviewer")
    page = post(client, files(("shanhaiguan.txt", seed_text.encode())))
    assert "预览：shanhaiguan.txt" in page
    assert '<table class="files">' not in page
    assert isinstance(client.session[PREVIEW_KEY], str)
    form = client.get("/import/").content.decode()
    assert (
        'name="file" required multiple accept=".docx,.doc,.xlsx,.xls,.pdf,.html,.htm,.txt,.zip"'
        in form
    )


# -- zips ---------------------------------------------------------------------------------------


def test_a_zip_with_folders_and_chinese_names_utf8_and_gbk_is_read_member_by_member(
    world: World,
) -> None:
    utf8 = zipped(
        {
            "2025年绩效目标/": b"",
            "2025年绩效目标/投资促进中心/项目绩效目标表.txt": tables_of("322003"),
            "2025年绩效目标/说明.md": "# 说明".encode(),
            "__MACOSX/2025年绩效目标/._说明.txt": b"\x00\x05\x16\x07",
        }
    )
    info = zipfile.ZipFile(io.BytesIO(utf8)).getinfo(
        "2025年绩效目标/投资促进中心/项目绩效目标表.txt"
    )
    assert info.flag_bits & 0x800  # flagged UTF-8
    gbk = gbk_zipped({"商务局本级/绩效目标表.txt": tables_of("322002")})
    assert "商务局本级".encode("gbk") in gbk
    assert not zipfile.ZipFile(io.BytesIO(gbk)).infolist()[0].flag_bits & 0x800
    client = client_for(world, "department_reviewer")
    page = post(client, files(("材料.zip", utf8), ("单位材料.zip", gbk)))
    assert [r[:3] for r in rows(page)] == [
        ["材料.zip/2025年绩效目标/投资促进中心/项目绩效目标表.txt", "可导入", "3"],
        ["材料.zip/2025年绩效目标/说明.md", "跳过", ""],
        ["材料.zip/__MACOSX/2025年绩效目标/._说明.txt", "跳过", ""],
        ["单位材料.zip/商务局本级/绩效目标表.txt", "可导入", "2"],
    ]
    assert "不是可导入的文件类型" in rows(page)[1][4]
    result = confirm(client, page)
    assert "共 2 个文件：成功 2。" in result
    assert stored_2025() == [
        "单位材料.zip/商务局本级/绩效目标表.txt",
        "材料.zip/2025年绩效目标/投资促进中心/项目绩效目标表.txt",
    ]


def test_member_names_are_labels_that_cannot_climb_out_of_a_folder(world: World) -> None:
    archive = zipped(
        {
            "../../etc/cron.d/jixiao.txt": tables_of("322003"),
            "/tmp/abs.txt": tables_of("322002"),
            "..\\..\\windows\\win.txt": NOT_A_TABLE,
        }
    )
    client = client_for(world, "department_reviewer")
    page = post(client, files(("x.zip", archive)))
    assert [r[0] for r in rows(page)] == [
        "x.zip/etc/cron.d/jixiao.txt",
        "x.zip/tmp/abs.txt",
        "x.zip/windows/win.txt",
    ]
    assert "../" not in page
    assert "..\\" not in page
    confirm(client, page)
    assert stored_2025() == ["x.zip/etc/cron.d/jixiao.txt", "x.zip/tmp/abs.txt"]
    assert not Path("/etc/cron.d/jixiao.txt").exists()
    assert not Path("/tmp/abs.txt").exists()


BOMBS = {
    "a member beyond the size limit": (
        lambda: zipped({"大.txt": b"0" * (10 * 1024 * 1024 + 1)}),
        "压缩包「炸弹.zip」中的「炸弹.zip/大.txt」解压后超过 10 MB（单个文件的上限），未导入其中任何文件。",
    ),
    "a high-ratio member": (
        lambda: zipped({"好.txt": tables_of("322003"), "密.txt": b"\x00" * (5 * 1024 * 1024)}),
        "压缩包「炸弹.zip」中的「炸弹.zip/密.txt」解压后是压缩时的 100 倍以上（压缩比的上限），"
        "可能是恶意构造的压缩包，未导入其中任何文件。",
    ),
    "too many members": (
        lambda: zipped({f"{n}.txt": b"x" for n in range(201)}),
        "压缩包「炸弹.zip」中有 201 个文件，超过一次 200 个的上限，请分成几个压缩包上传。",
    ),
    "not a zip at all": (
        lambda: b"PK\x03\x04 truncated",
        "「炸弹.zip」不是可以打开的 zip 压缩包（可能已损坏或只上传了一部分），请重新压缩后上传。",
    ),
}


@pytest.mark.parametrize("kind", sorted(BOMBS))
def test_a_zip_over_a_limit_is_refused_whole_in_chinese(world: World, kind: str) -> None:
    make, said = BOMBS[kind]
    client = client_for(world, "department_reviewer")
    page = post(client, files(("好.txt", tables_of("322002")), ("炸弹.zip", make())))
    assert f'<p class="error">{said}</p>' in page
    assert "确认导入" not in page
    assert not ImportDraft.objects.exists()
    status, body = api(client, files(("炸弹.zip", make())))
    assert (status, body) == (400, {"detail": said})
    assert stored_2025() == []


def test_a_zip_whose_members_together_expand_beyond_the_limit_is_refused(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    monkeypatch.setattr(uploads, "ZIP_MAX_TOTAL", 3 * 1024 * 1024)
    archive = zipped({f"{n}.txt": os.urandom(1024 * 1024) for n in range(4)}, zipfile.ZIP_STORED)
    page = post(client_for(world, "department_reviewer"), files(("大包.zip", archive)))
    assert "压缩包「大包.zip」解压后超过 3 MB（解压后总大小的上限），可能是恶意构造的压缩包" in page
    assert not ImportDraft.objects.exists()


def test_a_member_whose_header_understates_its_size_is_read_no_further(world: World) -> None:
    """A header that says 100 bytes for 5 MB: the member is read to its stated size, found
    not to match its checksum and refused as damaged; nothing beyond is decompressed."""
    data = bytearray(zipped({"小.txt": b"\x00" * (5 * 1024 * 1024)}))
    central = data.rfind(b"PK\x01\x02")
    data[22:26] = data[central + 24 : central + 28] = (100).to_bytes(4, "little")
    page = post(client_for(world, "department_reviewer"), files(("谎报.zip", bytes(data))))
    assert rows(page) == [
        [
            "谎报.zip/小.txt",
            "失败",
            "",
            "",
            "压缩包中的这个文件已损坏或压缩方式不受支持，请重新压缩后上传。",
        ]
    ]
    assert not ImportDraft.objects.exists()


def test_nested_zips_and_encrypted_members_are_refused_in_words(world: World) -> None:
    inner = zipped({"表.txt": tables_of("322003")})
    client = client_for(world, "department_reviewer")
    page = post(
        client,
        files(("外层.zip", zipped({"内层.zip": inner})),
              ("加密.zip", encrypted(zipped({"表.txt": tables_of("322002")})))),
    )  # fmt: skip
    assert rows(page) == [
        [
            "外层.zip/内层.zip",
            "失败",
            "",
            "",
            "压缩包中的压缩包不予展开，请先解压，再上传其中的文件。",
        ],
        [
            "加密.zip/表.txt",
            "失败",
            "",
            "",
            "文件已加密（设有密码），无法读取：请去掉密码重新压缩后上传。",
        ],
    ]
    assert "没有可以导入的文件。" in page
    assert "确认导入" not in page
    assert not ImportDraft.objects.exists()
    assert stored_2025() == []


# -- reach, CSRF, queries -------------------------------------------------------------------------


def test_a_filler_cannot_import_another_units_tables_from_inside_a_zip(world: World) -> None:
    client = client_for(world, "filler")  # 322003's filler
    archive = zipped({"本单位.txt": tables_of("322003"), "别的单位.txt": tables_of("322002")})
    page = post(client, files(("表.zip", archive)))
    table = rows(page)
    assert [r[:2] for r in table] == [
        ["表.zip/本单位.txt", "可导入"],
        ["表.zip/别的单位.txt", "失败"],
    ]
    assert "属于预算单位「322002 秦皇岛市山海关区商务局」，不在您可导入的范围内" in table[1][4]
    confirm(client, page)
    assert stored_2025() == ["表.zip/本单位.txt"]
    status, body = api(client, files(("表.zip", archive)), dry_run="true")
    assert status == 200
    assert [(e["file"], e["result"]) for e in body] == [
        ("表.zip/本单位.txt", "可导入"),
        ("表.zip/别的单位.txt", "失败"),
    ]
    assert "不在您可导入的范围内" in body[1]["detail"]
    readonly = client_for(world, "readonly")
    assert (
        readonly.post("/import/", {"year": "2025", "file": files(("表.zip", archive))}).status_code
        == 403
    )
    assert stored_2025() == ["表.zip/本单位.txt"]


def test_the_upload_and_the_confirm_need_the_forms_token(world: World) -> None:
    client = client_for(world, "department_reviewer", csrf=True)
    archive = zipped({"a.txt": tables_of("322003"), "b.txt": tables_of("322002")})
    refused = client.post("/import/", {"year": "2025", "file": files(("a.zip", archive))})
    assert refused.status_code == 403
    assert not ImportDraft.objects.exists()
    page = (
        client_for(world, "department_reviewer")
        .post("/import/", {"year": "2025", "file": files(("a.zip", archive))})
        .content.decode()
    )
    assert ImportDraft.objects.count() == 2
    forged = client.post("/import/", {"confirm": "1", "group": group_of(page)})
    assert forged.status_code == 403
    assert stored_2025() == []
    assert ImportDraft.objects.count() == 2  # still waiting for the real confirm


def test_another_users_group_is_not_confirmed(world: World) -> None:
    owner = client_for(world, "department_reviewer")
    page = post(owner, files(("a.zip", zipped({"a.txt": tables_of("322003")}))))
    intruder = client_for(world, "admin")  # may import, but this preview is not theirs
    response = intruder.post("/import/", {"confirm": "1", "group": group_of(page)}, follow=True)
    assert "预览已失效，请重新上传文件。" in response.content.decode()
    assert stored_2025() == []
    assert "成功 1" in confirm(owner, page)


def queries_for(client: Client, count: int) -> tuple[int, int]:
    """Queries of the preview and of the confirm of a zip of `count` different files."""
    archive = zipped({f"{n}.txt": tables_of("322003", f"（{count}-{n}）") for n in range(count)})
    with CaptureQueriesContext(connection) as preview:
        page = post(client, files(("q.zip", archive)))
    with CaptureQueriesContext(connection) as confirmed:
        assert f"成功 {count}" in confirm(client, page)
    return len(preview), len(confirmed)


def test_queries_grow_by_a_bounded_number_per_file(world: World) -> None:
    client = client_for(world, "department_reviewer")
    queries_for(client, 1)  # the year's first import creates the year
    two, three, five = (queries_for(client, n) for n in (2, 3, 5))
    for phase in (0, 1):
        per_file = three[phase] - two[phase]
        assert five[phase] - three[phase] == 2 * per_file  # the same for each file: no N+1
    assert three[0] - two[0] <= 3  # the preview: the single upload's checks
    # the confirm: one document's store (and its audit entries), and the job's step (its row,
    # the file's draft)
    assert three[1] - two[1] <= 36


# -- the API --------------------------------------------------------------------------------------


def api(client: Client, uploaded: list[SimpleUploadedFile], **fields: str) -> tuple[int, Any]:
    response = client.post("/api/documents", {"year": "2025", "file": uploaded, **fields})
    return response.status_code, response.json()


def test_the_api_takes_several_files_or_a_zip_and_answers_per_file(world: World) -> None:
    client = client_for(world, "department_reviewer")
    status, body = api(
        client, files(("中心.txt", tables_of("322003")), ("通知.txt", NOT_A_TABLE)), dry_run="true"
    )
    assert status == 200
    assert [(e["file"], e["result"], e["projects"], e["stored"]) for e in body] == [
        ("中心.txt", "可导入", 3, False),
        ("通知.txt", "失败", 0, False),
    ]
    assert len(body[0]["findings"]) == 15 + 30 + 14
    assert stored_2025() == []
    archive = zipped(
        {"中心.txt": tables_of("322003"), "本级.txt": tables_of("322002"), "x.md": b""}
    )
    status, body = api(client, files(("包.zip", archive)))
    assert status == 201
    assert [(e["file"], e["result"], e["created"]) for e in body] == [
        ("包.zip/中心.txt", "成功", True),
        ("包.zip/本级.txt", "成功", True),
        ("包.zip/x.md", "跳过", False),
    ]
    assert body[0]["document"]["source"] == "包.zip/中心.txt"
    assert stored_2025() == ["包.zip/中心.txt", "包.zip/本级.txt"]
    status, body = api(client, files(("包2.zip", archive)))
    assert status == 200
    assert [e["result"] for e in body] == ["未重复保存", "未重复保存", "跳过"]
    # one plain file: the single answer, as before
    status, single = api(client, files(("通知.txt", NOT_A_TABLE)))
    assert status == 400
    assert set(single) == {"detail"}


# -- in a browser ---------------------------------------------------------------------------------


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
@pytest.mark.django_db(transaction=True)
def test_the_preview_and_the_result_in_a_browser(
    browser: object, live_server: object, world: World, tmp_path: Path
) -> None:
    chosen = [tmp_path / "投资促进中心.txt", tmp_path / "会议通知.txt", tmp_path / "材料.zip"]
    chosen[0].write_bytes(tables_of("322003"))
    chosen[1].write_bytes(NOT_A_TABLE)
    chosen[2].write_bytes(
        gbk_zipped({"商务局本级/绩效目标表.txt": tables_of("322002"), "说明/读我.docm": b"x"})
    )
    server = str(live_server)
    page: Any = signed_in(browser, server, "department_reviewer")
    page.goto(f"{server}/import/")
    page.fill("input[name=year]", "2025")
    page.set_input_files("input[name=file]", [str(p) for p in chosen])
    page.click("text=上传并预览")
    assert "预览：4 个文件（2025年度）" in page.content()
    table = page.locator("table.files")
    assert table.locator("tr.result-可导入").count() == 2
    assert "材料.zip/商务局本级/绩效目标表.txt" in table.inner_text()
    page.click("details.file >> nth=1 >> summary")  # what was read, as the single preview shows
    assert page.locator("details.file >> nth=1 >> details.read").count() == 2
    shot(page, "import-many-preview")
    page.click("text=确认导入 2 个文件")
    assert "共 2 个文件：成功 2。" in page.content()
    shot(page, "import-many-result")
    page.click("text=查看（文档编号 >> nth=0")
    assert "投资促进中心.txt" in page.content()


def test_an_uploads_files_count_as_one_preview_and_go_together(world: World) -> None:
    from jixiao.targets import importing

    client = client_for(world, "department_reviewer")
    post(client, files(("a.txt", tables_of("322003")), ("b.txt", tables_of("322002"))))
    user = world.users["department_reviewer"]
    draft = ImportDraft.objects.first()
    assert draft is not None
    for _ in range(importing.DRAFTS_KEPT - 1):  # single previews since, up to the limit
        ImportDraft.objects.create(
            user=user, department=world.commerce, year=2025, content=draft.content
        )
    importing.prune_drafts(user, importing.DRAFTS_KEPT)
    assert ImportDraft.objects.filter(group__isnull=False).count() == 2  # kept whole
    importing.prune_drafts(user, importing.DRAFTS_KEPT - 1)
    assert not ImportDraft.objects.filter(group__isnull=False).exists()  # the oldest: all gone
    assert ImportDraft.objects.count() == importing.DRAFTS_KEPT - 1


def test_the_files_are_stored_by_a_job_that_goes_on_after_a_failure(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jixiao.jobs import tasks
    from jixiao.jobs.models import Job

    client = client_for(world, "department_reviewer")
    page = post(
        client,
        files(
            ("a.txt", tables_of("322002")),
            ("b.txt", tables_of("322003")),
            ("c.txt", tables_of("322002", "（续）")),
        ),
    )
    real = uploads.store_each
    calls: list[int] = []

    def breaks_on_the_second(*args: Any, **kwargs: Any) -> list[uploads.Outcome]:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real(*args, **kwargs)

    monkeypatch.setattr(uploads, "store_each", breaks_on_the_second)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post("/import/", {"confirm": "1", "group": group_of(page)})
    job = Job.objects.get()
    assert (job.kind, job.state, job.done, job.total) == ("import", "failed", 1, 3)
    assert stored_2025() == ["a.txt"]  # the first file whole, nothing of the second
    assert ImportDraft.objects.count() == 2  # the second's draft waits again, with the third
    failed = client.get(response.url).content.decode()
    assert "导入中断，已导入的文件已保存" in failed
    assert [r[:2] for r in rows(failed)] == [["a.txt", "成功"]]
    monkeypatch.setattr(uploads, "store_each", real)
    with TestCase.captureOnCommitCallbacks(execute=True):
        tasks.import_group.delay(job.pk)  # a retry of the same job
    job.refresh_from_db()
    assert (job.state, job.done) == ("done", 3)
    assert stored_2025() == ["a.txt", "b.txt", "c.txt"]
    assert [row["result"] for row in job.results] == ["成功", "成功", "成功"]
    assert "1 / 3" not in client.get(response.url).content.decode()
    # the job's page is its starter's only
    assert client_for(world, "finance_reviewer").get(response.url).status_code == 404
