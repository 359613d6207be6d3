"""Editing proposals in the admin: pre-filled assessment, drafts, refused publishing, references.

The requests go through Wagtail's real add and edit views with the form data
a browser would send: the form is fetched, parsed and changed like a user would.
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from wagtail.models import WorkflowState

from integration_check.models import Goal, GuidingPrinciple, PrincipleRating
from proposals.models import REFERENCE_EXAMPLE, ProposalIndexPage, ProposalPage
from tests.editor import (
    add_rows,
    complete_other_checks,
    concept_of,
    form_data,
    row_index,
    summary_key,
    summary_of,
)
from tests.proposals import add_proposal

P, N, M = "positive", "neutral", "negative"
TODAY = datetime.date.today()

SCRIPT = "<script>alert(1)</script>"
ARABIC = "يعزز هذا القرار مشاركة المهاجرين في الحياة العامة للمدينة."
EMOJI = "Begegnung im Quartier 🤝🏽 mit Familien 👨‍👩‍👧 und Kindern 🎉"
LONG = ("Eine sehr ausführliche Begründung der Wirkung. " * 250)[:9999] + "."


# --- helpers -----------------------------------------------------------------------


def login(client, username):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    return user


def goals(data, *rows):
    """Add rows rating the integration concept's goals ``(number, rating, justification,
    weighing)`` to ``data``, after the pre-filled rows (the Klimacheck's goals); return
    their indexes."""
    return add_rows(
        data,
        "goal_ratings",
        *(
            {
                "goal": str(goal(number).pk),
                "rating": rating,
                "justification": justification,
                "weighing": weighing,
            }
            for number, rating, justification, weighing in rows
        ),
    )


def principles(data, *rows):
    """Set the pre-filled principle rows to ``(rating, justification, weighing)``."""
    for index, (rating, justification, weighing) in enumerate(rows):
        data[f"principle_ratings-{index}-rating"] = rating
        data[f"principle_ratings-{index}-justification"] = justification
        data[f"principle_ratings-{index}-weighing"] = weighing
    return data


def concept():
    """The integration concept in force today (the Klimacheck has a concept of its own)."""
    return concept_of(date=TODAY)


def goal(number):
    return Goal.objects.get(number=number, field_of_action__concept=concept())


def principle(number):
    return GuidingPrinciple.objects.get(number=number, concept=concept())


def add_url(index):
    return f"/admin/pages/add/proposals/proposalpage/{index.pk}/"


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def error_texts(response):
    """Return every error message shown: the message banner and the messages at the fields."""
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        " ".join(element.get_text(" ", strip=True).split())
        for element in soup.select(".messages li, .error-message")
    ]


def field_errors(response, name):
    """Return the error messages shown next to the form field called ``name``."""
    soup = BeautifulSoup(response.content, "html.parser")
    field = soup.find(attrs={"name": name})
    assert field is not None, name
    wrapper = field.find_parent(class_="w-field")
    return [" ".join(e.get_text(" ", strip=True).split()) for e in wrapper.select(".error-message")]


def draft(index, slug="entwurf", reference="2030/101", **changes):
    """Create an unpublished proposal whose principles are all unrated; return it."""
    data = {
        "title": "Entwurf einer Vorlage",
        "slug": slug,
        "reference": reference,
        "date": TODAY.isoformat(),
        "summary": "",
        "principles": [(str(n), "", "", "") for n in range(1, 6)],
    }
    data.update(changes)
    return add_proposal(index, data, publish=False)


def complete_assessment(data):
    principles(
        data,
        (P, "Die Vorlage bindet Zugewanderte als Mitgestaltende ein.", ""),
        (N, "", ""),
        (N, "", ""),
        (N, "", ""),
        (N, "", ""),
    )
    goals(data, ("3.2", P, "Begegnungsangebote im Quartier werden ausgebaut.", ""))
    data[summary_key(data)] = "Die Vorlage ist mit dem Integrationskonzept vereinbar."
    return complete_other_checks(data)


@pytest.fixture
def index(demo):
    return ProposalIndexPage.objects.get()


# --- the add view --------------------------------------------------------------------


def test_add_view_prefills_one_row_per_guiding_principle(client, index):
    login(client, "sachbearbeitung")
    response = client.get(add_url(index))
    assert response.status_code == 200
    data = form_data(response)
    assert data["principle_ratings-TOTAL_FORMS"] == "5"
    soup = BeautifulSoup(response.content, "html.parser")
    selected = [
        select.find("option", selected=True).get_text(strip=True)
        for select in soup.select("select[name^='principle_ratings-'][name$='-principle']")
        if "__prefix__" not in select["name"]
    ]
    # Two checks apply (the Klimacheck rates goals only): each item names its check.
    assert selected == [
        "Integration · 1 Steinfurt ist vielfältig",
        "Integration · 2 Steinfurt ist offen",
        "Integration · 3 Steinfurt ist aktiv",
        "Integration · 4 Steinfurt ist bunt",
        "Integration · 5 Steinfurt ist neugierig",
    ]
    # Every row starts unrated: nothing is assessed before the author decides.
    assert [data[f"principle_ratings-{i}-rating"] for i in range(5)] == [""] * 5


def test_author_saves_a_draft_with_an_incomplete_assessment(client, index):
    login(client, "sachbearbeitung")
    data = form_data(client.get(add_url(index)))
    data.update(title="Sprachpaten an Grundschulen", slug="sprachpaten", reference="2030/102")
    principles(data, (P, "", ""))  # positive without justification, four rows unrated

    response = client.post(add_url(index), data)

    page = ProposalPage.objects.get(slug="sprachpaten")
    assert response.status_code == 302
    assert response["Location"] == edit_url(page)
    assert not page.live
    assert page.first_published_at is None
    assert page.live_revision is None
    saved = page.get_latest_revision_as_object()
    assert [(r.principle.number, r.rating) for r in saved.principle_ratings.all()] == [
        ("1", P),
        ("2", ""),
        ("3", ""),
        ("4", ""),
        ("5", ""),
    ]


def test_author_cannot_create_and_submit_an_incomplete_proposal(client, index):
    login(client, "sachbearbeitung")
    data = form_data(client.get(add_url(index)))
    data.update(title="Unfertige Vorlage", slug="unfertig", reference="2030/103")
    data["action-submit"] = "Zur Freigabe einreichen"

    response = client.post(add_url(index), data)

    assert response.status_code == 200
    assert not ProposalPage.objects.filter(slug="unfertig").exists()
    assert "Integration: Leitgedanke 1 „Steinfurt ist vielfältig“: Die Bewertung fehlt." in (
        error_texts(response)
    )


# --- refused publishing and submitting -------------------------------------------------


def test_publishing_an_incomplete_assessment_is_refused_naming_each_gap(client, index):
    page = draft(index)
    login(client, "admin")
    data = form_data(client.get(edit_url(page)))
    principles(
        data,
        (P, "Die Vorlage bindet Zugewanderte ein.", ""),
        ("", "", ""),
        (N, "", ""),
        (N, "", ""),
        (N, "", ""),
    )
    row_32, row_53 = goals(
        data,
        ("3.2", P, "", ""),
        ("5.3", M, "Die Nachbarschaft wird belastet.", ""),
    )
    data[summary_key(data)] = ""
    data["action-publish"] = "Veröffentlichen"

    response = client.post(edit_url(page), data)

    assert response.status_code == 200
    page.refresh_from_db()
    assert not page.live
    assert page.live_revision is None
    g32, g53 = goal("3.2"), goal("5.3")
    # Two checks apply: each message names the check it belongs to.
    missing_principle = "Integration: Leitgedanke 2 „Steinfurt ist offen“: Die Bewertung fehlt."
    missing_justification = (
        f"Integration: Ziel 3.2 „{g32.title}“: Die Begründung fehlt (Pflicht bei „positiv“)."
    )
    missing_weighing = (
        f"Integration: Ziel 5.3 „{g53.title}“: Die Abwägung fehlt (Pflicht bei „negativ“: "
        "warum dennoch, was mildert die Wirkung)."
    )
    missing_summary = "Integration: Die Zusammenfassung fehlt."
    shown = error_texts(response)
    for message in (missing_principle, missing_justification, missing_weighing, missing_summary):
        assert message in shown
    # Each message also stands next to the field it concerns.
    assert field_errors(response, "principle_ratings-1-rating") == [missing_principle]
    assert field_errors(response, f"goal_ratings-{row_32}-justification") == [missing_justification]
    assert field_errors(response, f"goal_ratings-{row_53}-weighing") == [missing_weighing]
    assert field_errors(response, summary_key(data)) == [missing_summary]
    # The complete rows raise nothing.
    assert field_errors(response, "principle_ratings-0-justification") == []
    assert field_errors(response, f"goal_ratings-{row_53}-justification") == []


def test_submitting_an_incomplete_assessment_for_review_is_refused(client, index):
    page = draft(index)
    login(client, "sachbearbeitung")
    data = form_data(client.get(edit_url(page)))
    principles(data, (N, "", ""), (N, "", ""), ("", "", ""), (N, "", ""), (N, "", ""))
    data[summary_key(data)] = "Zusammenfassung"
    data["action-submit"] = "Zur Freigabe einreichen"

    response = client.post(edit_url(page), data)

    assert response.status_code == 200
    assert "Integration: Leitgedanke 3 „Steinfurt ist aktiv“: Die Bewertung fehlt." in (
        error_texts(response)
    )
    page.refresh_from_db()
    assert not page.workflow_in_progress
    assert not WorkflowState.objects.filter(object_id=str(page.pk)).exists()
    assert not page.live


def test_submitting_a_complete_assessment_for_review_starts_the_workflow(client, index):
    page = draft(index)
    login(client, "sachbearbeitung")
    data = complete_assessment(form_data(client.get(edit_url(page))))
    data["action-submit"] = "Zur Freigabe einreichen"

    response = client.post(edit_url(page), data)

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.workflow_in_progress
    assert not page.live


def test_complete_assessment_published_by_admin_goes_live(client, index):
    page = draft(index, title="Interkulturelle Woche 2030")
    login(client, "admin")
    data = complete_assessment(form_data(client.get(edit_url(page))))
    data["action-publish"] = "Veröffentlichen"

    response = client.post(edit_url(page), data)

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert page.live_revision is not None
    assert [r.rating for r in page.principle_ratings.all()] == [P, N, N, N, N]
    integration_goals = page.goal_ratings.filter(goal__field_of_action__concept=concept())
    assert [(r.goal.number, r.rating) for r in integration_goals] == [("3.2", P)]
    client.logout()
    public = client.get(page.url)
    assert public.status_code == 200
    assert "Interkulturelle Woche 2030" in public.content.decode()


# --- the reference number ------------------------------------------------------------


def test_invalid_reference_is_refused_with_a_german_message_at_the_field(client, index):
    login(client, "sachbearbeitung")
    data = form_data(client.get(add_url(index)))
    data.update(title="Falsche Nummer", slug="falsche-nummer", reference="17/2030")

    response = client.post(add_url(index), data)

    assert response.status_code == 200
    assert field_errors(response, "reference") == [
        "„17/2030“ ist keine gültige Drucksachen-Nr.; erwartet wird die Form JJJJ/NNN, "
        f"z. B. {REFERENCE_EXAMPLE}."
    ]
    assert not ProposalPage.objects.filter(slug="falsche-nummer").exists()


def test_duplicate_reference_is_refused_naming_the_other_proposal(client, index):
    draft(index, slug="erste", reference="2030/150", title="Erste Vorlage mit der Nummer")
    login(client, "sachbearbeitung")
    data = form_data(client.get(add_url(index)))
    data.update(title="Zweite Vorlage", slug="zweite", reference="2030/150")

    response = client.post(add_url(index), data)

    assert response.status_code == 200
    assert field_errors(response, "reference") == [
        "Die Drucksachen-Nr. 2030/150 ist schon vergeben (Vorlage „Erste Vorlage mit der Nummer“)."
    ]
    assert not ProposalPage.objects.filter(slug="zweite").exists()


def test_supplement_reference_is_accepted(client, index):
    draft(index, slug="erste", reference="2030/150")
    login(client, "sachbearbeitung")
    data = form_data(client.get(add_url(index)))
    data.update(title="Ergänzung", slug="ergaenzung", reference="2030/150/1")

    response = client.post(add_url(index), data)

    assert response.status_code == 302
    assert ProposalPage.objects.get(slug="ergaenzung").reference == "2030/150/1"


def test_publishing_without_reference_is_refused_at_the_field(client, index):
    page = draft(index, reference="")
    login(client, "admin")
    data = complete_assessment(form_data(client.get(edit_url(page))))
    data["action-publish"] = "Veröffentlichen"

    response = client.post(edit_url(page), data)

    assert response.status_code == 200
    assert field_errors(response, "reference") == ["Die Drucksachen-Nr. fehlt."]
    page.refresh_from_db()
    assert not page.live


def test_draft_without_reference_is_saved(client, index):
    login(client, "sachbearbeitung")
    data = form_data(client.get(add_url(index)))
    data.update(title="Noch ohne Nummer", slug="ohne-nummer", reference="")

    response = client.post(add_url(index), data)

    assert response.status_code == 302
    assert not ProposalPage.objects.get(slug="ohne-nummer").live


# --- hostile input -------------------------------------------------------------------


def test_hostile_justifications_are_stored_faithfully_and_shown_escaped(client, index):
    page = draft(index, title="Vorlage mit ungewöhnlichen Begründungen")
    login(client, "admin")
    data = form_data(client.get(edit_url(page)))
    principles(
        data,
        (P, SCRIPT, ""),
        (P, ARABIC, ""),
        (P, LONG, ""),
        (M, EMOJI, SCRIPT),
        (N, "", ""),
    )
    data[summary_key(data)] = f"{ARABIC} {EMOJI}"
    data["action-publish"] = "Veröffentlichen"

    response = client.post(edit_url(page), data)

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    stored = {
        r.principle.number: (r.justification, r.weighing)
        for r in PrincipleRating.objects.filter(page=page)
    }
    assert stored["1"] == (SCRIPT, "")
    assert stored["2"] == (ARABIC, "")
    assert stored["3"] == (LONG, "")
    assert len(stored["3"][0]) == 10_000
    assert stored["4"] == (EMOJI, SCRIPT)
    assert summary_of(page) == f"{ARABIC} {EMOJI}"

    client.logout()
    html = client.get(page.url).content.decode()
    assert SCRIPT not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2
    assert ARABIC in html
    assert EMOJI in html
    assert LONG in html
    assert principle("1").title in html


def test_a_goal_rated_twice_is_refused_at_the_second_row(client, index):
    page = draft(index)
    login(client, "admin")
    data = complete_assessment(form_data(client.get(edit_url(page))))  # rates goal 3.2
    (second,) = goals(data, ("3.2", N, "", ""))
    first = row_index(data, "goal_ratings", "goal", goal("3.2").pk)
    data["action-publish"] = "Veröffentlichen"

    response = client.post(edit_url(page), data)

    assert response.status_code == 200
    page.refresh_from_db()
    assert not page.live
    twice = f"Integration: Ziel 3.2 „{goal('3.2').title}“ ist mehrfach bewertet."
    assert twice in error_texts(response)
    assert first < second
    assert field_errors(response, f"goal_ratings-{second}-goal") == [twice]
    assert field_errors(response, f"goal_ratings-{first}-goal") == []
