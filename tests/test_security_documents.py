"""Attachments of proposals download only for those who may read a live proposal using them.

Everyone else gets exactly the answer for a document that does not exist; documents
no proposal uses keep Wagtail's collection rules; nothing is served as a plain media file.
"""

import importlib
import os
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.urls import clear_url_caches
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, Locale, Page

from home.models import ContentPage
from proposals.models import ProposalAttachment, ProposalIndexPage, ProposalPage
from tests.proposals import add_proposal

CONTENT = b"%PDF-1.4\nvertraulicher Lageplan\n"
ALL_NEUTRAL = [(str(n), "neutral", "", "") for n in range(1, 6)]


@pytest.fixture
def index(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return ProposalIndexPage.objects.get()


def upload(title="Lageplan", name="lageplan.pdf", collection=None):
    document = Document(title=title, file=ContentFile(CONTENT, name))
    if collection is not None:
        document.collection = collection
    document.save()
    return document


def proposal(index, reference, *, is_public=True, publish=True, documents=(), **data):
    page = add_proposal(
        index,
        {
            "title": f"Vorlage {reference}",
            "slug": reference.replace("/", "-"),
            "reference": reference,
            "date": "2031-02-01",
            "is_public": is_public,
            "summary": "Die Vorlage ist vereinbar.",
            "principles": ALL_NEUTRAL,
            **data,
        },
        publish=publish,
        attachments=[ProposalAttachment(document=document) for document in documents],
    )
    return ProposalPage.objects.get(pk=page.pk)


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def download(client, document):
    return client.get(document.url)


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def page_text(response, url):
    """The HTML of ``response`` without its own address and the per-response CSRF token."""
    html = response.content.decode().replace(url, "")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def assert_missing(client, document):
    """``document`` answers exactly like a document id that does not exist."""
    denied = download(client, document)
    missing_url = f"/documents/{document.pk + 1000}/{document.filename}"
    missing = client.get(missing_url)
    assert denied.status_code == missing.status_code == 404
    assert CONTENT not in denied.content
    assert page_text(denied, document.url) == page_text(missing, missing_url)


def assert_served(client, document):
    response = download(client, document)
    assert response.status_code == 200
    assert body(response) == CONTENT


@pytest.fixture
def secret_document(index):
    document = upload()
    proposal(index, "2031/301", is_public=False, documents=[document])
    return document


def test_attachment_of_non_public_proposal_is_missing_for_anonymous(client, secret_document):
    assert_missing(client, secret_document)


def test_attachment_of_non_public_proposal_is_missing_without_the_role(client, secret_document):
    get_user_model().objects.create_user("buerger", password="x")
    assert_missing(login(client, "buerger"), secret_document)


def test_council_member_downloads_attachment_of_non_public_proposal(client, secret_document):
    assert_served(login(client, "ratsmitglied"), secret_document)


def test_editor_downloads_attachment_of_non_public_proposal(client, secret_document):
    assert_served(login(client, "sachbearbeitung"), secret_document)


def test_wrong_filename_is_missing_for_everyone(client, secret_document, index):
    public_document = upload("Plan", "plan.pdf")
    proposal(index, "2031/302", documents=[public_document])
    for username in (None, "ratsmitglied", "admin"):
        if username:
            login(client, username)
        for document in (secret_document, public_document):
            url = f"/documents/{document.pk}/falsch.pdf"
            missing_url = f"/documents/{document.pk + 1000}/falsch.pdf"
            response, missing = client.get(url), client.get(missing_url)
            assert response.status_code == missing.status_code == 404
            assert page_text(response, url) == page_text(missing, missing_url)


def test_attachment_of_a_public_and_a_non_public_proposal_is_public(client, index):
    document = upload()
    proposal(index, "2031/303", is_public=False, documents=[document])
    proposal(index, "2031/304", documents=[document])

    assert_served(client, document)


def test_document_of_no_proposal_keeps_wagtails_collection_rules(client, index):
    assert_served(client, upload())

    restricted = Collection.get_first_root_node().add_child(name="Intern")
    CollectionViewRestriction.objects.create(
        collection=restricted, restriction_type=CollectionViewRestriction.LOGIN
    )
    internal = upload(collection=restricted)
    response = download(client, internal)
    assert response.status_code == 302
    assert f"next={internal.url}" in response["Location"]


def test_document_linked_from_a_public_content_page_stays_public(client, secret_document):
    home = Page.objects.get(depth=2)
    home.add_child(
        instance=ContentPage(
            title="Lagepläne",
            slug="lageplaene",
            body=f'<p><a linktype="document" id="{secret_document.pk}">Lageplan</a></p>',
        )
    ).save_revision().publish()

    assert_served(client, secret_document)


def test_document_linked_from_the_text_of_a_non_public_proposal_is_missing(client, index):
    document = upload()
    proposal(
        index,
        "2031/305",
        is_public=False,
        facts=f'<p>Siehe <a linktype="document" id="{document.pk}">Lageplan</a>.</p>',
    )

    assert_missing(client, document)
    assert_served(login(client, "ratsmitglied"), document)


def edit_and_publish(page, **changes):
    page = ProposalPage.objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()


def test_making_a_proposal_non_public_or_public_changes_access_at_once(client, index):
    document = upload()
    page = proposal(index, "2031/306", documents=[document])
    assert_served(client, document)

    edit_and_publish(page, is_public=False)
    assert_missing(client, document)

    edit_and_publish(page, is_public=True)
    assert_served(client, document)


def test_unpublished_proposal_takes_its_attachment_with_it(client, index):
    document = upload()
    page = proposal(index, "2031/307", documents=[document])
    assert_served(client, document)

    ProposalPage.objects.get(pk=page.pk).unpublish()

    assert_missing(client, document)
    assert_served(login(client, "sachbearbeitung"), document)


def test_attachment_of_a_draft_proposal_is_not_public(client, index):
    document = upload()
    proposal(index, "2031/308", publish=False, documents=[document])

    assert_missing(client, document)
    assert_missing(login(client, "ratsmitglied"), document)
    assert_served(login(client, "sachbearbeitung"), document)


def test_attachment_added_in_a_draft_of_a_live_proposal_waits_for_publication(client, index):
    page = proposal(index, "2031/309")
    document = upload()
    draft = ProposalPage.objects.get(pk=page.pk)
    draft.attachments = [ProposalAttachment(document=document)]
    revision = draft.save_revision()

    assert_missing(client, document)

    revision.publish()
    assert_served(client, document)


def test_document_linked_in_a_draft_of_a_live_proposal_waits_for_publication(client, index):
    page = proposal(index, "2031/311")
    document = upload()
    draft = ProposalPage.objects.get(pk=page.pk)
    draft.facts = f'<p>Siehe <a linktype="document" id="{document.pk}">Lageplan</a>.</p>'
    revision = draft.save_revision()

    assert_missing(client, document)
    assert_served(login(client, "sachbearbeitung"), document)  # the editors of the draft
    client.logout()

    revision.publish()
    assert_served(client, document)


def translate(page, locale):
    from wagtail_localize.models import Translation, TranslationSource

    source, _ = TranslationSource.get_or_create_from_instance(page)
    Translation.objects.create(source=source, target_locale=locale).save_target(publish=True)


def test_stale_translation_keeps_no_attachment_of_a_non_public_proposal_public(
    client, index, django_capture_on_commit_callbacks
):
    document = upload()
    page = proposal(index, "2031/310", documents=[document])
    english = Locale.objects.create(language_code="en")
    with django_capture_on_commit_callbacks(execute=True):
        for source in (index.get_parent().specific, index, page):
            translate(source, english)
    translation = page.get_translation(english).specific
    assert translation.live and translation.is_public
    assert [a.document_id for a in translation.attachments.all()] == [document.pk]

    # The German proposal becomes non-public; its translation is not synchronised yet.
    edit_and_publish(page, is_public=False)

    assert ProposalPage.objects.get(pk=translation.pk).is_public
    assert_missing(client, document)
    assert_served(login(client, "ratsmitglied"), document)


class ObjectStorage(InMemoryStorage):
    """A storage with URLs of its own and no local paths, as object stores have."""

    def _relative_path(self, name):
        return os.path.relpath(super().path(name), self.location)

    def path(self, name):
        raise NotImplementedError


def test_documents_are_served_through_the_checking_view_even_from_object_storage(
    client, index, monkeypatch
):
    # Wagtail would otherwise redirect to the storage's URL, around every check.
    storage = ObjectStorage(base_url="/media/")
    monkeypatch.setattr(Document._meta.get_field("file"), "storage", storage)
    document = upload()
    proposal(index, "2031/311", documents=[document])

    assert document.url == f"/documents/{document.pk}/lageplan.pdf"
    response = download(client, document)
    assert response.status_code == 200
    assert body(response) == CONTENT


@pytest.fixture
def debug_urls(settings):
    """The URLs as the development server (DEBUG) has them."""
    import cms.urls

    settings.DEBUG = True
    importlib.reload(cms.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(cms.urls)
    clear_url_caches()


def test_development_server_serves_no_document_as_a_media_file(
    client, secret_document, debug_urls, settings
):
    image = settings.MEDIA_ROOT / "original_images" / "karte.png"
    image.parent.mkdir()
    image.write_bytes(b"\x89PNG")
    assert client.get("/media/original_images/karte.png").status_code == 200

    for path in (
        f"/media/{secret_document.file.name}",
        f"/media/images/../{secret_document.file.name}",
        f"/media/original_images/../{secret_document.file.name}",
    ):
        response = client.get(path)
        assert response.status_code in (400, 404), path
        assert CONTENT not in response.content
    assert download(client, secret_document).status_code == 404


def test_there_is_no_document_api(client, secret_document):
    assert client.get("/api/v2/documents/").status_code == 404
    assert client.get(f"/api/v2/documents/{secret_document.pk}/").status_code == 404


def test_no_shared_cache_keeps_a_download(client, index):
    document = upload()
    proposal(index, "2031/310", documents=[document])

    response = download(client, document)

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]
