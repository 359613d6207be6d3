"""Hardening of the proposal editor: invisible text, lost updates, the options of new rows.

Every test goes through Wagtail's admin views with the form data a browser
would send (``tests.editor``), or through a management command.
"""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import Client
from wagtail.models import Locale, WorkflowState
from wagtail.test.utils.form_data import rich_text

from home.demo_checks import CLIMATE_CHECK
from integration_check.models import Goal, GuidingPrinciple, Measure
from proposals.models import ProposalIndexPage, ProposalPage
from tests.editor import (
    INTEGRATION,
    choices,
    concept_of,
    form_data,
    row_index,
    summary_key,
    summary_of,
)
from tests.proposals import add_proposal
from tests.test_proposal_editing import (
    ARABIC,
    TODAY,
    complete_assessment,
    draft,
    edit_url,
    error_texts,
    field_errors,
    goal,
    goals,
    login,
    principle,
    principles,
)

P, N, M = "positive", "neutral", "negative"


@pytest.fixture
def index(demo):
    return ProposalIndexPage.objects.get()


def publish(client, page, data):
    data["action-publish"] = "Veröffentlichen"
    return client.post(edit_url(page), data)


# --- 4. invisible text counts for nothing ----------------------------------------------

ZERO_WIDTH = "\u200b\u2060\ufeff"  # zero-width space, word joiner, byte order mark
FORMAT_ONLY = "\u00ad\u200e\u2061"  # soft hyphen, left-to-right mark, function application
SPACES_AND_FORMAT = "\u00a0\u3000\u200b"  # no-break space, ideographic space, zero-width space
COMBINING_ONLY = "\u0301\u0308\u20dd"  # combining acute, diaeresis, enclosing circle
PUNCTUATION_ONLY = "… – !? ¿¡ ·"
SYMBOLS_ONLY = "→ ★ 🤝🏽 € ©"


# Two checks apply (the integration check and the Klimacheck): each message names its check.
def unreadable(item, what="Begründung", rating="positiv"):
    if what == "Abwägung":
        return (
            f"Integration: {item}: Die Abwägung enthält keinen lesbaren Text (Buchstaben oder "
            "Ziffern; Pflicht bei „negativ“)."
        )
    return (
        f"Integration: {item}: Die Begründung enthält keinen lesbaren Text (Buchstaben oder "
        f"Ziffern; Pflicht bei „{rating}“)."
    )


UNREADABLE_SUMMARY = (
    "Integration: Die Zusammenfassung enthält keinen lesbaren Text (Buchstaben oder Ziffern)."
)


def principle_label(number):
    return f"Leitgedanke {number} „{principle(number).title}“"


def test_publishing_with_invisible_or_symbol_only_texts_is_refused_at_each_field(client, index):
    page = draft(index)
    login(client, "admin")
    data = complete_assessment(form_data(client.get(edit_url(page))))
    principles(
        data,
        (P, ZERO_WIDTH, ""),
        (P, FORMAT_ONLY, ""),
        (P, COMBINING_ONLY, ""),
        (P, PUNCTUATION_ONLY, ""),
        (M, SYMBOLS_ONLY, SPACES_AND_FORMAT),
    )
    row_32 = row_index(data, "goal_ratings", "goal", goal("3.2").pk)  # complete_assessment rated it
    data[f"goal_ratings-{row_32}-rating"] = M
    data[f"goal_ratings-{row_32}-justification"] = "Die Nachbarschaft wird belastet."
    data[f"goal_ratings-{row_32}-weighing"] = ZERO_WIDTH
    data[summary_key(data)] = SPACES_AND_FORMAT

    response = publish(client, page, data)

    assert response.status_code == 200
    page.refresh_from_db()
    assert not page.live
    assert page.live_revision is None
    for index_, number in enumerate("1234"):
        assert field_errors(response, f"principle_ratings-{index_}-justification") == [
            unreadable(principle_label(number))
        ]
    assert field_errors(response, "principle_ratings-4-justification") == [
        unreadable(principle_label("5"), rating="negativ")
    ]
    assert field_errors(response, "principle_ratings-4-weighing") == [
        unreadable(principle_label("5"), "Abwägung")
    ]
    g32 = goal("3.2")
    assert field_errors(response, f"goal_ratings-{row_32}-weighing") == [
        unreadable(f"Ziel 3.2 „{g32.title}“", "Abwägung")
    ]
    assert field_errors(response, f"goal_ratings-{row_32}-justification") == []
    assert field_errors(response, summary_key(data)) == [UNREADABLE_SUMMARY]
    assert UNREADABLE_SUMMARY in error_texts(response)


def test_texts_in_any_script_and_digits_count(client, index):
    page = draft(index)
    login(client, "admin")
    data = complete_assessment(form_data(client.get(edit_url(page))))
    texts = [
        ARABIC,
        "Стимулирует участие новых жителей.",
        "促进新居民参与城市生活。",
        "2030",
        "\u200bÉcole\u0301 ✓",  # letters among invisible characters and symbols
    ]
    principles(data, *[(P, text, "") for text in texts[:4]], (M, texts[4], "٣"))
    data[summary_key(data)] = "Leitgedanken 1\u20134 positiv, 5 negativ."

    response = publish(client, page, data)

    assert response.status_code == 302, error_texts(response)
    page.refresh_from_db()
    assert page.live
    assert [r.justification for r in page.principle_ratings.all()] == texts
    assert page.principle_ratings.all()[4].weighing == "٣"


def test_publish_guard_refuses_invisible_texts_that_bypass_the_editor(index):
    data = {
        "title": "Vorlage mit unsichtbarer Begründung",
        "slug": "unsichtbar",
        "reference": "2030/401",
        "date": TODAY.isoformat(),
        "summary": ZERO_WIDTH,
        "principles": [("1", P, COMBINING_ONLY, "")] + [(str(n), N, "", "") for n in range(2, 6)],
    }
    page = add_proposal(index, data, publish=False)
    revision = page.get_latest_revision()
    revision.approved_go_live_at = revision.created_at
    revision.save()
    errors = io.StringIO()

    call_command("publish_scheduled", stdout=io.StringIO(), stderr=errors)

    assert not ProposalPage.objects.get(pk=page.pk).live
    assert UNREADABLE_SUMMARY in errors.getvalue()
    assert unreadable(principle_label("1")) in errors.getvalue()


def test_whitespace_only_reference_and_title_are_refused(client, index):
    """Checked, not changed: Django's form fields strip every Unicode space."""
    blank = " \u00a0\u3000\t\u2003\u2009"
    page = draft(index)
    login(client, "admin")
    data = complete_assessment(form_data(client.get(edit_url(page))))
    data["reference"] = blank
    data["title"] = blank

    response = publish(client, page, data)

    assert response.status_code == 200
    assert field_errors(response, "reference") == ["Die Drucksachen-Nr. fehlt."]
    assert field_errors(response, "title") == ["Dieses Feld muss ausgefüllt werden."]
    page.refresh_from_db()
    assert not page.live
    assert page.title == "Entwurf einer Vorlage"


@pytest.mark.parametrize("title", ["\u200b\u2060\ufeff", "…!?", "\u200b – \u200b"])
def test_a_title_without_a_letter_or_digit_is_refused(client, index, title):
    page = draft(index)
    login(client, "admin")
    data = complete_assessment(form_data(client.get(edit_url(page))))
    data["title"] = title

    response = publish(client, page, data)

    assert response.status_code == 200
    assert field_errors(response, "title") == ["Dieses Feld muss ausgefüllt werden."]
    page.refresh_from_db()
    assert not page.live
    assert page.title == "Entwurf einer Vorlage"


# --- 12. new rows offer what existing rows offer ----------------------------------------

SECTIONS = [
    # relation, item field, model, path to the concept
    ("principle_ratings", "principle", GuidingPrinciple, "concept"),
    ("goal_ratings", "goal", Goal, "field_of_action__concept"),
    ("implemented_measures", "measure", Measure, "field_of_action__concept"),
]


def german_proposal_with_every_kind_of_row():
    german = Locale.get_default()
    return (
        ProposalPage.objects.filter(locale=german)
        .exclude(goal_ratings=None)
        .exclude(implemented_measures=None)
        .first()
    )


def test_new_rows_offer_exactly_what_existing_rows_offer(client, demo_translated):
    page = german_proposal_with_every_kind_of_row()
    # A Beschlussvorlage: the integration check and the Klimacheck apply, and every item
    # offered is labelled with its check.
    checks = page.get_applicable_checks()
    assert [check.slug for check in checks] == [INTEGRATION, CLIMATE_CHECK]
    concepts = {check: page.get_assessment_concept(check) for check in checks}
    integration_concept = concepts[checks[0]]
    Goal.objects.filter(number="6.1", field_of_action__concept=integration_concept).update(
        retired=True
    )
    login(client, "admin")

    response = client.get(edit_url(page))

    for relation, field, model, concept_path in SECTIONS:
        expected = [("", "bitte wählen")]
        for check, assessed in concepts.items():  # grouped by check, in concept order
            offered = model.objects.filter(
                **{concept_path: assessed}, locale=Locale.get_default(), retired=False
            ).order_by("sort_order")
            expected += [(str(i.pk), f"{check.label} · {i.number} {i.title}") for i in offered]
        assert choices(response, f"{relation}-0-{field}") == expected
        assert choices(response, f"{relation}-__prefix__-{field}") == expected
    # The whole concept is there in seven languages, only the German goals in force are offered:
    # 22 of the integration concept, 6 of the climate concept.
    assert Goal.objects.count() > 100
    assert len(choices(response, "goal_ratings-__prefix__-goal")) == 1 + 22 + 6
    # A row offers the levels of its item's check; a new row, whose item is still to be
    # chosen, those of every check, each labelled with its check.
    unrated = [("", "noch nicht bewertet")]
    integration_levels = [
        ("positive", "+ positiv"),
        ("neutral", "○ neutral"),
        ("negative", "− negativ"),
    ]
    climate_levels = [
        ("plus2", "++ stark positiv"),
        ("plus1", "+ positiv"),
        ("zero", "○ keine Auswirkung"),
        ("minus1", "− negativ"),
        ("minus2", "−− stark negativ"),
    ]
    data = form_data(response)
    rated = page.goal_ratings.filter(goal__field_of_action__concept=integration_concept)[0].goal
    integration_row = row_index(data, "goal_ratings", "goal", rated.pk)
    climate_goal = Goal.objects.get(number="1.1", field_of_action__concept=concepts[checks[1]])
    climate_row = row_index(data, "goal_ratings", "goal", climate_goal.pk)
    assert (
        choices(response, "principle_ratings-0-rating")
        == choices(response, f"goal_ratings-{integration_row}-rating")
        == unrated + integration_levels
    )
    assert choices(response, f"goal_ratings-{climate_row}-rating") == unrated + climate_levels
    for relation in ("principle_ratings", "goal_ratings"):
        assert choices(response, f"{relation}-__prefix__-rating") == (
            unrated
            + [(key, f"Integration: {label}") for key, label in integration_levels]
            + [(key, f"Klima: {label}") for key, label in climate_levels]
        )


def test_a_translated_or_retired_goal_in_a_new_row_is_refused_saying_why(client, demo_translated):
    page = german_proposal_with_every_kind_of_row()
    concept = page.get_assessment_concept()
    german = Goal.objects.get(number="3.2", field_of_action__concept=concept)
    english = german.get_translation(Locale.objects.get(language_code="en"))
    retired = Goal.objects.get(number="6.1", field_of_action__concept=concept)
    retired.retired = True
    retired.save()
    revisions = page.revisions.count()
    login(client, "admin")
    data = form_data(client.get(edit_url(page)))
    rows = int(data["goal_ratings-TOTAL_FORMS"])
    for offset, item in enumerate((english, retired)):
        prefix = f"goal_ratings-{rows + offset}-"
        data.update(
            {
                f"{prefix}id": "",
                f"{prefix}goal": str(item.pk),
                f"{prefix}rating": N,
                f"{prefix}justification": "",
                f"{prefix}weighing": "",
                f"{prefix}ORDER": str(rows + offset + 1),
                f"{prefix}DELETE": "",
            }
        )
    data["goal_ratings-TOTAL_FORMS"] = str(rows + 2)

    response = client.post(edit_url(page), data)  # save draft

    assert response.status_code == 200
    assert field_errors(response, f"goal_ratings-{rows}-goal") == [
        f"Ziel 3.2 „{english.title}“ ist eine Übersetzung (English); zur Auswahl stehen nur "
        "die Einträge in der Ausgangssprache Deutsch."
    ]
    assert field_errors(response, f"goal_ratings-{rows + 1}-goal") == [
        f"Ziel 6.1 „{retired.title}“ ist zurückgezogen und wird für Bewertungen nicht mehr "
        "angeboten."
    ]
    assert page.revisions.count() == revisions


# --- 10. no lost updates -------------------------------------------------------------

AUTHOR, HEAD = "sachbearbeitung", "fachdienstleitung"
FACTS_A = "Der Sachverhalt, wie die Sachbearbeitung ihn ergänzt hat."
SUMMARY_B = "Die Fachdienstleitung fasst die Vereinbarkeit neu zusammen."
KEPT = (
    "Ihre Eingaben sind nicht gespeichert und stehen unten. Prüfen Sie sie und speichern "
    "Sie erneut, um die neuere Fassung zu überschreiben."
)


def two_editors(index):
    """A draft and two logged-in editors, each with the edit form loaded from it."""
    page = draft(index, title="Sprachcafé im Rathaus", summary="Erste Zusammenfassung.")
    editors = []
    for username in (AUTHOR, HEAD):
        client = Client()
        login(client, username)
        editors.append((client, form_data(client.get(edit_url(page)))))
    return page, editors


def latest(page):
    return ProposalPage.objects.get(pk=page.pk).get_latest_revision_as_object()


def refusal(response):
    """Return the message that refused the save."""
    found = [text for text in error_texts(response) if text.startswith("Inzwischen")]
    assert len(found) == 1, error_texts(response)
    return found[0]


def autosave_is_on(response):
    form = BeautifulSoup(response.content, "html.parser").find("form", id="page-edit-form")
    return "w-autosave" in form["data-controller"]


def test_second_save_from_an_old_form_is_refused_keeping_both_changes(index):
    page, ((client_a, data_a), (client_b, data_b)) = two_editors(index)
    data_a["facts"] = rich_text(f"<p>{FACTS_A}</p>")
    assert client_a.post(edit_url(page), data_a).status_code == 302
    data_b[summary_key(data_b)] = SUMMARY_B

    response = client_b.post(edit_url(page), data_b)

    assert response.status_code == 200
    message = refusal(response)
    assert message.startswith(
        "Inzwischen wurde eine neuere Fassung gespeichert (von Sabine Sachbearbeiterin, am "
    )
    assert f"Geändert: Sachverhalt. {KEPT}" in message
    assert not autosave_is_on(response)
    shown = form_data(response)
    assert shown[summary_key(shown)] == SUMMARY_B  # B's input is kept in the form
    saved = latest(page)
    assert FACTS_A in saved.facts  # A's change is kept
    assert summary_of(saved) == "Erste Zusammenfassung."

    # Having seen the message, B saves again: the form now starts from A's revision.
    again = client_b.post(edit_url(page), shown)

    assert again.status_code == 302
    saved = latest(page)
    assert summary_of(saved) == SUMMARY_B
    assert FACTS_A not in saved.facts  # overwritten knowingly


def test_rating_rows_changed_meanwhile_refuse_a_submission_from_an_old_form(index):
    page, ((client_a, data_a), (client_b, data_b)) = two_editors(index)
    principles(data_a, (P, "Begegnung wird gefördert.", ""), (N, "", ""))
    goals(data_a, ("3.2", N, "", ""))
    assert client_a.post(edit_url(page), data_a).status_code == 302
    complete_assessment(data_b)
    data_b["principle_ratings-3-justification"] = "Die Vorlage stärkt Vielfalt im Quartier."
    data_b["principle_ratings-3-rating"] = P
    data_b["action-submit"] = "Zur Freigabe einreichen"

    response = client_b.post(edit_url(page), data_b)

    assert response.status_code == 200
    message = refusal(response)
    assert (
        "Geändert: Bewertung Leitgedanke 1, Bewertung Leitgedanke 2, Bewertung Ziel 3.2." in message
    )
    assert "von Sabine Sachbearbeiterin" in message
    assert not WorkflowState.objects.filter(object_id=str(page.pk)).exists()
    shown = form_data(response)
    assert shown["principle_ratings-3-rating"] == P
    assert shown["principle_ratings-3-justification"] == "Die Vorlage stärkt Vielfalt im Quartier."
    saved = latest(page)
    assert [r.rating for r in saved.principle_ratings.all()] == [P, N, "", "", ""]
    integration_goals = [
        r for r in saved.goal_ratings.all() if r.goal.field_of_action.concept == concept_of()
    ]
    assert [(r.goal.number, r.rating) for r in integration_goals] == [("3.2", N)]

    shown["action-submit"] = "Zur Freigabe einreichen"
    again = client_b.post(edit_url(page), shown)

    assert again.status_code == 302
    page.refresh_from_db()
    assert page.workflow_in_progress
    assert [r.rating for r in latest(page).principle_ratings.all()] == [P, N, N, P, N]


def test_autosave_from_an_old_form_is_refused(index):
    page, ((client_a, data_a), (client_b, data_b)) = two_editors(index)
    assert autosave_is_on(client_b.get(edit_url(page)))
    data_a["facts"] = rich_text(f"<p>{FACTS_A}</p>")
    assert client_a.post(edit_url(page), data_a).status_code == 302
    data_b[summary_key(data_b)] = SUMMARY_B

    response = client_b.post(edit_url(page), data_b, HTTP_ACCEPT="application/json")

    assert response.json()["error_code"] == "invalid_revision"
    saved = latest(page)
    assert FACTS_A in saved.facts
    assert summary_of(saved) == "Erste Zusammenfassung."


def autosave(client, page, data):
    """Post ``data`` as Wagtail's autosave does; then update the form as the editor's page
    does (integration_check/static/integration_check/loaded-revision.js): it builds on the
    autosaved revision."""
    response = client.post(edit_url(page), data, HTTP_ACCEPT="application/json")
    saved = response.json()
    assert saved["success"] is True, saved
    data.update(saved["field_updates"])
    data["loaded_revision_id"] = str(saved["revision_id"])
    data["loaded_revision_created_at"] = saved["revision_created_at"]
    return saved["revision_id"]


def test_saving_after_ones_own_autosave_is_not_refused_but_a_later_save_by_another_is(index):
    page, ((client_a, data_a), (client_b, data_b)) = two_editors(index)
    data_a["facts"] = rich_text(f"<p>{FACTS_A}</p>")
    autosaved = autosave(client_a, page, data_a)
    data_a[summary_key(data_a)] = "Die Sachbearbeitung fasst neu zusammen."

    # The author's own save, right after the autosave, goes through as a new revision.
    assert client_a.post(edit_url(page), data_a).status_code == 302
    saved = latest(page)
    assert FACTS_A in saved.facts
    assert summary_of(saved) == "Die Sachbearbeitung fasst neu zusammen."
    assert page.revisions.order_by("-pk").first().pk != autosaved

    # The form loaded before that autosave is still refused; so is the author's form after
    # another editor saved over the author's newly autosaved revision.
    assert refusal(client_b.post(edit_url(page), data_b)).startswith("Inzwischen wurde")
    data_a = form_data(client_a.get(edit_url(page)))
    autosave(client_a, page, data_a)
    data_b = form_data(client_b.get(edit_url(page)))
    data_b[summary_key(data_b)] = SUMMARY_B
    assert client_b.post(edit_url(page), data_b).status_code == 302
    response = client_a.post(edit_url(page), data_a)
    assert "(von Frank Fachdienstleiter, am " in refusal(response)
    assert summary_of(latest(page)) == SUMMARY_B
