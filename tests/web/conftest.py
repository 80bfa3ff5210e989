"""Personas: one user per role, placed in a two-department tree, and the seed imported."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from jixiao.org.models import Membership, Organisation
from jixiao.targets.models import Project, TargetDocument
from jixiao.targets.services import import_file

Role = Membership.Role
PERSONAS = [
    "filler",
    "unit_reviewer",
    "department_reviewer",
    "finance_reviewer",
    "readonly",
    "admin",
    "other_filler",
]
"""One user per role at their place in the tree (see `world`), and a unit filler elsewhere."""


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(
    os.environ.get("JIXIAO_SCREENSHOTS") or Path(__file__).parents[2] / "artifacts" / "screenshots"
)
"""The browser tests drive Debian's Chromium and leave their screenshots here."""


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    playwright = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop; Django's ORM calls here are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )  # fmt: skip
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    """Each test's database starts anew, keys and all: so must the cache of reviews."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: object) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@dataclass
class World:
    finance: Organisation
    commerce: Organisation
    investment_unit: Organisation
    commerce_unit: Organisation
    other_unit: Organisation
    users: dict[str, User]
    projects: list[Project]
    other_project: Project

    def project(self, code: str) -> Project:
        return next(p for p in self.projects if p.code == code)

    def copy_documents(self, count: int) -> None:
        """More documents like the seed's under the same department and year (for lists)."""
        document = self.projects[0].document
        TargetDocument.objects.bulk_create(
            TargetDocument(department=document.department, fiscal_year=document.fiscal_year,
                           source=f"复制{n}.txt", content_hash=f"{n:064d}", data=document.data)
            for n in range(count)
        )  # fmt: skip


SUBMIT_WHY = {"comment": "已知晓表中错误，按部门要求先报送"}
"""A filler's reason for submitting a table that still carries 错误 (most seed tables do)."""


def streamed(response: Any) -> str:
    """The text of a streamed page (the printable review)."""
    assert response.streaming, "the page was not streamed"
    return b"".join(response.streaming_content).decode()


def client_for(world: World, name: str, *, csrf: bool = False) -> Client:
    """A browser signed in as one of the world's personas."""
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(world.users[name])
    return client


def person(name: str, organisation: Organisation, role: str) -> User:
    user = User.objects.create_user(name, password="pw-" + name)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def world(db: None, seed_path: Path) -> World:
    finance = Organisation.objects.create(
        kind="finance", code="130303", name="秦皇岛市山海关区财政局"
    )
    commerce = Organisation.objects.create(
        kind="department", code="322", name="秦皇岛市山海关区商务局", parent=finance
    )
    imported = import_file(
        seed_path.read_bytes(), source="seed.txt", year=2024, department=commerce,
        create_units=True,  # the seed's two units: an import never creates them unasked
    ).document  # fmt: skip
    units = {u.code: u for u in Organisation.objects.filter(parent=commerce)}
    other_department = Organisation.objects.create(
        kind="department", code="401", name="秦皇岛市山海关区教育局", parent=finance
    )
    other_unit = Organisation.objects.create(
        kind="unit", code="401001", name="秦皇岛市山海关区教育局本级", parent=other_department
    )
    other_document = TargetDocument.objects.create(
        department=other_department, fiscal_year=imported.fiscal_year, source="education.txt",
        content_hash="0" * 64,
    )  # fmt: skip
    other_project = Project.objects.create(
        document=other_document, unit=other_unit, position=1, code="401-0001-XXX-0001",
        name="教育局项目", money_unit="元", data=imported.projects.first().data,
    )  # fmt: skip
    investment = units["322003"]
    users = {
        "filler": person("filler", investment, Role.UNIT_FILLER),
        "unit_reviewer": person("unit_reviewer", investment, Role.UNIT_REVIEWER),
        "department_reviewer": person("department_reviewer", commerce, Role.DEPARTMENT_REVIEWER),
        "finance_reviewer": person("finance_reviewer", finance, Role.FINANCE_REVIEWER),
        "readonly": person("readonly", commerce, Role.READONLY),
        "admin": person("admin", finance, Role.ADMIN),
        "other_filler": person("other_filler", other_unit, Role.UNIT_FILLER),
    }
    projects = list(imported.projects.exclude(pk=other_project.pk).order_by("position"))
    return World(
        finance, commerce, investment, units["322002"], other_unit, users, projects, other_project
    )


@pytest.fixture(scope="session", autouse=True)
def close_stray_connections(django_db_setup: None, django_db_blocker: object) -> object:
    """The live server's request threads may leave a PostgreSQL session open when the browser
    closes mid-request; end them so the test database can be dropped."""
    yield
    from django.db import connection

    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:  # type: ignore[attr-defined]
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
