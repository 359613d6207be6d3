"""``manage.py import_concept`` with hostile, broken or cut-off files.

Every such file is refused with a message that names its place (path and line
where the file has them), in bounded time and memory, and nothing is written.
A file that leaves out items of the concept retires them only when asked to
(``--retire-missing``); ``--dry-run`` shows what an import would do.
"""

import io
import json
import tracemalloc

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from home.management.commands.load_demo import CONCEPT_FILE
from integration_check.models import Concept, FieldOfAction, Goal, GuidingPrinciple, Measure
from tests.test_concept_exchange import MINIMAL

# The small valid document of the exchange tests; the cases below break it at known lines.
# line 5: valid_from   line 8: principle number   line 20: measure title   line 21: page
MEASURE = "concept.fields_of_action[0].measures[0]"

MINIMAL_JSON = json.dumps(yaml.safe_load(MINIMAL), default=str, indent=1)


def json_with(**measure):
    """The minimal document in JSON, with values of measure 1.1 replaced (raw JSON text)."""
    doc = yaml.safe_load(MINIMAL)
    doc["concept"]["valid_from"] = "2024-01-01"
    for key in measure:
        doc["concept"]["fields_of_action"][0]["measures"][0][key] = f"@{key}@"
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    for key, raw in measure.items():
        text = text.replace(f'"@{key}@"', raw)
    return text


def alias_bomb():
    lines = [
        "format: integrationskonzept/1",
        "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
    ]
    for level in range(1, 10):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n" + MINIMAL.split("\n", 1)[1]


def nested(depth):
    return "[" * depth + "]" * depth


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


def refuse(path, *options):
    """Import a file that must be refused; return the lines on stderr and the error."""
    err = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_concept", str(path), *options, stdout=io.StringIO(), stderr=err)
    lines = [line for line in err.getvalue().splitlines() if line.strip()]
    assert lines, "a refused import must say why on stderr"
    return lines, str(excinfo.value)


def snapshot():
    """Every row of every concept, with every value that an import could change."""
    rows = {}
    for model in (Concept, GuidingPrinciple, FieldOfAction, Goal, Measure):
        rows[model.__name__] = sorted(map(repr, model.objects.values_list()))
    rows["measure goals"] = sorted(Measure.goals.through.objects.values_list("measure", "goal"))
    return rows


@pytest.fixture
def steinfurt(db):
    run("import_concept", str(CONCEPT_FILE))
    return Concept.objects.get(slug="steinfurt-2018-2021")


def export_doc():
    return yaml.safe_load(run("export_concept", "--concept", "steinfurt-2018-2021"))


# --- item 7: hostile or broken files are refused at their place -------------------------

BAD = {
    # name: (file name, text, path ("" = the document), line or None, words in the message)
    "yaml alias bomb": ("bombe.yaml", alias_bomb(), "", 2, ["Anker"]),
    "yaml nested too deep": (
        "tief.yaml",
        MINIMAL.replace("      page: 24\n", f"      page: 24\n      text: {nested(100_000)}\n"),
        "",
        22,
        ["verschachtelt", "20"],
    ),
    "json nested too deep for python": (
        "tief.json",
        json_with(text=nested(100_000)),
        "",
        None,
        ["verschachtelt"],
    ),
    "json nested too deep": ("tief.json", json_with(text=nested(30)), "", None, ["verschachtelt"]),
    "list as a key": (
        "schluessel.yaml",
        MINIMAL.replace("      page: 24\n", "      page: 24\n      ? [1, 2]\n      : x\n"),
        "",
        22,
        ["Schlüssel"],
    ),
    "impossible date": (
        "datum.yaml",
        MINIMAL.replace("2024-01-01", "2018-02-30"),
        "concept.valid_from",
        5,
        ["2018-02-30", "gibt es nicht"],
    ),
    "impossible date in json": (
        "datum.json",
        MINIMAL_JSON.replace("2024-01-01", "2018-02-30"),
        "concept.valid_from",
        6,
        ["2018-02-30", "gibt es nicht"],
    ),
    "date as a yaml tag": (
        "tag.yaml",
        MINIMAL.replace("2024-01-01", "!!timestamp 2018-02-30"),
        "",
        5,
        ["!!timestamp"],
    ),
    "page over 2**63": (
        "seite.yaml",
        MINIMAL.replace("page: 24", f"page: {2**63}"),
        f"{MEASURE}.page",
        21,
        ["1 bis 2147483647"],
    ),
    "page over the column's range": (
        "seite.yaml",
        MINIMAL.replace("page: 24", f"page: {2**31}"),
        f"{MEASURE}.page",
        21,
        ["1 bis 2147483647"],
    ),
    "page with more digits than python reads": (
        "seite.yaml",
        MINIMAL.replace("page: 24", f"page: {'9' * 5000}"),
        f"{MEASURE}.page",
        21,
        ["1 bis 2147483647"],
    ),
    "page with more digits than python reads in json": (
        "seite.json",
        json_with(page="9" * 5000),
        f"{MEASURE}.page",
        None,
        ["1 bis 2147483647"],
    ),
    "page 1e999 in json": ("seite.json", json_with(page="1e999"), f"{MEASURE}.page", None, []),
    "number as a huge integer": (
        "nummer.yaml",
        MINIMAL.replace(
            "number: '1'\n    title: Vielfalt", f"number: {10**30}\n    title: Vielfalt"
        ),
        "concept.guiding_principles[0].number",
        8,
        ["zu lang", "20"],
    ),
    "title over its max_length": (
        "titel.yaml",
        MINIMAL.replace("title: Beratung", f"title: {'B' * 501}"),
        f"{MEASURE}.title",
        20,
        ["501", "500"],
    ),
    "NUL in yaml": (
        "nul.yaml",
        MINIMAL.replace("title: Beratung", 'title: "Bera\\0tung"'),
        f"{MEASURE}.title",
        20,
        ["U+0000"],
    ),
    "raw NUL in yaml": (
        "nul.yaml",
        MINIMAL.replace("title: Beratung", "title: Bera\0tung"),
        "",
        20,
        ["U+0000"],
    ),
    "NUL in json": ("nul.json", json_with(text='"a\\u0000b"'), f"{MEASURE}.text", None, ["U+0000"]),
    "escape character in json": (
        "esc.json",
        json_with(title='"\\u001b[31mrot"'),
        f"{MEASURE}.title",
        None,
        ["U+001B"],
    ),
    "lone surrogate in json": (
        "surrogat.json",
        json_with(title='"\\ud800"'),
        f"{MEASURE}.title",
        None,
        ["U+D800"],
    ),
    "too many values": (
        "viele.yaml",
        MINIMAL.replace(
            "      page: 24\n", "      page: 24\n      responsible: [" + "a," * 100_000 + "a]\n"
        ),
        "",
        22,
        ["100000"],
    ),
    "file over 5 MB": (
        "gross.yaml",
        MINIMAL + "#" * (5 * 1024 * 1024),
        "",
        None,
        ["5 MB"],
    ),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_a_hostile_or_broken_file_is_refused_at_its_place_and_nothing_is_written(
    steinfurt, tmp_path, case
):
    name, text, path, line, words = BAD[case]
    file = write(tmp_path, name, text)
    before = snapshot()

    problems, error = refuse(file)

    assert len(problems) == 1, problems
    problem = problems[0]
    where = path or "Dokument"
    assert problem.startswith(f"{file}: {where} ") or problem.startswith(f"{file}: {where}:")
    if line:
        assert f"(Zeile {line})" in problem, problem
    for word in words:
        assert word in problem, problem
    assert "1 Fehler" in error and "nichts geändert" in error
    assert snapshot() == before
    assert not Concept.objects.filter(slug="musterstadt-2024").exists()


def test_the_cases_differ_from_a_valid_file_only_where_they_break_it(db, tmp_path):
    """MINIMAL and its JSON forms import cleanly, so each case fails for its own reason."""
    for name, text in [("m.yaml", MINIMAL), ("m.json", MINIMAL_JSON), ("j.json", json_with())]:
        assert "importiert" in run("import_concept", str(write(tmp_path, name, text)))


def test_an_alias_bomb_is_refused_in_bounded_memory(db, tmp_path):
    file = write(tmp_path, "bombe.yaml", alias_bomb())
    assert file.stat().st_size < 1024
    tracemalloc.start()
    try:
        refuse(file)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024


def test_a_file_over_5_mb_is_refused_before_it_is_read(db, tmp_path):
    """Not even the first 5 MB are parsed: the YAML error at the start goes unmentioned."""
    file = write(tmp_path, "gross.yaml", "concept: [\n" + " " * (5 * 1024 * 1024))
    problems, _error = refuse(file)
    assert problems == [f"{file}: Dokument: Die Datei ist zu groß: erlaubt sind höchstens 5 MB."]


# --- item 8: missing items are retired only when asked; the dry run shows the plan ------


def _without_fields_4_to_6(doc):
    """The document as a file cut off after field of action 3 (still valid YAML)."""
    doc["concept"]["fields_of_action"] = doc["concept"]["fields_of_action"][:3]
    return doc


def test_a_truncated_file_is_refused_with_the_items_it_would_retire(steinfurt, tmp_path):
    file = write(
        tmp_path, "abgeschnitten.yaml", yaml.safe_dump(_without_fields_4_to_6(export_doc()))
    )
    before = snapshot()

    lines, error = refuse(file)

    retiring = 3 + 10 + 14  # fields 4-6, their goals and their measures
    assert len(lines) == retiring, lines
    assert f"{file}: zurückgezogen: Handlungsfeld 4 „Sport und Kultur“" in lines
    assert (
        f"{file}: zurückgezogen: Ziel 5.2 „Interkulturelle Öffnung der Gruppen und Vereine“"
        in lines
    )
    assert f"{file}: zurückgezogen: Maßnahme 6.4 „Optimierung der Homepage“" in lines
    assert f"{retiring} Punkte des Konzepts fehlen in der Datei" in error
    assert "--retire-missing" in error and "nichts geändert" in error
    assert snapshot() == before


def test_with_retire_missing_the_missing_items_are_retired_and_listed(steinfurt, tmp_path):
    file = write(
        tmp_path, "abgeschnitten.yaml", yaml.safe_dump(_without_fields_4_to_6(export_doc()))
    )

    output = run("import_concept", str(file), "--retire-missing")

    assert "zurückgezogen: Maßnahme 6.4 „Optimierung der Homepage“" in output
    assert "0 neu, 0 geändert, 27 zurückgezogen" in output
    assert set(FieldOfAction.objects.filter(retired=True).values_list("number", flat=True)) == {
        "4",
        "5",
        "6",
    }
    assert Measure.objects.filter(retired=True).count() == 14
    assert Measure.objects.count() == 28


def test_dry_run_shows_every_change_and_writes_nothing(steinfurt, tmp_path):
    doc = export_doc()
    field1 = doc["concept"]["fields_of_action"][0]
    field1["goals"].append({"number": "1.6", "title": "Neues Ziel"})
    field1["measures"][1]["title"] = "Neuer Titel"
    field1["measures"][2]["goals"] = ["1.6"]
    doc["concept"]["fields_of_action"][5]["measures"].pop()  # measure 6.4
    file = write(tmp_path, "plan.yaml", yaml.safe_dump(doc, allow_unicode=True))
    before = snapshot()

    output = run("import_concept", str(file), "--dry-run").splitlines()

    assert output[:4] == [
        "neu: Ziel 1.6 „Neues Ziel“",
        "geändert: Maßnahme 1.2 „Neuer Titel“ (Titel)",
        "geändert: Maßnahme 1.3 „Duale Ausbildung an weiterführenden Schulen in Steinfurt vorstellen“ (Ziele)",
        "zurückgezogen: Maßnahme 6.4 „Optimierung der Homepage“",
    ]
    assert output[4].startswith("Probelauf für „Zusammenleben in Steinfurt")
    assert output[4].endswith("1 neu, 2 geändert, 1 zurückgezogen. Es wurde nichts geschrieben.")
    assert output[5] == "Zum Zurückziehen ist --retire-missing nötig."
    assert len(output) == 6
    assert snapshot() == before


def test_an_inserted_item_shifts_the_others_without_counting_them_as_changed(steinfurt, tmp_path):
    doc = export_doc()
    doc["concept"]["guiding_principles"].insert(0, {"number": "0", "title": "Vorweg"})
    doc["concept"]["fields_of_action"][0]["goals"].insert(0, {"number": "1.0", "title": "Zuerst"})
    file = write(tmp_path, "eingefuegt.yaml", yaml.safe_dump(doc, allow_unicode=True))

    output = run("import_concept", str(file))

    assert output.splitlines()[:2] == ["neu: Leitgedanke 0 „Vorweg“", "neu: Ziel 1.0 „Zuerst“"]
    assert "2 neu, 0 geändert, 0 zurückgezogen" in output
    exported = export_doc()["concept"]
    assert [p["number"] for p in exported["guiding_principles"]] == ["0", "1", "2", "3", "4", "5"]
    goals = exported["fields_of_action"][0]["goals"]
    assert [g["number"] for g in goals] == ["1.0", "1.1", "1.2", "1.3", "1.4", "1.5"]


def test_load_demo_refuses_to_retire_items_added_in_the_admin(steinfurt):
    field = FieldOfAction.objects.get(number="1")
    Goal.objects.create(
        number="1.9", title="Im Admin ergänzt", field_of_action=field, locale=field.locale
    )
    before = snapshot()

    with pytest.raises(CommandError) as excinfo:
        call_command("load_demo", "--no-translations", verbosity=0)

    assert "zurückgezogen: Ziel 1.9 „Im Admin ergänzt“" in str(excinfo.value)
    assert snapshot() == before


def test_the_command_speaks_the_sites_language_whatever_language_is_active(db, tmp_path):
    """A request handled before in the same thread may leave English active."""
    file = write(tmp_path, "datum.yaml", MINIMAL.replace("2024-01-01", "2018-02-30"))
    with translation.override("en"):
        problems, error = refuse(file)
        output = run("import_concept", str(write(tmp_path, "ok.yaml", MINIMAL)), "--dry-run")
    assert problems == [
        f"{file}: concept.valid_from (Zeile 5): Das Datum „2018-02-30“ gibt es nicht."
    ]
    assert error == "Import abgelehnt: 1 Fehler gefunden. Es wurde nichts geändert."
    assert "Probelauf für „Integrationskonzept Musterstadt“: 6 neu, 0 geändert" in output
