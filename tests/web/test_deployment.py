"""Deployment settings: no start without a secret key (but for a local demo, debug or the
tests), HTTPS hardening that `check --deploy` finds clean, the Content-Security-Policy (no inline
script anywhere; Swagger UI still works), no caching of signed-in pages, sessions of a working
day, tracebacks of 500s logged, the API docs behind the login, and gunicorn's configuration."""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.web.conftest import World, client_for

ROOT = Path(__file__).parents[2]
TEMPLATES = ROOT / "jixiao" / "web" / "templates"
CODE = "322-0601-YBN-5D8Z"
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
HANDLER = re.compile(r"""\son[a-z]+\s*=|javascript:""", re.I)


def environment(**values: str) -> dict[str, str]:
    """This process's environment without the variables under test, plus `values`."""
    cleared = {"JIXIAO_SECRET_KEY", "JIXIAO_DEMO", "JIXIAO_DEBUG", "JIXIAO_SECURE"}
    return {
        **{k: v for k, v in os.environ.items() if k not in cleared},
        "DJANGO_SETTINGS_MODULE": "jixiao.web.settings",
        **values,
    }


def python(code: str, **values: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], env=environment(**values), cwd=ROOT,
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip


def manage(*args: str, **values: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args], env=environment(**values), cwd=ROOT,
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip


KEY = secrets.token_urlsafe(50)


# -- the secret key -------------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["import jixiao.web.wsgi", "import django; django.setup()"])
def test_without_a_secret_key_the_application_refuses_to_start(start: str) -> None:
    refused = python(start)
    assert refused.returncode != 0
    assert "ImproperlyConfigured: 未设置环境变量 JIXIAO_SECRET_KEY" in refused.stderr
    assert "JIXIAO_DEMO=true" in refused.stderr  # and says how a local demo runs


@pytest.mark.parametrize(
    "values",
    [{"JIXIAO_DEMO": "true"}, {"JIXIAO_DEBUG": "true"}, {"JIXIAO_SECRET_KEY": KEY}],
    ids=["demo", "debug", "key"],
)
def test_a_demo_debug_or_a_key_starts(values: dict[str, str]) -> None:
    started = python("import jixiao.web.wsgi; print('started')", **values)
    assert started.stdout.strip() == "started", started.stderr


def test_https_without_a_key_is_refused_even_in_a_demo() -> None:
    refused = python("import jixiao.web.wsgi", JIXIAO_DEMO="true", JIXIAO_SECURE="true")
    assert "未设置环境变量 JIXIAO_SECRET_KEY" in refused.stderr


def test_the_command_line_says_so_in_chinese_not_with_a_traceback(tmp_path: Path) -> None:
    refused = subprocess.run(
        [sys.executable, "-m", "jixiao", "import", "x.txt", "--year", "2024"],
        env=environment(JIXIAO_DATA_DIR=str(tmp_path)), cwd=ROOT, capture_output=True, text=True,
        check=False, timeout=120,
    )  # fmt: skip
    assert refused.returncode == 2
    assert refused.stderr.startswith("错误：未设置环境变量 JIXIAO_SECRET_KEY")
    assert "Traceback" not in refused.stderr


def test_the_tests_and_make_run_are_local_demos() -> None:
    assert os.environ["JIXIAO_DEMO"] == "true"  # tests/settings.py
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    run = makefile[makefile.index("\nrun:") : makefile.index("\nserve:")]
    assert run.count("JIXIAO_DEMO=true $(BIN)/") == 3  # demo, collectstatic, runserver


# -- HTTPS ------------------------------------------------------------------------------------------


def test_the_deploy_check_is_clean_behind_https(tmp_path: Path) -> None:
    done = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        JIXIAO_SECURE="true", JIXIAO_SECRET_KEY=KEY, JIXIAO_DATA_DIR=str(tmp_path),
        JIXIAO_ALLOWED_HOSTS="jixiao.example.gov.cn",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout
    assert "WARNINGS" not in done.stdout + done.stderr


def test_without_https_the_deploy_check_names_what_is_missing(tmp_path: Path) -> None:
    done = manage(
        "check", "--deploy", JIXIAO_SECRET_KEY=KEY, JIXIAO_DATA_DIR=str(tmp_path)
    )  # fmt: skip
    for warning in ("W004", "W008", "W012", "W016"):  # HSTS, redirect, both cookies
        assert f"security.{warning}" in done.stderr


SECURE_REQUESTS = """
import json, django
django.setup()
from django.test import Client
plain = Client().get("/login/")
proxied = Client().get("/login/", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location")],
    "proxied": proxied.status_code,
    "hsts": proxied.get("Strict-Transport-Security"),
    "csrf_secure": proxied.cookies["csrftoken"]["secure"],
}))
"""


def test_https_turns_on_redirect_hsts_secure_cookies_and_the_proxy_header(tmp_path: Path) -> None:
    done = python(
        SECURE_REQUESTS, JIXIAO_SECURE="true", JIXIAO_SECRET_KEY=KEY,
        JIXIAO_DATA_DIR=str(tmp_path), JIXIAO_ALLOWED_HOSTS="testserver",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["plain"] == [301, "https://testserver/login/"]
    assert seen["proxied"] == 200  # X-Forwarded-Proto: https from the proxy is believed
    assert seen["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert seen["csrf_secure"] is True


# -- sessions ---------------------------------------------------------------------------------------


def test_a_session_lasts_a_working_day_and_ends_with_the_browser(world: World) -> None:
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    client = Client()
    response = client.post("/login/", {"username": "filler", "password": "pw-filler"})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert (cookie["max-age"], cookie["expires"]) == ("", "")  # a browser-session cookie
    assert cookie["httponly"]
    assert client.session.get_expiry_age() == 8 * 3600


def test_the_session_hours_come_from_the_environment() -> None:
    code = "import django; django.setup(); from django.conf import settings as s; print(s.SESSION_COOKIE_AGE)"
    assert python(code, JIXIAO_DEMO="true", JIXIAO_SESSION_HOURS="2").stdout.strip() == "7200"
    refused = python(code, JIXIAO_DEMO="true", JIXIAO_SESSION_HOURS="0")
    assert refused.returncode != 0
    assert "JIXIAO_SESSION_HOURS" in refused.stderr


# -- Content-Security-Policy and caching -------------------------------------------------------------


def test_no_template_runs_inline_script() -> None:
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not INLINE_SCRIPT.search(text), template
        assert not HANDLER.search(text), template


def pages(world: World) -> dict[str, str]:
    project = world.project(CODE)
    return {
        "todo": "/",
        "project": f"/projects/{project.pk}/",
        "indicator": f"/projects/{project.pk}/indicators/0/",
        "document": f"/documents/{project.document_id}/",
        "import": "/import/",
        "not found": "/no-such-page/",
        "api docs": "/api/docs",
        "admin": "/admin/",
    }


def test_every_page_carries_the_policy_and_is_not_cached(world: World) -> None:
    client = client_for(world, "filler")
    client.raise_request_exception = False
    for name, url in pages(world).items():
        response = client.get(url)
        assert response.status_code in (200, 302, 404), (name, response.status_code)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self';" in policy, name
        assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in policy
        assert "no-store" in response["Cache-Control"], name
        assert "private" in response["Cache-Control"], name
        page = response.content.decode()
        assert not INLINE_SCRIPT.search(page), name
        assert not HANDLER.search(page), name


def test_api_answers_are_not_cached_static_files_are(world: World) -> None:
    client = client_for(world, "filler")
    assert client.get("/api/projects")["Cache-Control"] == "private, no-store"
    assert Client().get("/api/projects")["Cache-Control"] == "private, no-store"  # 401 too
    static = client.get("/static/jixiao/confirm.js")
    assert static.status_code == 200
    assert b"data-confirm" in b"".join(static.streaming_content)  # type: ignore[attr-defined]
    static.close()
    assert "no-store" not in static.get("Cache-Control", "")
    assert "Content-Security-Policy" not in static


@pytest.mark.urls("tests.web.error_urls")
def test_a_500_is_logged_with_its_traceback_and_shown_in_chinese(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    client = client_for(world, "filler")
    client.raise_request_exception = False
    response = client.get("/fail/")
    assert response.status_code == 500
    assert "<h1>系统出错</h1>" in response.content.decode()
    assert "测试用的故障" not in response.content.decode()
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelname == "ERROR"
    assert record.exc_info is not None
    assert str(record.exc_info[1]) == "测试用的故障"


A_500 = """
import django
django.setup()
from django.test import Client
from django.test.utils import override_settings
with override_settings(ROOT_URLCONF="tests.web.error_urls"):
    print(Client(raise_request_exception=False).get("/fail/").status_code)
"""


def test_the_traceback_of_a_500_goes_to_stderr_and_the_log_file(tmp_path: Path) -> None:
    done = python(
        A_500, JIXIAO_DEMO="true", JIXIAO_DATA_DIR=str(tmp_path), JIXIAO_LOG_FILE="errors.log",
        JIXIAO_ALLOWED_HOSTS="testserver",
    )  # fmt: skip
    assert done.stdout.strip() == "500", done.stderr
    for logged in (done.stderr, (tmp_path / "errors.log").read_text(encoding="utf-8")):
        assert "ERROR django.request" in logged
        assert "Internal Server Error: /fail/" in logged
        assert "Traceback (most recent call last)" in logged
        assert "RuntimeError: 测试用的故障" in logged
    quiet = python(
        A_500, JIXIAO_DEMO="true", JIXIAO_DATA_DIR=str(tmp_path / "none"),
        JIXIAO_ALLOWED_HOSTS="testserver",
    )  # fmt: skip
    assert "RuntimeError: 测试用的故障" in quiet.stderr  # no file asked for: stderr alone
    assert not (tmp_path / "none").exists()


def test_the_api_docs_need_a_login(world: World) -> None:
    for url in ("/api/docs", "/api/openapi.json"):
        anonymous = Client().get(url)
        assert anonymous.status_code == 302, url
        assert anonymous["Location"].startswith("/login/?next=/api/")
        assert client_for(world, "readonly").get(url).status_code == 200


# -- gunicorn ---------------------------------------------------------------------------------------


def test_gunicorn_is_configured_for_a_proxy_on_this_machine() -> None:
    config: dict[str, object] = {}
    source = (ROOT / "deploy" / "gunicorn.conf.py").read_text(encoding="utf-8")
    exec(compile(source, "gunicorn.conf.py", "exec"), config)
    assert config["bind"] == "127.0.0.1:8000"
    assert config["wsgi_app"] == "jixiao.web.wsgi:application"
    assert config["workers"] == (os.cpu_count() or 1) * 2 + 1
    assert 30 <= config["timeout"] <= 120  # type: ignore[operator]
    assert config["accesslog"] == "-"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    serve = makefile[makefile.index("\nserve:") : makefile.index("\nbackup:")]
    assert "migrate --noinput" in serve
    assert "collectstatic --noinput" in serve
    assert "gunicorn --config deploy/gunicorn.conf.py" in serve


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_gunicorn_serves_the_application(tmp_path: Path) -> None:
    port = free_port()
    values = {
        "JIXIAO_SECRET_KEY": KEY, "JIXIAO_DATA_DIR": str(tmp_path), "JIXIAO_BIND": f"127.0.0.1:{port}",
        "JIXIAO_WORKERS": "1", "DATABASE_URL": "",
    }  # fmt: skip
    assert manage("migrate", "--noinput", **values).returncode == 0
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "--config", "deploy/gunicorn.conf.py"], env=environment(**values),
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as page:
                    body, headers = page.read().decode(), page.headers
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not answer")
        assert "登录" in body
        assert "script-src 'self'" in headers["Content-Security-Policy"]
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=30)
    assert '"GET /login/ HTTP/1.1" 200' in out  # the access log, on standard output


# -- in a real browser: the pages' scripts and Swagger UI under the policy ---------------------------


@pytest.mark.django_db(transaction=True)
def test_the_pages_scripts_and_swagger_ui_work_under_the_policy(
    live_server: object, world: World
) -> None:
    from tests.web.test_browser import CHROMIUM

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    playwright = pytest.importorskip("playwright.sync_api")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    server = str(live_server)
    project = world.project(CODE)
    violations: list[str] = []
    try:
        with playwright.sync_playwright() as driver:
            browser = driver.chromium.launch(
                executable_path=CHROMIUM, headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            )  # fmt: skip
            page = browser.new_page()
            page.on(
                "console",
                lambda m: (
                    violations.append(m.text) if "Content Security Policy" in m.text else None
                ),
            )
            page.goto(f"{server}/login/")
            page.fill("input[name=username]", "filler")
            page.fill("input[name=password]", "pw-filler")
            page.click("text=登录 >> nth=-1")
            # the indicator editor's live reading (indicator_form.js, asking the API)
            page.goto(f"{server}/projects/{project.pk}/indicators/0/")
            page.fill("#target", "≥95%")
            # a locator waits in Playwright's own world: a string predicate would need eval,
            # which the policy forbids in the page
            page.locator("#reading", has_text="95").wait_for()
            # deleting a row asks first (confirm.js): dismissed, nothing is deleted
            page.goto(f"{server}/projects/{project.pk}/")
            asked: list[str] = []
            page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
            page.locator("form[data-confirm] button").first.click()
            page.wait_for_timeout(300)
            assert asked
            assert asked[0].startswith("确定删除第1行指标")
            # Swagger UI draws the API from openapi.json
            page.goto(f"{server}/api/docs")
            page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
            assert "绩效（jixiao）API" in page.inner_text(".swagger-ui .info .title")
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    assert len(project.to_core().indicators) == len(
        type(project).objects.get(pk=project.pk).to_core().indicators
    )
    assert violations == []


def test_the_health_check_answers_with_one_query_and_no_login(
    db: None, django_assert_num_queries: object
) -> None:
    from django.test import Client

    with django_assert_num_queries(1):  # type: ignore[operator]
        response = Client().get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok")
    assert "no-cache" in response["Cache-Control"]
