"""Backups and restores: the restored database is the one backed up — every table with the same
rows (count and checksum) — and the application works on it. On PostgreSQL the backup is
restored into a scratch database beside the test database; on SQLite over the changed one."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.ops import backup as ops
from jixiao.org.models import Organisation
from jixiao.targets.models import Comment, Project
from tests.web.conftest import World, client_for

CODE = "322-0601-YBN-5D8Z"
pytestmark = pytest.mark.django_db(transaction=True)  # a backup sees committed rows only


@pytest.fixture(autouse=True)
def data_dir(settings: object, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path / "data"  # type: ignore[attr-defined]
    return tmp_path / "data"


def changed(world: World) -> None:
    """What happens after a backup: a comment, an edit, a new organisation, a deletion."""
    project = world.project(CODE)
    Comment.objects.create(project=project, author=world.users["unit_reviewer"], text="备份之后")
    Project.objects.filter(pk=project.pk).update(name="备份之后改的名称")
    Organisation.objects.create(kind="unit", code="322999", name="新单位", parent=world.commerce)
    world.other_project.delete()


def the_app_works(world: World) -> None:
    project = world.project(CODE)
    page = client_for(world, "filler").get(f"/projects/{project.pk}/")
    assert page.status_code == 200
    assert project.name in page.content.decode()
    assert "备份之后" not in page.content.decode()


def by_name(tables: list[ops.Table]) -> dict[str, tuple[int, str]]:
    return {t.name: (t.rows, t.checksum) for t in tables}


def test_the_fingerprint_sees_every_change(world: World) -> None:
    before = by_name(ops.fingerprint())
    assert before["targets_project"][0] == len(world.projects) + 1
    assert before["audit_auditentry"][0] > 0
    changed(world)
    after = by_name(ops.fingerprint())
    differ = {name for name in before if before[name] != after[name]}
    assert {"targets_comment", "targets_project", "org_organisation"} <= differ


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's online backup")
def test_sqlite_restores_the_database_as_it_was_backed_up(world: World, data_dir: Path) -> None:
    before = by_name(ops.fingerprint())
    written = ops.backup()
    assert written.parent == data_dir / "backups"
    assert written.name.startswith("jixiao-")
    assert written.suffix == ".sqlite3"
    assert ops.backup_kind(written) == "sqlite"
    changed(world)
    assert by_name(ops.fingerprint()) != before
    kept = ops.restore(written)
    assert by_name(ops.fingerprint()) == before
    the_app_works(world)
    # what the restore replaced was backed up first: restoring it brings the change back
    assert kept is not None
    assert "-before-restore" in kept.name
    ops.restore(kept, keep_current=False)
    assert Comment.objects.filter(text="备份之后").exists()


@pytest.fixture
def scratch() -> Iterator[str]:
    """An empty PostgreSQL database beside the test database, dropped afterwards."""
    import psycopg

    settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_restored"
    dsn = {
        "host": settings_dict["HOST"] or None, "port": settings_dict["PORT"] or None,
        "user": settings_dict["USER"] or None, "password": settings_dict["PASSWORD"] or None,
        "dbname": "postgres",
    }  # fmt: skip
    with psycopg.connect(**dsn, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(**dsn, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore")
def test_postgresql_restores_into_a_scratch_database_identical(
    world: World, scratch: str, tmp_path: Path
) -> None:
    before = by_name(ops.fingerprint())
    written = ops.backup(tmp_path)  # a folder: a timestamped file in it
    assert written.parent == tmp_path
    assert written.suffix == ".dump"
    assert ops.backup_kind(written) == "postgresql"
    changed(world)  # the test database moves on; the scratch one gets the backup
    test_database = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = scratch
    try:
        assert ops.restore(written, keep_current=False) is None
        assert by_name(ops.fingerprint()) == before
        the_app_works(world)
    finally:
        connection.close()
        connection.settings_dict["NAME"] = test_database
    assert by_name(ops.fingerprint()) != before  # the test database kept its changes


def test_a_backup_of_the_other_kind_or_no_backup_is_refused(world: World, tmp_path: Path) -> None:
    other = tmp_path / ("x.sqlite3" if connection.vendor == "postgresql" else "x.dump")
    other.write_bytes(
        ops.SQLITE_MAGIC + b"\0" * 100 if connection.vendor == "postgresql" else b"PGDMP\1\2"
    )
    with pytest.raises(ops.OpsError, match="的备份，当前数据库是"):
        ops.restore(other)
    text = tmp_path / "notes.txt"
    text.write_text("不是备份", encoding="utf-8")
    with pytest.raises(ops.OpsError, match="不是 jixiao 的备份文件"):
        ops.restore(text)
    with pytest.raises(ops.OpsError, match="无法读取备份文件"):
        ops.restore(tmp_path / "missing.dump")
    assert not (tmp_path / "data" / "backups").exists()  # nothing was replaced, nothing kept


def test_an_existing_file_is_never_overwritten(world: World, tmp_path: Path) -> None:
    taken = tmp_path / "taken.bak"
    taken.write_text("别的文件", encoding="utf-8")
    with pytest.raises(ops.OpsError, match="已存在"):
        ops.backup(taken)
    assert taken.read_text(encoding="utf-8") == "别的文件"


def test_the_commands_back_up_and_restore(world: World, data_dir: Path) -> None:
    runner = CliRunner()
    before = by_name(ops.fingerprint())
    done = runner.invoke(app, ["backup"])
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith("已备份：")
    (written,) = (data_dir / "backups").iterdir()
    assert str(written) in done.stdout
    if connection.vendor == "postgresql":
        return  # restored into a scratch database above: the test database stays as it is
    changed(world)
    asked = runner.invoke(app, ["restore", str(written)], input="n\n")
    assert asked.exit_code == 2
    assert "未恢复" in asked.stderr
    assert by_name(ops.fingerprint()) != before
    done = runner.invoke(app, ["restore", str(written), "--yes"])
    assert done.exit_code == 0, done.output
    assert "已恢复" in done.stdout
    assert "恢复前的内容已备份到" in done.stdout
    assert by_name(ops.fingerprint()) == before
    the_app_works(world)
    refused = runner.invoke(app, ["restore", str(data_dir / "nothing.dump"), "--yes"])
    assert (refused.exit_code, refused.stderr.startswith("错误：无法读取备份文件")) == (2, True)


def test_make_backup_and_restore_call_the_commands() -> None:
    makefile = (Path(__file__).parents[2] / "Makefile").read_text(encoding="utf-8")
    assert "$(BIN)/jixiao backup\n" in makefile
    assert '$(BIN)/jixiao restore "$(BACKUP)" --yes' in makefile
    assert os.path.exists("/usr/bin/pg_dump") or connection.vendor == "sqlite"
