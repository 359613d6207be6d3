"""Import and export of a concept through ``manage.py import_concept`` / ``export_concept``.

The format is described in docs/concept-format.md. These tests drive the two
commands (and ``load_demo``) the way an administrator does, with files on disk.
"""

import io
import json
import re
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from home.management.commands.load_demo import CONCEPT_FILE
from integration_check.models import (
    Concept,
    ConceptPage,
    FieldOfAction,
    Goal,
    GuidingPrinciple,
    Measure,
)

# Measure number -> page in the long version, as section 4 of the Steinfurt text lists them.
STEINFURT_MEASURE_PAGES = {
    "1.1": 24, "1.2": 25, "1.3": 25, "1.4": 26, "1.5": 26,
    "2.1": 31, "2.2": 32, "2.3": 32, "2.4": 33, "2.5": 34,
    "3.1": 39, "3.2": 40, "3.3": 41, "3.4": 42,
    "4.1": 45, "4.2": 46, "4.3": 47, "4.4": 48,
    "5.1": 52, "5.2": 53, "5.3": 53, "5.4": 54, "5.5": 55, "5.6": 56,
    "6.1": 60, "6.2": 61, "6.3": 62, "6.4": 63,
}  # fmt: skip

# Goal number -> title as in section 4 of the Steinfurt text (not the shorter table in section 3).
STEINFURT_GOAL_TITLES = {
    "1.1": "Arbeitgeber*innen in Integrationsprozess einbeziehen",
    "1.2": "Jugendliche und junge Erwachsene in Ausbildung (-sbetriebe) bringen",
    "1.3": "Fachkräfte ausbilden",
    "1.4": "Selbstständigkeit fördern",
    "1.5": "Beschäftigungsmöglichkeiten für Menschen ohne Ausbildung bereitstellen",
    "2.1": "An die Bildungsstruktur heranführen",
    "2.2": "Schüler*innen individuell fördern",
    "2.3": "Effizienzsteigerung bei Sprach- und Integrationskursen durch Koordination von Maßnahmen",
    "2.4": "Unterstützung der hauptamtlich Tätigen durch Weiterbildungsangebote",
    "3.1": "Aufklärung und Information verbessern",
    "3.2": "Beteiligung aller an einem guten Zusammenleben ermöglichen",
    "3.3": "Versorgung mit dezentralen, bedarfsgerechten Wohnungen",
    "3.4": "Mobilität sichern und verbessern",
    "4.1": "Förderung der Integration in Vereine",
    "4.2": "Unterstützung und Koordination der Integrationsarbeit im Sport",
    "4.3": "Kulturelle Bildung stärken",
    "5.1": "Netzwerke und Informationsfluss schaffen, ausbauen und stärken",
    "5.2": "Interkulturelle Öffnung der Gruppen und Vereine",
    "5.3": "Nachbarschaft in durch Zuzug deutlich veränderten Quartieren stärken",
    "5.4": "Unterstützung Ehrenamtlicher erhalten",
    "6.1": "Integration als Querschnittsaufgabe in der Verwaltung verankern",
    "6.2": "Vernetzung zwischen Verwaltung und Akteuren verstetigen",
    "6.3": "Zielgruppengerechte und zeitgemäße Öffentlichkeitsarbeit ist umgesetzt",
}

# A small valid document. The tests below break it at known lines, so keep the
# line numbers in the comments on the right in step when editing it.
MINIMAL = """\
format: integrationskonzept/1
concept:
  slug: musterstadt-2024
  title: Integrationskonzept Musterstadt
  valid_from: 2024-01-01
  status: draft
  guiding_principles:
  - number: '1'
    title: Vielfalt
  fields_of_action:
  - number: '1'
    title: Arbeit
    goals:
    - number: '1.1'
      title: Ausbildung
    - number: '1.2'
      title: Selbstständigkeit
    measures:
    - number: '1.1'
      title: Beratung
      page: 24
      goals: ['1.1', '1.2']
"""
# line  5: valid_from        line  7: guiding_principles
# line 16: goal 1.2 begins   line 17: its title
# line 19: measure 1.1       line 21: page   line 22: goals


def run(*args):
    """Run a command; return its standard output."""
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def import_file(path, *options):
    return run("import_concept", str(path), *options)


def export_text(fmt="yaml", **options):
    args = ["export_concept", "--format", fmt]
    if "concept" in options:
        args += ["--concept", options["concept"]]
    return run(*args)


def export_doc(slug="steinfurt-2018-2021"):
    """The concept as ``export_concept`` writes it, parsed back into a dict."""
    return yaml.safe_load(export_text(concept=slug))


def row_counts():
    return {
        "concepts": Concept.objects.count(),
        "principles": GuidingPrinciple.objects.count(),
        "fields": FieldOfAction.objects.count(),
        "goals": Goal.objects.count(),
        "measures": Measure.objects.count(),
        "measure goals": Measure.goals.through.objects.count(),
    }


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refuse(path):
    """Import a bad file; assert it is refused and return the problem lines from stderr."""
    err = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_concept", str(path), stdout=io.StringIO(), stderr=err)
    lines = [line for line in err.getvalue().splitlines() if line.strip()]
    assert lines, "a refused import must say why on stderr"
    assert f"{len(lines)} Fehler" in str(excinfo.value), "the error says how many problems"
    return lines


@pytest.fixture
def steinfurt(db):
    """The Steinfurt concept imported from the demo file, without the rest of the demo."""
    import_file(CONCEPT_FILE)
    return Concept.objects.get(slug="steinfurt-2018-2021")


# --- the demo concept ----------------------------------------------------------------


class TestDemoConcept(TestCase):
    """The concept as ``manage.py load_demo`` loads it (loaded once for the class).

    The demo may also hold translations of the items; these tests look at the
    concept in the default language (German), which is what the file holds.
    """

    @classmethod
    def setUpTestData(cls):
        run("load_demo")
        cls.concept = Concept.objects.in_default_locale().get(slug="steinfurt-2018-2021")
        cls.goals = Goal.objects.filter(field_of_action__concept=cls.concept)
        cls.measures = Measure.objects.filter(field_of_action__concept=cls.concept)

    def test_it_has_5_principles_6_fields_23_goals_and_28_measures(self):
        concept = self.concept
        self.assertEqual(concept.status, Concept.Status.ADOPTED)
        self.assertEqual(concept.period_label, "2018–2021")
        self.assertEqual(concept.guiding_principles.count(), 5)
        self.assertEqual(concept.fields_of_action.count(), 6)
        self.assertEqual(self.goals.count(), 23)
        self.assertEqual(self.measures.count(), 28)
        self.assertFalse(self.goals.filter(retired=True).exists())
        self.assertFalse(self.measures.filter(retired=True).exists())

    def test_every_measure_has_its_page_in_the_long_version(self):
        pages = dict(self.measures.values_list("number", "page_reference"))
        self.assertEqual(pages, STEINFURT_MEASURE_PAGES)
        self.assertEqual(self.measures.get(number="6.4").page_reference, 63)
        self.assertEqual(self.measures.get(number="1.1").page_reference, 24)

    def test_goal_titles_are_those_of_section_4(self):
        titles = dict(self.goals.values_list("number", "title"))
        self.assertEqual(titles, STEINFURT_GOAL_TITLES)
        self.assertEqual(self.goals.get(number="1.4").title, "Selbstständigkeit fördern")

    def test_each_goal_and_measure_is_in_its_field_of_action(self):
        for item in [*self.goals, *self.measures.select_related("field_of_action")]:
            self.assertEqual(item.number.split(".")[0], item.field_of_action.number, item)
        for measure in self.measures.prefetch_related("goals"):
            goals = list(measure.goals.all())
            self.assertTrue(goals, f"measure {measure.number} serves no goal")
            self.assertEqual({g.field_of_action_id for g in goals}, {measure.field_of_action_id})

    def test_the_demo_concept_exports_as_the_demo_file_has_it(self):
        demo_file = yaml.safe_load(CONCEPT_FILE.read_text(encoding="utf-8"))
        self.assertEqual(export_doc(), demo_file)


# --- export and import reproduce the concept -----------------------------------------


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_export_then_import_into_an_empty_database_reproduces_the_concept(steinfurt, tmp_path, fmt):
    # Use every kind of value the format knows, not only what the demo file has.
    steinfurt.adopted_on = "2018-03-20"
    steinfurt.save()
    Measure.objects.filter(number="6.4").update(
        responsible_parties="Koordinierungsstelle Integration\nPresseamt", retired=True
    )
    Goal.objects.filter(number="5.4").update(text="Erste Zeile.\n\nZweite Zeile.")
    path = tmp_path / f"steinfurt.{fmt}"
    call_command("export_concept", "--format", fmt, "-o", str(path), stderr=io.StringIO())
    before = json.loads(path.read_text()) if fmt == "json" else yaml.safe_load(path.read_text())
    assert before["concept"]["adopted_on"] == "2018-03-20"

    # The import made the concept's public page; it goes with the concept.
    ConceptPage.objects.filter(concept=steinfurt).delete()
    steinfurt.delete()
    assert set(row_counts().values()) == {0}

    import_file(path)

    assert row_counts() == {
        "concepts": 1,
        "principles": 5,
        "fields": 6,
        "goals": 23,
        "measures": 28,
        "measure goals": 34,
    }
    assert export_doc() == before
    measure = Measure.objects.get(number="6.4")
    assert measure.retired is True
    assert measure.responsible_list == ["Koordinierungsstelle Integration", "Presseamt"]
    assert Goal.objects.get(number="5.4").text == "Erste Zeile.\n\nZweite Zeile."


def test_export_as_json_is_valid_json_with_numbers_as_strings_and_pages_as_integers(steinfurt):
    doc = json.loads(export_text("json"))
    assert doc["format"] == "integrationskonzept/2"
    assert doc["concept"]["slug"] == "steinfurt-2018-2021"
    last_field = doc["concept"]["fields_of_action"][-1]
    assert last_field["number"] == "6"
    # Since format 2 the measure's states and indicators travel with it.
    last_measure = last_field["measures"][-1]
    assert last_measure.pop("states") == [{"date": "2019-06-01", "state": "running"}]
    assert last_measure.pop("indicators")[0]["values"][0] == {"date": "2019-12-31", "value": 640}
    assert last_measure == {
        "number": "6.4",
        "title": "Optimierung der Homepage",
        "page": 63,
        "goals": ["6.3"],
    }


def test_export_without_concept_option_refuses_when_there_are_several_concepts(steinfurt, tmp_path):
    import_file(write(tmp_path, "muster.yaml", MINIMAL))
    with pytest.raises(CommandError) as excinfo:
        export_text()
    assert "steinfurt-2018-2021" in str(excinfo.value)
    assert "musterstadt-2024" in str(excinfo.value)
    assert export_doc("musterstadt-2024")["concept"]["title"] == "Integrationskonzept Musterstadt"
    with pytest.raises(CommandError) as excinfo:
        export_text(concept="gibt-es-nicht")
    assert "gibt-es-nicht" in str(excinfo.value)


def test_number_like_1_10_in_yaml_stays_the_string_1_10(db, tmp_path):
    text = MINIMAL.replace(
        "    measures:\n",
        "    - number: 1.10\n      title: Zehntes Ziel\n    measures:\n",
    ).replace("goals: ['1.1', '1.2']", "goals: [1.1, 1.10]")
    import_file(write(tmp_path, "zehn.yaml", text))

    assert sorted(Goal.objects.values_list("number", flat=True)) == ["1.1", "1.10", "1.2"]
    assert Goal.objects.get(number="1.10").title == "Zehntes Ziel"
    measure = Measure.objects.get(number="1.1")
    assert sorted(measure.goals.values_list("number", flat=True)) == ["1.1", "1.10"]
    exported = export_text(concept="musterstadt-2024")
    assert "'1.10'" in exported
    goals = yaml.safe_load(exported)["concept"]["fields_of_action"][0]["goals"]
    assert [g["number"] for g in goals] == ["1.1", "1.2", "1.10"]


# --- re-import updates in place -------------------------------------------------------


def _pks(model):
    return dict(model.objects.values_list("number", "pk"))


def test_reimporting_a_changed_file_updates_in_place_and_retires_what_is_missing(
    steinfurt, tmp_path
):
    goal_pks, measure_pks = _pks(Goal), _pks(Measure)
    principle_pks, field_pks = _pks(GuidingPrinciple), _pks(FieldOfAction)
    doc = export_doc()
    doc["concept"]["title"] = "Integrationskonzept Steinfurt (Fortschreibung)"
    field1 = doc["concept"]["fields_of_action"][0]
    field1["goals"] = [g for g in field1["goals"] if g["number"] != "1.4"]
    measure_1_2 = next(m for m in field1["measures"] if m["number"] == "1.2")
    measure_1_2["goals"] = ["1.1"]
    field6 = doc["concept"]["fields_of_action"][5]
    field6["measures"].append(
        {"number": "6.5", "title": "Mehrsprachige Sprechstunde", "page": 64, "goals": ["6.2"]}
    )

    import_file(
        write(tmp_path, "fortschreibung.yaml", yaml.safe_dump(doc, allow_unicode=True)),
        "--retire-missing",
    )

    concept = Concept.objects.get()
    assert concept.pk == steinfurt.pk
    assert concept.title == "Integrationskonzept Steinfurt (Fortschreibung)"
    # Unchanged numbers keep their rows.
    assert _pks(GuidingPrinciple) == principle_pks
    assert _pks(FieldOfAction) == field_pks
    assert _pks(Goal) == goal_pks
    new_measure_pks = _pks(Measure)
    assert {n: pk for n, pk in new_measure_pks.items() if n != "6.5"} == measure_pks
    # No duplicates: one row per number.
    assert Goal.objects.count() == 23
    assert Measure.objects.count() == 29
    # The removed goal is retired, not deleted; the others stay active.
    goal = Goal.objects.get(number="1.4")
    assert goal.pk == goal_pks["1.4"]
    assert goal.retired is True
    assert goal.title == "Selbstständigkeit fördern"
    assert list(Goal.objects.filter(retired=True).values_list("number", flat=True)) == ["1.4"]
    # The new measure is there, in place and linked; the changed link is changed.
    measure = Measure.objects.get(number="6.5")
    assert measure.field_of_action.number == "6"
    assert measure.page_reference == 64
    assert list(measure.goals.values_list("number", flat=True)) == ["6.2"]
    assert list(Measure.objects.get(number="1.2").goals.values_list("number", flat=True)) == ["1.1"]
    # The export shows the retired goal (so nothing is lost) and the new measure last.
    exported = export_doc()["concept"]["fields_of_action"]
    retired = [g for g in exported[0]["goals"] if g.get("retired")]
    assert [(g["number"], g["title"]) for g in retired] == [("1.4", "Selbstständigkeit fördern")]
    assert exported[5]["measures"][-1]["number"] == "6.5"


def test_reimporting_the_same_file_changes_nothing(steinfurt, tmp_path):
    before_pks = {m: _pks(m) for m in (GuidingPrinciple, FieldOfAction, Goal, Measure)}
    before_doc, before_counts = export_doc(), row_counts()

    output = import_file(CONCEPT_FILE)

    assert "0 neu, 0 geändert, 0 zurückgezogen" in output
    assert {m: _pks(m) for m in before_pks} == before_pks
    assert row_counts() == before_counts
    assert export_doc() == before_doc


def test_an_item_back_in_the_file_is_active_again_with_its_old_row(steinfurt, tmp_path):
    goal_pk = Goal.objects.get(number="1.4").pk
    doc = export_doc()
    field1 = doc["concept"]["fields_of_action"][0]
    field1["goals"] = [g for g in field1["goals"] if g["number"] != "1.4"]
    for measure in field1["measures"]:
        measure["goals"] = [n for n in measure["goals"] if n != "1.4"]
    import_file(
        write(tmp_path, "ohne.yaml", yaml.safe_dump(doc, allow_unicode=True)), "--retire-missing"
    )
    assert Goal.objects.get(pk=goal_pk).retired is True

    import_file(CONCEPT_FILE)

    goal = Goal.objects.get(number="1.4")
    assert goal.pk == goal_pk
    assert goal.retired is False
    assert Goal.objects.count() == 23


# --- bad files are refused as a whole ---------------------------------------------------


def _drop_line(text, line):
    lines = text.splitlines(keepends=True)
    del lines[line - 1]
    return "".join(lines)


BAD_JSON = """\
{
  "format": "integrationskonzept/1",
  "concept": {
    "slug": "musterstadt-2024"
    "title": "Integrationskonzept Musterstadt"
  }
}
"""

BAD_FILES = {
    # name: (file name, text, [(path or "", line, other words the problem names)])
    "yaml syntax error": (
        "syntax.yaml",
        MINIMAL.replace("title: Integrationskonzept Musterstadt", "title: Konzept: Musterstadt"),
        [("", 4, ["YAML"])],
    ),
    "json syntax error": ("syntax.json", BAD_JSON, [("", 5, ["JSON"])]),
    "missing title": (
        "ohne-titel.yaml",
        _drop_line(MINIMAL, 17),
        [("concept.fields_of_action[0].goals[1].title", 16, ["title"])],
    ),
    "missing slug": ("ohne-kennung.yaml", _drop_line(MINIMAL, 3), [("concept.slug", 3, ["slug"])]),
    "missing concept": (
        "ohne-konzept.yaml",
        "format: integrationskonzept/1\n",
        [("", 1, ["concept"])],
    ),
    "duplicate measure number": (
        "doppelt.yaml",
        MINIMAL + "    - number: '1.1'\n      title: Noch einmal Beratung\n",
        [("concept.fields_of_action[0].measures[1].number", 23, ["1.1"])],
    ),
    "measure pointing to a goal that does not exist": (
        "ziel-fehlt.yaml",
        MINIMAL.replace("goals: ['1.1', '1.2']", "goals: ['1.1', '9.9']"),
        [("concept.fields_of_action[0].measures[0].goals[1]", 22, ["9.9"])],
    ),
    "page is not a number": (
        "seite.yaml",
        MINIMAL.replace("page: 24", "page: vierundzwanzig"),
        [("concept.fields_of_action[0].measures[0].page", 21, [])],
    ),
    "date is not a date": (
        "datum.yaml",
        MINIMAL.replace("valid_from: 2024-01-01", "valid_from: gestern"),
        [("concept.valid_from", 5, ["JJJJ-MM-TT"])],
    ),
    "guiding principles not a list": (
        "leitgedanken.yaml",
        MINIMAL.replace(
            "  guiding_principles:\n  - number: '1'\n    title: Vielfalt\n",
            "  guiding_principles: Vielfalt\n",
        ),
        [("concept.guiding_principles", 7, [])],
    ),
    "unknown key": (
        "unbekannt.yaml",
        MINIMAL.replace("      page: 24\n", "      page: 24\n      seite: 24\n"),
        [("concept.fields_of_action[0].measures[0].seite", 22, ["seite", "page"])],
    ),
    "unknown format": (
        "format.yaml",
        MINIMAL.replace("integrationskonzept/1", "integrationskonzept/9"),
        [("format", 1, ["integrationskonzept/9", "integrationskonzept/1"])],
    ),
    "not a document at all": ("leer.yaml", "", [("", None, [])]),
    "key given twice in yaml": (
        "zweimal.yaml",
        MINIMAL.replace(
            "      title: Beratung\n", "      title: Beratung\n      title: Sprachkurs\n"
        ),
        [("", 21, ["title", "zweimal"])],
    ),
    "key given twice in json": (
        "zweimal.json",
        '{"format": "integrationskonzept/1", "format": "integrationskonzept/1", "concept": {}}',
        [("", None, ["format", "zweimal"])],
    ),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_a_bad_file_is_refused_with_the_place_of_the_problem_and_nothing_is_written(
    steinfurt, tmp_path, case
):
    name, text, expected = BAD_FILES[case]
    before_counts, before_doc = row_counts(), export_doc()

    problems = refuse(write(tmp_path, name, text))

    assert len(problems) == len(expected), problems
    for problem, (path, line, words) in zip(problems, expected, strict=True):
        assert problem.startswith(f"{tmp_path / name}: "), problem
        if path:
            assert f": {path} " in problem or f": {path}:" in problem, problem
        if line:
            assert f"Zeile {line})" in problem, problem
        for word in words:
            assert word in problem, problem
    assert row_counts() == before_counts
    assert export_doc() == before_doc
    assert not Concept.objects.filter(slug="musterstadt-2024").exists()


def test_the_minimal_document_the_bad_files_are_made_from_is_valid(db, tmp_path):
    output = import_file(write(tmp_path, "muster.yaml", MINIMAL))
    assert "importiert" in output
    assert row_counts() == {
        "concepts": 1,
        "principles": 1,
        "fields": 1,
        "goals": 2,
        "measures": 1,
        "measure goals": 2,
    }


def test_several_problems_in_one_file_are_all_listed_at_once(steinfurt, tmp_path):
    text = _drop_line(MINIMAL, 17)
    text = text.replace("valid_from: 2024-01-01", "valid_from: gestern")
    text = text.replace("page: 24", "page: vierundzwanzig")
    text = text.replace("goals: ['1.1', '1.2']", "goals: ['1.1', '9.9']")
    before_counts = row_counts()

    problems = refuse(write(tmp_path, "viele-fehler.yaml", text))

    listed = "\n".join(problems)
    for path, line in [
        ("concept.valid_from", 5),
        ("concept.fields_of_action[0].goals[1].title", 16),
        ("concept.fields_of_action[0].measures[0].page", 20),
        ("concept.fields_of_action[0].measures[0].goals[1]", 21),
    ]:
        assert f"{path} (Zeile {line})" in listed, listed
    assert len(problems) == 4, "each problem is listed once"
    assert row_counts() == before_counts


def test_a_bad_change_to_an_existing_concept_leaves_it_as_it_was(steinfurt, tmp_path):
    before_counts, before_doc = row_counts(), export_doc()
    doc = export_doc()
    doc["concept"]["title"] = "Neuer Titel"
    doc["concept"]["fields_of_action"][0]["goals"].append({"number": "1.6", "title": "Neu"})
    doc["concept"]["fields_of_action"][2]["measures"][1]["number"] = "3.1"  # duplicate

    problems = refuse(write(tmp_path, "kaputt.yaml", yaml.safe_dump(doc, allow_unicode=True)))

    assert len(problems) == 1
    assert "concept.fields_of_action[2].measures[1].number" in problems[0]
    assert "3.1" in problems[0]
    assert row_counts() == before_counts
    assert export_doc() == before_doc
    assert Concept.objects.get().title == steinfurt.title


DOCS = Path(__file__).resolve().parents[1] / "docs" / "concept-format.md"
DOC_EXAMPLES = re.findall(r"```(yaml|json)\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("fmt, text", DOC_EXAMPLES, ids=[fmt for fmt, _ in DOC_EXAMPLES])
def test_the_examples_in_the_format_documentation_import_cleanly(db, tmp_path, fmt, text):
    output = import_file(write(tmp_path, f"beispiel.{fmt}", text))

    assert "importiert" in output
    concept = Concept.objects.get(slug="musterstadt-2024-2027")
    assert concept.fields_of_action.exists()
    assert Measure.objects.get(number="1.1").page_reference == 25


def test_a_missing_file_is_reported(db, tmp_path):
    with pytest.raises(CommandError) as excinfo:
        import_file(tmp_path / "gibt-es-nicht.yaml")
    assert "gibt-es-nicht.yaml" in str(excinfo.value)
    assert Concept.objects.count() == 0


def test_an_export_to_a_place_that_cannot_be_written_is_reported(steinfurt, tmp_path):
    for target in (tmp_path / "fehlt" / "konzept.yaml", tmp_path):
        with pytest.raises(CommandError) as excinfo:
            call_command("export_concept", "-o", str(target))
        assert str(target) in str(excinfo.value)
        assert "lässt sich nicht schreiben" in str(excinfo.value)
