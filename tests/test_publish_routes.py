"""An incomplete proposal goes live by no route: editor, API, bulk action, schedule, copy, move.

Every route ends in the publish guard of ``AssessablePageMixin.save``; the
admin routes refuse earlier and say why.
"""

import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from wagtail.actions.move_page import MovePageAction
from wagtail.models import Locale, Revision
from wagtail.test.utils.form_data import querydict_from_html

from integration_check.assessment import AssessmentIncomplete
from proposals.models import ProposalIndexPage, ProposalPage
from tests.proposals import add_proposal

P, N = "positive", "neutral"


def proposal(index, slug, reference, title, *, complete=True, publish=False, **changes):
    """Create a proposal below ``index``; incomplete ones lack the summary and a rating."""
    data = {
        "title": title,
        "slug": slug,
        "reference": reference,
        "date": "2030-03-01",
        "summary": "Die Vorlage ist vereinbar." if complete else "",
        "principles": [("1", P, "Begegnung wird gefördert.", "")]
        + [(str(n), N, "", "") for n in range(2, 5)]
        + [("5", N if complete else "", "", "")],
    }
    data.update(changes)
    page = add_proposal(index, data, publish=publish)
    if publish:
        page.refresh_from_db()
    return page


def is_live(page):
    return ProposalPage.objects.get(pk=page.pk).live


def messages_shown(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [" ".join(li.get_text(" ", strip=True).split()) for li in soup.select(".messages li")]


@pytest.fixture
def index(demo):
    return ProposalIndexPage.objects.get()


@pytest.fixture
def incomplete(index):
    return proposal(index, "unvollstaendig", "2030/201", "Unvollständige Vorlage", complete=False)


@pytest.fixture
def admin_client(client, demo):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


# --- editor and direct publishing ------------------------------------------------------


def test_edit_view_publish_by_superuser_is_refused(admin_client, incomplete):
    url = f"/admin/pages/{incomplete.pk}/edit/"
    data = querydict_from_html(admin_client.get(url).content.decode(), form_id="page-edit-form")
    data = {key: value for key, value in data.items() if "__prefix__" not in key}
    data["action-publish"] = "Veröffentlichen"

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "Die Zusammenfassung fehlt." in response.content.decode()
    assert not is_live(incomplete)


def test_revision_publish_raises_and_the_page_stays_draft(incomplete):
    revision = incomplete.get_latest_revision()

    with pytest.raises(AssessmentIncomplete) as raised:
        revision.publish()

    # Two checks apply (the Klimacheck found not relevant): each gap names its check.
    assert "Integration: Die Zusammenfassung fehlt." in raised.value.messages
    assert (
        "Integration: Leitgedanke 5 „Steinfurt ist neugierig“: Die Bewertung fehlt."
        in raised.value.messages
    )
    stored = ProposalPage.objects.get(pk=incomplete.pk)
    assert not stored.live
    assert stored.live_revision is None
    assert stored.first_published_at is None


def test_saving_the_page_live_directly_raises(incomplete):
    page = incomplete.get_latest_revision_as_object()
    page.live = True

    with pytest.raises(AssessmentIncomplete):
        page.save()

    assert not is_live(incomplete)


def test_publishing_a_complete_proposal_without_reference_raises(index):
    page = proposal(index, "ohne-nummer", "", "Vorlage ohne Nummer")

    with pytest.raises(AssessmentIncomplete) as raised:
        page.get_latest_revision().publish()

    assert "Die Drucksachen-Nr. fehlt." in raised.value.messages
    assert not is_live(page)


# --- bulk publishing in the page listing -------------------------------------------------


def test_bulk_publish_publishes_the_complete_and_names_the_incomplete(
    admin_client, index, incomplete
):
    complete = proposal(index, "vollstaendig", "2030/202", "Vollständige Vorlage")
    next_url = f"/admin/pages/{index.pk}/"
    url = (
        f"/admin/bulk/wagtailcore/page/publish/?id={incomplete.pk}&id={complete.pk}&next={next_url}"
    )

    response = admin_client.post(url, {})

    assert response.status_code == 302
    assert response["Location"] == next_url
    assert is_live(complete)
    assert not is_live(incomplete)
    shown = messages_shown(admin_client.get(next_url))
    refused = [m for m in shown if m.startswith("„Unvollständige Vorlage“ wurde nicht")]
    assert len(refused) == 1
    assert "Die Zusammenfassung fehlt." in refused[0]
    assert not any("Vollständige Vorlage" in m for m in shown)


# --- scheduled publishing --------------------------------------------------------------


def schedule_in_the_past(page, hours):
    """Approve the latest revision to go live ``hours`` ago, as if the time had come."""
    revision = page.get_latest_revision()
    past = timezone.now() - datetime.timedelta(hours=hours)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    return revision


def test_scheduled_publishing_skips_the_incomplete_and_publishes_the_rest(index, incomplete):
    complete = proposal(index, "vollstaendig", "2030/202", "Vollständige Vorlage")
    held_back = schedule_in_the_past(incomplete, hours=2)  # due first
    schedule_in_the_past(complete, hours=1)
    errors = io.StringIO()

    call_command("publish_scheduled", stdout=io.StringIO(), stderr=errors)

    assert not is_live(incomplete)
    assert is_live(complete)
    assert "„Unvollständige Vorlage“ wurde nicht veröffentlicht" in errors.getvalue()
    assert "Die Zusammenfassung fehlt." in errors.getvalue()
    held_back.refresh_from_db()
    assert held_back.approved_go_live_at is None  # off the schedule, not retried every run


def test_scheduling_through_the_editor_checks_the_assessment(admin_client, incomplete):
    url = f"/admin/pages/{incomplete.pk}/edit/"
    data = querydict_from_html(admin_client.get(url).content.decode(), form_id="page-edit-form")
    data = {key: value for key, value in data.items() if "__prefix__" not in key}
    data["go_live_at"] = (timezone.localtime() + datetime.timedelta(days=1)).strftime(
        "%Y-%m-%d %H:%M"
    )
    data["action-publish"] = "Veröffentlichen"

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert not Revision.objects.filter(
        object_id=str(incomplete.pk), approved_go_live_at__isnull=False
    ).exists()


# --- copying and moving --------------------------------------------------------------------


def test_copy_of_an_incomplete_draft_with_keep_live_is_not_live(index, incomplete):
    copy = incomplete.copy(update_attrs={"title": "Kopie", "slug": "kopie"}, keep_live=True)

    assert not ProposalPage.objects.get(pk=copy.pk).live


def test_copy_of_a_live_proposal_with_keep_live_is_refused_without_reference(index):
    live = proposal(index, "live", "2030/203", "Veröffentlichte Vorlage", publish=True)

    # The reference is unique and not copied, so the copy may not go live.
    with pytest.raises(AssessmentIncomplete) as raised:
        live.copy(update_attrs={"title": "Kopie", "slug": "kopie"}, keep_live=True)

    assert "Die Drucksachen-Nr. fehlt." in raised.value.messages
    assert not ProposalPage.objects.filter(slug="kopie").exists()
    assert is_live(live)


def test_admin_copy_of_a_live_proposal_makes_a_draft_even_when_publishing_is_asked(
    admin_client, index
):
    live = proposal(index, "live", "2030/203", "Veröffentlichte Vorlage", publish=True)
    url = f"/admin/pages/{live.pk}/copy/"
    form = admin_client.get(url)
    soup = BeautifulSoup(form.content, "html.parser")
    names = {field["name"] for field in soup.select("input[name]")}
    assert "new_title" in names
    assert "publish_copies" not in names
    assert "alias" not in names

    response = admin_client.post(
        url,
        {
            "new_title": "Kopie der Vorlage",
            "new_slug": "kopie-der-vorlage",
            "new_parent_page": index.pk,
            "publish_copies": "on",  # as a hand-made request would send it
            "alias": "on",
        },
    )

    assert response.status_code == 302
    copy = ProposalPage.objects.get(slug="kopie-der-vorlage")
    assert not copy.live
    assert copy.alias_of is None
    assert copy.reference == ""
    assert is_live(live)


def test_admin_copy_of_an_incomplete_draft_stays_a_draft(admin_client, index, incomplete):
    response = admin_client.post(
        f"/admin/pages/{incomplete.pk}/copy/",
        {"new_title": "Kopie", "new_slug": "kopie", "new_parent_page": index.pk},
    )

    assert response.status_code == 302
    assert not ProposalPage.objects.get(slug="kopie").live


def test_moving_a_draft_does_not_publish_it(admin_client, index, incomplete):
    sibling = proposal(index, "nachbar", "2030/204", "Nachbarvorlage", publish=True)

    MovePageAction(incomplete, target=sibling, pos="left").execute(skip_permission_checks=True)
    assert not is_live(incomplete)

    response = admin_client.post(f"/admin/pages/{incomplete.pk}/set_position/?position=0")
    assert response.status_code == 200
    assert not is_live(incomplete)
    assert index.get_children().first().pk == incomplete.pk


# --- read-only API and translations -------------------------------------------------------


def test_pages_api_shows_no_draft_and_no_non_public_proposal(client, index, incomplete):
    public = proposal(index, "oeffentlich", "2030/205", "Öffentliche Vorlage", publish=True)
    secret = proposal(index, "geheim", "2030/206", "Geheime Vorlage", publish=True, is_public=False)

    ids = set()
    while True:  # the API hands out at most 20 items at a time
        listing = client.get(
            "/api/v2/pages/", {"type": "proposals.ProposalPage", "offset": len(ids)}
        )
        assert listing.status_code == 200
        items = listing.json()["items"]
        if not items:
            break
        ids |= {item["id"] for item in items}
    assert len(ids) == listing.json()["meta"]["total_count"]
    assert public.pk in ids
    assert incomplete.pk not in ids
    assert secret.pk not in ids
    assert client.get(f"/api/v2/pages/{public.pk}/").status_code == 200
    assert client.get(f"/api/v2/pages/{incomplete.pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{secret.pk}/").status_code == 404


def translate(page, locale, publish):
    from wagtail_localize.models import Translation, TranslationSource

    source, _ = TranslationSource.get_or_create_from_instance(page)
    Translation.objects.create(source=source, target_locale=locale).save_target(publish=publish)


@pytest.fixture
def english(index, django_capture_on_commit_callbacks):
    """English locale with the home page and the proposals index translated and published."""
    locale = Locale.objects.create(language_code="en")
    with django_capture_on_commit_callbacks(execute=True):
        translate(index.get_parent().specific, locale, publish=True)
        translate(index, locale, publish=True)
    return locale


def test_translation_of_an_incomplete_draft_is_not_published(
    english, incomplete, django_capture_on_commit_callbacks
):
    # wagtail-localize publishes on commit; the guard refuses there.
    with pytest.raises(AssessmentIncomplete):
        with django_capture_on_commit_callbacks(execute=True):
            translate(incomplete, english, publish=True)

    translation = incomplete.get_translation(english)
    assert not translation.live


def test_translation_of_a_complete_proposal_is_published(
    english, index, django_capture_on_commit_callbacks
):
    live = proposal(index, "live", "2030/203", "Veröffentlichte Vorlage", publish=True)

    with django_capture_on_commit_callbacks(execute=True):
        translate(live, english, publish=True)

    translation = live.get_translation(english).specific
    assert translation.live
    assert translation.reference == "2030/203"
    assert [r.rating for r in translation.principle_ratings.all()] == [P, N, N, N, N]
