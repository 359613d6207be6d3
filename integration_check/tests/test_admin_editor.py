"""The assessment in Wagtail's page editor, on the test app's page: pre-filled rows, drafts,
refused and successful publishing, as an editor who is no superuser meets them.

The requests go through Wagtail's add and edit views with the data a browser would send:
the form is fetched, read and changed like a user would.
"""

import datetime

import pytest
from django.urls import reverse

from integration_check.models import ItemRule
from integration_check.tests.helpers import (
    banner_errors,
    choices,
    field_errors,
    form_data,
    make_check,
    make_concept,
    make_editor,
    make_section,
    only_checks,
    principle,
)
from integration_check.tests.testapp.models import AssessedPage

TODAY = datetime.date.today()
QUESTIONS = ["Betrifft die Seite Zugewanderte?", "Ändert sie ein Angebot der Stadt?"]


@pytest.fixture
def setting(db):
    """Two checks apply to a page of kind "Planung": the integration check (principles: all)
    and a check with a pre-check; a third applies only to reports."""
    only_checks()
    integration = make_check(
        "test-integration", "Prüfung Integration", short_name="Integration", sort_order=1
    )
    participation = make_check(
        "test-teilhabe",
        "Prüfung Teilhabe",
        short_name="Teilhabe",
        principles_rule=ItemRule.NONE,
        questions=QUESTIONS,
        sort_order=2,
    )
    reports = make_check("test-berichte", "Prüfung Berichte", applies_to=["report"], sort_order=3)
    previous = make_concept(
        integration,
        "alt",
        valid_from=TODAY - datetime.timedelta(days=3 * 365),
        valid_until=TODAY - datetime.timedelta(days=365 + 1),
    )
    concept = make_concept(
        integration,
        "a",
        valid_from=TODAY - datetime.timedelta(days=365),
        retired_principles=("3",),
    )
    participation_concept = make_concept(participation, "teilhabe", principles=())
    make_concept(reports, "berichte")
    section = make_section()
    return {
        "integration": integration,
        "participation": participation,
        "previous": previous,
        "concept": concept,
        "participation_concept": participation_concept,
        "section": section,
        "editor": make_editor(section),
    }


def add_url(section):
    return reverse(
        "wagtailadmin_pages:add", args=("integration_check_testapp", "assessedpage", section.pk)
    )


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def new_page_form(client, setting, slug="neue-seite"):
    """Return the add view's form data as a browser sends it, with title and slug."""
    client.force_login(setting["editor"])
    response = client.get(add_url(setting["section"]))
    assert response.status_code == 200
    data = form_data(response)
    data.update(title="Neue Seite", slug=slug)
    return data


def complete(data, setting):
    """Fill the pre-filled rows completely: principle 1 positive with its justification,
    principle 2 neutral, a summary; the pre-check answered "no" twice, with a reason."""
    data.update(
        {
            "principle_ratings-0-rating": "positive",
            "principle_ratings-0-justification": "Die Seite lädt alle zur Mitwirkung ein.",
            "principle_ratings-1-rating": "neutral",
            "assessments-0-summary": "Vereinbar mit dem Konzept.",
            "precheck_answers-0-answer": "no",
            "precheck_answers-1-answer": "no",
            "assessments-1-not_relevant_reason": "Die Seite ändert kein Angebot.",
        }
    )
    return data


def publish(data):
    return {**data, "action-publish": "action-publish"}


def test_a_new_page_starts_with_the_rows_its_checks_need(client, setting):
    data = new_page_form(client, setting)
    integration, participation = setting["integration"], setting["participation"]
    concept = setting["concept"]

    # An assessment per applicable check (not the one for reports), pinned to the concept in
    # force on the page's date, not to the earlier one.
    assert data["assessments-TOTAL_FORMS"] == "2"
    assert [data["assessments-0-assessment_check"], data["assessments-1-assessment_check"]] == [
        str(integration.pk),
        str(participation.pk),
    ]
    assert data["assessments-0-concept"] == str(concept.pk)
    assert data["assessments-1-concept"] == str(setting["participation_concept"].pk)
    # A row per principle of the check that rates all (retired principle 3 left out), none
    # for the check that rates no principles; goals are added as touched.
    assert data["principle_ratings-TOTAL_FORMS"] == "2"
    assert [data["principle_ratings-0-principle"], data["principle_ratings-1-principle"]] == [
        str(principle(concept, "1").pk),
        str(principle(concept, "2").pk),
    ]
    assert [data["principle_ratings-0-rating"], data["principle_ratings-1-rating"]] == ["", ""]
    assert data["goal_ratings-TOTAL_FORMS"] == "0"
    # A row per question of the pre-check, unanswered.
    assert data["precheck_answers-TOTAL_FORMS"] == "2"
    questions = participation.precheck_questions.order_by("sort_order")
    assert [data["precheck_answers-0-question"], data["precheck_answers-1-question"]] == [
        str(question.pk) for question in questions
    ]
    assert [data["precheck_answers-0-answer"], data["precheck_answers-1-answer"]] == ["", ""]


def test_a_new_goal_row_offers_the_goals_of_the_concepts_in_force(client, setting):
    client.force_login(setting["editor"])
    response = client.get(add_url(setting["section"]))
    labels = [label for _value, label in choices(response, "goal_ratings-__prefix__-goal")]
    assert labels == [
        "bitte wählen",
        "Integration · 1.1 Ziel 1.1 (a)",
        "Integration · 1.2 Ziel 1.2 (a)",
        "Teilhabe · 1.1 Ziel 1.1 (teilhabe)",
        "Teilhabe · 1.2 Ziel 1.2 (teilhabe)",
    ]


def test_an_incomplete_draft_is_saved(client, setting):
    data = new_page_form(client, setting)
    response = client.post(add_url(setting["section"]), data)
    assert response.status_code == 302
    page = AssessedPage.objects.get(slug="neue-seite")
    assert not page.live
    draft = page.get_latest_revision_as_object()
    assert [(row.assessment_check, row.concept) for row in draft.assessments.all()] == [
        (setting["integration"], setting["concept"]),
        (setting["participation"], setting["participation_concept"]),
    ]
    assert [row.rating for row in draft.principle_ratings.all()] == ["", ""]


def test_publishing_an_incomplete_assessment_is_refused_naming_each_gap_at_its_field(
    client, setting
):
    data = new_page_form(client, setting)
    data["principle_ratings-0-rating"] = "positive"  # without justification
    data["precheck_answers-0-answer"] = "no"  # the second question unanswered
    response = client.post(add_url(setting["section"]), publish(data))

    assert response.status_code == 200
    assert not AssessedPage.objects.filter(slug="neue-seite").exists()
    principle_1 = "Leitgedanke 1 „Leitgedanke 1 (a)“"
    principle_2 = "Leitgedanke 2 „Leitgedanke 2 (a)“"
    expected = {
        "principle_ratings-0-justification": [
            f"Integration: {principle_1}: Die Begründung fehlt (Pflicht bei „positiv“)."
        ],
        "principle_ratings-1-rating": [f"Integration: {principle_2}: Die Bewertung fehlt."],
        "assessments-0-summary": ["Integration: Die Zusammenfassung fehlt."],
        "precheck_answers-1-answer": [
            f"Teilhabe: Vorprüfung: „{QUESTIONS[1]}“ ist nicht beantwortet."
        ],
        # Not every question answered "no": the full check, with its summary.
        "assessments-1-summary": ["Teilhabe: Die Zusammenfassung fehlt."],
    }
    for name, messages in expected.items():
        assert field_errors(response, name) == messages, name
    for name in ("principle_ratings-0-rating", "precheck_answers-0-answer", "title"):
        assert field_errors(response, name) == [], name


def test_publishing_without_a_date_is_refused_at_the_date(client, setting):
    data = complete(new_page_form(client, setting), setting)
    data["decision_date"] = ""
    response = client.post(add_url(setting["section"]), publish(data))
    assert response.status_code == 200
    assert field_errors(response, "decision_date") == [
        "Das Datum fehlt; ohne Datum ist kein Konzept zuzuordnen."
    ]
    assert not AssessedPage.objects.filter(slug="neue-seite").exists()


def test_a_draft_without_date_or_pinned_concept_opens_again(client, setting):
    data = new_page_form(client, setting)
    data.update({"decision_date": "", "assessments-0-concept": "", "assessments-1-concept": ""})
    assert client.post(add_url(setting["section"]), data).status_code == 302
    page = AssessedPage.objects.get(slug="neue-seite")
    response = client.get(edit_url(page))
    assert response.status_code == 200
    # Without a date no concept applies: the rows stay as they are, and publishing says why.
    response = client.post(edit_url(page), publish(complete(form_data(response), setting)))
    assert response.status_code == 200
    assert field_errors(response, "decision_date") == [
        "Das Datum fehlt; ohne Datum ist kein Konzept zuzuordnen."
    ]


def test_a_complete_assessment_is_published(client, setting):
    data = complete(new_page_form(client, setting), setting)
    response = client.post(add_url(setting["section"]), publish(data))
    assert response.status_code == 302, banner_errors(response)
    page = AssessedPage.objects.get(slug="neue-seite")
    assert page.live
    assert [(row.assessment_check, row.concept) for row in page.assessments.all()] == [
        (setting["integration"], setting["concept"]),
        (setting["participation"], setting["participation_concept"]),
    ]
    assert [(row.rating, row.effect) for row in page.principle_ratings.all()] == [
        ("positive", "positive"),
        ("neutral", "neutral"),
    ]
    assert [row.answer for row in page.precheck_answers.all()] == ["no", "no"]


def test_a_date_changed_in_the_form_keeps_the_pinned_concepts_rows(client, setting):
    # The form was opened today (pinned to the concept in force now); the date is then set
    # into the earlier concept's period. The rows of the pinned concept are still offered
    # and the assessment, pinned, is complete.
    data = complete(new_page_form(client, setting), setting)
    data["decision_date"] = (TODAY - datetime.timedelta(days=2 * 365)).isoformat()
    response = client.post(add_url(setting["section"]), publish(data))
    assert response.status_code == 302, banner_errors(response)
    page = AssessedPage.objects.get(slug="neue-seite")
    assert page.live
    assert page.assessments.first().concept == setting["concept"]


@pytest.mark.parametrize("value", ["abc", "²", "-1", "99999999999999999999"])
def test_a_broken_concept_choice_is_refused_at_its_field(client, setting, value):
    data = complete(new_page_form(client, setting), setting)
    data["assessments-0-concept"] = value
    response = client.post(add_url(setting["section"]), publish(data))
    assert response.status_code == 200
    assert field_errors(response, "assessments-0-concept")
    assert not AssessedPage.objects.filter(slug="neue-seite").exists()
