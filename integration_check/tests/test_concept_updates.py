"""Concept updates (Fortschreibungen) while assessed pages are live.

The town imports each new concept of its check with ``manage.py import_concept``
(README "Import and export"). A live page stays assessed against the concept it was
pinned to: it stays complete and can be republished; re-assessing it against the
newer concept is the editor's explicit choice and needs the newer concept's ratings.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from integration_check.assessment import assessment_gaps
from integration_check.models import Concept
from integration_check.tests.helpers import (
    banner_errors,
    choices,
    concept_file,
    field_errors,
    form_data,
    make_check,
    make_editor,
    make_section,
    only_checks,
    principle,
)
from integration_check.tests.testapp.models import AssessedPage

TODAY = datetime.date.today()
CHECK = "test-integration"


def days_ago(days):
    return TODAY - datetime.timedelta(days=days)


def import_concept(path):
    """Run the town's import command; return what it printed."""
    out = StringIO()
    call_command("import_concept", str(path), stdout=out, stderr=StringIO())
    return out.getvalue()


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def publish(data):
    return {**data, "action-publish": "action-publish"}


@pytest.fixture
def town(db, tmp_path):
    """The check, its concept A imported with the town's command, a section and its editor."""
    check = make_check(CHECK, "Prüfung Integration", short_name="Integration")
    only_checks(check)
    output = import_concept(
        concept_file(
            tmp_path,
            CHECK,
            "konzept-a",
            valid_from=days_ago(3 * 365),
            principles=["1", "2"],
            goals=["1.1", "1.2"],
        )
    )
    assert "„Konzept konzept-a“ importiert: 6 neu, 0 geändert, 0 zurückgezogen." in output
    concept_a = Concept.objects.get(slug="konzept-a")
    assert concept_a.assessment_check == check

    section = make_section()
    editor = make_editor(section)
    add_url = reverse(
        "wagtailadmin_pages:add", args=("integration_check_testapp", "assessedpage", section.pk)
    )
    return {
        "check": check,
        "a": concept_a,
        "tmp_path": tmp_path,
        "editor": editor,
        "add_url": add_url,
    }


@pytest.fixture
def live_page(client, town):
    """A page the editor published completely assessed against A (principle 1 positive,
    principle 2 neutral, goal 1.1 touched)."""
    client.force_login(town["editor"])
    data = form_data(client.get(town["add_url"]))
    goal = town["a"].fields_of_action.get().goals.get(number="1.1")
    data.update(
        {
            "title": "Sprachcafé im Rathaus",
            "slug": "sprachcafe",
            "decision_date": days_ago(60).isoformat(),
            "principle_ratings-0-rating": "positive",
            "principle_ratings-0-justification": "Das Café bringt Alt- und Neubürger zusammen.",
            "principle_ratings-1-rating": "neutral",
            "goal_ratings-TOTAL_FORMS": "1",
            "goal_ratings-INITIAL_FORMS": "0",
            "goal_ratings-0-goal": str(goal.pk),
            "goal_ratings-0-rating": "neutral",
            "goal_ratings-0-ORDER": "1",
            "assessments-0-summary": "Vereinbar mit dem Konzept.",
        }
    )
    response = client.post(town["add_url"], publish(data))
    assert response.status_code == 302, banner_errors(response)
    page = AssessedPage.objects.get(slug="sprachcafe")
    assert page.live
    assert page.assessments.get().concept == town["a"]
    return page


@pytest.fixture
def updates(town, live_page):
    """Concepts B and C, adopted updates of A valid from later dates (C in force on the
    page's date), each with a principle more; imported after the page went live."""
    for slug, valid_from, principles in (
        ("konzept-b", days_ago(90), ["1", "2", "3"]),
        ("konzept-c", days_ago(75), ["1", "2", "3", "4"]),
    ):
        output = import_concept(
            concept_file(
                town["tmp_path"], CHECK, slug, valid_from=valid_from, principles=principles
            )
        )
        assert f"„Konzept {slug}“ importiert" in output
    concept_c = Concept.objects.get(slug="konzept-c")
    assert town["check"].concept_in_force_on(live_page.decision_date) == concept_c
    return concept_c


def test_a_live_page_stays_complete_after_the_concept_is_updated(updates, live_page):
    page = AssessedPage.objects.get(pk=live_page.pk)
    assert assessment_gaps(page) == []
    assert page.get_assessment_concept().slug == "konzept-a"


def test_a_typo_fix_is_republished_against_the_pinned_concept(client, town, updates, live_page):
    response = client.get(edit_url(live_page))
    data = form_data(response)
    # The editor shows the page as assessed: pinned to A, A's two principles, no new rows.
    assert data["assessments-0-concept"] == str(town["a"].pk)
    assert data["principle_ratings-TOTAL_FORMS"] == "2"
    assert data["goal_ratings-TOTAL_FORMS"] == "1"

    data["title"] = "Sprachcafé im Rathaus (Neustart)"
    response = client.post(edit_url(live_page), publish(data))
    assert response.status_code == 302, banner_errors(response)
    page = AssessedPage.objects.get(pk=live_page.pk)
    assert page.title == "Sprachcafé im Rathaus (Neustart)"
    assert page.live and not page.has_unpublished_changes
    assert page.assessments.get().concept == town["a"]
    assert [row.principle.concept for row in page.principle_ratings.all()] == [town["a"]] * 2


def test_re_assessing_against_the_newer_concept_needs_its_ratings(client, town, updates, live_page):
    concept_c = updates
    data = form_data(client.get(edit_url(live_page)))
    data["assessments-0-concept"] = str(concept_c.pk)

    # Publishing at once is refused: C's principles are unrated, A's rows belong to A.
    response = client.post(edit_url(live_page), publish(data))
    assert response.status_code == 200
    other_version = "gehört zu „Konzept konzept-a“; die Prüfung „Prüfung Integration“ bewertet gegen „Konzept konzept-c“."
    assert field_errors(response, "principle_ratings-0-principle") == [
        f"Leitgedanke 1 „Leitgedanke 1 (konzept-a)“ {other_version}"
    ]
    assert field_errors(response, "goal_ratings-0-goal") == [
        f"Ziel 1.1 „Ziel 1.1 (konzept-a)“ {other_version}"
    ]
    for number in "1234":
        missing = f"Leitgedanke {number} „Leitgedanke {number} (konzept-c)“: Die Bewertung fehlt."
        assert any(missing in message for message in banner_errors(response)), missing
    live = AssessedPage.objects.get(pk=live_page.pk)
    assert live.assessments.get().concept == town["a"]  # nothing changed

    # The form shown again offers C's principles for new rows.
    offered = {
        label for _value, label in choices(response, "principle_ratings-__prefix__-principle")
    }
    assert offered == {"bitte wählen"} | {f"{n} Leitgedanke {n} (konzept-c)" for n in "1234"} | {
        "1 Leitgedanke 1 (konzept-a)",  # chosen in the rows already
        "2 Leitgedanke 2 (konzept-a)",
    }

    # Replacing A's rows by ratings of C's four principles publishes.
    data.update(
        {
            "principle_ratings-0-DELETE": "1",
            "principle_ratings-1-DELETE": "1",
            "goal_ratings-0-DELETE": "1",
            "principle_ratings-TOTAL_FORMS": "6",
        }
    )
    for index, number in enumerate("1234", start=2):
        data[f"principle_ratings-{index}-id"] = ""
        data[f"principle_ratings-{index}-principle"] = str(principle(concept_c, number).pk)
        data[f"principle_ratings-{index}-rating"] = "neutral"
        data[f"principle_ratings-{index}-ORDER"] = str(index + 1)
    response = client.post(edit_url(live_page), publish(data))
    assert response.status_code == 302, banner_errors(response)
    page = AssessedPage.objects.get(pk=live_page.pk)
    assert page.assessments.get().concept == concept_c
    assert sorted(row.principle.number for row in page.principle_ratings.all()) == list("1234")
    assert {row.principle.concept for row in page.principle_ratings.all()} == {concept_c}
    assert not page.goal_ratings.exists()
    assert assessment_gaps(page) == []


def test_re_assessing_via_a_draft_prefills_the_newer_concepts_rows(
    client, town, updates, live_page
):
    concept_c = updates
    data = form_data(client.get(edit_url(live_page)))
    data["assessments-0-concept"] = str(concept_c.pk)
    assert client.post(edit_url(live_page), data).status_code == 302  # a draft

    # The live page is unchanged; the draft is pinned to C.
    live = AssessedPage.objects.get(pk=live_page.pk)
    assert live.assessments.get().concept == town["a"]
    response = client.get(edit_url(live_page))
    data = form_data(response)
    assert data["assessments-0-concept"] == str(concept_c.pk)
    # A's two rows stay (they are the author's to remove), C's four are added unrated.
    rows = {
        data[f"principle_ratings-{index}-principle"]: index
        for index in range(int(data["principle_ratings-TOTAL_FORMS"]))
    }
    a_rows = [rows[str(principle(town["a"], number).pk)] for number in "12"]
    c_rows = [rows[str(principle(concept_c, number).pk)] for number in "1234"]
    assert len(rows) == 6
    assert all(data[f"principle_ratings-{index}-rating"] == "" for index in c_rows)
    for index in a_rows:
        data[f"principle_ratings-{index}-DELETE"] = "1"
    data["goal_ratings-0-DELETE"] = "1"
    response = client.post(edit_url(live_page), publish(data))
    assert response.status_code == 200  # C's principles are still unrated
    assert field_errors(response, f"principle_ratings-{c_rows[0]}-rating") == [
        "Leitgedanke 1 „Leitgedanke 1 (konzept-c)“: Die Bewertung fehlt."
    ]
    for index in c_rows:
        data[f"principle_ratings-{index}-rating"] = "neutral"
    response = client.post(edit_url(live_page), publish(data))
    assert response.status_code == 302, banner_errors(response)
    page = AssessedPage.objects.get(pk=live_page.pk)
    assert page.assessments.get().concept == concept_c
    assert {row.principle.concept for row in page.principle_ratings.all()} == {concept_c}
