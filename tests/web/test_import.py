"""Storing target documents: all or nothing, once per content, units found or (from the command
line, when asked) created in bulk."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.core.model import TargetDocument as CoreDocument
from jixiao.ingest import IngestError
from jixiao.org.models import FiscalYear, Organisation
from jixiao.targets.models import Project, TargetDocument
from jixiao.targets.services import import_file, store
from tests.web.conftest import World, client_for

pytestmark = pytest.mark.django_db


def test_importing_the_seed_stores_every_project_under_its_department_and_year(
    seed_path: Path, seed: CoreDocument
) -> None:
    result = import_file(
        seed_path.read_bytes(), source="shanhaiguan.txt", year=2024, create_units=True
    )
    assert result.created
    document = result.document
    assert (document.department.code, document.department.name) == ("322", "秦皇岛市山海关区商务局")
    assert document.department.kind == Organisation.Kind.DEPARTMENT
    assert document.fiscal_year.year == 2024
    projects = list(document.projects.select_related("unit").order_by("position"))
    assert [(p.code, p.unit.code, p.budget_total) for p in projects] == [
        ("322-0503-JBN-G5SQ", "322002", Decimal("60000.00")),
        ("322-0503-JBN-SN7Q", "322002", Decimal("1030000.00")),
        ("322-0601-YBN-5D8Z", "322003", Decimal("300000.00")),
        ("322-0601-YBN-Y6VV", "322003", Decimal("220000.00")),
        ("322-0601-YBN-13RG", "322003", Decimal("500000.00")),
    ]
    units = Organisation.objects.filter(kind=Organisation.Kind.UNIT, parent=document.department)
    assert sorted(u.name for u in units) == [
        "秦皇岛市山海关区商务局",
        "秦皇岛市山海关区投资促进中心",
    ]


def test_the_stored_document_reads_back_as_the_same_core_model(
    seed_path: Path, seed: CoreDocument
) -> None:
    stored = import_file(
        seed_path.read_bytes(), source=seed.source, year=2024, create_units=True
    ).document
    again = TargetDocument.objects.get(pk=stored.pk).to_core()
    expected = seed.model_copy(
        update={
            "year": 2024,
            "projects": [p.model_copy(update={"year": 2024}) for p in seed.projects],
        }
    )
    assert again == expected
    assert again.projects[1].budget.model_dump(mode="json")["total"] == "1030000.00"


def test_importing_the_same_content_again_is_detected_not_duplicated(seed_path: Path) -> None:
    first = import_file(seed_path.read_bytes(), source="a.txt", year=2024, create_units=True)
    second = import_file(seed_path.read_bytes(), source="renamed.txt", year=2024)
    assert not second.created
    assert second.document.pk == first.document.pk
    assert TargetDocument.objects.count() == 1
    assert Project.objects.count() == 5
    other_year = import_file(seed_path.read_bytes(), source="a.txt", year=2025)
    assert other_year.created


def test_bad_input_stores_nothing(seed_text: str) -> None:
    cut = seed_text[: seed_text.index("\t一级指标")]
    with pytest.raises(IngestError, match="缺少指标表"):
        import_file(cut.encode(), source="cut.txt", year=2024)
    assert TargetDocument.objects.count() == 0
    assert Organisation.objects.count() == 0
    assert FiscalYear.objects.count() == 0


def test_a_failure_while_writing_rolls_everything_back(
    seed: CoreDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    from jixiao.ops import bulk

    monkeypatch.setattr(bulk, "insert", fail)  # writing the tables (COPY or bulk_create)
    with pytest.raises(RuntimeError):
        store(seed, year=2024, create_units=True)
    assert TargetDocument.objects.count() == 0
    assert Organisation.objects.count() == 0


def test_a_document_without_a_department_needs_one(seed: CoreDocument) -> None:
    anonymous = seed.model_copy(
        update={
            "department": None,
            "projects": [p.model_copy(update={"supervisor": None}) for p in seed.projects],
        }
    )
    with pytest.raises(IngestError, match="没有写明主管部门"):
        store(anonymous, year=2024)
    department = Organisation.objects.create(
        kind=Organisation.Kind.DEPARTMENT, code="322", name="商务局"
    )
    stored = store(anonymous, year=2024, department=department, create_units=True).document
    assert stored.department == department


def queries_to_store(document: CoreDocument, year: int) -> int:
    with CaptureQueriesContext(connection) as context:
        store(document, year=year, create_units=True)
    return len(context.captured_queries)


def test_import_writes_in_bulk(seed: CoreDocument) -> None:
    few = queries_to_store(seed, 2024)
    many = queries_to_store(seed.model_copy(update={"projects": seed.projects * 100}), 2025)
    assert Project.objects.count() == 505
    # 500 projects cost at most a few more INSERT batches than 5 (SQLite caps parameters a query),
    # for the tables and for their stored reviews.
    assert many - few <= 10


def test_the_import_command_reports_what_it_stored(seed_path: Path) -> None:
    runner = CliRunner()
    refused = runner.invoke(app, ["import", str(seed_path), "--year", "2024"])
    assert refused.exit_code == 2
    assert "没有编码为「322」的主管部门" in refused.stderr
    assert "--create-units" in refused.stderr
    first = runner.invoke(app, ["import", str(seed_path), "--year", "2024", "--create-units"])
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("已导入：322 秦皇岛市山海关区商务局 2024年度，5 个项目")
    again = runner.invoke(app, ["import", str(seed_path), "--year", "2024"])
    assert again.exit_code == 0
    assert again.stdout.startswith("未重复保存：")
    bad = runner.invoke(app, ["import", str(seed_path), "--year", "2024", "--department", "999"])
    assert bad.exit_code == 2
    assert "没有编码为「999」的主管部门" in bad.stderr
    far = runner.invoke(app, ["import", str(seed_path), "--year", "99999"])
    assert (far.exit_code, far.stderr) == (2, "错误：预算年度「99999」不在 2000—2100 之间\n")


def test_each_stored_table_has_its_own_import_entry(seed: CoreDocument) -> None:
    from jixiao.audit.models import AuditEntry

    stored = store(seed, year=2024, create_units=True).document
    tables = {str(p.pk): p.position for p in stored.projects.all()}
    entries = AuditEntry.objects.filter(object_type="targets.project", action="import")
    assert {e.object_id: e.after["position"] for e in entries} == tables


def test_an_over_long_unit_name_is_refused_before_anything_is_written(seed: CoreDocument) -> None:
    long_unit = seed.projects[0].unit.model_copy(update={"name": "单" * 201})
    document = seed.model_copy(
        update={"projects": [seed.projects[0].model_copy(update={"unit": long_unit})]}
    )
    with pytest.raises(IngestError, match="名称或编码过长"):
        store(document, year=2024, create_units=True)
    assert not TargetDocument.objects.exists()
    assert not Organisation.objects.filter(kind=Organisation.Kind.UNIT).exists()


def test_a_table_read_without_its_header_is_refused_saying_so(seed: CoreDocument) -> None:
    page = Path(__file__).parents[1] / "fixtures" / "corpus"
    data = (page / "038_sichuan-daying-minzheng-zhuanyi-zhifu-selfeval.txt").read_bytes()
    department = store(seed, year=2024, create_units=True).document.department
    with pytest.raises(IngestError) as caught:  # read, its name and unit left empty: not stored
        import_file(data, source="038.txt", year=2024, department=department, create_units=True)
    assert caught.value.problem == ("第1张表没有写明项目名称（文件中缺少这张表的表头），无法导入")
    assert TargetDocument.objects.count() == 1
    assert not Organisation.objects.filter(kind=Organisation.Kind.UNIT, name="").exists()


def test_a_budget_too_large_to_list_is_refused_before_anything_is_written(
    seed: CoreDocument,
) -> None:
    project = seed.projects[0]
    huge = project.model_copy(
        update={"budget": project.budget.model_copy(update={"total": Decimal("1" + "0" * 20)})}
    )
    with pytest.raises(IngestError, match="超出可保存的范围"):
        store(seed.model_copy(update={"projects": [huge]}), year=2024, create_units=True)
    assert not TargetDocument.objects.exists()


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_a_gbk_upload_is_detected_and_stored_as_the_utf8_file_is(
    encoding: str, world: World, seed_text: str
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    utf8 = world.projects[0].document  # the world's seed, imported from UTF-8 for 2024
    client = client_for(world, "department_reviewer")  # the whole seed: both units' tables
    upload = SimpleUploadedFile("gbk.txt", seed_text.encode(encoding), content_type="text/plain")
    page = client.post("/import/", {"year": "2025", "file": upload}).content.decode()
    assert "预览：gbk.txt" in page
    assert "不是合法的" not in page
    client.post("/import/", {"confirm": "1"})
    stored = TargetDocument.objects.get(fiscal_year__year=2025)
    assert _without_year(stored.to_core()) == _without_year(utf8.to_core())


def _without_year(document: CoreDocument) -> dict[str, object]:
    data = document.model_dump(mode="json", exclude={"source", "year"})
    for project in data["projects"]:
        del project["year"]
    return data


def test_the_import_command_takes_folders_and_patterns_and_reports_each_file(
    seed_path: Path, tmp_path: Path
) -> None:
    corpus = Path(__file__).parents[1] / "fixtures" / "corpus"
    folder = tmp_path / "表格"
    folder.mkdir()
    (folder / "seed.txt").write_bytes(seed_path.read_bytes())
    (folder / "坏文件.txt").write_text("这不是绩效目标表\n", encoding="utf-8")
    (folder / "说明.md").write_text("not read: not a known suffix\n", encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    (other / "seed-copy.txt").write_bytes(seed_path.read_bytes())
    runner = CliRunner()
    result = runner.invoke(
        app,
        ["import", str(folder), str(other / "*.txt"), "--year", "2024", "--create-units"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 2, result.output  # one file failed
    out = result.stdout
    assert "导入 3 个文件（2024年度）" in out
    for said in ("成功", "未重复保存", "失败"):
        assert said in out
    assert "无法识别的版式" in out  # why the bad file failed, in words
    assert "共 3 个文件：成功 1，有警告 0，未重复保存 1，失败 1。" in out
    assert TargetDocument.objects.count() == 1  # the copy is the same content: stored once
    assert Project.objects.count() == 5
    warned = runner.invoke(
        app,
        ["import", str(corpus / "037_sichuan-zhaohua-weijian-tekunjiating-target.txt"),
         str(corpus / "042_hunan-yueyangxian-gaobiaozhunnongtian-target.txt"),
         "--year", "2024", "--department", "322", "--create-units"],
        env={"COLUMNS": "200"},
    )  # fmt: skip
    assert "共 2 个文件" in warned.stdout, warned.output


def test_a_table_that_names_no_unit_is_refused_saying_so(seed: CoreDocument) -> None:
    nameless = seed.projects[0].unit.model_copy(update={"code": None, "name": ""})
    document = seed.model_copy(
        update={
            "projects": [seed.projects[0], seed.projects[1].model_copy(update={"unit": nameless})]
        }
    )
    with pytest.raises(IngestError) as caught:  # read with a warning, but stored nowhere
        store(document, year=2024, create_units=True)
    assert caught.value.problem == (
        f"第2张表（项目「{seed.projects[1].name}」）没有写明实施单位，不知道它属于哪个预算单位，"
        "无法导入"
    )
    assert not TargetDocument.objects.exists()
