"""The demo content is data: a town's manifest names its check, concept, page and proposal
files (YAML), and ``manage.py load_demo`` loads what it names.

A bad entry in any of the files is reported with the file, the path in it and the line,
and nothing is written; the loaded demo holds the proposals of the file with their
assessments per check in the order written.
"""

import datetime
import io
from pathlib import Path

import polib
import pytest
import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from wagtail.models import Page

from home import roles
from home.demo_manifest import STEINFURT_MANIFEST, read_manifest, read_pages
from home.models import ContentPage
from integration_check.check_loader import FileRefused, load_check_file
from integration_check.models import Check, Concept, ScaleLevel, Sign
from proposals import demo as proposals_demo
from proposals.demo_file import DEMO_FILE, read_demo_file
from proposals.models import REFERENCE_EXAMPLE, Body, ProposalPage

User = get_user_model()
ROOT = Path(__file__).resolve().parents[1]
DEMO_DIR = STEINFURT_MANIFEST.parent
CONCEPT = DEMO_DIR / "steinfurt-2018-2021.yaml"
CLIMATE_CONCEPT = DEMO_DIR / "steinfurt-klimaschutz.yaml"
CLIMATE_CHECK_FILE = DEMO_DIR / "klimacheck.yaml"

#: One proposal the integration check alone applies to (a Mitteilungsvorlage), complete.
PROPOSALS = """\
bodies:
  - {slug: rat, name: Rat, short_name: Rat, kind: council}
proposals:
  - reference: "2020/501"
    slug: testvorlage
    title: Testvorlage
    kind: mitteilungsvorlage
    date: "2020-03-01"
    lead_department: Fachdienst Soziales
    facts: <p>Ein Sachverhalt.</p>
    checks:
      integration:
        summary: Die Vorlage wirkt positiv auf die Begegnung.
        principles:
          - {number: "1", rating: positive, justification: Mehr Begegnung.}
          - {number: "2", rating: neutral}
          - {number: "3", rating: neutral}
          - {number: "4", rating: neutral}
          - {number: "5", rating: neutral}
        goals:
          - {number: "5.3", rating: positive, justification: Die Nachbarschaft wächst.}
        measures: ["3.2"]
    consultations:
      - {body: rat, date: "2020-04-01", role: kenntnisnahme, result: zur_kenntnis}
"""

#: What follows the proposal's keys for a Beschlussvorlage that the Klimacheck applies to.
CLIMATE_SECTION = """\
      klima:
        precheck: [ja, nein]
        summary: Kaum Wirkung aufs Klima.
        goals:
          - {number: "1.1", rating: plus1, justification: Weniger Wege.}
          - {number: "1.2", rating: zero}
          - {number: "2.1", rating: zero}
          - {number: "2.2", rating: zero}
          - {number: "3.1", rating: zero}
          - {number: "3.2", rating: zero}
"""


@pytest.fixture(autouse=True)
def german():
    """The messages in the site's language, whatever an earlier test left active (the
    command sets it itself; the functions speak the active language)."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text, needle, start=0):
    """The 1-based line of the first line (from line ``start``) that contains ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if number > start and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in the text")


def manifest(tmp_path, proposals=None, *, extra=""):
    """Write a manifest of the Steinfurt concepts with the Klimacheck, one demo user and
    ``proposals`` (text of a proposals file) in ``tmp_path``; return its path."""
    lines = [
        f"checks: [{CLIMATE_CHECK_FILE}]",
        f"concepts: [{CONCEPT}, {CLIMATE_CONCEPT}]",
    ]
    if proposals is not None:
        lines.append(f"proposals: {write(tmp_path, 'vorlagen.yaml', proposals)}")
    lines += [
        "users:",
        "  password: geheim",
        "  email_domain: musterstadt.example",
        "  accounts:",
        "    - {username: autorin, first_name: Anna, last_name: Autorin, group: Sachbearbeitung}",
    ]
    return write(tmp_path, "musterstadt.yaml", "\n".join(lines) + "\n" + extra)


def load_demo(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("load_demo", "--no-translations", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args):
    """Run load_demo expecting a refusal; return ``(problem lines, error message)``."""
    err = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command(
            "load_demo", "--no-translations", *args, stdout=io.StringIO(), stderr=err, verbosity=0
        )
    return err.getvalue().splitlines(), str(excinfo.value)


def nothing_written():
    return (
        Concept.objects.count() == 0
        and not Check.objects.exclude(slug="integration").exists()
        and ProposalPage.objects.count() == 0
        and Body.objects.count() == 0
        and ContentPage.objects.count() == 0
        and User.objects.count() == 0
    )


def refusal(tmp_path, text):
    """Read ``text`` as a proposals file; return the problem lines of its refusal."""
    path = write(tmp_path, "vorlagen.yaml", text)
    with pytest.raises(FileRefused) as excinfo:
        read_demo_file(path)
    return path, str(excinfo.value).splitlines()


# --- the proposals file on its own ------------------------------------------------------


def test_an_unknown_key_is_named_with_its_path_and_line(tmp_path):
    text = PROPOSALS.replace("    lead_department:", "    seite: 3\n    lead_department:")
    path, problems = refusal(tmp_path, text)
    assert problems == [
        f"{path}: proposals[0].seite (Zeile {line_of(text, 'seite: 3')}): Unbekannter Schlüssel "
        "„seite“. Erlaubt sind: checks, consultations, date, facts, financial_effects, kind, "
        "lead_department, proposed_resolution, public, published, reference, slug, title."
    ]


def test_a_missing_required_key_is_named_at_its_entry(tmp_path):
    text = PROPOSALS.replace("    title: Testvorlage\n", "")
    path, problems = refusal(tmp_path, text)
    line = line_of(text, "- reference:")
    assert problems == [f"{path}: proposals[0] (Zeile {line}): Pflichtangabe „title“ fehlt."]


def test_a_body_not_in_the_file_is_refused(tmp_path):
    text = PROPOSALS.replace("{body: rat,", "{body: stadtrat,")
    path, problems = refusal(tmp_path, text)
    assert problems == [
        f"{path}: proposals[0].consultations[0].body (Zeile {line_of(text, 'body: stadtrat')}): "
        "Unbekannter Wert „stadtrat“; erlaubt sind: rat."
    ]


@pytest.mark.parametrize(
    ("old", "new", "place", "message"),
    [
        (
            "role: kenntnisnahme",
            "role: beratung",
            "proposals[0].consultations[0].role",
            "Unbekannter Wert „beratung“; erlaubt sind: vorberatung, entscheidung, kenntnisnahme.",
        ),
        (
            "kind: mitteilungsvorlage",
            "kind: vorlage",
            "proposals[0].kind",
            "Unbekannter Wert „vorlage“; erlaubt sind: beschlussvorlage, mitteilungsvorlage, "
            "berichtsvorlage, antrag, anfrage.",
        ),
        (
            'date: "2020-03-01"',
            "date: morgen",
            "proposals[0].date",
            "Hier wird ein Datum im Format JJJJ-MM-TT erwartet oder ein Tag relativ zum Tag des "
            "Ladens: „today“, „today+14“, „today-21“.",
        ),
        (
            'date: "2020-03-01"',
            'date: "2020-02-30"',
            "proposals[0].date",
            "Das Datum „2020-02-30“ gibt es nicht.",
        ),
        (
            'reference: "2020/501"',
            'reference: "501/2020"',
            "proposals[0].reference",
            "„501/2020“ ist keine gültige Drucksachen-Nr.; erwartet wird die Form JJJJ/NNN, "
            f"z. B. {REFERENCE_EXAMPLE}.",
        ),
        (
            "public: true",
            "public: ja",
            "proposals[0].public",
            "Hier wird true oder false erwartet.",
        ),
        (
            '{number: "2", rating: neutral}',
            '{number: "zwei 2", rating: neutral}',
            "proposals[0].checks.integration.principles[1].number",
            "„zwei 2“ ist keine gültige Nummer: erlaubt sind Buchstaben und Ziffern, getrennt "
            "durch „.“, „-“ oder „/“, ohne Leerzeichen (z. B. „3“, „2.4“, „1a“, „M1“ oder "
            "„HF3-Z2“).",
        ),
        (
            '{number: "2", rating: neutral}',
            '{number: "2"}',
            "proposals[0].checks.integration.principles[1]",
            "Pflichtangabe „rating“ fehlt.",
        ),
    ],
)
def test_a_bad_value_is_named_with_its_path_and_line(tmp_path, old, new, place, message):
    text = PROPOSALS.replace("    facts:", "    public: true\n    facts:").replace(old, new)
    path, problems = refusal(tmp_path, text)
    assert problems == [f"{path}: {place} (Zeile {line_of(text, new)}): {message}"]


def test_every_problem_of_the_file_is_reported_at_once(tmp_path):
    bad = PROPOSALS.replace("kind: mitteilungsvorlage", "kind: vorlage").replace(
        "{body: rat,", "{body: stadtrat,"
    )
    text = bad + bad.split("proposals:\n")[1]  # the same proposal twice
    path, problems = refusal(tmp_path, text)
    second = line_of(text, "- reference:", start=line_of(text, "- reference:"))
    assert [problem.split(" (Zeile")[0] for problem in problems] == [
        f"{path}: proposals[0].kind",
        f"{path}: proposals[0].consultations[0].body",
        f"{path}: proposals[1].kind",
        f"{path}: proposals[1].consultations[0].body",
        f"{path}: proposals[1].reference",
        f"{path}: proposals[1].slug",
    ]
    assert problems[4] == (
        f"{path}: proposals[1].reference (Zeile {second}): „2020/501“ kommt doppelt vor "
        "(zuerst bei proposals[0].reference)."
    )


def test_a_yaml_anchor_is_refused_as_by_the_concept_import(tmp_path):
    text = PROPOSALS.replace("title: Testvorlage", "title: &t Testvorlage")
    path, problems = refusal(tmp_path, text)
    assert problems == [
        f"{path}: Dokument (Zeile {line_of(text, '&t')}): YAML-Anker und -Verweise („&“, „*“) "
        "sind nicht erlaubt."
    ]


def test_dates_and_references_may_count_from_the_day_of_loading(tmp_path):
    text = (
        PROPOSALS.replace('reference: "2020/501"', 'reference: "{year}/901"')
        .replace('date: "2020-03-01"', "date: today-21")
        .replace('date: "2020-04-01"', "date: today+14")
    )
    path = write(tmp_path, "vorlagen.yaml", text)

    proposal = read_demo_file(path, today=datetime.date(2031, 1, 10)).proposals[0]

    assert proposal["reference"] == "2031/901"
    assert proposal["date"] == "2030-12-20"
    assert proposal["consultations"] == [("rat", "2031-01-24", "kenntnisnahme", "zur_kenntnis")]


# --- the proposals file against the database --------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "place", "message"),
    [
        (
            '{number: "2", rating: neutral}',
            '{number: "9", rating: neutral}',
            "checks.integration.principles[1].number",
            "Leitgedanke „9“ gibt es im Konzept „steinfurt-2018-2021“ nicht.",
        ),
        (
            '{number: "5.3", rating: positive',
            '{number: "5.9", rating: positive',
            "checks.integration.goals[0].number",
            "Ziel „5.9“ gibt es im Konzept „steinfurt-2018-2021“ nicht.",
        ),
        (
            'measures: ["3.2"]',
            'measures: ["3.9"]',
            "checks.integration.measures[0]",
            "Maßnahme „3.9“ gibt es im Konzept „steinfurt-2018-2021“ nicht.",
        ),
        (
            '{number: "2", rating: neutral}',
            '{number: "2", rating: plus1}',
            "checks.integration.principles[1].rating",
            "Die Prüfung „integration“ hat keine Stufe „plus1“; ihre Stufen sind: positive, "
            "neutral, negative.",
        ),
        (
            "      integration:\n",
            "      inklusion:\n",
            "checks.inklusion",
            "Unbekannte Prüfung „inklusion“; angelegt sind: integration, klima. Eine Prüfung "
            "wird in der Verwaltung unter „Prüfungen“ angelegt.",
        ),
        (
            'date: "2020-03-01"',
            'date: "2017-03-01"',
            "checks.integration",
            "Die Prüfung „integration“ hat am 2017-03-01 kein geltendes Konzept.",
        ),
    ],
)
def test_a_number_level_or_check_the_database_lacks_is_refused_and_nothing_written(
    demo, tmp_path, old, new, place, message
):
    text = PROPOSALS.replace(old, new)
    path = write(tmp_path, "vorlagen.yaml", text)
    before = ProposalPage.objects.count()

    with pytest.raises(FileRefused) as excinfo:
        proposals_demo.load(roles.ensure_groups(), read_demo_file(path))

    # A check's line is that of its value, the first line below its slug.
    needle = "summary:" if place.count(".") == 1 else new.strip()
    assert str(excinfo.value).splitlines() == [
        f"{path}: proposals[0].{place} (Zeile {line_of(text, needle)}): {message}"
    ]
    assert ProposalPage.objects.count() == before


def test_a_klimacheck_rating_must_be_a_level_of_the_klimacheck(demo, tmp_path):
    text = (PROPOSALS + "").replace("kind: mitteilungsvorlage", "kind: beschlussvorlage")
    text = text.replace("    consultations:", CLIMATE_SECTION + "    consultations:")
    text = text.replace('{number: "1.2", rating: zero}', '{number: "1.2", rating: neutral}')
    text = text.replace("precheck: [ja, nein]", "precheck: [ja]")
    path = write(tmp_path, "vorlagen.yaml", text)

    with pytest.raises(FileRefused) as excinfo:
        proposals_demo.load(roles.ensure_groups(), read_demo_file(path))

    assert str(excinfo.value).splitlines() == [
        f"{path}: proposals[0].checks.klima.goals[1].rating (Zeile "
        f"{line_of(text, 'rating: neutral}', start=line_of(text, 'klima:'))}): Die Prüfung "
        "„klima“ hat keine Stufe „neutral“; ihre Stufen sind: plus2, plus1, zero, minus1, minus2.",
        f"{path}: proposals[0].checks.klima.precheck (Zeile {line_of(text, 'precheck:')}): "
        "Erwartet wird eine Antwort auf jede Frage der Vorprüfung von „klima“ (2), nicht 1.",
    ]
    assert not ProposalPage.objects.filter(slug="testvorlage").exists()


def test_a_proposal_to_be_published_must_be_complete(demo, tmp_path):
    text = PROPOSALS.replace("kind: mitteilungsvorlage", "kind: beschlussvorlage")
    path = write(tmp_path, "vorlagen.yaml", text)

    with pytest.raises(FileRefused) as excinfo:
        proposals_demo.load(roles.ensure_groups(), read_demo_file(path))

    # The Klimacheck applies to a Beschlussvorlage; the file gives no assessment for it.
    assert str(excinfo.value).splitlines() == [
        f"{path}: proposals[0] (Zeile {line_of(text, '- reference:')}): Die Vorlage kann so "
        "nicht veröffentlicht werden: Klima: Die Prüfung „Klimacheck“ fehlt."
    ]
    assert not ProposalPage.objects.filter(slug="testvorlage").exists()

    # As a draft it may be incomplete.
    draft = write(
        tmp_path, "entwurf.yaml", text.replace("    facts:", "    published: false\n    facts:")
    )
    proposals_demo.load(roles.ensure_groups(), read_demo_file(draft))
    page = ProposalPage.objects.get(slug="testvorlage")
    assert not page.live and page.has_unpublished_changes


def test_a_proposals_assessments_keep_the_order_of_the_file(demo, tmp_path):
    text = PROPOSALS.replace("kind: mitteilungsvorlage", "kind: beschlussvorlage").replace(
        "    checks:\n", "    checks:\n" + CLIMATE_SECTION
    )
    path = write(tmp_path, "vorlagen.yaml", text)

    lines = proposals_demo.load(roles.ensure_groups(), read_demo_file(path))

    page = ProposalPage.objects.get(slug="testvorlage")
    assert page.live
    assert [a.assessment_check.slug for a in page.assessments.order_by("sort_order")] == [
        "klima",
        "integration",
    ]
    assert [(r.goal.number, r.rating) for r in page.goal_ratings.order_by("sort_order")] == [
        ("1.1", "plus1"),
        ("1.2", "zero"),
        ("2.1", "zero"),
        ("2.2", "zero"),
        ("3.1", "zero"),
        ("3.2", "zero"),
        ("5.3", "positive"),
    ]
    assert [a.answer for a in page.precheck_answers.order_by("sort_order")] == ["yes", "no"]
    assert lines == [f"Vorlagen: 1 neu, {ProposalPage.objects.count()} insgesamt."]


# --- the loaded demo ------------------------------------------------------------------


def test_the_demo_holds_every_proposal_of_the_file_with_its_assessments_in_order(demo):
    today = datetime.date.today()
    demo_file = read_demo_file(DEMO_FILE, today)

    assert list(ProposalPage.objects.order_by("path").values_list("slug", flat=True)) == [
        data["slug"] for data in demo_file.proposals
    ]
    for data in demo_file.proposals:
        page = ProposalPage.objects.get(slug=data["slug"])
        assert (page.reference, page.title, page.kind, page.date.isoformat()) == (
            data["reference"],
            data["title"],
            data["kind"],
            data["date"],
        )
        assert page.is_public == data["is_public"]
        assert page.live == data["published"]
        assessments = list(page.assessments.order_by("sort_order"))
        assert [a.assessment_check.slug for a in assessments] == list(data["checks"])
        principles = list(page.principle_ratings.order_by("sort_order"))
        goals = list(page.goal_ratings.order_by("sort_order"))
        measures = list(page.implemented_measures.order_by("sort_order"))
        answers = list(page.precheck_answers.order_by("sort_order"))
        for assessment, (slug, section) in zip(assessments, data["checks"].items(), strict=True):
            concept = assessment.concept
            assert concept.assessment_check.slug == slug
            assert (assessment.summary, assessment.not_relevant_reason) == (
                section["summary"],
                section["not_relevant_reason"],
            )
            assert [
                (r.principle.number, r.rating, r.justification, r.weighing)
                for r in principles
                if r.principle.concept_id == concept.pk
            ] == section["principles"], (data["slug"], slug)
            assert [
                (r.goal.number, r.rating, r.justification, r.weighing)
                for r in goals
                if r.goal.field_of_action.concept_id == concept.pk
            ] == section["goals"], (data["slug"], slug)
            assert [
                m.measure.number
                for m in measures
                if m.measure.field_of_action.concept_id == concept.pk
            ] == section["measures"]
            if "precheck" in section:
                assert [
                    a.answer
                    for a in answers
                    if a.question.assessment_check_id == concept.assessment_check_id
                ] == section["precheck"]
        assert [
            (
                c.body.slug,
                c.meeting_date.isoformat() if c.meeting_date else None,
                c.role,
                c.result,
            )
            for c in page.consultations.order_by("sort_order")
        ] == data["consultations"]
    assert list(Body.objects.order_by("sort_order").values_list("slug", "name")) == [
        (body["slug"], body["name"]) for body in demo_file.bodies
    ]


def test_the_upcoming_demo_proposals_meet_in_the_weeks_after_loading(demo):
    page = ProposalPage.objects.get(slug="anmietung-gebaeude-unterbringung-gefluechteter")
    today = datetime.date.today()

    assert page.reference == f"{today.year}/902"
    assert page.date == today - datetime.timedelta(days=14)
    assert [c.meeting_date for c in page.consultations.order_by("sort_order")] == [
        today + datetime.timedelta(days=16),
        today + datetime.timedelta(days=23),
    ]


def test_the_klimacheck_is_the_check_its_file_describes(demo):
    check = Check.objects.get(slug="klima")

    assert (check.name, check.short_name, check.concept_label) == (
        "Klimacheck",
        "Klima",
        "Klimaschutzkonzept",
    )
    assert (check.principles_rule, check.goals_rule) == ("none", "all")
    assert check.applies_to == ["beschlussvorlage", "antrag"]
    assert [
        (
            level.key,
            level.label,
            level.symbol,
            level.sign,
            level.needs_justification,
            level.needs_weighing,
        )
        for level in check.scale
    ] == [
        ("plus2", "stark positiv", "++", Sign.POSITIVE, True, False),
        ("plus1", "positiv", "+", Sign.POSITIVE, True, False),
        ("zero", "keine Auswirkung", "○", Sign.NEUTRAL, False, False),
        ("minus1", "negativ", "−", Sign.NEGATIVE, True, True),
        ("minus2", "stark negativ", "−−", Sign.NEGATIVE, True, True),
    ]
    assert [question.text for question in check.questions] == [
        "Hat die Vorlage Auswirkungen auf Energieverbrauch oder Treibhausgasemissionen?",
        "Betrifft die Vorlage Flächen, Gebäude oder Verkehr?",
    ]


@pytest.mark.parametrize("language", [c for c, _n in settings.LANGUAGES if c != "de"])
def test_the_klimachecks_name_and_levels_are_in_every_catalogue(language):
    """The public pages show them through the catalogues (``configured_text``)."""
    catalogue = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    translated = {entry.msgid for entry in catalogue if entry.msgstr and not entry.obsolete}
    check = yaml.safe_load(CLIMATE_CHECK_FILE.read_text(encoding="utf-8"))
    labels = [level["label"] for level in check["levels"]]

    assert {"Klimacheck", *labels} <= translated
    assert len(labels) == 5


# --- the manifest -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_minimal_manifest_loads_its_town(tmp_path):
    path = manifest(tmp_path, PROPOSALS)

    output, _errors = load_demo("--manifest", str(path))

    page = ProposalPage.objects.get()
    assert (page.slug, page.live, page.reference) == ("testvorlage", True, "2020/501")
    assert [a.assessment_check.slug for a in page.assessments.all()] == ["integration"]
    assert list(User.objects.values_list("username", "email")) == [
        ("autorin", "autorin@musterstadt.example")
    ]
    user = User.objects.get()
    assert user.check_password("geheim")
    assert list(user.groups.values_list("name", flat=True)) == ["Sachbearbeitung"]
    assert ContentPage.objects.count() == 0  # the manifest names no pages
    assert list(Body.objects.values_list("slug", flat=True)) == ["rat"]
    assert "Demo-Zugänge (Passwort jeweils „geheim“):" in output
    assert f"  {'autorin':<24} Anna Autorin, Sachbearbeitung" in output
    assert "Vorlagen: 1 neu, 1 insgesamt." in output

    pages = Page.objects.count()
    again, _errors = load_demo("--manifest", str(path))
    assert "Vorlagen: 0 neu, 1 insgesamt." in again
    assert Page.objects.count() == pages


@pytest.mark.django_db
def test_a_bad_proposals_file_stops_the_command_before_anything_is_written(tmp_path):
    text = PROPOSALS.replace("    lead_department:", "    seite: 3\n    lead_department:")
    path = manifest(tmp_path, text)

    problems, error = refused("--manifest", str(path))

    assert problems == [
        f"{tmp_path / 'vorlagen.yaml'}: proposals[0].seite (Zeile {line_of(text, 'seite')}): "
        "Unbekannter Schlüssel „seite“. Erlaubt sind: checks, consultations, date, facts, "
        "financial_effects, kind, lead_department, proposed_resolution, public, published, "
        "reference, slug, title."
    ]
    assert error == "Import abgelehnt: 1 Fehler gefunden. Es wurde nichts geändert."
    assert nothing_written()


@pytest.mark.django_db
def test_a_number_the_concept_lacks_stops_the_command_and_everything_is_rolled_back(tmp_path):
    text = PROPOSALS.replace('{number: "5.3", rating', '{number: "5.9", rating')
    path = manifest(tmp_path, text)

    problems, error = refused("--manifest", str(path))

    assert problems == [
        f"{tmp_path / 'vorlagen.yaml'}: proposals[0].checks.integration.goals[0].number "
        f"(Zeile {line_of(text, '5.9')}): Ziel „5.9“ gibt es im Konzept „steinfurt-2018-2021“ "
        "nicht."
    ]
    assert error == "Import abgelehnt: 1 Fehler gefunden. Es wurde nichts geändert."
    assert nothing_written()  # the concepts, check and pages imported before are gone too


@pytest.mark.django_db
def test_the_manifest_is_checked_first(tmp_path):
    path = manifest(tmp_path, PROPOSALS, extra="pages: seiten.yaml\n")
    text = path.read_text(encoding="utf-8").replace("group: Sachbearbeitung", "group: Rat")
    path.write_text(text, encoding="utf-8")

    problems, _error = refused("--manifest", str(path))

    assert problems == [
        f"{path}: pages (Zeile {line_of(text, 'pages:')}): Datei nicht gefunden: "
        f"{tmp_path / 'seiten.yaml'}",
        f"{path}: users.accounts[0].group (Zeile {line_of(text, 'group: Rat')}): Unbekannter "
        f"Wert „Rat“; erlaubt sind: {', '.join(roles.ALL_GROUPS)}.",
    ]
    assert nothing_written()


@pytest.mark.django_db
def test_a_manifest_without_concepts_is_refused(tmp_path):
    path = write(tmp_path, "leer.yaml", "pages: seiten.yaml\nweitere: 1\n")

    problems, _error = refused("--manifest", str(path))

    assert problems == [
        f"{path}: weitere (Zeile 2): Unbekannter Schlüssel „weitere“. Erlaubt sind: checks, "
        "concepts, home_summary, pages, proposals, settings, site, translations, users.",
        f"{path}: Dokument (Zeile 1): Pflichtangabe „concepts“ fehlt.",
        f"{path}: pages (Zeile 1): Datei nicht gefunden: {tmp_path / 'seiten.yaml'}",
    ]


def test_the_steinfurt_manifest_names_the_demo_files_and_a_login_per_role():
    steinfurt = read_manifest(STEINFURT_MANIFEST)

    assert steinfurt.concepts == [CONCEPT, CLIMATE_CONCEPT]
    assert steinfurt.checks == [CLIMATE_CHECK_FILE]
    assert steinfurt.proposals == DEMO_FILE
    assert steinfurt.pages == DEMO_DIR / "pages.yaml"
    assert {user.group for user in steinfurt.users} == {None, *roles.ALL_GROUPS}


# --- check and page files ---------------------------------------------------------------

CHECK = """\
slug: inklusion
name: Inklusionscheck
short_name: Inklusion
goals_rule: none
applies_to: [beschlussvorlage]
required_from: today-1
levels:
  - {key: ja, label: fördert Teilhabe, symbol: "+", direction: positive, needs_justification: true}
  - {key: nein, label: keine Wirkung, symbol: "○", direction: neutral}
precheck_questions: [Betrifft die Vorlage Menschen mit Behinderung?]
"""


@pytest.mark.django_db
def test_a_town_loads_a_check_of_its_own_from_a_file(tmp_path):
    path = write(tmp_path, "inklusion.yaml", CHECK)

    with translation.override("en"):  # stored values do not depend on the active language
        check = load_check_file(path, today=datetime.date(2030, 5, 2))

    assert (check.slug, check.name, check.principles_rule, check.goals_rule) == (
        "inklusion",
        "Inklusionscheck",
        "all",
        "none",
    )
    assert check.required_from == datetime.date(2030, 5, 1)
    assert check.concept_label == "Integrationskonzept"  # the default, in German
    assert [(level.key, level.sign, level.sort_order) for level in check.scale] == [
        ("ja", Sign.POSITIVE, 0),
        ("nein", Sign.NEUTRAL, 1),
    ]
    # A check that exists is left as the town changed it in the admin.
    check.name = "Inklusion (geändert)"
    check.save()
    path.write_text(CHECK.replace("Inklusionscheck", "Anders"), encoding="utf-8")
    assert load_check_file(path).name == "Inklusion (geändert)"
    assert ScaleLevel.objects.filter(assessment_check=check).count() == 2


@pytest.mark.django_db
def test_a_bad_check_file_is_refused_with_path_and_line(tmp_path):
    text = (
        CHECK.replace("direction: neutral", "direction: egal")
        .replace("key: nein", "key: ja")
        .replace("[beschlussvorlage]", "[beschlussvorlage, satzung]")
        .replace("goals_rule: none", "goals_rule: einige")
    )
    path = write(tmp_path, "inklusion.yaml", text)

    with pytest.raises(FileRefused) as excinfo:
        load_check_file(path)

    problems = str(excinfo.value).splitlines()
    # The kinds are those of every assessable page model (the tests' settings add some).
    assert problems[1].startswith(
        f"{path}: applies_to[1] (Zeile 5): Unbekannter Wert „satzung“; erlaubt sind: "
        "beschlussvorlage, mitteilungsvorlage, berichtsvorlage, antrag, anfrage"
    )
    assert problems[:1] + problems[2:] == [
        f"{path}: goals_rule (Zeile 4): Unbekannter Wert „einige“; erlaubt sind: all, touched, "
        "none.",
        f"{path}: levels[1].key (Zeile 9): „ja“ kommt doppelt vor (zuerst bei levels[0].key).",
        f"{path}: levels[1].direction (Zeile 9): Unbekannter Wert „egal“; erlaubt sind: "
        "positive, neutral, negative.",
    ]
    assert not Check.objects.filter(slug="inklusion").exists()


def test_a_pages_file_joins_the_blocks_of_a_body_and_names_a_missing_title(tmp_path):
    path = write(
        tmp_path,
        "seiten.yaml",
        "pages:\n  - slug: impressum\n    title: Impressum\n    body: [<h2>Anbieter</h2>, <p>Stadt</p>]\n"
        "  - slug: kontakt\n    body: <p>Telefon</p>\n",
    )
    with pytest.raises(FileRefused) as excinfo:
        read_pages(path)
    assert str(excinfo.value) == f"{path}: pages[1] (Zeile 5): Pflichtangabe „title“ fehlt."

    path.write_text(path.read_text().replace("    body: <p>", "    title: Kontakt\n    body: <p>"))
    assert [(page["slug"], page["body"], page["show_in_footer"]) for page in read_pages(path)] == [
        ("impressum", "<h2>Anbieter</h2><p>Stadt</p>", False),
        ("kontakt", "<p>Telefon</p>", False),
    ]


@pytest.mark.django_db
def test_the_demo_home_page_gets_the_concept_in_two_sentences(demo):
    from home.demo_manifest import RHEINE_MANIFEST, read_manifest
    from home.models import HomePage

    home = HomePage.objects.get(locale__language_code="de", depth=2)
    assert home.summary.startswith("Mit dem Integrationskonzept will Steinfurt")
    rheine = read_manifest(RHEINE_MANIFEST).home_summary
    assert rheine.startswith("Das Integrationskonzept der Stadt Rheine")
