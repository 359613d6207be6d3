"""Two checks on one proposal: the integration check and the demo's Klimacheck.

The Klimacheck (``load_demo``) rates every goal of the climate concept from -2 to +2
and has a pre-check: "nein" to both questions and a reason make it "nicht relevant".
It applies to Beschlussvorlagen and Anträge and has a workflow step of its own,
"Klimacheck", after the "Integrationsprüfung". Everything goes through Wagtail's
admin views as the author (Sachbearbeitung, no superuser) and the reviewers, with
the form data a browser would send, and through the public proposal page.
"""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from wagtail.models import Page

from home.demo_checks import CLIMATE_CHECK
from integration_check.assessment import assessment_gaps
from integration_check.migration_helpers import INTEGRATION_CHECK
from integration_check.models import Check, Goal, GuidingPrinciple, IntegrationCheckTask
from proposals.models import ProposalIndexPage, ProposalPage
from proposals.workflow import WORKFLOW_NAME
from tests.editor import choices, form_data

AUTHOR = "sachbearbeitung"
HEAD = "fachdienstleitung"
COORDINATION = "integration"
CLIMATE = "klimaschutz"
EXECUTIVE = "vorstand"

HEAD_STEP = "Prüfung durch die Fachdienstleitung"
INTEGRATION_STEP = "Integrationsprüfung"
CLIMATE_STEP = "Klimacheck"
EXECUTIVE_STEP = "Freigabe durch den Verwaltungsvorstand"

CLIMATE_LEVELS = [
    ("", "noch nicht bewertet"),
    ("plus2", "++ stark positiv"),
    ("plus1", "+ positiv"),
    ("zero", "○ keine Auswirkung"),
    ("minus1", "− negativ"),
    ("minus2", "−− stark negativ"),
]
INTEGRATION_LEVELS = [
    ("", "noch nicht bewertet"),
    ("positive", "+ positiv"),
    ("neutral", "○ neutral"),
    ("negative", "− negativ"),
]
QUESTIONS = [
    "Hat die Vorlage Auswirkungen auf Energieverbrauch oder Treibhausgasemissionen?",
    "Betrifft die Vorlage Flächen, Gebäude oder Verkehr?",
]
CLIMATE_GOALS = ["1.1", "1.2", "2.1", "2.2", "3.1", "3.2"]
CYCLING = "Der Kurs macht das Fahrrad für den Weg zur Arbeit zur Alternative."
NOT_RELEVANT = "Ein Sprachkurs in vorhandenen Räumen ändert weder Energieverbrauch noch Verkehr."


# --- helpers -----------------------------------------------------------------------


def user(username):
    return get_user_model().objects.get(username=username)


def login(client, username):
    client.force_login(user(username))


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=("proposals", "proposalpage", index.pk))


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def fresh(page):
    return ProposalPage.objects.get(pk=page.pk)


def current_step(page):
    task_state = fresh(page).current_workflow_task_state
    return task_state.task.name if task_state else None


def check(slug):
    return Check.objects.get(slug=slug)


def climate_goal(number):
    return Goal.objects.get(
        number=number, field_of_action__concept__assessment_check__slug=CLIMATE_CHECK
    )


def rows(data, relation):
    """Return the indexes of the rows of ``relation`` in the form data."""
    return range(int(data[f"{relation}-TOTAL_FORMS"]))


def row_of(data, relation, field, value):
    """Return the index of the row of ``relation`` whose ``field`` holds ``value`` (a pk)."""
    for index in rows(data, relation):
        if data.get(f"{relation}-{index}-{field}") == str(value):
            return index
    raise AssertionError(f"no row of {relation} with {field}={value}")


def assessment_row(data, slug):
    return row_of(data, "assessments", "assessment_check", check(slug).pk)


def goal_row(data, number):
    return row_of(data, "goal_ratings", "goal", climate_goal(number).pk)


def set_row(data, relation, index, **values):
    for name, value in values.items():
        data[f"{relation}-{index}-{name}"] = value


def fill_integration(data):
    """A complete integration assessment: principle 1 positive, the others neutral."""
    for index in rows(data, "principle_ratings"):
        set_row(data, "principle_ratings", index, rating="neutral", justification="")
    set_row(
        data,
        "principle_ratings",
        0,
        rating="positive",
        justification="Zugewanderte lernen Rad fahren und nehmen am Stadtleben teil.",
    )
    set_row(
        data,
        "assessments",
        assessment_row(data, INTEGRATION_CHECK),
        summary="Die Vorlage ist mit dem Integrationskonzept vereinbar.",
    )
    return data


def answer_precheck(data, *answers):
    for index, answer in enumerate(answers):
        set_row(data, "precheck_answers", index, answer=answer)


def rate_climate(data, number, rating, justification="", weighing=""):
    set_row(
        data,
        "goal_ratings",
        goal_row(data, number),
        rating=rating,
        justification=justification,
        weighing=weighing,
    )


def fill_climate(data):
    """A complete Klimacheck: relevant, goal 2.1 positive, every other goal without effect."""
    answer_precheck(data, "yes", "yes")
    for number in CLIMATE_GOALS:
        rate_climate(data, number, "zero")
    rate_climate(data, "2.1", "plus1", CYCLING)
    set_row(
        data,
        "assessments",
        assessment_row(data, CLIMATE_CHECK),
        summary="Die Vorlage stärkt den Radverkehr.",
    )
    return data


def new_proposal(client, index, slug="radfahrkurs", **fields):
    """Return the add view's form data for a new proposal, as the author sees it."""
    login(client, AUTHOR)
    data = form_data(client.get(add_url(index)))
    data.update(
        title="Radfahrkurs für Berufspendlerinnen",
        slug=slug,
        reference="2030/301",
        lead_department="Fachdienst Planung, Bauordnung, Verkehr",
    )
    data.update(fields)
    return data


def submit(client, index, data):
    login(client, AUTHOR)
    return client.post(add_url(index), {**data, "action-submit": "1"})


def error_texts(response):
    """Every error message shown: the banner and the messages at the fields."""
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        " ".join(element.get_text(" ", strip=True).split())
        for element in soup.select(".messages li, .error-message")
    ]


def field_errors(response, name):
    """The error messages shown next to the form field ``name``."""
    soup = BeautifulSoup(response.content, "html.parser")
    field = soup.find(attrs={"name": name})
    assert field is not None, name
    wrapper = field.find_parent(class_="w-field")
    return [" ".join(e.get_text(" ", strip=True).split()) for e in wrapper.select(".error-message")]


def edit(client, username, page, change, **actions):
    """Load the edit view as ``username``, apply ``change`` to the form data and POST it."""
    login(client, username)
    data = form_data(client.get(edit_url(page)))
    change(data)
    data.update(actions)
    return client.post(edit_url(page), data)


def act(client, username, page, action):
    """Take ``action`` on the page's current step as ``username``; return the messages."""
    login(client, username)
    task_state = fresh(page).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    response = client.post(url, {"comment": ""})
    assert response.status_code == 302
    return [str(message) for message in get_messages(response.wsgi_request)]


def section(soup, slug):
    return soup.find("section", class_=f"assessment-{slug}")


def public_page(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def index(demo):
    return ProposalIndexPage.objects.get()


@pytest.fixture
def at_integration_step(client, index):
    """A proposal submitted complete in both checks and approved by the head."""
    response = submit(client, index, fill_climate(fill_integration(new_proposal(client, index))))
    assert response.status_code == 302, error_texts(response)
    page = ProposalPage.objects.get(slug="radfahrkurs")
    assert page.get_workflow().name == WORKFLOW_NAME
    act(client, HEAD, page, "approve")
    assert current_step(page) == INTEGRATION_STEP
    mail.outbox.clear()
    return page


# --- the editor --------------------------------------------------------------------


def test_editor_of_a_new_proposal_has_rows_for_both_checks(client, index):
    login(client, AUTHOR)
    response = client.get(add_url(index))
    assert response.status_code == 200
    data = form_data(response)

    assert [data[f"assessments-{i}-assessment_check"] for i in rows(data, "assessments")] == [
        str(check(INTEGRATION_CHECK).pk),
        str(check(CLIMATE_CHECK).pk),
    ]
    # The integration check rates its five principles, the Klimacheck every climate goal.
    assert len(rows(data, "principle_ratings")) == 5
    assert [data[f"goal_ratings-{i}-goal"] for i in rows(data, "goal_ratings")] == [
        str(climate_goal(number).pk) for number in CLIMATE_GOALS
    ]
    assert (
        str(climate_goal("1.1").pk),
        "Klima · 1.1 Energieverbrauch der Gebäude senken",
    ) in choices(response, "goal_ratings-0-goal")
    # Each row offers its own check's scale; nothing is rated before the author decides.
    for row in rows(data, "goal_ratings"):
        assert choices(response, f"goal_ratings-{row}-rating") == CLIMATE_LEVELS
        assert data[f"goal_ratings-{row}-rating"] == ""
    assert choices(response, "principle_ratings-0-rating") == INTEGRATION_LEVELS
    # The pre-check's questions, unanswered.
    assert [
        dict(choices(response, f"precheck_answers-{i}-question"))[
            data[f"precheck_answers-{i}-question"]
        ]
        for i in rows(data, "precheck_answers")
    ] == [f"Klima: {question}" for question in QUESTIONS]
    assert choices(response, "precheck_answers-0-answer") == [
        ("", "noch nicht beantwortet"),
        ("yes", "ja"),
        ("no", "nein"),
    ]


# --- incomplete assessments are refused, each by its own check's rule --------------------


def test_submitting_without_the_klimacheck_is_refused_naming_its_gaps(client, index):
    data = fill_integration(new_proposal(client, index))

    response = submit(client, index, data)

    assert response.status_code == 200
    assert not ProposalPage.objects.filter(slug="radfahrkurs").exists()
    errors = error_texts(response)
    for question in QUESTIONS:
        assert f"Klima: Vorprüfung: „{question}“ ist nicht beantwortet." in errors
    assert "Klima: Ziel 1.1 „Energieverbrauch der Gebäude senken“: Die Bewertung fehlt." in errors
    assert "Klima: Die Zusammenfassung fehlt." in errors
    assert not [error for error in errors if error.startswith("Integration:")], errors


def test_each_check_refuses_by_its_own_scale(client, index):
    data = fill_climate(fill_integration(new_proposal(client, index)))
    set_row(data, "principle_ratings", 0, justification="")  # positive
    rate_climate(data, "2.1", "plus1")  # positive, no justification
    rate_climate(data, "3.1", "minus2", "Der Kurs braucht einen neuen Parkplatz.")  # no weighing
    rate_climate(data, "1.1", "zero")  # no effect: nothing more to say

    response = submit(client, index, data)

    assert response.status_code == 200
    assert not ProposalPage.objects.filter(slug="radfahrkurs").exists()
    errors = error_texts(response)
    assert (
        "Integration: Leitgedanke 1 „Steinfurt ist vielfältig“: Die Begründung fehlt "
        "(Pflicht bei „positiv“)."
    ) in errors
    assert (
        "Klima: Ziel 2.1 „Rad- und Fußverkehr stärken“: Die Begründung fehlt "
        "(Pflicht bei „positiv“)."
    ) in errors
    assert (
        "Klima: Ziel 3.1 „Flächen entsiegeln und Grün erhalten“: Die Abwägung fehlt "
        "(Pflicht bei „stark negativ“: warum dennoch, was mildert die Wirkung)."
    ) in errors
    assert field_errors(response, f"goal_ratings-{goal_row(data, '3.1')}-weighing")
    assert not field_errors(response, f"goal_ratings-{goal_row(data, '1.1')}-justification")
    assert not [error for error in errors if "1.1 „Energieverbrauch" in error], errors


def test_a_level_of_one_check_is_refused_on_the_other(client, index):
    data = fill_climate(fill_integration(new_proposal(client, index)))
    rate_climate(data, "2.1", "positive", CYCLING)  # the integration check's key
    set_row(data, "principle_ratings", 1, rating="plus2", justification="Sehr gut.")

    response = submit(client, index, data)

    assert response.status_code == 200
    assert not ProposalPage.objects.filter(slug="radfahrkurs").exists()
    assert field_errors(response, f"goal_ratings-{goal_row(data, '2.1')}-rating") == [
        "Klima: Ziel 2.1 „Rad- und Fußverkehr stärken“: Unbekannte Bewertung; die Skala kennt: "
        "stark positiv, positiv, keine Auswirkung, negativ, stark negativ."
    ]
    assert field_errors(response, "principle_ratings-1-rating") == [
        "Integration: Leitgedanke 2 „Steinfurt ist offen“: Unbekannte Bewertung; die Skala "
        "kennt: positiv, neutral, negativ."
    ]


def test_removing_the_klimacheck_from_a_resolution_is_refused(client, index):
    data = fill_integration(new_proposal(client, index))
    set_row(data, "assessments", assessment_row(data, CLIMATE_CHECK), DELETE="1")

    response = submit(client, index, data)

    assert response.status_code == 200
    assert not ProposalPage.objects.filter(slug="radfahrkurs").exists()
    assert "Klima: Die Prüfung „Klimacheck“ fehlt." in error_texts(response)


# --- the pre-check -------------------------------------------------------------------


def test_precheck_all_no_with_a_reason_is_complete_without_climate_ratings(client, index):
    data = fill_integration(new_proposal(client, index))
    answer_precheck(data, "no", "no")
    set_row(
        data,
        "assessments",
        assessment_row(data, CLIMATE_CHECK),
        not_relevant_reason=NOT_RELEVANT,
    )

    response = submit(client, index, data)

    assert response.status_code == 302, error_texts(response)
    page = ProposalPage.objects.get(slug="radfahrkurs")
    assert current_step(page) == HEAD_STEP
    submitted = fresh(page).get_latest_revision_as_object()
    assert assessment_gaps(submitted) == []
    climate = submitted.get_assessment(check(CLIMATE_CHECK))
    assert climate.not_relevant_reason == NOT_RELEVANT
    assert climate.summary == ""
    assert {row.rating for row in submitted.goal_ratings.all()} == {""}


def test_precheck_all_no_needs_a_reason(client, index):
    data = fill_integration(new_proposal(client, index))
    answer_precheck(data, "no", "no")

    response = submit(client, index, data)

    assert response.status_code == 200
    errors = error_texts(response)
    assert "Klima: Die Begründung, warum die Prüfung nicht relevant ist, fehlt." in errors
    # Not relevant: the climate goals need no rating.
    assert not [error for error in errors if "Die Bewertung fehlt" in error], errors
    reason = f"assessments-{assessment_row(data, CLIMATE_CHECK)}-not_relevant_reason"
    assert field_errors(response, reason)


def test_precheck_with_a_yes_needs_the_climate_ratings(client, index):
    data = fill_integration(new_proposal(client, index))
    answer_precheck(data, "no", "yes")
    set_row(
        data,
        "assessments",
        assessment_row(data, CLIMATE_CHECK),
        not_relevant_reason=NOT_RELEVANT,
    )

    response = submit(client, index, data)

    assert response.status_code == 200
    assert not ProposalPage.objects.filter(slug="radfahrkurs").exists()
    errors = error_texts(response)
    assert "Klima: Die Zusammenfassung fehlt." in errors
    for number in CLIMATE_GOALS:
        title = climate_goal(number).title
        assert f"Klima: Ziel {number} „{title}“: Die Bewertung fehlt." in errors


# --- kinds the Klimacheck does not apply to --------------------------------------------


def test_a_mitteilungsvorlage_needs_no_klimacheck(client, index):
    data = fill_integration(new_proposal(client, index, kind="mitteilungsvorlage"))
    # The add form starts as a Beschlussvorlage; the author removes the Klimacheck's rows.
    set_row(data, "assessments", assessment_row(data, CLIMATE_CHECK), DELETE="1")
    for relation in ("precheck_answers", "goal_ratings"):
        for row in rows(data, relation):
            set_row(data, relation, row, DELETE="1")

    response = submit(client, index, data)

    assert response.status_code == 302, error_texts(response)
    page = ProposalPage.objects.get(slug="radfahrkurs")
    assert current_step(page) == HEAD_STEP
    submitted = fresh(page).get_latest_revision_as_object()
    assert [c.slug for c in submitted.get_applicable_checks()] == [INTEGRATION_CHECK]
    assert [a.assessment_check.slug for a in submitted.assessments.all()] == [INTEGRATION_CHECK]
    assert assessment_gaps(submitted) == []

    # Its editor offers no Klimacheck rows.
    login(client, HEAD)
    data = form_data(client.get(edit_url(page)))
    assert [data[f"assessments-{i}-assessment_check"] for i in rows(data, "assessments")] == [
        str(check(INTEGRATION_CHECK).pk)
    ]
    assert len(rows(data, "precheck_answers")) == 0
    assert len(rows(data, "goal_ratings")) == 0


# --- each check in its own workflow step -------------------------------------------------


def test_complete_proposal_passes_both_check_steps_to_publication(client, at_integration_step):
    page = at_integration_step

    act(client, COORDINATION, page, "approve")
    assert current_step(page) == CLIMATE_STEP
    assert [address for message in mail.outbox for address in message.to] == [
        "klimaschutz@steinfurt.example"
    ]

    act(client, CLIMATE, page, "approve")
    assert current_step(page) == EXECUTIVE_STEP
    act(client, EXECUTIVE, page, "approve")

    page = fresh(page)
    assert page.live
    soup = public_page(client, page)
    assert "+ positiv" in section(soup, CLIMATE_CHECK).get_text(" ", strip=True)
    assert CYCLING in section(soup, CLIMATE_CHECK).get_text(" ", strip=True)
    assert section(soup, INTEGRATION_CHECK) is not None


def test_integration_step_ignores_climate_gaps_which_the_klimacheck_step_refuses(
    client, at_integration_step
):
    page = at_integration_step
    # The coordination office, holding its step, empties a climate justification.
    response = edit(
        client,
        COORDINATION,
        page,
        lambda data: set_row(data, "goal_ratings", goal_row(data, "2.1"), justification=""),
    )
    assert response.status_code == 302
    gap = "Klima: Ziel 2.1 „Rad- und Fußverkehr stärken“: Die Begründung fehlt (Pflicht bei „positiv“)."
    assert gap in fresh(page).get_latest_revision_as_object().get_publish_problems()

    act(client, COORDINATION, page, "approve")
    assert current_step(page) == CLIMATE_STEP

    messages = act(client, CLIMATE, page, "approve")
    assert current_step(page) == CLIMATE_STEP
    assert any(gap in message for message in messages), messages
    assert not any("Integration:" in message for message in messages), messages

    # Completed by the climate management, the Klimacheck approves; the integration
    # check, whose assessment did not change, is not asked again.
    response = edit(
        client,
        CLIMATE,
        page,
        lambda data: set_row(data, "goal_ratings", goal_row(data, "2.1"), justification=CYCLING),
    )
    assert response.status_code == 302
    assert current_step(page) == CLIMATE_STEP
    act(client, CLIMATE, page, "approve")
    assert current_step(page) == EXECUTIVE_STEP


def test_integration_step_refuses_integration_gaps_which_the_klimacheck_step_ignores(
    client, at_integration_step
):
    page = at_integration_step
    response = edit(
        client,
        COORDINATION,
        page,
        lambda data: set_row(data, "principle_ratings", 0, justification=""),
    )
    assert response.status_code == 302

    messages = act(client, COORDINATION, page, "approve")
    assert current_step(page) == INTEGRATION_STEP
    gap = (
        "Integration: Leitgedanke 1 „Steinfurt ist vielfältig“: Die Begründung fehlt "
        "(Pflicht bei „positiv“)."
    )
    assert any(gap in message for message in messages), messages
    assert not any("Klima:" in message for message in messages), messages

    edit(
        client,
        COORDINATION,
        page,
        lambda data: set_row(data, "principle_ratings", 0, justification="Begegnung."),
    )
    act(client, COORDINATION, page, "approve")
    assert current_step(page) == CLIMATE_STEP

    # While the proposal waits for the Klimacheck, the integration concept gains a
    # principle: the integration assessment is incomplete, the Klimacheck does not care.
    concept = check(INTEGRATION_CHECK).concept_in_force_on(fresh(page).date)
    GuidingPrinciple.objects.create(
        concept=concept, locale=concept.locale, number="6", title="Steinfurt ist nachhaltig"
    )
    assert fresh(page).get_latest_revision_as_object().get_publish_problems()

    act(client, CLIMATE, page, "approve")
    assert current_step(page) == EXECUTIVE_STEP

    # The final approval publishes nothing incomplete: back to the integration check.
    act(client, EXECUTIVE, page, "approve")
    assert not fresh(page).live
    assert current_step(page) == INTEGRATION_STEP


def test_each_check_step_asks_only_its_own_check(index):
    page = ProposalPage.objects.get(reference="2019/188")  # rated in both checks
    draft = page.get_latest_revision_as_object()
    goal_rows = list(draft.goal_ratings.all())
    next(row for row in goal_rows if row.rating == "plus2").justification = ""
    draft.goal_ratings = goal_rows
    draft.save_revision()
    steps = {task.assessment_check.slug: task for task in IntegrationCheckTask.objects.all()}

    for obj in (fresh(page), Page.objects.get(pk=page.pk)):
        assert steps[INTEGRATION_CHECK].get_problems(obj) == []
        assert [p.split(":")[0] for p in steps[CLIMATE_CHECK].get_problems(obj)] == ["Klima"]
        assert "approve" in [
            name for name, *_ in steps[INTEGRATION_CHECK].get_actions(obj, user(COORDINATION))
        ]
        climate_actions = [
            name for name, *_ in steps[CLIMATE_CHECK].get_actions(obj, user(CLIMATE))
        ]
        assert "reject" in climate_actions
        assert "approve" not in climate_actions


# --- the public proposal page ----------------------------------------------------------


def test_public_page_shows_a_section_per_check(client, index):
    soup = public_page(client, ProposalPage.objects.get(reference="2020/201"))

    integration = section(soup, INTEGRATION_CHECK)
    climate = section(soup, CLIMATE_CHECK)
    assert (
        integration.find("h2").get_text(strip=True) == "Vereinbarkeit mit dem Integrationskonzept"
    )
    assert climate.find("h2").get_text(strip=True) == "Klimacheck"
    text = climate.get_text(" ", strip=True)
    assert "Klimaschutzkonzept der Kreisstadt Steinfurt" in text
    assert "−− stark negativ" in text
    assert "○ keine Auswirkung" in text
    assert "Abwägung" in text
    assert "Nicht relevant" not in text
    # The climate goals are rated in the Klimacheck's section only.
    assert "Öffentlichen Nahverkehr attraktiver machen" not in integration.get_text(" ")


def test_public_page_says_when_the_klimacheck_is_not_relevant(client, index):
    page = ProposalPage.objects.get(reference="2018/061")
    reason = page.get_assessment(check(CLIMATE_CHECK)).not_relevant_reason
    soup = public_page(client, page)

    climate = section(soup, CLIMATE_CHECK)
    text = " ".join(climate.find(class_="assessment-not-relevant").get_text().split())
    assert text == f"Nicht relevant (Vorprüfung): {reason}"
    assert climate.find("table") is None
    assert section(soup, INTEGRATION_CHECK).find("table") is not None


def test_changing_the_kind_drops_the_untouched_rows_of_a_check_that_no_longer_applies(
    client, index
):
    """The add form starts as a Beschlussvorlage with the Klimacheck's rows pre-filled; the
    author makes it a Mitteilungsvorlage and submits without touching them."""
    data = fill_integration(new_proposal(client, index, kind="mitteilungsvorlage"))
    assert assessment_row(data, CLIMATE_CHECK) is not None  # pre-filled, untouched

    response = submit(client, index, data)

    assert response.status_code == 302, error_texts(response)
    submitted = fresh(ProposalPage.objects.get(slug="radfahrkurs")).get_latest_revision_as_object()
    assert [a.assessment_check.slug for a in submitted.assessments.all()] == [INTEGRATION_CHECK]
    assert list(submitted.precheck_answers.all()) == []
    climate_goals = Goal.objects.filter(field_of_action__concept__assessment_check__slug="klima")
    assert not [
        r for r in submitted.goal_ratings.all() if r.goal_id in {g.pk for g in climate_goals}
    ]
    assert assessment_gaps(submitted) == []


def test_a_check_that_no_longer_applies_is_kept_and_checked_once_something_is_filled_in(
    client, index
):
    data = fill_integration(new_proposal(client, index, kind="mitteilungsvorlage"))
    set_row(data, "precheck_answers", rows(data, "precheck_answers")[0], answer="yes")

    response = submit(client, index, data)

    assert response.status_code == 200
    assert any(text.startswith("Klima: ") for text in error_texts(response))
    assert not ProposalPage.objects.filter(slug="radfahrkurs").exists()


def test_public_page_of_a_mitteilungsvorlage_has_no_klimacheck(client, index):
    page = ProposalPage.objects.get(kind=ProposalPage.Kind.INFORMATION, reference="2021/095")
    soup = public_page(client, page)

    assert section(soup, INTEGRATION_CHECK) is not None
    assert section(soup, CLIMATE_CHECK) is None


# --- the demo ---------------------------------------------------------------------------


def test_every_demo_proposal_is_complete_and_has_a_klimacheck_where_it_applies(index):
    applies = {ProposalPage.Kind.RESOLUTION, ProposalPage.Kind.MOTION}
    not_relevant = rated = 0
    for page in ProposalPage.objects.all():
        for obj in (page, page.get_latest_revision_as_object()):
            assert assessment_gaps(obj) == [], page.reference
        climate = page.get_assessment(check(CLIMATE_CHECK))
        assert (climate is not None) == (page.kind in applies), page.reference
        if climate is not None and climate.not_relevant_reason:
            not_relevant += 1
        elif climate is not None:
            rated += 1
    assert not_relevant and rated


def test_demo_workflow_has_a_klimacheck_step_after_the_integration_check(index):
    workflow = index.get_workflow()
    steps = [
        (task.name, getattr(task.specific, "assessment_check", None))
        for task in workflow.tasks.order_by("workflow_tasks__sort_order")
    ]
    assert steps == [
        (HEAD_STEP, None),
        (INTEGRATION_STEP, check(INTEGRATION_CHECK)),
        (CLIMATE_STEP, check(CLIMATE_CHECK)),
        (EXECUTIVE_STEP, None),
    ]
    climate_step = IntegrationCheckTask.objects.get(name=CLIMATE_STEP)
    assert [group.name for group in climate_step.groups.all()] == ["Klimaschutzmanagement"]
    assert list(user(CLIMATE).groups.values_list("name", flat=True)) == ["Klimaschutzmanagement"]
