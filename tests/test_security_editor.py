"""Hardening of the proposal editor: invisible text, lost updates, the options of new rows.

Every test goes through Wagtail's admin views with the form data a browser
would send (``tests.editor``), or through a management command.
"""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Locale

from integration_check.models import Goal, GuidingPrinciple, Measure
from proposals.demo import add_proposal
from proposals.models import ProposalIndexPage, ProposalPage
from tests.editor import choices, form_data
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


def unreadable(item, what="Begründung", rating="positiver"):
    if what == "Abwägung":
        return (
            f"{item}: Die Abwägung enthält keinen lesbaren Text (Buchstaben oder Ziffern; "
            "Pflicht bei negativer Wirkung)."
        )
    return (
        f"{item}: Die Begründung enthält keinen lesbaren Text (Buchstaben oder Ziffern; "
        f"Pflicht bei {rating} Wirkung)."
    )


UNREADABLE_SUMMARY = (
    "Die Zusammenfassung der Vereinbarkeit enthält keinen lesbaren Text (Buchstaben oder Ziffern)."
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
    data.update(goals(("3.2", M, "Die Nachbarschaft wird belastet.", ZERO_WIDTH)))
    data["assessment_summary"] = SPACES_AND_FORMAT

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
        unreadable(principle_label("5"), rating="negativer")
    ]
    assert field_errors(response, "principle_ratings-4-weighing") == [
        unreadable(principle_label("5"), "Abwägung")
    ]
    g32 = goal("3.2")
    assert field_errors(response, "goal_ratings-0-weighing") == [
        unreadable(f"Ziel 3.2 „{g32.title}“", "Abwägung")
    ]
    assert field_errors(response, "goal_ratings-0-justification") == []
    assert field_errors(response, "assessment_summary") == [UNREADABLE_SUMMARY]
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
    data["assessment_summary"] = "Leitgedanken 1\u20134 positiv, 5 negativ."

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
    concept = page.get_assessment_concept()
    Goal.objects.filter(number="6.1", field_of_action__concept=concept).update(retired=True)
    login(client, "admin")

    response = client.get(edit_url(page))

    for relation, field, model, concept_path in SECTIONS:
        offered = model.objects.filter(
            **{concept_path: concept}, locale=Locale.get_default(), retired=False
        ).order_by("sort_order")
        expected = [("", "bitte wählen")] + [(str(i.pk), f"{i.number} {i.title}") for i in offered]
        assert choices(response, f"{relation}-0-{field}") == expected
        assert choices(response, f"{relation}-__prefix__-{field}") == expected
    # The whole concept is there in seven languages, only the German goals in force are offered.
    assert Goal.objects.count() > 100
    assert len(choices(response, "goal_ratings-__prefix__-goal")) == 1 + 22
    for relation in ("principle_ratings", "goal_ratings"):
        assert (
            choices(response, f"{relation}-__prefix__-rating")
            == choices(response, f"{relation}-0-rating")
            == [
                ("", "noch nicht bewertet"),
                ("positive", "positiv"),
                ("neutral", "neutral"),
                ("negative", "negativ"),
            ]
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

