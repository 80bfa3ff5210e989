"""Imports stay inside the importer's reach, create no units unasked, find departments by their
place in the tree, refuse what the editor refuses, and stay exact when run at the same moment."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.test import Client
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.core import model as core
from jixiao.export.seed_text import render
from jixiao.ingest import IngestError, read_path
from jixiao.org.models import Membership, Organisation
from jixiao.targets.models import Project, TargetDocument
from jixiao.targets.services import store
from tests.web.conftest import World, client_for, person

Role = Membership.Role
T = TypeVar("T")
POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
SEED = Path(__file__).parents[1] / "fixtures" / "shanhaiguan-commerce-targets.txt"


def api_upload(client: Client, name: str, content: bytes, **fields: Any) -> tuple[int, Any]:
    file = SimpleUploadedFile(name, content, content_type="text/plain")
    response = client.post("/api/documents", {"file": file, "year": "2025", **fields})
    return response.status_code, response.json()


def page_upload(client: Client, name: str, content: bytes, **fields: str) -> str:
    file = SimpleUploadedFile(name, content, content_type="text/plain")
    return client.post("/import/", {"year": "2025", "file": file, **fields}).content.decode()


def stored_2025() -> int:
    return TargetDocument.objects.filter(fiscal_year__year=2025).count()


def seed_with(**changes: Callable[[core.Project], core.Project]) -> core.TargetDocument:
    """The seed, each table changed by `changes["project"]`."""
    seed = read_path(SEED)
    change = changes.get("project", lambda p: p)
    return seed.model_copy(update={"projects": [change(p) for p in seed.projects]})


def own_tables_only() -> bytes:
    """A file of the filler's own unit's tables only (322003), without department-wide
    targets: what a 单位填报人 may import."""
    seed = read_path(SEED)
    mine = [p for p in seed.projects if p.unit.code == "322003"]
    return render(seed.model_copy(update={"department": None, "projects": mine})).encode()


# -- reach ------------------------------------------------------------------------------------


def test_a_filler_stores_the_tables_of_their_own_unit(world: World) -> None:
    status, body = api_upload(client_for(world, "filler"), "mine.txt", own_tables_only())
    assert (status, body["created"], body["projects"]) == (201, True, 3)
    document = TargetDocument.objects.get(pk=body["document"]["id"])
    assert document.department == world.commerce
    assert {p.unit for p in document.projects.all()} == {world.investment_unit}


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_filler_cannot_store_another_units_tables(
    world: World, seed_path: Path, dry_run: bool
) -> None:
    units = Organisation.objects.count()
    fields = {"dry_run": "true"} if dry_run else {}
    status, body = api_upload(
        client_for(world, "filler"), "seed.txt", seed_path.read_bytes(), **fields
    )
    assert status == 400
    assert (
        "项目「商务执法大队工作经费」属于预算单位「322002 秦皇岛市山海关区商务局」，不在您可导入的范围内"
        in body["detail"]
    )
    assert "单位填报人只能导入本单位（及下级单位）的项目绩效目标表" in body["detail"]
    assert (stored_2025(), Organisation.objects.count()) == (0, units)


def test_a_filler_cannot_store_the_department_wide_targets(world: World) -> None:
    seed = read_path(SEED)
    mine = seed.model_copy(
        update={"projects": [p for p in seed.projects if p.unit.code == "322003"]}
    )
    page = page_upload(client_for(world, "filler"), "mine.txt", render(mine).encode())
    assert "文件含「秦皇岛市山海关区商务局」的部门整体绩效目标，不在您可导入的范围内" in page
    assert "预览：" not in page
    assert stored_2025() == 0


def test_the_page_refuses_another_units_tables_at_the_preview(
    world: World, seed_path: Path
) -> None:
    client = client_for(world, "filler")
    page = page_upload(client, "seed.txt", seed_path.read_bytes())
    assert "不在您可导入的范围内" in page
    assert "预览：" not in page
    response = client.post("/import/", {"confirm": "1"}, follow=True)  # nothing to confirm
    assert "预览已失效，请重新上传文件。" in response.content.decode()
    assert stored_2025() == 0


def test_a_preview_is_checked_again_on_confirm(world: World) -> None:
    """The filler's role is taken away between preview and confirm: nothing is stored."""
    client = client_for(world, "filler")
    assert "预览：mine.txt" in page_upload(client, "mine.txt", own_tables_only())
    filler = world.users["filler"]
    Membership.objects.filter(user=filler).update(organisation=world.commerce_unit)
    response = client.post("/import/", {"confirm": "1"}, follow=True)
    assert "未导入：" in response.content.decode()
    assert "属于预算单位「322003 秦皇岛市山海关区投资促进中心」，不在您可导入的范围内" in (
        response.content.decode()
    )
    assert stored_2025() == 0


def test_a_document_under_another_department_than_the_one_chosen_is_refused(
    world: World, seed_path: Path
) -> None:
    education = world.other_unit.parent
    assert education is not None
    client = client_for(world, "admin")  # reaches both departments of the bureau
    message = (
        "文件写明的主管部门是「322 秦皇岛市山海关区商务局」，"
        "与导入的主管部门「401 秦皇岛市山海关区教育局」不一致"
    )
    page = page_upload(client, "seed.txt", seed_path.read_bytes(), department=str(education.pk))
    assert message in page
    status, body = api_upload(client, "seed.txt", seed_path.read_bytes(), department="401")
    assert (status, message in body["detail"]) == (400, True)
    assert stored_2025() == 0


def test_department_targets_named_without_a_code_go_only_under_a_department_of_that_name(
    world: World,
) -> None:
    from jixiao.core.model import Department, TargetDocument
    from jixiao.targets.services import place

    def named(name: str) -> TargetDocument:
        return TargetDocument(source="部门.txt", department=Department(name=name))

    place(named("山海关区商务局"), world.commerce)  # one name holds the other
    place(named("秦皇岛市山海关区商务局（本级）"), world.commerce)  # a bracketed note aside
    with pytest.raises(IngestError, match="文件写明的主管部门是「广水市教育局」，与导入的主管部门"):
        place(named("广水市教育局"), world.commerce)


# -- units are never created by a web or API import -------------------------------------------


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_table_of_a_unit_not_in_the_tree_is_refused_naming_it(
    world: World, seed_text: str, dry_run: bool
) -> None:
    units = Organisation.objects.count()
    renamed = seed_text.replace("322003", "322009").encode()
    fields = {"dry_run": "true"} if dry_run else {}
    status, body = api_upload(
        client_for(world, "department_reviewer"), "new.txt", renamed, **fields
    )
    assert status == 400
    assert (
        "以下预算单位在「秦皇岛市山海关区商务局」下尚不存在：322009 秦皇岛市山海关区投资促进中心"
        in body["detail"]
    )
    assert "请系统管理员先在系统管理中建立该单位" in body["detail"]
    assert (stored_2025(), Organisation.objects.count()) == (0, units)


def test_the_command_line_creates_units_only_when_asked(world: World, tmp_path: Path) -> None:
    file = tmp_path / "new.txt"
    file.write_text(SEED.read_text(encoding="utf-8").replace("322003", "322009"), encoding="utf-8")
    runner = CliRunner()
    refused = runner.invoke(app, ["import", str(file), "--year", "2025"])
    assert refused.exit_code == 2
    assert "以下预算单位在「秦皇岛市山海关区商务局」下尚不存在：322009" in refused.stderr
    assert "命令行导入可加 --create-units 一并建立这些单位。" in refused.stderr
    assert not Organisation.objects.filter(code="322009").exists()
    done = runner.invoke(app, ["import", str(file), "--year", "2025", "--create-units"])
    assert done.exit_code == 0, done.output
    created = Organisation.objects.get(code="322009")
    assert (created.parent, created.kind, created.path) == (
        world.commerce,
        Organisation.Kind.UNIT,
        f"{world.commerce.path}{created.pk}/",
    )


def test_a_unit_below_a_unit_is_found_and_in_its_fillers_reach(world: World) -> None:
    """二级预算单位: a table of a unit below the filler's own is theirs to import; one below
    another unit is not."""
    below = Organisation.objects.create(
        kind="unit", code="322003001", name="投资促进中心下属单位", parent=world.investment_unit
    )
    seed = read_path(SEED)
    table = next(p for p in seed.projects if p.unit.code == "322003")
    moved = table.model_copy(update={"unit": core.Organisation(code=below.code, name=below.name)})
    document = seed.model_copy(update={"department": None, "projects": [moved]})
    filler = world.users["filler"]
    stored = store(document, year=2025, department=world.commerce, user=filler).document
    assert stored.projects.get().unit == below
    other = person("other_unit_filler", world.commerce_unit, Role.UNIT_FILLER)
    with pytest.raises(IngestError, match="投资促进中心下属单位」，不在您可导入的范围内"):
        store(document, year=2026, department=world.commerce, user=other)


# -- departments by their place in the tree ---------------------------------------------------


@dataclass
class SecondBureau:
    finance: Organisation
    commerce: Organisation
    reviewer: User
    both: User
    """A 系统管理员 of both fiscal bureaus: two importable departments coded 322."""


@pytest.fixture
def second(world: World) -> SecondBureau:
    finance = Organisation.objects.create(
        kind="finance", code="130304", name="秦皇岛市北戴河区财政局"
    )
    commerce = Organisation.objects.create(
        kind="department", code="322", name="秦皇岛市北戴河区商务局", parent=finance
    )
    for code, name in (("322002", "秦皇岛市北戴河区商务局"), ("322003", "北戴河区投资促进中心")):
        Organisation.objects.create(kind="unit", code=code, name=name, parent=commerce)
    both = person("both", world.finance, Role.ADMIN)
    Membership.objects.create(user=both, organisation=finance, role=Role.ADMIN)
    reviewer = person("reviewer2", commerce, Role.DEPARTMENT_REVIEWER)
    return SecondBureau(finance, commerce, reviewer, both)


def test_each_bureau_imports_into_its_own_department_coded_322(
    world: World, second: SecondBureau, seed_path: Path
) -> None:
    content = seed_path.read_bytes()
    mine = client_for(world, "department_reviewer")
    assert "预览：seed.txt" in page_upload(mine, "seed.txt", content)
    mine.post("/import/", {"confirm": "1"})
    theirs = Client()
    theirs.force_login(second.reviewer)
    status, body = api_upload(theirs, "seed.txt", content)
    assert (status, body["created"], body["document"]["department_name"]) == (
        201,
        True,
        "秦皇岛市北戴河区商务局",
    )
    documents = TargetDocument.objects.filter(fiscal_year__year=2025)
    assert {d.department for d in documents} == {world.commerce, second.commerce}
    stored = documents.get(department=second.commerce)
    assert {p.unit.parent for p in stored.projects.select_related("unit__parent")} == {
        second.commerce
    }
    # a bureau's reviewer never reaches the other bureau's department of the same code
    status, body = api_upload(theirs, "seed.txt", content, department_id=str(world.commerce.pk))
    assert (status, body["detail"]) == (
        400,
        "所选的主管部门不在您可导入的范围内，请在“主管部门”中选择后再上传。",
    )


def test_a_code_two_of_the_users_departments_share_is_never_guessed(
    world: World, second: SecondBureau, seed_path: Path
) -> None:
    client = Client()
    client.force_login(second.both)
    form = client.get("/import/").content.decode()
    assert (
        f'<option value="{world.commerce.pk}">322 秦皇岛市山海关区商务局（秦皇岛市山海关区财政局）'
        in form
    )
    assert (
        f'<option value="{second.commerce.pk}">322 秦皇岛市北戴河区商务局（秦皇岛市北戴河区财政局）'
        in form
    )
    for fields in ({}, {"department": "322"}):
        status, body = api_upload(client, "seed.txt", seed_path.read_bytes(), **fields)
        assert status == 400
        assert "您可导入的主管部门中有 2 个编码为「322」" in body["detail"]
        assert "请在“主管部门”中选择后再上传" in body["detail"]
    status, body = api_upload(
        client, "seed.txt", seed_path.read_bytes(), department_id=str(second.commerce.pk)
    )
    assert (status, body["document"]["department_name"]) == (201, "秦皇岛市北戴河区商务局")
    page = page_upload(
        client, "seed.txt", seed_path.read_bytes(), department=str(world.commerce.pk)
    )
    assert "主管部门 322 秦皇岛市山海关区商务局（您选择的）" in page
    client.post("/import/", {"confirm": "1"})
    assert {d.department for d in TargetDocument.objects.filter(fiscal_year__year=2025)} == {
        world.commerce,
        second.commerce,
    }


def test_the_command_line_names_a_department_by_its_bureau_when_codes_repeat(
    world: World, second: SecondBureau, seed_path: Path
) -> None:
    runner = CliRunner()
    for extra in ([], ["--department", "322"]):
        refused = runner.invoke(app, ["import", str(seed_path), "--year", "2025", *extra])
        assert refused.exit_code == 2
        assert "有 2 个编码为「322」的主管部门" in refused.stderr
        assert "秦皇岛市北戴河区财政局下的「322 秦皇岛市北戴河区商务局」" in refused.stderr
    done = runner.invoke(
        app, ["import", str(seed_path), "--year", "2025", "--department", "130304/322"]
    )
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith("已导入：322 秦皇岛市北戴河区商务局 2025年度，5 个项目")
    assert TargetDocument.objects.get(fiscal_year__year=2025).department == second.commerce


# -- what the editor refuses, the import refuses ----------------------------------------------


def negative(project: core.Project) -> core.Project:
    if project.code != "322-0601-YBN-5D8Z":
        return project
    return project.model_copy(
        update={"budget": project.budget.model_copy(update={"total": Decimal("-300000.00")})}
    )


def decreasing(project: core.Project) -> core.Project:
    if project.code != "322-0601-YBN-5D8Z":
        return project
    plan = [p.model_copy(update={"percent": Decimal(v)}) for p, v in
            zip(project.spending_plan, ("30.00", "65.00", "50.00", "100.00"), strict=True)]  # fmt: skip
    return project.model_copy(update={"spending_plan": plan})


def over_hundred(project: core.Project) -> core.Project:
    if project.code != "322-0601-YBN-5D8Z":
        return project
    plan = [p.model_copy(update={"percent": Decimal(v)}) for p, v in
            zip(project.spending_plan, ("30.00", "65.00", "90.00", "120.00"), strict=True)]  # fmt: skip
    return project.model_copy(update={"spending_plan": plan})


BAD_CONTENT = {
    "negative budget": (
        negative,
        "项目「人事代理专项补助经费」的预算数「-300000.00」为负数；应为不小于 0 的金额。",
    ),
    "decreasing plan": (
        decreasing,
        "项目「人事代理专项补助经费」的资金支出计划逐期减少：10月底 50.00% 少于 6月底 65.00%",
    ),
    "plan over 100%": (
        over_hundred,
        "项目「人事代理专项补助经费」的资金支出计划「12月底」为 120.00%，不在 0—100% 之间",
    ),
}


@pytest.mark.parametrize("case", BAD_CONTENT)
def test_content_the_editor_refuses_is_refused_on_import_everywhere(
    world: World, case: str
) -> None:
    change, message = BAD_CONTENT[case]
    document = seed_with(project=change)
    with pytest.raises(IngestError) as refused:
        store(document, year=2025, department=world.commerce)
    assert message in refused.value.message
    content = render(document).encode()
    client = client_for(world, "department_reviewer")
    dry = api_upload(client, "bad.txt", content, dry_run="true")
    real = api_upload(client, "bad.txt", content)
    assert dry[0] == real[0] == 400
    assert dry[1]["detail"] == real[1]["detail"]
    assert message in real[1]["detail"]
    assert message in page_upload(client, "bad.txt", content)
    assert stored_2025() == 0


# -- at the same moment (PostgreSQL: SQLite serialises writes) --------------------------------


def at_once(count: int, work: Callable[[int], T]) -> list[T]:
    """Run `work(n)` in `count` threads released together; each thread's connection closed."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count
    errors: list[BaseException] = []

    def run(number: int) -> None:
        try:
            barrier.wait(timeout=60)
            results[number] = work(number)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


ONLY_POSTGRES = pytest.mark.skipif(
    not POSTGRES, reason="SQLite serialises writes: run with DATABASE_URL=postgres://…"
)


@pytest.fixture
def in_step(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worst moment, every time: each of ten imports has found no stored copy and no unit
    before any of them writes one (they meet between the checks and the writes). The fiscal year
    exists already, or the first import's new row would hold the others before they meet."""
    from jixiao.org.models import FiscalYear
    from jixiao.targets import services

    FiscalYear.objects.get_or_create(year=2025)
    barrier = threading.Barrier(10)
    create_units = services._create_units

    def meeting(placement: services.Placement) -> dict[str, Organisation]:
        barrier.wait(timeout=60)
        return create_units(placement)

    monkeypatch.setattr(services, "_create_units", meeting)


@ONLY_POSTGRES
@pytest.mark.django_db(transaction=True)
def test_the_same_file_uploaded_ten_times_at_once_is_stored_once(
    world: World, seed_path: Path, in_step: None
) -> None:
    content = seed_path.read_bytes()
    clients = [client_for(world, "department_reviewer") for _ in range(10)]
    answers = at_once(10, lambda n: api_upload(clients[n], f"seed-{n}.txt", content))
    assert sorted(status for status, _ in answers) == [200] * 9 + [201]
    assert sum(body["created"] for _, body in answers) == 1
    assert all(body["stored"] for _, body in answers)
    assert len({body["document"]["id"] for _, body in answers}) == 1
    document = TargetDocument.objects.get(fiscal_year__year=2025)
    assert document.projects.count() == 5


@ONLY_POSTGRES
@pytest.mark.django_db(transaction=True)
def test_ten_confirms_of_the_same_file_at_once_answer_already_imported(
    world: World, seed_path: Path, in_step: None
) -> None:
    clients = [client_for(world, "department_reviewer") for _ in range(10)]
    for n, client in enumerate(clients):
        assert f"预览：seed-{n}.txt" in page_upload(client, f"seed-{n}.txt", seed_path.read_bytes())

    def confirm(n: int) -> tuple[str, str]:
        response = clients[n].post("/import/", {"confirm": "1"}, follow=True)
        return response.redirect_chain[-1][0], response.content.decode()

    answers = at_once(10, confirm)
    assert len({where for where, _ in answers}) == 1  # every importer lands on the one document
    assert sum("已导入 秦皇岛市山海关区商务局 2025年度" in page for _, page in answers) == 1
    assert sum("该文件此前已导入，未重复保存。" in page for _, page in answers) == 9
    assert stored_2025() == 1


NEW_UNITS = {
    "coded": core.Organisation(code="322009", name="秦皇岛市山海关区会展服务中心"),
    "uncoded": core.Organisation(code=None, name="山海关区会展服务中心"),
}


@ONLY_POSTGRES
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", NEW_UNITS)
def test_files_naming_the_same_new_unit_at_once_create_it_once(
    world: World, kind: str, in_step: None
) -> None:
    """The command line with --create-units, ten files at once (each its own content), all
    naming the same new unit."""
    new = NEW_UNITS[kind]
    seed = read_path(SEED)

    def file(n: int) -> core.TargetDocument:
        tables = [
            p.model_copy(update={"unit": new, "name": f"{p.name}（第{n}份）"})
            for p in seed.projects
        ]
        return seed.model_copy(update={"projects": tables})

    documents = [file(n) for n in range(10)]
    results = at_once(
        10,
        lambda n: store(documents[n], year=2025, department=world.commerce, create_units=True),
    )
    assert all(result.created for result in results)
    units = Organisation.objects.filter(parent=world.commerce, name=new.name)
    assert units.count() == 1
    unit = units.get()
    assert (unit.code, unit.path) == (new.code or "", f"{world.commerce.path}{unit.pk}/")
    assert set(Project.objects.filter(document__fiscal_year__year=2025).values_list(
        "unit", flat=True)) == {unit.pk}  # fmt: skip
    assert stored_2025() == 10
