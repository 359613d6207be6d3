"""What the public and the council see of a proposal assessed in several checks.

Next to the demo's integration check a small climate check is made here: five levels
from "stark fördernd" (++) to "stark hemmend" (−−), goals only (no guiding principles),
a pre-check of one question, and a concept whose goal numbers clash with the
integration concept's (both have a goal 3.2). The listing filters, the council area,
the concept pages, the exports, the API and the feed must tell the two checks apart.
"""

import csv
import datetime
import io
from types import SimpleNamespace
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from wagtail.models import WorkflowTask

from home.models import HomePage
from integration_check.migration_helpers import INTEGRATION_CHECK
from integration_check.models import (
    Assessment,
    Check,
    Concept,
    ConceptPage,
    FieldOfAction,
    Goal,
    GoalRating,
    GuidingPrinciple,
    ImplementedMeasure,
    IntegrationCheckTask,
    ItemRule,
    Measure,
    PrecheckAnswer,
    PrecheckQuestion,
    PrincipleRating,
    ScaleLevel,
)
from proposals.demo import build_proposal, ensure_bodies
from proposals.models import ProposalIndexPage, ProposalPage

P, N, M = "positive", "neutral", "negative"
ALL_NEUTRAL = [(str(n), N, "", "") for n in range(1, 6)]
INTEGRATION_CONCEPT = "steinfurt-2018-2021"
CLIMATE_CHECK = "klimacheck-test"
CLIMATE_CONCEPT = "klimaschutz-test"
CLIMATE_PAGE = "/klimaschutzkonzept/"
CLIMATE_LEVELS = [
    # key, label, symbol, sign, needs justification, needs weighing
    ("plus2", "stark fördernd", "++", 1, True, False),
    ("plus1", "fördernd", "+", 1, True, False),
    ("zero", "keine Auswirkung", "○", 0, False, False),
    ("minus1", "hemmend", "−", -1, True, True),
    ("minus2", "stark hemmend", "−−", -1, True, True),
]
CLIMATE_GOALS = {
    # field: (field title, {goal number: goal title})
    "1": ("Energie", {"1.1": "Strom aus Sonne und Wind", "1.2": "Wärme aus Abwärme"}),
    "3": ("Gebäude", {"3.2": "Öffentliche Gebäude sanieren"}),
}


def text(element):
    return " ".join(element.get_text(" ", strip=True).replace("\xa0", " ").split())


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


# --- factories ---------------------------------------------------------------------------


def make_check(**fields):
    """A check with the five-level climate scale and one pre-check question."""
    check = Check.objects.create(**fields)
    for position, (key, label, symbol, sign, justify, weigh) in enumerate(CLIMATE_LEVELS):
        ScaleLevel.objects.create(
            assessment_check=check,
            key=key,
            label=label,
            symbol=symbol,
            sign=sign,
            needs_justification=justify,
            needs_weighing=weigh,
            sort_order=position,
        )
    return check


def make_concept(check, slug, status=Concept.Status.ADOPTED, goals=CLIMATE_GOALS):
    concept = Concept.objects.create(
        slug=slug,
        title=f"Klimaschutzkonzept ({slug})",
        valid_from=datetime.date(2020, 1, 1),
        status=status,
        assessment_check=check,
    )
    found = {}
    for number, (title, field_goals) in goals.items():
        field = FieldOfAction.objects.create(concept=concept, number=number, title=title)
        for goal_number, goal_title in field_goals.items():
            found[goal_number] = Goal.objects.create(
                field_of_action=field, number=goal_number, title=goal_title
            )
    return concept, found


def remove_check(slug):
    """Delete the check ``slug`` with everything assessed in it and its workflow steps."""
    check = Check.objects.get(slug=slug)
    concepts = Concept.objects.filter(assessment_check=check)
    Assessment.objects.filter(assessment_check=check).delete()
    PrecheckAnswer.objects.filter(question__assessment_check=check).delete()
    GoalRating.objects.filter(goal__field_of_action__concept__in=concepts).delete()
    PrincipleRating.objects.filter(principle__concept__in=concepts).delete()
    ImplementedMeasure.objects.filter(measure__field_of_action__concept__in=concepts).delete()
    for task in IntegrationCheckTask.objects.filter(assessment_check=check):
        WorkflowTask.objects.filter(task=task).delete()
        task.delete()
    concepts.delete()
    check.delete()


@pytest.fixture
def climate(demo):
    """A climate check rating goals only, its adopted concept with a public page, a draft
    update of the concept, and the question of its pre-check.

    The demo's own Klimacheck is removed first, with its assessments, so that this
    module's check is the only climate check and its figures are exactly what it made."""
    remove_check("klima")
    check = make_check(
        name="Klimacheck",
        slug=CLIMATE_CHECK,
        short_name="Klima",
        concept_label="Klimaschutzkonzept",
        principles_rule=ItemRule.NONE,
        goals_rule=ItemRule.TOUCHED,
        # Not required of any proposal (the demo's proposals have no climate assessment);
        # a proposal that has one is checked against it all the same.
        required_from=datetime.date(2099, 1, 1),
        sort_order=10,
    )
    question = PrecheckQuestion.objects.create(
        assessment_check=check, text="Wirkt sich die Vorlage auf das Klima aus?"
    )
    concept, goals = make_concept(check, CLIMATE_CONCEPT)
    draft, draft_goals = make_concept(
        check,
        "klimaschutz-entwurf",
        status=Concept.Status.DRAFT,
        goals={"7": ("Entwurfsfeld", {"7.1": "Ziel eines Entwurfs"})},
    )
    measure = Measure.objects.create(
        field_of_action=goals["1.1"].field_of_action, number="1.1", title="Solardächer"
    )
    measure.goals.add(goals["1.1"])
    home = HomePage.objects.get(locale__language_code="de")
    page = ConceptPage(title="Klimaschutzkonzept", slug=CLIMATE_PAGE.strip("/"), concept=concept)
    home.add_child(instance=page)
    page.save_revision().publish()
    return SimpleNamespace(
        check=check,
        concept=concept,
        goals=goals,
        question=question,
        draft_goal=draft_goals["7.1"],
    )


@pytest.fixture
def index(demo):
    return ProposalIndexPage.objects.get()


def publish(index, climate, *, climate_goals=(), not_relevant="", **data):
    """Publish a proposal assessed in the integration check (demo-style ``data``) and in
    the climate check (``climate_goals``: ``[(number, level key, justification, weighing)]``,
    or ``not_relevant``: the reason the pre-check found it not relevant)."""
    data.setdefault("slug", data["reference"].replace("/", "-"))
    data.setdefault("summary", f"Integration: {data['title']} ist vereinbar.")
    data.setdefault("principles", ALL_NEUTRAL)
    integration = Check.objects.get(slug=INTEGRATION_CHECK)
    concept = integration.concept_in_force_on(datetime.date.fromisoformat(data["date"]))
    page = build_proposal(data, ensure_bodies(), concept)
    page.assessments = [
        *page.assessments.all(),
        Assessment(
            assessment_check=climate.check,
            concept=climate.concept,
            summary="" if not_relevant else f"Klima: {data['title']} schützt das Klima.",
            not_relevant_reason=not_relevant,
        ),
    ]
    page.precheck_answers = [
        *page.precheck_answers.all(),
        PrecheckAnswer(question=climate.question, answer="no" if not_relevant else "yes"),
    ]
    page.goal_ratings = [
        *page.goal_ratings.all(),
        *[
            GoalRating(
                goal=climate.goals[number],
                rating=level,
                justification=justification,
                weighing=weighing,
            )
            for number, level, justification, weighing in climate_goals
        ],
    ]
    page.live = False
    index.add_child(instance=page)
    page.save_revision().publish()
    return ProposalPage.objects.get(pk=page.pk)


def upcoming(days=10):
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


@pytest.fixture
def proposals(index, climate):
    """Two proposals assessed in both checks, adopted, with a meeting still to come.

    ``both`` affects integration principle 2 (+) and goal 3.2 (−) and climate goal 1.1
    (++); ``other`` affects integration goal 3.1 (+) and climate goal 3.2 (−): the same
    goal number as ``both``'s integration goal, in the other check's concept.
    """
    consultations = [
        ("rat", "2033-03-01", "entscheidung", "beschlossen"),
        ("soziales", upcoming(), "vorberatung", "offen"),
    ]
    both = publish(
        index,
        climate,
        title="Solardach auf dem Begegnungszentrum",
        reference="2033/001",
        date="2033-02-01",
        principles=[("1", N, "", ""), ("2", P, "Ein Treffpunkt mehr.", "")] + ALL_NEUTRAL[2:],
        goals=[("3.2", M, "Der alte Treffpunkt schließt.", "Ersatz im Zentrum.")],
        climate_goals=[("1.1", "plus2", "Das Dach erzeugt Strom.", "")],
        consultations=consultations,
    )
    other = publish(
        index,
        climate,
        title="Parkhaus am Bahnhof",
        reference="2033/002",
        date="2033-02-02",
        goals=[("3.1", P, "Informationstafeln in vielen Sprachen.", "")],
        climate_goals=[("3.2", "minus1", "Mehr Autoverkehr.", "Ladesäulen im Parkhaus.")],
        consultations=consultations,
    )
    return SimpleNamespace(both=both, other=other)


# --- the listing's filters -----------------------------------------------------------------


def listing(client, **params):
    """Return the listing's soup and the titles of the proposals it lists (all pages)."""
    titles, number, first = [], 1, None
    while True:
        html = soup(client.get("/vorlagen/", {**params, "seite": number}))
        first = first or html
        titles += [text(a) for a in html.select("ol.proposal-list li > a")]
        if not html.find("a", string="nächste Seite"):
            return first, titles
        number += 1


FILTER_CASES = [
    # params, which of the two proposals the listing shows
    ({"leitgedanke": f"{INTEGRATION_CONCEPT}:2"}, {"both"}),
    ({"ziel": f"{INTEGRATION_CONCEPT}:3.2"}, {"both"}),
    ({"ziel": f"{CLIMATE_CONCEPT}:3.2"}, {"other"}),
    ({"ziel": f"{CLIMATE_CONCEPT}:1.1"}, {"both"}),
    ({"ziel": f"{CLIMATE_CONCEPT}:1.1", "wirkung": "positiv"}, {"both"}),
    ({"ziel": f"{CLIMATE_CONCEPT}:1.1", "wirkung": "negativ"}, set()),
    ({"ziel": f"{CLIMATE_CONCEPT}:3.2", "wirkung": "negativ"}, {"other"}),
    ({"handlungsfeld": f"{CLIMATE_CONCEPT}:1"}, {"both"}),
    ({"handlungsfeld": f"{CLIMATE_CONCEPT}:3"}, {"other"}),
    ({"handlungsfeld": f"{INTEGRATION_CONCEPT}:3"}, {"both", "other"}),
    # The climate check's "hemmend" counts as negative like the integration check's "negativ".
    ({"wirkung": "negativ", "jahr": "2033"}, {"both", "other"}),
    ({"wirkung": "positiv", "jahr": "2033"}, {"both", "other"}),
    # Old addresses with a bare number: the integration concept in force.
    ({"leitgedanke": "2"}, {"both"}),
    ({"ziel": "3.2"}, {"both"}),
    ({"handlungsfeld": "3"}, {"both", "other"}),
]


@pytest.mark.parametrize(
    "params, expected",
    FILTER_CASES,
    ids=["&".join(f"{k}={v}" for k, v in case[0].items()) for case in FILTER_CASES],
)
def test_filter_by_an_item_of_either_check_finds_only_the_proposals_rating_it(
    client, proposals, params, expected
):
    html, titles = listing(client, **params)
    assert not html.select(".form-errors"), params
    for key in ("both", "other"):
        page = getattr(proposals, key)
        assert (page.title in titles) == (key in expected), (params, page.title)


def test_bare_number_of_an_old_address_selects_the_integration_concepts_item(client, proposals):
    html, _titles = listing(client, ziel="3.2")
    selected = html.select_one("select[name=ziel] option[selected]")
    assert selected["value"] == f"{INTEGRATION_CONCEPT}:3.2"
    assert selected.find_parent("optgroup")["label"] == "Integration"
    # The active filter names the check; the link to the next page keeps the full key.
    badges = [text(a) for a in html.select("a.badge")]
    assert badges == ["Ziel (Integration): 3.2 × entfernen"]


def test_filter_options_are_grouped_by_check_and_only_of_adopted_concepts(client, climate):
    html = soup(client.get("/vorlagen/"))
    goals = {
        group["label"]: [option["value"] for option in group.find_all("option")]
        for group in html.select("select[name=ziel] optgroup")
    }
    assert list(goals) == ["Integration", "Klima"]
    assert goals["Klima"] == [f"{CLIMATE_CONCEPT}:1.1", f"{CLIMATE_CONCEPT}:1.2"] + [
        f"{CLIMATE_CONCEPT}:3.2"
    ]
    assert f"{INTEGRATION_CONCEPT}:3.2" in goals["Integration"]
    # Every value names one item; the draft concept's items are not offered.
    values = [v for group in goals.values() for v in group]
    assert len(values) == len(set(values))
    assert not any(v.startswith("klimaschutz-entwurf:") for v in values)
    fields = [group["label"] for group in html.select("select[name=handlungsfeld] optgroup")]
    assert fields == ["Integration", "Klima"]
    # The climate check rates no guiding principles: no group for it.
    principles = [group["label"] for group in html.select("select[name=leitgedanke] optgroup")]
    assert principles == ["Integration"]


@pytest.mark.parametrize(
    "name, value, label",
    [
        ("ziel", "unbekannt:1.1", "Ziel"),
        ("ziel", f"{CLIMATE_CONCEPT}:9.9", "Ziel"),
        ("ziel", "klimaschutz-entwurf:7.1", "Ziel"),  # a draft concept's goal
        ("ziel", "99", "Ziel"),
        ("leitgedanke", f"{CLIMATE_CONCEPT}:1", "Leitgedanke"),  # no principles there
        ("leitgedanke", "x", "Leitgedanke"),
        ("leitgedanke", ":", "Leitgedanke"),
        ("handlungsfeld", "a:b:c", "Handlungsfeld"),
    ],
)
def test_a_value_naming_no_item_gives_a_message_and_the_unfiltered_listing(
    client, proposals, name, value, label
):
    html, titles = listing(client, **{name: value, "jahr": "2033"})
    messages = [text(p) for p in html.select(".form-errors")]
    assert messages == [
        f"{label}: „{value}“ ist kein Punkt eines beschlossenen Konzepts; "
        "der Filter wird nicht angewandt."
    ]
    assert {proposals.both.title, proposals.other.title} <= set(titles)
    assert not html.select(f"select[name={name}] option[selected]")


# --- the council members' area -------------------------------------------------------------


def overview_tables(html):
    """Return ``{caption: (header of the first column, {row label: (+, ○, −)})}``."""
    section = html.find(id="overview-heading").find_parent("section")
    result = {}
    for table in section.find_all("table"):
        rows = {
            text(row.th): tuple(int(text(cell)) for cell in row.find_all("td"))
            for row in table.tbody.find_all("tr")
        }
        result[text(table.caption).split(":")[0]] = (text(table.thead.th), rows)
    return result


def test_council_area_tallies_each_check_apart(client, proposals):
    client.force_login(get_user_model().objects.get(username="ratsmitglied"))
    tables = overview_tables(soup(client.get("/fuer-den-rat/")))

    assert list(tables) == ["Vereinbarkeit mit dem Integrationskonzept", "Klimacheck"]
    header, integration = tables["Vereinbarkeit mit dem Integrationskonzept"]
    assert header == "Leitgedanke"
    assert [label.split(".")[0] for label in integration] == ["1", "2", "3", "4", "5"]
    # The climate check rates goals only: its table lists its goals, counted by effect.
    header, goals = tables["Klimacheck"]
    assert header == "Ziel"
    assert goals == {
        "1.1 Strom aus Sonne und Wind": (1, 0, 0),
        "3.2 Öffentliche Gebäude sanieren": (0, 0, 1),
    }


def test_council_area_counts_a_proposal_once_per_check(client, index, climate, proposals):
    client.force_login(get_user_model().objects.get(username="ratsmitglied"))
    before = overview_tables(soup(client.get("/fuer-den-rat/")))
    # A third proposal: principle 2 positive, a climate goal without effect.
    publish(
        index,
        climate,
        title="Bürgersolaranlage",
        reference="2033/003",
        date="2033-02-03",
        principles=[("1", N, "", ""), ("2", P, "Alle machen mit.", "")] + ALL_NEUTRAL[2:],
        climate_goals=[("1.2", "zero", "", "")],
        consultations=[("soziales", upcoming(), "vorberatung", "offen")],
    )
    after = overview_tables(soup(client.get("/fuer-den-rat/")))

    def principle_2(tables):
        rows = tables["Vereinbarkeit mit dem Integrationskonzept"][1]
        return next(counts for label, counts in rows.items() if label.startswith("2."))

    positive, neutral, negative = principle_2(before)
    assert principle_2(after) == (positive + 1, neutral, negative)
    assert after["Klimacheck"][1] == {
        "1.1 Strom aus Sonne und Wind": (1, 0, 0),
        "1.2 Wärme aus Abwärme": (0, 1, 0),
        "3.2 Öffentliche Gebäude sanieren": (0, 0, 1),
    }


# --- the concept pages of a goals-only check -----------------------------------------------


def test_concept_page_of_a_goals_only_check_shows_goal_tallies_and_no_principles(client, proposals):
    html = soup(client.get(CLIMATE_PAGE))
    assert html.find(id="principles-heading") is None
    assert "Leitgedanke" not in text(html.find("main"))
    section = html.find(id="goals-heading").find_parent("section")
    assert text(section.table.caption).startswith("Klimacheck: ")
    rows = [[text(cell) for cell in tr.find_all(["th", "td"])] for tr in section.tbody("tr")]
    assert rows == [
        ["1.1 Strom aus Sonne und Wind", "1", "0", "0", "0"],
        ["1.2 Wärme aus Abwärme", "0", "0", "0", "0"],
        ["3.2 Öffentliche Gebäude sanieren", "0", "0", "1", "0"],
    ]
    # The integration concept's page keeps its principles.
    integration = soup(client.get("/integrationskonzept/"))
    caption = integration.find(id="principles-heading").find_parent("section").table.caption
    assert text(caption).startswith("Vereinbarkeit mit dem Integrationskonzept: ")


def test_goal_page_of_a_goals_only_check_names_the_check_and_its_levels(client, proposals):
    html = soup(client.get(CLIMATE_PAGE + "ziel/1-1/"))
    section = html.find(id="tally-heading").find_parent("section")
    table = section.select_one("table.tally")
    assert text(table.caption) == "Prüfung: Klimacheck"
    rows = [[text(cell) for cell in tr.find_all(["th", "td"])] for tr in table.tbody("tr")]
    assert rows == [
        ["+ positiv", "1", "++ stark fördernd : 1; + fördernd : 0"],
        ["○ neutral", "0", "○ keine Auswirkung : 0"],
        ["− negativ", "0", "− hemmend : 0; −− stark hemmend : 0"],
    ]
    # Each listed proposal shows the level it chose on the check's scale.
    listed = [text(li) for li in section.select("ul li")]
    assert listed == [f"2033/001 {proposals.both.title} ++ stark fördernd"]


def test_field_page_and_report_of_a_goals_only_check_render(client, proposals):
    field = soup(client.get(CLIMATE_PAGE + "handlungsfeld/3/"))
    goals = field.find(id="goals-heading").find_parent("section").table
    assert text(goals.caption).startswith("Klimacheck: ")
    assert [text(td) for td in goals.tbody.tr.find_all("td")] == ["0", "0", "1", "0"]
    assert client.get(CLIMATE_PAGE + "bericht/").status_code == 200
    assert client.get(CLIMATE_PAGE + "leitgedanke/1/").status_code == 404


def test_integration_goal_page_keeps_its_plain_scale(client, proposals):
    html = soup(client.get("/integrationskonzept/ziel/3-2/"))
    table = html.select_one("table.tally")
    assert text(table.caption) == "Prüfung: Vereinbarkeit mit dem Integrationskonzept"
    # Three levels that are the three effects: no column of levels.
    assert [text(th) for th in table.thead.find_all("th")] == ["Wirkung", "Anzahl"]


def test_integration_goal_page_in_another_language_keeps_its_plain_scale(client, demo_translated):
    html = soup(client.get("/en/integrationskonzept/ziel/3-2/"))
    table = html.select_one("table.tally")
    assert [text(th) for th in table.thead.find_all("th")] == ["Effect", "Count"]
    assert [text(tr.th) for tr in table.tbody("tr")] == ["+ positive", "○ neutral", "− negative"]


# --- the exports -----------------------------------------------------------------------------


def csv_rows(response):
    assert response.status_code == 200
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


CLIMATE_HEADER = [
    "Prüfung",
    "Art",
    "Nr.",
    "Titel",
    "stark fördernd (++)",
    "fördernd (+)",
    "keine Auswirkung (○)",
    "hemmend (−)",
    "stark hemmend (−−)",
    "abgelehnt",
]


def test_ratings_csv_of_a_concept_has_a_column_per_level_of_its_check(client, proposals):
    response = client.get(CLIMATE_PAGE + "bewertungen/csv/")
    assert f"bewertungen-{CLIMATE_CONCEPT}-" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows == [
        CLIMATE_HEADER,
        ["Klimacheck", "Ziel", "1.1", "Strom aus Sonne und Wind", "1", "0", "0", "0", "0", "0"],
        ["Klimacheck", "Ziel", "1.2", "Wärme aus Abwärme", "0", "0", "0", "0", "0", "0"],
        ["Klimacheck", "Ziel", "3.2", "Öffentliche Gebäude sanieren"]
        + ["0", "0", "0", "1", "0"]
        # "abgelehnt"
        + ["0"],
    ]
    integration = csv_rows(client.get("/integrationskonzept/bewertungen/csv/"))
    assert integration[0][4:] == ["positiv (+)", "neutral (○)", "negativ (−)", "abgelehnt"]
    kinds = {row[1] for row in integration[1:]}
    assert kinds == {"Leitgedanke", "Ziel"}
    goal = next(row for row in integration if row[1:3] == ["Ziel", "3.2"])
    assert goal[0] == "Vereinbarkeit mit dem Integrationskonzept"
    assert int(goal[6]) >= 1  # both's "negativ", with the demo's own ratings


def test_xlsx_has_the_matrix_and_the_ratings_by_level(client, proposals):
    response = client.get(CLIMATE_PAGE + "ergebnismatrix/xlsx/")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Ergebnismatrix", "Bewertungen nach Stufen"]
    matrix = [list(row) for row in workbook["Ergebnismatrix"].values]
    assert matrix[0][-3:] == ["Ziel 1.1", "Ziel 1.2", "Ziel 3.2"]
    assert matrix[1][1:3] == ["1.1", "Solardächer"]
    ratings = [list(row) for row in workbook["Bewertungen nach Stufen"].values]
    assert ratings[0] == CLIMATE_HEADER
    assert ratings[1] == ["Klimacheck", "Ziel", "1.1", "Strom aus Sonne und Wind", 1, 0, 0, 0, 0, 0]
    # The matrix CSV of the climate concept has its goals too.
    header = csv_rows(client.get(CLIMATE_PAGE + "ergebnismatrix/csv/"))[0]
    assert header[-3:] == ["Ziel 1.1", "Ziel 1.2", "Ziel 3.2"]


# --- the API and the feed --------------------------------------------------------------------


@pytest.fixture
def not_relevant(index, climate):
    return publish(
        index,
        climate,
        title="Stellenplan der Kämmerei",
        reference="2033/010",
        date="2033-03-01",
        not_relevant="Reine Personalsache ohne Wirkung auf das Klima.",
    )


@pytest.fixture
def secret(index, climate):
    return publish(
        index,
        climate,
        title="Vertrauliche Vorlage Quittenbaum",
        reference="2033/099",
        date="2033-04-01",
        is_public=False,
        summary="Vertraulich Quittenbaum integrationsbezogen.",
        climate_goals=[("1.2", "plus1", "Vertraulich Quittenbaum klimabezogen.", "")],
    )


def test_api_shows_each_checks_assessment_of_a_public_proposal(client, proposals):
    response = client.get(f"/api/v2/pages/{proposals.both.pk}/")
    assert response.status_code == 200
    assessments = response.json()["assessments"]
    assert [(a["check"], a["concept"]) for a in assessments] == [
        (INTEGRATION_CHECK, INTEGRATION_CONCEPT),
        (CLIMATE_CHECK, CLIMATE_CONCEPT),
    ]
    integration, climate = assessments
    assert integration["summary"] == f"Integration: {proposals.both.title} ist vereinbar."
    assert integration["not_relevant"] is False
    assert [
        (r["item"], r["number"], r["level"]["key"], r["effect"]) for r in integration["ratings"]
    ][:2] == [("principle", "1", "neutral", "neutral"), ("principle", "2", "positive", "positive")]
    assert integration["ratings"][-1] == {
        "item": "goal",
        "number": "3.2",
        "title": Goal.objects.get(
            number="3.2", field_of_action__concept__slug=INTEGRATION_CONCEPT
        ).title,
        "level": {"key": "negative", "label": "negativ", "symbol": "−"},
        "effect": "negative",
        "justification": "Der alte Treffpunkt schließt.",
        "weighing": "Ersatz im Zentrum.",
    }
    assert climate["check_name"] == "Klimacheck"
    assert climate["summary"] == f"Klima: {proposals.both.title} schützt das Klima."
    assert climate["ratings"] == [
        {
            "item": "goal",
            "number": "1.1",
            "title": "Strom aus Sonne und Wind",
            "level": {"key": "plus2", "label": "stark fördernd", "symbol": "++"},
            "effect": "positive",
            "justification": "Das Dach erzeugt Strom.",
            "weighing": "",
        }
    ]


def test_api_says_when_the_pre_check_found_a_check_not_relevant(client, not_relevant):
    assessments = client.get(f"/api/v2/pages/{not_relevant.pk}/").json()["assessments"]
    climate = next(a for a in assessments if a["check"] == CLIMATE_CHECK)
    assert climate["not_relevant"] is True
    assert climate["not_relevant_reason"] == "Reine Personalsache ohne Wirkung auf das Klima."
    assert climate["ratings"] == []


def test_api_listing_shows_assessments_and_nothing_of_a_non_public_proposal(
    client, proposals, secret
):
    for user in (None, "ratsmitglied", "admin"):
        if user:
            client.force_login(get_user_model().objects.get(username=user))
        listing = client.get(
            "/api/v2/pages/",
            {"type": "proposals.ProposalPage", "fields": "assessments", "order": "-id"},
        )
        assert listing.status_code == 200
        items = {item["id"]: item for item in listing.json()["items"]}
        assert [a["check"] for a in items[proposals.other.pk]["assessments"]] == [
            INTEGRATION_CHECK,
            CLIMATE_CHECK,
        ]
        assert secret.pk not in items
        assert "Quittenbaum" not in listing.content.decode()
        assert client.get(f"/api/v2/pages/{secret.pk}/").status_code == 404
        assert (
            client.get(f"/api/v2/pages/{secret.pk}/", {"fields": "assessments"}).status_code == 404
        )


def test_api_listing_of_assessments_queries_do_not_grow_with_the_proposals_listed(
    client, proposals, not_relevant
):
    def queries(limit):
        params = {"type": "proposals.ProposalPage", "fields": "assessments", "limit": limit}
        client.get("/api/v2/pages/", params)  # warm-up
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v2/pages/", params)
        assert len(response.json()["items"]) == limit
        return len(captured)

    assert queries(3) == queries(20)


def test_feed_labels_each_summary_with_its_check(client, proposals, not_relevant, secret):
    feed = client.get("/vorlagen/feed/")
    assert feed.status_code == 200
    items = ElementTree.fromstring(feed.content).iter("item")
    by_title = {
        item.findtext("title"): " ".join(item.findtext("description").split()) for item in items
    }
    assert by_title[f"2033/001 {proposals.both.title}"] == (
        f"Vereinbarkeit mit dem Integrationskonzept: Integration: {proposals.both.title} "
        f"ist vereinbar. Klimacheck: Klima: {proposals.both.title} schützt das Klima."
    )
    assert by_title[f"2033/010 {not_relevant.title}"].endswith(
        "Klimacheck: Nicht relevant (Vorprüfung): Reine Personalsache ohne Wirkung auf das Klima."
    )
    assert "Quittenbaum" not in feed.content.decode()


def test_in_another_language_the_options_are_translated_and_a_german_check_name_marked(
    client, demo_translated
):
    html = soup(client.get("/ar/vorlagen/", {"ziel": "3.2"}))
    group = html.select_one("select[name=leitgedanke] optgroup")
    # The check's short name is configured in German: marked so on the Arabic page.
    assert (group["label"], group["lang"], group["dir"]) == ("Integration", "de", "ltr")
    option = group.find("option", attrs={"value": f"{INTEGRATION_CONCEPT}:1"})
    principle = GuidingPrinciple.objects.get(
        concept__slug=INTEGRATION_CONCEPT, concept__locale__language_code="ar", number="1"
    )
    assert text(option) == f"1. {principle.title}"
    assert not option.has_attr("lang")
    selected = html.select_one("select[name=ziel] option[selected]")
    assert selected["value"] == f"{INTEGRATION_CONCEPT}:3.2"
