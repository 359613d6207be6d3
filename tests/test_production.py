"""Production: the health endpoint, the request log, the settings, and scripts/serve itself."""

import gzip
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import override_settings

from cms.health import write_worker_heartbeat

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}


def production_env(**extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DJANGO_SECRET_KEY": "x" * 20 + "-a-long-random-production-key-for-the-check-" + "y" * 20,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "ALLOWED_HOSTS": "integration.steinfurt.example",
    }
    env.update(extra)
    return env


# --- /healthz/ ---------------------------------------------------------------------------


def test_health_reports_database_cache_and_worker_ok(client, db):
    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok", "worker": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_health_answers_any_host_name_a_probe_uses(client, db):
    with override_settings(ALLOWED_HOSTS=["integration.steinfurt.example"]):
        response = client.get("/healthz/", HTTP_HOST="10.0.0.7:8000")

    assert response.status_code == 200


def test_health_with_the_database_down_is_503_and_names_no_detail(client, db):
    failure = OperationalError('connection to server at "10.1.2.3", port 5432 failed: secret')
    with mock.patch.object(connection, "cursor", side_effect=failure):
        response = client.get("/healthz/")

    assert response.status_code == 503
    assert response.json()["database"] == "error"
    assert response.json()["cache"] == "ok"
    assert "10.1.2.3" not in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_health_with_the_cache_down_is_503(client, db):
    with mock.patch("cms.health.cache.set", side_effect=ConnectionError("redis down")):
        response = client.get("/healthz/")

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "error", "worker": "ok"}


@override_settings(TASKS=DATABASE_QUEUE)
def test_health_worker_is_error_without_a_heartbeat_but_the_site_stays_up(client, db):
    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.json()["worker"] == "error"

    write_worker_heartbeat()
    assert client.get("/healthz/").json()["worker"] == "ok"

    with mock.patch("cms.health.time.time", return_value=time.time() + 61):
        assert client.get("/healthz/").json()["worker"] == "error"


# --- the request log ---------------------------------------------------------------------


def test_each_request_is_one_json_line_with_method_path_status_and_duration(client, db, json_log):
    client.get("/gibt-es-nicht/?seite=2")

    assert len(json_log) == 1
    entry = json.loads(json_log[0])
    assert entry["method"] == "GET"
    assert entry["path"] == "/gibt-es-nicht/"
    assert entry["status"] == 404
    assert isinstance(entry["duration_ms"], int | float) and entry["duration_ms"] >= 0
    assert entry["query"] == "seite=2"
    assert entry["level"] == "INFO" and entry["logger"] == "cms.request"


@pytest.mark.parametrize("query", ["token=abc123", "api_key=abc123", "x=1&Password=abc123"])
def test_a_query_string_with_a_secret_is_not_logged(client, db, json_log, query):
    client.get(f"/gibt-es-nicht/?{query}")

    entry = json.loads(json_log[0])
    assert entry["query"] == "[redacted]"
    assert "abc123" not in json_log[0]


# --- production settings -----------------------------------------------------------------


def test_production_settings_pass_the_deploy_check():
    result = subprocess.run(
        [PYTHON, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_redis():
    env = production_env()
    del env["REDIS_URL"]
    result = subprocess.run(
        [PYTHON, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "REDIS_URL is not set" in result.stderr


def test_production_settings_choose_s3_media_when_a_bucket_is_named():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.STORAGES['default']['BACKEND'], settings.STORAGES['staticfiles']['BACKEND'],"
        " settings.TASKS['default']['BACKEND'])"
    )
    result = subprocess.run(
        [PYTHON, "-c", code],
        cwd=ROOT,
        env=production_env(AWS_STORAGE_BUCKET_NAME="steinfurt-media"),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "storages.backends.s3.S3Storage",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "django_tasks_db.DatabaseBackend",
    ]


# --- scripts/serve -----------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def fresh_postgres_database(_snapshot_store, django_db_blocker):
    """A new PostgreSQL database holding what the migrations make (Wagtail's page tree)."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "scripts/serve runs on PostgreSQL: this test runs when the tests do "
            "(DATABASE_URL=postgres://...)"
        )
    with django_db_blocker.unblock():
        _snapshot_store.ensure("clean")
        if "clean" not in _snapshot_store.saved:
            _snapshot_store.saved["clean"] = _snapshot_store.save("clean")
        source = _snapshot_store.saved["clean"]
        name = f"{connection.settings_dict['NAME']}_serve"
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    settings = connection.settings_dict
    auth = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    yield f"postgres://{auth}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{name}"
    with django_db_blocker.unblock():
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def redis_reachable(url="redis://127.0.0.1:6379/0"):
    import redis

    try:
        return redis.Redis.from_url(url, socket_timeout=2).ping()
    except redis.RedisError:
        return False


@pytest.mark.server
def test_serve_starts_gunicorn_and_worker_serving_pages_health_and_compressed_static(
    fresh_postgres_database, tmp_path
):
    if not redis_reachable():
        pytest.skip("Redis is not reachable at redis://127.0.0.1:6379/0")
    port = free_port()
    env = production_env(
        DATABASE_URL=fresh_postgres_database,
        ALLOWED_HOSTS="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY="2",
        SKIP_SETUP="1",
        CACHE_KEY_PREFIX=f"serve-test-{port}",
        STATIC_ROOT=os.environ.get("SERVE_TEST_STATIC_ROOT", str(tmp_path / "static")),
        SECURE_SSL_REDIRECT="false",
    )
    log = open(tmp_path / "serve.log", "w+")
    server = subprocess.Popen(
        ["scripts/serve"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        health = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                health = fetch(f"{base}/healthz/")
            except OSError:
                time.sleep(0.5)
                continue
            if json.loads(health[2]).get("worker") == "ok":
                break
            time.sleep(0.5)
        log.seek(0)
        assert health is not None, f"scripts/serve did not answer:\n{log.read()[-3000:]}"

        status, headers, body = health
        assert status == 200
        assert json.loads(body) == {"database": "ok", "cache": "ok", "worker": "ok"}

        status, headers, body = fetch(f"{base}/")
        assert status == 200
        assert headers["Server"] == "gunicorn"
        stylesheet = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body)
        assert stylesheet, "the home page links no hashed stylesheet"

        status, headers, body = fetch(
            base + stylesheet.group(1).decode(), {"Accept-Encoding": "gzip"}
        )
        assert status == 200
        assert headers["Content-Encoding"] == "gzip"
        assert b"{" in gzip.decompress(body)
        assert "immutable" in headers["Cache-Control"]
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            raise
        log.close()
    assert server.returncode == 0
    for line in (tmp_path / "serve.log").read_text().splitlines():
        if '"cms.request"' in line and '"/healthz/"' not in line:
            entry = json.loads(line)
            assert entry["method"] == "GET" and isinstance(entry["status"], int)
            break
    else:
        raise AssertionError("gunicorn wrote no JSON request line")
    # gunicorn and the worker ended with the script
    time.sleep(0.5)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
