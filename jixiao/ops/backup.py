"""Backups of the database and restoring one: `jixiao backup [PATH]`, `jixiao restore PATH`
(`make backup`, `make restore BACKUP=PATH`).

PostgreSQL (DATABASE_URL names one) is dumped with `pg_dump --format=custom` and restored with
`pg_restore` in one transaction (all or nothing); SQLite is copied with its online backup API,
page by page, consistent while the application keeps running. Without a path a backup goes to
`backups/` in the data directory under a timestamped name (jixiao-20240301-093000.dump or
.sqlite3). A restore replaces the database's content with the backup's; it first backs up what
it replaces (jixiao-…-before-restore), so a wrong restore can be undone.

Every problem is an `OpsError` with a Chinese message saying what to do.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.utils import timezone

PG_MAGIC = b"PGDMP"  # the first bytes of a pg_dump custom-format archive
SQLITE_MAGIC = b"SQLite format 3\x00"
CLIENT = "请安装 PostgreSQL 客户端（Debian/Ubuntu：apt-get install postgresql-client）后重试。"


class OpsError(Exception):
    """A backup or restore that could not be done; the message says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Table:
    name: str
    rows: int
    checksum: str
    """SHA-256 of the rows in a fixed order: equal tables have equal checksums."""


def is_postgres(alias: str = "default") -> bool:
    return connections[alias].vendor == "postgresql"


def backups_dir() -> Path:
    return Path(settings.DATA_DIR) / "backups"


def default_path(suffix: str = "") -> Path:
    """A new file in the data directory's backups/, named by the time (Asia/Shanghai)."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    extension = ".dump" if is_postgres() else ".sqlite3"
    folder = backups_dir()
    path = folder / f"jixiao-{stamp}{suffix}{extension}"
    number = 2
    while path.exists():  # two backups within a second
        path = folder / f"jixiao-{stamp}{suffix}-{number}{extension}"
        number += 1
    return path


def backup(path: Path | None = None, *, alias: str = "default") -> Path:
    """Write a backup of the database to `path` (a file; a folder gets a timestamped file in
    it; None: backups/ in the data directory). Returns the file written."""
    if path is None:
        path = default_path()
    elif path.is_dir():
        path = path / default_path().name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OpsError(f"无法建立备份目录「{path.parent}」（{error.strerror}）。") from None
    if path.exists():
        raise OpsError(f"备份文件「{path}」已存在；请换一个文件名，或先移走原文件。")
    partial = path.with_name(path.name + ".partial")  # a cut-off backup never looks whole
    try:
        if is_postgres(alias):
            _pg_dump(connections[alias].settings_dict, partial)
        else:
            _sqlite_copy(_sqlite(alias), partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def restore(path: Path, *, alias: str = "default", keep_current: bool = True) -> Path | None:
    """Replace the database's content with the backup at `path`, all or nothing. With
    `keep_current` the content replaced is backed up first; returns that backup's path."""
    kind = backup_kind(path)
    target = "postgresql" if is_postgres(alias) else "sqlite"
    if kind != target:
        raise OpsError(
            f"「{path}」是 {_KIND_NAMES[kind]} 的备份，当前数据库是 {_KIND_NAMES[target]}："
            "请恢复到同一种数据库（DATABASE_URL 决定使用哪一种）。"
        )
    before = backup(default_path("-before-restore"), alias=alias) if keep_current else None
    connection = connections[alias]
    if kind == "postgresql":
        connection.close()  # pg_restore drops and recreates the tables this session would hold
        _pg_restore(connection.settings_dict, path)
    else:
        _sqlite_restore(path, _sqlite(alias))
    connection.close()  # the next query sees the restored database
    cache.clear()  # reviews cached under revisions of the content replaced
    return before


_KIND_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


def backup_kind(path: Path) -> str:
    """ "postgresql" or "sqlite", by the file's first bytes; anything else is refused."""
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise OpsError(f"无法读取备份文件「{path}」（{error.strerror}）。") from None
    if head.startswith(PG_MAGIC):
        return "postgresql"
    if head == SQLITE_MAGIC:
        return "sqlite"
    raise OpsError(
        f"「{path}」不是 jixiao 的备份文件（应为 pg_dump 自定义格式或 SQLite 数据库文件）。"
    )


def fingerprint(alias: str = "default") -> list[Table]:
    """Each table's row count and a checksum of its rows (ordered by every column): equal for a
    database and its restored backup."""
    connection = connections[alias]
    tables = []
    with connection.cursor() as cursor:
        for name in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(name)
            width = len(connection.introspection.get_table_description(cursor, name))
            order = ", ".join(str(n) for n in range(1, width + 1))
            cursor.execute(f"SELECT * FROM {quoted} ORDER BY {order}")  # noqa: S608 (quoted name)
            digest = hashlib.sha256()
            count = 0
            for row in cursor.fetchall():
                digest.update(repr(row).encode("utf-8", "backslashreplace") + b"\n")
                count += 1
            tables.append(Table(name, count, digest.hexdigest()))
    return tables


# -- SQLite -------------------------------------------------------------------------------------


def _sqlite(alias: str) -> sqlite3.Connection:
    """The Django connection's own sqlite3 connection (a file, or the tests' in-memory one)."""
    connection = connections[alias]
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise OpsError("数据库正处于事务中，不能备份或恢复；请在事务之外运行。")
    raw: Any = connection.connection
    return raw  # type: ignore[no-any-return]


def _sqlite_copy(source: sqlite3.Connection, path: Path) -> None:
    target = sqlite3.connect(path)
    try:
        source.backup(target)  # online: page by page, a consistent snapshot
    except sqlite3.Error as error:
        raise OpsError(f"SQLite 备份失败（{error}）；请确认磁盘空间后重试。") from None
    finally:
        target.close()


def _sqlite_restore(path: Path, target: sqlite3.Connection) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        checked = source.execute("PRAGMA integrity_check").fetchone()
        if checked is None or checked[0] != "ok":
            raise OpsError(f"备份文件「{path}」已损坏（SQLite 完整性检查未通过），未恢复。")
        source.backup(target)  # replaces the whole content, in one step
    except sqlite3.DatabaseError as error:
        raise OpsError(f"无法从「{path}」恢复（{error}）：文件可能已损坏。") from None
    finally:
        source.close()


# -- PostgreSQL -------------------------------------------------------------------------------


def _pg_command(program: str) -> str:
    found = shutil.which(program)
    if found is None:
        raise OpsError(f"找不到 {program}。{CLIENT}")
    return found


def _pg_arguments(database: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    arguments = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            arguments.append(f"{option}={database[key]}")
    environment = {**os.environ}
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = str(database["PASSWORD"])  # never on the command line
    return arguments, environment


def _run(command: list[str], environment: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(  # noqa: S603 (our own arguments, no shell)
            command, env=environment, capture_output=True, text=True, check=False
        )
    except OSError as error:
        raise OpsError(f"无法运行 {command[0]}（{error.strerror}）。{CLIENT}") from None
    if done.returncode != 0:
        said = done.stderr.strip().splitlines()[-3:]
        raise OpsError(
            f"{what}失败（{Path(command[0]).name} 退出码 {done.returncode}）：{' / '.join(said)}。"
            "请检查 DATABASE_URL 中的地址、用户和密码，以及 PostgreSQL 客户端与服务器的版本。"
        )


def _pg_dump(database: dict[str, Any], path: Path) -> None:
    arguments, environment = _pg_arguments(database)
    command = [
        _pg_command("pg_dump"), *arguments, "--format=custom", f"--file={path}",
        f"--dbname={database['NAME']}",
    ]  # fmt: skip
    _run(command, environment, "PostgreSQL 备份")


def _pg_restore(database: dict[str, Any], path: Path) -> None:
    arguments, environment = _pg_arguments(database)
    command = [
        _pg_command("pg_restore"), *arguments, "--clean", "--if-exists", "--no-owner",
        "--no-acl", "--single-transaction", "--exit-on-error", f"--dbname={database['NAME']}",
        str(path),
    ]  # fmt: skip
    _run(command, environment, "PostgreSQL 恢复")
