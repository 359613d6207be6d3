"""Shared fixtures.

The demo content is expensive to load (``load_demo`` writes hundreds of pages and
revisions), so it is loaded at most once per test session and database: the first
test that asks for it loads it into the test database, which is then copied as a
whole; every later test that asks for it gets the copy restored before its
transaction begins (SQLite: the backup API of the in-memory database; PostgreSQL:
the copy is a template database). A test without the demo gets the database as it
was right after the migrations, restored the same way. Each test still runs in its
own transaction that is rolled back, as pytest-django does anyway. Tests with a live
server (transactional) load the demo themselves, as pytest-django rewrites and empties
the tables around them.
"""

import logging
import sqlite3
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import TestCase, TransactionTestCase
from django.utils.module_loading import import_string

from cms.request_log import JSON_FORMATTER

DEMO_DIR = Path(__file__).resolve().parents[1] / "home" / "demo"
STEINFURT = ["--manifest", str(DEMO_DIR / "steinfurt.yaml")]
DEMO_STATES = {
    # The first demo town (Steinfurt, the default site) without the translations.
    "demo": ["--no-translations", *STEINFURT],
    # Steinfurt with the translations of its concept and pages.
    "demo_translated": STEINFURT,
    # Both demo towns, each on its own site: Steinfurt and Rheine (no translations).
    "demo_towns": ["--no-translations", *STEINFURT, "--manifest", str(DEMO_DIR / "rheine.yaml")],
}
STATE_FIXTURE = "_database_state"
DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


class Snapshots:
    """Whole-database copies of the test database, made once and restored between tests."""

    def __init__(self):
        self.saved = {}
        self.current = "clean"  # the test database right after the migrations

    def ensure(self, name):
        if self.current == name:
            return
        if "clean" not in self.saved and self.current == "clean":
            self.saved["clean"] = self.save("clean")
        if name in self.saved:
            self.restore(self.saved[name])
        else:
            self.restore(self.saved["clean"])
            call_command("load_demo", *DEMO_STATES[name], verbosity=0)
            self.saved[name] = self.save(name)
        self.current = name

    def save(self, name):
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(copy)
            return copy
        if connection.vendor == "postgresql":
            source = connection.settings_dict["NAME"]
            copy = f"{source}_{name}"
            connection.close()
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{copy}"')
                cursor.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{source}"')
            return copy
        raise NotImplementedError(connection.vendor)

    def restore(self, copy):
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            copy.backup(connection.connection)
            return
        target = connection.settings_dict["NAME"]
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE "{target}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{target}" TEMPLATE "{copy}"')

    def drop(self):
        if connection.vendor != "postgresql":
            return
        connection.close()
        with connection._nodb_cursor() as cursor:
            for copy in self.saved.values():
                cursor.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
        self.saved.clear()


_snapshots = Snapshots()


def pytest_collection_modifyitems(items):
    # The database state is set before pytest-django opens the test's transaction.
    for item in items:
        names = getattr(item, "fixturenames", None)
        if names and STATE_FIXTURE in names:
            names.remove(STATE_FIXTURE)
            names.insert(0, STATE_FIXTURE)


@pytest.fixture(scope="session")
def _snapshot_store(django_db_setup, django_db_blocker):
    yield _snapshots
    with django_db_blocker.unblock():
        _snapshots.drop()


@pytest.fixture(autouse=True)
def _database_state(request):
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if not (names & (DB_FIXTURES | set(DEMO_STATES)) or marker):
        yield
        return
    store = request.getfixturevalue("_snapshot_store")
    transactional = bool(
        names & {"transactional_db", "live_server"} or (marker and marker.kwargs.get("transaction"))
    )
    # pytest-django writes the migrated state over the tables before a transactional test
    # and empties them after it: such a test starts from the migrated database and loads
    # the demo itself (``_require``).
    wanted = "clean" if transactional else next((n for n in DEMO_STATES if n in names), "clean")
    with request.getfixturevalue("django_db_blocker").unblock():
        store.ensure(wanted)
    for cache in caches.all(initialized_only=True):
        cache.clear()
    yield
    if transactional:
        store.current = None


@pytest.fixture(scope="class", autouse=True)
def _unittest_database_state(request):
    # A Django TestCase class writes its data in setUpClass (setUpTestData), before any
    # test's fixtures run: the database must be the migrated one by then, whatever state
    # the test before it left (with several workers, any file may run before it).
    cls = request.cls
    if cls is None or not issubclass(cls, TransactionTestCase):
        yield
        return
    store = request.getfixturevalue("_snapshot_store")
    with request.getfixturevalue("django_db_blocker").unblock():
        store.ensure("clean")
    yield
    if not issubclass(cls, TestCase):
        store.current = None  # a TransactionTestCase empties the tables after itself


def _require(name):
    # Reached only when the state could not be set before the transaction began
    # (the fixture was asked for from inside another one): load the demo in it.
    if _snapshots.current != name:
        call_command("load_demo", *DEMO_STATES[name], verbosity=0)


@pytest.fixture
def demo(db):
    """The demo content as ``manage.py load_demo`` creates it, without the translations."""
    _require("demo")


@pytest.fixture
def demo_towns(db):
    """Both demo towns as ``manage.py load_demo`` creates them, each on its own site:
    Steinfurt (the default site) and Rheine (``rheine.localhost:8000``)."""
    _require("demo_towns")


@pytest.fixture
def demo_translated(db):
    """The whole demo content, translations of the concept and pages included."""
    _require("demo_translated")


@pytest.fixture
def json_log():
    """The lines the request logger (``cms.request``) writes, formatted as production
    formats them (``cms.request_log.JSON_FORMATTER``)."""
    config = dict(JSON_FORMATTER)
    formatter = import_string(config.pop("()"))(**config)
    lines = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(formatter.format(record))

    logger = logging.getLogger("cms.request")
    handler = Collect(level=logging.INFO)
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield lines
    logger.removeHandler(handler)
    logger.setLevel(old_level)
