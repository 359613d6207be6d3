"""Hardening of the proposal editor: invisible text, lost updates, the options of new rows.

Every test goes through Wagtail's admin views with the form data a browser
would send (``tests.editor``), or through a management command.
"""

import io

import pytest
from django.core.management import call_command

from proposals.demo import add_proposal
from proposals.models import ProposalIndexPage, ProposalPage
from tests.editor import form_data
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
