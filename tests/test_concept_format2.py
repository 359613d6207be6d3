"""Concepts as towns write them: the exchange format ``integrationskonzept/2``.

Sub-goals, goals in several fields of action, target groups, challenges with their
priority and votes, the principles under the town's own name, a measure's goals in
the order written, and the measures' states and indicators: through
``manage.py import_concept`` / ``export_concept``, the public concept pages and the
admin, as the coordination office and readers meet them.
"""

import io
import json

import pytest
import yaml
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, TranslationSource

from integration_check.concept import natural_key
from integration_check.models import (
    Assessment,
    Challenge,
    Concept,
    ConceptPage,
    FieldOfAction,
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureStatusUpdate,
    TargetGroup,
)
from proposals.models import ProposalPage
from tests.test_concept_admin import form_data
from tests.test_concept_exchange import MINIMAL

# A concept with every key of version 2 (the example of docs/concept-format.md).
FULL = """\
format: integrationskonzept/2
concept:
  check: integration
  slug: musterstadt-2024-2027
  title: Integrationskonzept Musterstadt 2024–2027
  municipality: Stadt Musterstadt
  valid_from: '2024-01-01'
  valid_until: '2027-12-31'
  status: adopted
  adopted_on: '2023-12-14'
  principles_label: Integrationsverständnis
  target_groups:
  - key: neuzugewanderte
    title: Neuzugewanderte
    text: Menschen, die in den letzten fünf Jahren zugezogen sind.
  - key: familien
    title: Familien mit Kindern
  guiding_principles:
  - number: '1'
    title: Musterstadt sagt Willkommen
  challenges:
  - number: H1
    title: Zu wenige Plätze in Sprachkursen
    text: Die Wartezeit auf einen Integrationskurs beträgt bis zu neun Monate.
    fields: ['2', '1']
    target_groups: [neuzugewanderte, familien]
    priority: hoch
    votes: 14
  fields_of_action:
  - number: '1'
    title: Arbeit und Beschäftigung
    goals:
    - number: '1.1'
      title: Arbeitgeber*innen in den Integrationsprozess einbeziehen
      also_in: ['2']
      target_groups: [neuzugewanderte]
      priority: A
      votes: 3
      goals:
      - number: 1.1.1
        title: Betriebe kennen die Ansprechpersonen
    measures:
    - number: M1
      title: Informationsveranstaltung zur beruflichen Integration
      page: 25
      responsible: [Wirtschaftsförderung]
      goals: ['1.1.1', '1.1']
      target_groups: [neuzugewanderte]
      priority: hoch
      votes: 2
      states:
      - date: '2024-03-01'
        state: planned
        reason: Der Termin mit der Handwerkskammer wird abgestimmt.
        planned_start: '2024-09-01'
      - date: '2024-09-12'
        state: completed
        note: 60 Teilnehmende
      indicators:
      - name: Teilnehmende
        description: Alle Veranstaltungen eines Jahres zusammen
        unit: Personen
        baseline: 0
        baseline_date: '2024-01-01'
        target: '40.5'
        target_date: '2027-12-31'
        values:
        - date: '2024-09-12'
          value: 60
          note: erste Veranstaltung
        - date: '2025-09-12'
          value: '72.25'
  - number: '2'
    title: Sprache und Bildung
    goals:
    - number: '2.1'
      title: Sprach- und Integrationskurse koordinieren
    measures: []
"""
SLUG = "musterstadt-2024-2027"
PAGE = "/integrationskonzept/"


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def write(tmp_path, text, name="konzept.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def import_text(tmp_path, text, *options, name="konzept.yaml"):
    return run("import_concept", str(write(tmp_path, text, name)), *options)


def export(slug=SLUG, fmt="yaml"):
    text = run("export_concept", "--concept", slug, "--format", fmt)
    return json.loads(text) if fmt == "json" else yaml.safe_load(text)


def refuse(tmp_path, text, *options):
    """Import a file that must be refused; return its problem lines and the error."""
    err = io.StringIO()
    path = write(tmp_path, text)
    with pytest.raises(CommandError) as excinfo:
        call_command("import_concept", str(path), *options, stdout=io.StringIO(), stderr=err)
    return [line for line in err.getvalue().splitlines() if line.strip()], str(excinfo.value)


def line_of(text, snippet, occurrence=1):
    """The 1-based line of the ``occurrence``-th line of ``text`` containing ``snippet``."""
    found = [n for n, line in enumerate(text.splitlines(), start=1) if snippet in line]
    return found[occurrence - 1]


def goal(number, slug=SLUG):
    return Goal.objects.get(field_of_action__concept__slug=slug, number=number)


def page_text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    main = BeautifulSoup(response.content, "html.parser").find("main")
    return main, " ".join(main.get_text(" ", strip=True).split())


# --- every element of the format, there and back ---------------------------------------


def test_every_element_of_format_2_is_imported_as_written(db, tmp_path):
    import_text(tmp_path, FULL)

    concept = Concept.objects.get(slug=SLUG)
    assert concept.principles_label == "Integrationsverständnis"
    assert list(concept.target_groups.values_list("key", "title")) == [
        ("neuzugewanderte", "Neuzugewanderte"),
        ("familien", "Familien mit Kindern"),
    ]
    challenge = Challenge.objects.get(concept=concept, number="H1")
    assert [f.number for f in challenge.fields_in_order()] == ["2", "1"]
    assert sorted(challenge.target_groups.values_list("key", flat=True)) == [
        "familien",
        "neuzugewanderte",
    ]
    assert (challenge.priority, challenge.votes) == ("hoch", 14)
    main, sub = goal("1.1"), goal("1.1.1")
    assert sub.parent == main and sub.field_of_action == main.field_of_action
    assert list(main.also_in.values_list("number", flat=True)) == ["2"]
    assert list(main.target_groups.values_list("key", flat=True)) == ["neuzugewanderte"]
    assert (main.priority, main.votes) == ("A", 3)
    measure = Measure.objects.get(number="M1")
    assert [g.number for g in measure.goals_in_order()] == ["1.1.1", "1.1"]
    assert (measure.priority, measure.votes) == ("hoch", 2)
    states = list(measure.status_updates.order_by("date"))
    assert [(s.date.isoformat(), s.state) for s in states] == [
        ("2024-03-01", "planned"),
        ("2024-09-12", "completed"),
    ]
    assert states[0].planned_start.isoformat() == "2024-09-01"
    assert states[1].note == "60 Teilnehmende"
    indicator = Indicator.objects.get(measure=measure)
    assert (indicator.unit, str(indicator.target), str(indicator.baseline)) == (
        "Personen",
        "40.50",
        "0.00",
    )
    assert [(v.date.isoformat(), str(v.value), v.note) for v in indicator.values.all()] == [
        ("2024-09-12", "60.00", "erste Veranstaltung"),
        ("2025-09-12", "72.25", ""),
    ]


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_export_and_import_into_an_empty_database_give_the_same_concept(db, tmp_path, fmt):
    import_text(tmp_path, FULL)
    before = export(fmt=fmt)
    assert before["format"] == "integrationskonzept/2"
    assert before == {**yaml.safe_load(FULL)}  # nothing lost, nothing added

    ConceptPage.objects.filter(concept__slug=SLUG).delete()
    Concept.objects.filter(slug=SLUG).delete()
    assert not Goal.objects.exists() and not Indicator.objects.exists()
    text = json.dumps(before) if fmt == "json" else yaml.safe_dump(before, allow_unicode=True)
    output = import_text(tmp_path, text, name=f"export.{fmt}")

    assert "0 geändert" in output
    assert export(fmt=fmt) == before


def test_a_version_1_file_imports_as_before_and_round_trips(db, tmp_path):
    first = import_text(tmp_path, MINIMAL)
    assert "importiert: 6 neu, 0 geändert, 0 zurückgezogen." in first
    exported = export("musterstadt-2024")
    assert exported["format"] == "integrationskonzept/2"
    v1 = yaml.safe_load(MINIMAL)["concept"]
    # The same content; the export names the check and quotes dates.
    assert {**exported["concept"], "check": None} == {
        **v1,
        "valid_from": "2024-01-01",
        "check": None,
    }

    again = import_text(
        tmp_path, yaml.safe_dump(exported, allow_unicode=True), "--dry-run", name="v2.yaml"
    )
    assert ": 0 neu, 0 geändert, 0 zurückgezogen." in again
    assert import_text(tmp_path, MINIMAL).count("geändert:") == 0


def test_a_version_1_file_knows_neither_the_new_keys_nor_the_new_numbers(db, tmp_path):
    text = MINIMAL.replace("    - number: '1.2'", "    - number: '1a'").replace(
        "      page: 24\n", "      page: 24\n      votes: 3\n"
    )
    text = text.replace("goals: ['1.1', '1.2']", "goals: ['1.1']")

    problems, error = refuse(tmp_path, text)

    assert "2 Fehler" in error
    assert any("goals[1].number" in p and "„1a“" in p for p in problems), problems
    assert any("measures[0].votes" in p and "Unbekannter Schlüssel" in p for p in problems)
    assert not Concept.objects.exists()


# --- numbers as towns write them -------------------------------------------------------


def test_numbers_sort_in_natural_order():
    numbers = ["3.10", "M10", "3.2", "1a", "I.10", "1", "M2", "I.2", "1.1", "M1", "A", "2"]

    assert sorted(numbers, key=natural_key) == [
        "1",
        "1.1",
        "1a",
        "2",
        "3.2",
        "3.10",
        "A",
        "I.2",
        "I.10",
        "M1",
        "M2",
        "M10",
    ]


def test_a_goal_added_in_the_admin_takes_its_place_by_number(db, tmp_path, admin_client):
    text = FULL.replace(
        "    - number: '2.1'\n      title: Sprach- und Integrationskurse koordinieren\n",
        "    - number: '2.1'\n      title: Sprach- und Integrationskurse koordinieren\n"
        "    - number: '2.2'\n      title: Elterncafés\n"
        "    - number: '2.20'\n      title: Zwanzigstes Ziel\n",
    )
    import_text(tmp_path, text)
    field = FieldOfAction.objects.get(concept__slug=SLUG, number="2")

    response = admin_client.post(
        reverse("wagtailsnippets_integration_check_goal:add"),
        {"field_of_action": field.pk, "number": "2.10", "title": "Zehntes Ziel", "text": ""},
    )

    assert response.status_code == 302, response.context["form"].errors
    ordered = Goal.objects.filter(field_of_action__concept__slug=SLUG).order_by("sort_order")
    # Not at the end, and not where the text "2.10" would sort (before "2.2").
    assert [g.number for g in ordered] == ["1.1", "1.1.1", "2.1", "2.2", "2.10", "2.20"]


def test_the_admin_listing_sorts_numbers_as_the_concept_writes_them(db, tmp_path, admin_client):
    import_text(tmp_path, FULL.replace("1.1.1", "1.10"))
    concept = Concept.objects.get(slug=SLUG)
    listing = reverse("wagtailsnippets_integration_check_goal:list")

    response = admin_client.get(listing, {"field_of_action__concept": concept.pk})

    soup = BeautifulSoup(response.content, "html.parser")
    headers = {
        th.get_text(" ", strip=True): th.find("a")["href"]
        for th in soup.select("table.listing th")
        if th.find("a")
    }
    assert headers["Nummer"].endswith("ordering=sort_order"), headers
    sorted_by_number = admin_client.get(
        listing, {"field_of_action__concept": concept.pk, "ordering": "sort_order"}
    )
    numbers = [goal.number for goal in sorted_by_number.context["object_list"]]
    assert numbers == ["1.1", "1.10", "2.1"]  # as written; as text "1.10" would come first
    edit = reverse("wagtailsnippets_integration_check_goal:edit", args=[goal("1.10").pk])
    assert soup.find("a", href=edit) is not None, "each row links to its editor"


def test_numbers_with_letters_serve_their_public_pages(db, tmp_path, client):
    import_text(tmp_path, FULL)

    _main, text = page_text(client, f"{PAGE}massnahme/M1/")

    assert "Maßnahme M1: Informationsveranstaltung zur beruflichen Integration" in text


# --- every reference is checked, at its place ------------------------------------------

BAD = (
    FULL.replace("      also_in: ['2']", "      also_in: ['9', '1']")
    .replace("    target_groups: [neuzugewanderte, familien]", "    target_groups: [senioren]")
    .replace("    fields: ['2', '1']", "    fields: ['2', '7']")
    .replace("      goals: ['1.1.1', '1.1']", "      goals: ['1.1.1', '9.9']")
    .replace("        reason: Der Termin mit der Handwerkskammer wird abgestimmt.\n", "")
    .replace("      votes: 2\n", "      votes: -2\n")
    .replace("          value: '72.25'", "          value: '72.255'")
    .replace("    - number: '2.1'", "    - number: 1-1")
)
EXPECTED = [
    # path, the line's text, words of the message
    ("concept.challenges[0].target_groups[0]", "    target_groups: [senioren]", ["senioren"]),
    ("concept.challenges[0].fields[1]", "    fields: ['2', '7']", ["„7“"]),
    ("concept.fields_of_action[0].goals[0].also_in[0]", "also_in: ['9', '1']", ["„9“"]),
    ("concept.fields_of_action[0].goals[0].also_in[1]", "also_in: ['9', '1']", ["eigene"]),
    ("concept.fields_of_action[0].measures[0].goals[1]", "goals: ['1.1.1', '9.9']", ["„9.9“"]),
    ("concept.fields_of_action[0].measures[0].votes", "votes: -2", ["ganze Zahl"]),
    ("concept.fields_of_action[0].measures[0].states[0].reason", "- date: '2024-03-01'", ["Begründung"]),
    ("concept.fields_of_action[0].measures[0].indicators[0].values[1].value", "value: '72.255'", ["72.255"]),
    ("concept.fields_of_action[1].goals[0].number", "- number: 1-1", ["„1.1“", "Adresse"]),
]  # fmt: skip


def test_bad_references_and_values_are_reported_at_their_path_and_line(db, tmp_path):
    problems, error = refuse(tmp_path, BAD)

    assert f"{len(EXPECTED)} Fehler" in error, problems
    assert "Es wurde nichts geändert" in error
    listed = "\n".join(problems)
    for path, line_text, words in EXPECTED:
        line = line_of(BAD, line_text)
        matching = [p for p in problems if f": {path} (Zeile {line}): " in p]
        assert matching, (path, line, listed)
        for word in words:
            assert word in matching[0], matching
    assert not Concept.objects.exists()
    assert not TargetGroup.objects.exists()


def test_an_undeclared_target_group_of_a_goal_names_where_they_are_declared(db, tmp_path):
    text = FULL.replace(
        "      target_groups: [neuzugewanderte]\n      priority: A",
        "      target_groups: [jugendliche]\n      priority: A",
    )

    problems, _error = refuse(tmp_path, text)

    assert len(problems) == 1
    assert "concept.fields_of_action[0].goals[0].target_groups[0]" in problems[0]
    assert f"(Zeile {line_of(text, 'target_groups: [jugendliche]')})" in problems[0]
    assert "„jugendliche“" in problems[0] and "„target_groups“" in problems[0]


def test_a_state_needs_a_planned_start_as_the_admin_asks(db, tmp_path):
    text = FULL.replace("        planned_start: '2024-09-01'\n", "        planned_start:\n")

    problems, _error = refuse(tmp_path, text)

    assert len(problems) == 1, problems
    assert "concept.fields_of_action[0].measures[0].states[0].planned_start" in problems[0]
    assert "geplante Beginn" in problems[0] and "„geplant“" in problems[0]


# --- the report counts real changes -----------------------------------------------------


def test_importing_the_same_file_again_changes_nothing(db, tmp_path):
    assert "„Integrationskonzept Musterstadt 2024–2027“ importiert: 16 neu" in import_text(
        tmp_path, FULL
    )
    # Texts stored as the admin sends them (Windows line breaks, white space around)
    # are the file's texts all the same.
    Goal.objects.filter(number="1.1.1").update(title="  Betriebe kennen die Ansprechpersonen ")
    TargetGroup.objects.filter(key="neuzugewanderte").update(
        text="Menschen, die in den letzten fünf Jahren zugezogen sind.\r\n"
    )

    again = import_text(tmp_path, FULL)

    assert "importiert: 0 neu, 0 geändert, 0 zurückgezogen." in again
    assert "geändert:" not in again


def test_a_moved_item_is_no_change_but_a_changed_value_or_order_is(db, tmp_path):
    import_text(tmp_path, FULL)
    doc = yaml.safe_load(FULL)
    field = doc["concept"]["fields_of_action"][0]
    field["goals"].insert(0, {"number": "1.0", "title": "Neues erstes Ziel"})
    measure = field["measures"][0]
    measure["goals"] = ["1.1", "1.1.1"]  # the order changes
    measure["indicators"][0]["values"][1]["value"] = 75
    measure["states"][1]["note"] = "65 Teilnehmende"

    output = import_text(tmp_path, yaml.safe_dump(doc, allow_unicode=True))

    assert "importiert: 1 neu, 3 geändert, 0 zurückgezogen." in output
    assert "neu: Ziel 1.0 „Neues erstes Ziel“" in output
    assert (
        "geändert: Maßnahme M1 „Informationsveranstaltung zur beruflichen Integration“ (Ziele)"
        in output
    )
    assert "geändert: Indikatorwert M1 „Teilnehmende, 2025-09-12“ (Wert)" in output
    assert "geändert: Stand der Maßnahme M1 „2024-09-12: abgeschlossen“ (Anmerkung)" in output
    assert "Ziel 1.1 " not in output  # moved down one place: no change


def test_states_and_values_left_out_are_removed_only_when_asked(db, tmp_path):
    import_text(tmp_path, FULL)
    doc = yaml.safe_load(FULL)
    measure = doc["concept"]["fields_of_action"][0]["measures"][0]
    measure["states"] = measure["states"][1:]
    del measure["indicators"][0]["values"][0]
    text = yaml.safe_dump(doc, allow_unicode=True)

    problems, error = refuse(tmp_path, text)
    assert "2 Einträge fehlen" in error and "--retire-missing" in error
    assert any("entfernt: Stand der Maßnahme M1 „2024-03-01: geplant“" in p for p in problems)
    assert MeasureStatusUpdate.objects.count() == 2 and IndicatorValue.objects.count() == 2

    output = import_text(tmp_path, text, "--retire-missing")

    assert "0 neu, 0 geändert, 0 zurückgezogen, 2 entfernt." in output
    assert MeasureStatusUpdate.objects.count() == 1 and IndicatorValue.objects.count() == 1


def test_a_file_without_states_leaves_the_states_kept_in_the_admin(db, tmp_path):
    import_text(tmp_path, FULL)
    doc = yaml.safe_load(FULL)
    measure = doc["concept"]["fields_of_action"][0]["measures"][0]
    del measure["states"], measure["indicators"]

    output = import_text(tmp_path, yaml.safe_dump(doc, allow_unicode=True))

    assert "importiert: 0 neu, 0 geändert, 0 zurückgezogen." in output
    assert MeasureStatusUpdate.objects.count() == 2 and Indicator.objects.count() == 1


# --- which concept applies ---------------------------------------------------------------

NEXT_CONCEPT = """\
format: integrationskonzept/2
concept:
  slug: steinfurt-2021-fortschreibung
  title: Integrationskonzept Steinfurt, Fortschreibung 2021
  valid_from: '2021-04-01'
  status: {status}
  guiding_principles:
  - number: '1'
    title: Steinfurt ist vielfältig
  fields_of_action: []
"""


def test_the_import_warns_when_proposals_fall_under_another_concept(demo, tmp_path):
    moved = ProposalPage.objects.filter(locale__language_code="de", date__gte="2021-04-01")
    references = sorted(moved.values_list("reference", flat=True))
    assert len(references) > 2, "the demo has proposals after April 2021"
    # One of them not assessed yet against a concept: it is the one the change concerns.
    open_one = moved.order_by("date").first()
    Assessment.objects.filter(page=open_one, assessment_check__slug="integration").update(
        concept=None
    )
    # The integration check's concept (the Klimacheck has its own, in force on the same day).
    integration = Concept.objects.filter(assessment_check__slug="integration")
    old = integration.in_force_on(open_one.date)

    trial = import_text(tmp_path, NEXT_CONCEPT.format(status="adopted"), "--dry-run")

    assert not Concept.objects.filter(slug="steinfurt-2021-fortschreibung").exists()
    for output in (trial, import_text(tmp_path, NEXT_CONCEPT.format(status="adopted"))):
        assert (
            f"Achtung: Nach diesem Import gilt für {len(references)} vorhandene Vorlagen nach "
            "ihrem Datum ein anderes Konzept der Prüfung „Vereinbarkeit mit dem "
            "Integrationskonzept“ als bisher."
        ) in output
        assert f"(hier {len(references) - 1}); betroffen sind die 1 noch nicht bewerteten" in output
        for reference in references:
            assert f"  {reference} „" in output
        assert f"  {open_one.reference} „{open_one.title}“: bisher „{old.title}“, jetzt" in output
    new = Concept.objects.get(slug="steinfurt-2021-fortschreibung")
    assert integration.in_force_on(open_one.date) == new
    # The assessed proposals stay pinned to the concept they were assessed against.
    assert not Assessment.objects.filter(concept=new).exists()

    # Importing it again changes nothing, so no warning.
    assert "Achtung" not in import_text(tmp_path, NEXT_CONCEPT.format(status="adopted"))


def test_a_draft_concept_changes_no_proposal_and_gets_no_public_page(demo, tmp_path):
    output = import_text(tmp_path, NEXT_CONCEPT.format(status="draft"))

    assert "Achtung" not in output
    assert "Entwurf: es bekommt keine öffentliche Seite" in output
    assert not ConceptPage.objects.filter(concept__slug="steinfurt-2021-fortschreibung").exists()


# --- the concept's public page ------------------------------------------------------------


def test_the_import_creates_the_concept_page_or_names_the_existing_one(db, tmp_path, client):
    first = import_text(tmp_path, FULL)

    page = ConceptPage.objects.get(concept__slug=SLUG)
    assert page.live and page.url_path.endswith("/integrationskonzept/")
    assert page.title == "Integrationskonzept Musterstadt 2024–2027"
    assert f"angelegt und veröffentlicht: {PAGE}" in first
    _main, text = page_text(client, PAGE)
    assert "Integrationskonzept Musterstadt 2024–2027" in text

    second = import_text(tmp_path, FULL)
    assert f"hat schon eine öffentliche Seite: „{page.title}“, {PAGE}" in second
    assert ConceptPage.objects.count() == 1

    # Another concept: /integrationskonzept/ is taken, so its page goes to its slug.
    import_text(tmp_path, MINIMAL.replace("status: draft", "status: adopted"), name="muster.yaml")
    other = ConceptPage.objects.get(concept__slug="musterstadt-2024")
    assert other.slug == "musterstadt-2024" and other.live
    page_text(client, "/musterstadt-2024/")


def test_the_demo_page_is_the_one_the_import_finds(demo, tmp_path):
    doc = export("steinfurt-2018-2021")

    output = import_text(tmp_path, yaml.safe_dump(doc, allow_unicode=True))

    assert "importiert: 0 neu, 0 geändert, 0 zurückgezogen." in output
    assert f"hat schon eine öffentliche Seite: „Integrationskonzept“, {PAGE}" in output
    assert ConceptPage.objects.filter(locale=Locale.get_default()).count() == 1


# --- the public pages show the structure ----------------------------------------------------


def test_the_measure_page_lists_its_goals_in_the_order_written(db, tmp_path, client):
    import_text(tmp_path, FULL)
    main, _text = page_text(client, f"{PAGE}massnahme/M1/")
    listed = [li.get_text(" ", strip=True) for li in main.select("ul.measure-goals li")]
    assert [item.split()[0] for item in listed] == ["1.1.1", "1.1"]

    import_text(tmp_path, FULL.replace("goals: ['1.1.1', '1.1']", "goals: ['1.1', '1.1.1']"))

    main, _text = page_text(client, f"{PAGE}massnahme/M1/")
    listed = [li.get_text(" ", strip=True) for li in main.select("ul.measure-goals li")]
    assert [item.split()[0] for item in listed] == ["1.1", "1.1.1"]
    assert "Zielgruppen Neuzugewanderte Priorität hoch Stimmen 2" in _text


def test_fields_show_sub_goals_under_their_goal_and_goals_of_other_fields(db, tmp_path, client):
    import_text(tmp_path, FULL)

    main, text = page_text(client, f"{PAGE}handlungsfeld/1/")
    rows = [row.th.get_text(" ", strip=True) for row in main.find("table").tbody.find_all("tr")]
    assert rows[0].startswith("1.1 Arbeitgeber") and "auch in Handlungsfeld 2" in rows[0]
    assert rows[1] == "↳ Unterziel: 1.1.1 Betriebe kennen die Ansprechpersonen"

    main, text = page_text(client, f"{PAGE}handlungsfeld/2/")
    rows = [row.th.get_text(" ", strip=True) for row in main.find("table").tbody.find_all("tr")]
    assert rows[0].startswith("2.1 Sprach-")
    assert rows[1].startswith("1.1 Arbeitgeber") and "Ziel aus Handlungsfeld 1" in rows[1]

    _main, text = page_text(client, f"{PAGE}ziel/1-1/")
    assert "auch in Handlungsfeld 2 Sprache und Bildung" in text
    assert "Unterziele 1.1.1 Betriebe kennen die Ansprechpersonen" in text
    assert "Zielgruppen Neuzugewanderte Priorität A Stimmen 3" in text
    _main, text = page_text(client, f"{PAGE}ziel/1-1-1/")
    assert "Unterziel von Ziel 1.1 Arbeitgeber*innen" in text


def test_the_overview_shows_challenges_target_groups_and_the_principles_label(db, tmp_path, client):
    import_text(tmp_path, FULL)

    main, text = page_text(client, PAGE)

    assert main.find("h2", id="principles-heading").get_text(strip=True) == (
        "Integrationsverständnis"
    )
    challenges = main.find("section", attrs={"aria-labelledby": "challenges-heading"})
    cells = [
        " ".join(td.get_text(" ", strip=True).split())
        for td in challenges.tbody.tr.find_all(["td", "th"])
    ]
    assert cells[0] == "H1"
    assert cells[1].startswith("Zu wenige Plätze in Sprachkursen Die Wartezeit")
    assert cells[2] == "2 Sprache und Bildung 1 Arbeit und Beschäftigung"
    assert cells[3:] == ["Neuzugewanderte , Familien mit Kindern", "hoch", "14"]
    assert "Zielgruppen Neuzugewanderte Menschen, die in den letzten fünf Jahren" in text
    _main, text = page_text(client, f"{PAGE}leitgedanke/1/")
    assert "Integrationsverständnis 1: Musterstadt sagt Willkommen" in text


def test_the_demo_concept_shows_none_of_what_it_does_not_have(demo, client):
    main, text = page_text(client, PAGE)

    assert main.find("h2", id="principles-heading").get_text(strip=True) == "Leitgedanken"
    assert "Herausforderungen" not in text and "Zielgruppen" not in text


# --- the admin -------------------------------------------------------------------------------


def test_the_admin_import_shows_the_warning_before_and_after(demo, tmp_path, admin_client):
    url = reverse("concept_import")
    text = NEXT_CONCEPT.format(status="adopted").encode()

    def post(button):
        upload = io.BytesIO(text)
        upload.name = "fortschreibung.yaml"
        return admin_client.post(url, {"file": upload, button: ""})

    trial = post("dry_run")
    assert trial.status_code == 200
    assert "Probelauf für" in trial.content.decode()
    assert "Achtung: Nach diesem Import gilt für" in trial.content.decode()
    assert not Concept.objects.filter(slug="steinfurt-2021-fortschreibung").exists()

    done = post("import").content.decode()

    assert "importiert: 2 neu" in done
    assert "Achtung: Nach diesem Import gilt für" in done
    assert "angelegt und veröffentlicht: /steinfurt-2021-fortschreibung/" in done
    assert Concept.objects.filter(slug="steinfurt-2021-fortschreibung").exists()


def test_the_admin_import_lists_the_problems_of_a_bad_file(db, tmp_path, admin_client):
    upload = io.BytesIO(BAD.encode())
    upload.name = "kaputt.yaml"

    response = admin_client.post(reverse("concept_import"), {"file": upload, "import": ""})

    html = response.content.decode()
    assert response.status_code == 200
    assert f"Import abgelehnt: {len(EXPECTED)} Fehler in kaputt.yaml" in html
    assert "concept.challenges[0].fields[1]" in html
    assert not Concept.objects.exists()


def test_a_goals_parent_further_fields_and_target_groups_are_edited_in_the_admin(
    db, tmp_path, admin_client
):
    import_text(tmp_path, FULL)
    sub = goal("2.1")
    url = reverse("wagtailsnippets_integration_check_goal:edit", args=[sub.pk])
    form = admin_client.get(url).context["form"]
    assert sorted(g.number for g in form.fields["parent"].queryset) == ["1.1", "1.1.1"]
    families = TargetGroup.objects.get(key="familien")

    response = admin_client.post(
        url,
        form_data(
            form,
            parent=str(goal("1.1").pk),
            also_in=[],
            target_groups=[str(families.pk)],
            priority="B",
            votes="5",
        ),
    )

    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.parent == goal("1.1") and sub.field_of_action.number == "1"
    assert (sub.priority, sub.votes) == ("B", 5)
    assert list(sub.target_groups.all()) == [families]

    # A goal's own field of action is not one of its further fields.
    main_goal = goal("1.1")
    url = reverse("wagtailsnippets_integration_check_goal:edit", args=[main_goal.pk])
    form = admin_client.get(url).context["form"]
    own = main_goal.field_of_action
    response = admin_client.post(url, form_data(form, also_in=[str(own.pk)]))
    assert response.status_code == 200
    assert "eigene Handlungsfeld" in str(response.context["form"].errors["also_in"])


def test_challenges_and_target_groups_are_edited_in_the_concepts_admin(db, tmp_path, admin_client):
    import_text(tmp_path, FULL)
    concept = Concept.objects.get(slug=SLUG)
    fields = {f.number: f for f in concept.fields_of_action.all()}

    response = admin_client.post(
        reverse("wagtailsnippets_integration_check_targetgroup:add"),
        {"concept": concept.pk, "key": "jugendliche", "title": "Jugendliche", "text": ""},
    )
    assert response.status_code == 302
    youth = TargetGroup.objects.get(key="jugendliche")
    response = admin_client.post(
        reverse("wagtailsnippets_integration_check_challenge:add"),
        {
            "concept": concept.pk,
            "number": "H2",
            "title": "Wenig Freizeitangebote",
            "text": "",
            "fields_of_action": [str(fields["2"].pk)],
            "target_groups": [str(youth.pk)],
            "priority": "mittel",
            "votes": "4",
        },
    )

    assert response.status_code == 302
    doc = export()
    assert doc["concept"]["target_groups"][-1] == {"key": "jugendliche", "title": "Jugendliche"}
    assert doc["concept"]["challenges"][-1] == {
        "number": "H2",
        "title": "Wenig Freizeitangebote",
        "fields": ["2"],
        "target_groups": ["jugendliche"],
        "priority": "mittel",
        "votes": 4,
    }


# --- translation ----------------------------------------------------------------------------


def test_the_new_texts_are_offered_for_translation(db, tmp_path):
    import_text(tmp_path, FULL)

    def strings(obj):
        source, _created = TranslationSource.get_or_create_from_instance(obj)
        return set(
            StringSegment.objects.filter(source=source).values_list("string__data", flat=True)
        )

    assert {"Zu wenige Plätze in Sprachkursen", "hoch"} <= strings(Challenge.objects.get())
    group = TargetGroup.objects.get(key="neuzugewanderte")
    found = strings(group)
    assert "Neuzugewanderte" in found and "neuzugewanderte" not in found  # the key stays
    assert "A" in strings(goal("1.1"))
    assert "Integrationsverständnis" in strings(Concept.objects.get(slug=SLUG))
