"""Property: whatever becomes of a valid export, ``import_concept`` takes it whole or refuses it.

Hypothesis mutates the export of the demo concept (keys deleted or renamed,
values replaced by odd ones, odd characters put into text, entries
duplicated, values swapped, the file's text cut off or broken) and imports it. The import either succeeds, and then the
database holds the whole file (importing it again would change nothing), or
it stops with a CommandError that says why, and then the database is as it
was. Never another exception, never half an import.
"""

import copy
import io
import json

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from home.management.commands.load_demo import CONCEPT_FILE
from tests.test_security_import import run, snapshot

ODD_VALUES = st.one_of(
    st.sampled_from(
        [
            None,
            True,
            0,
            -1,
            2**31,
            2**63,
            10**30,
            1.5,
            float("inf"),
            "",
            "   ",
            "a\x00b",
            "\x1b[31m",
            "\ud800",
            "2018-02-30",
            "2018-01-01T10:00",
            "1.10",
            "2.a",
            "x" * 600,
            "&anker",
            "*anker",
            "!!timestamp",
            "- a",
            "{",
            "[1, 2]",
            "draft",
            "superseded",
            "1.1",
            [],
            {},
            ["1.1", "1.1"],
            [1, [2, [3]]],
            {"number": "9", "title": "Neu"},
        ]
    ),
    st.text(max_size=20),
    st.integers(),
)
ODD_TEXT = st.one_of(
    st.sampled_from(
        [
            "\x00",
            "\x1b",
            "\x85",
            "\t",
            "\n",
            "\r",
            "  ",
            ": ",
            "- ",
            "&a ",
            "*a",
            "!!int ",
            "{",
            "]",
            '"',
            "'",
            "#",
        ]
    ),
    st.text(max_size=20),
)


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, path + (index,))


def _at(doc, path):
    for part in path:
        doc = doc[part]
    return doc


def _mutate_document(data, doc):
    """Apply one to three structural changes to the parsed document."""
    for _step in range(data.draw(st.integers(1, 3), label="steps")):
        paths = [path for path in _paths(doc) if path]
        if not paths:
            break
        path = data.draw(st.sampled_from(paths), label="path")
        parent, last = _at(doc, path[:-1]), path[-1]
        kind = data.draw(
            st.sampled_from(["delete", "replace", "edit", "duplicate", "swap", "rename"])
        )
        if kind == "delete":
            del parent[last]
        elif kind == "replace":
            parent[last] = data.draw(ODD_VALUES, label="value")
        elif kind == "edit" and isinstance(parent[last], str):
            position = data.draw(st.integers(0, len(parent[last])), label="position")
            odd = data.draw(ODD_TEXT, label="inserted")
            parent[last] = parent[last][:position] + odd + parent[last][position:]
        elif kind == "duplicate" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))
        elif kind == "rename" and isinstance(parent, dict):
            parent[data.draw(st.text(max_size=10), label="key")] = parent.pop(last)
        elif kind == "swap":
            other = data.draw(st.sampled_from(paths), label="other path")
            if other[: len(path)] != path and path[: len(other)] != other:
                other_parent = _at(doc, other[:-1])
                parent[last], other_parent[other[-1]] = other_parent[other[-1]], parent[last]
    return doc


def _mutate_text(data, text):
    kind = data.draw(st.sampled_from(["none", "truncate", "insert", "duplicate line"]))
    position = data.draw(st.integers(0, len(text)), label="position")
    if kind == "truncate":
        return text[:position]
    if kind == "insert":
        return text[:position] + data.draw(ODD_TEXT, label="inserted") + text[position:]
    if kind == "duplicate line":
        lines = text.splitlines(keepends=True)
        index = data.draw(st.integers(0, len(lines) - 1), label="line")
        return "".join(lines[: index + 1] + lines[index:])
    return text


@pytest.fixture
def demo_export(db):
    """The demo concept in the database and its export, parsed."""
    run("import_concept", str(CONCEPT_FILE))
    return yaml.safe_load(run("export_concept"))


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_mutated_export_is_imported_whole_or_refused_with_a_message(demo_export, tmp_path, data):
    doc = _mutate_document(data, copy.deepcopy(demo_export))
    fmt = data.draw(st.sampled_from(["yaml", "json"]), label="format")
    if fmt == "json":
        text = json.dumps(doc, ensure_ascii=False, indent=2)
    else:
        text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    text = _mutate_text(data, text)
    path = tmp_path / f"mutiert.{fmt}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    options = ["--retire-missing"] if data.draw(st.booleans(), label="retire") else []
    before = snapshot()

    with transaction.atomic():  # a savepoint per example, rolled back below
        try:
            call_command(
                "import_concept", str(path), *options, stdout=io.StringIO(), stderr=io.StringIO()
            )
        except CommandError as exc:
            event("refused")
            assert str(exc).strip()
            assert snapshot() == before, "a refused import changed the database"
        else:
            event("imported")
            again = run("import_concept", str(path), "--dry-run", "--retire-missing")
            assert ": 0 neu, 0 geändert, 0 zurückgezogen." in again, again
        transaction.set_rollback(True)
