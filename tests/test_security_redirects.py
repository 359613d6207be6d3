"""No redirect, feed, sitemap, API answer or error page tells anyone without the role
that a non-public proposal exists."""

import re
from urllib.parse import urlparse

import pytest
from django.contrib.auth import get_user_model
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale

from proposals.models import ProposalIndexPage, ProposalPage
from tests.editor import form_data
from tests.proposals import add_proposal

ALL_NEUTRAL = [(str(n), "neutral", "", "") for n in range(1, 6)]
MISSING = "/vorlagen/gibt-es-nicht/"


@pytest.fixture
def index(demo):
    return ProposalIndexPage.objects.get()


def proposal(index, reference, title, *, is_public=True, publish=True):
    page = add_proposal(
        index,
        {
            "title": title,
            "slug": reference.replace("/", "-"),
            "reference": reference,
            "date": "2031-02-01",
            "is_public": is_public,
            "summary": "Die Vorlage ist vereinbar.",
            "principles": ALL_NEUTRAL,
        },
        publish=publish,
    )
    return ProposalPage.objects.get(pk=page.pk)


@pytest.fixture
def secret(index):
    return proposal(index, "2031/401", "Grundstückstausch Zebrafink", is_public=False)


@pytest.fixture
def public(index):
    return proposal(index, "2031/402", "Radweg am Bagno")


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def page_text(response, url):
    """The HTML of ``response`` without the last segment of its address (it appears in
    the language links) and without the per-response CSRF token."""
    html = response.content.decode().replace(urlparse(url).path.strip("/").split("/")[-1], "")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def assert_like_missing(client, url, missing_url=MISSING):
    response, missing = client.get(url), client.get(missing_url)
    assert response.status_code == missing.status_code == 404, url
    assert page_text(response, url) == page_text(missing, missing_url)
    assert "Zebrafink" not in response.content.decode()


@pytest.fixture
def change_slug_in_admin(django_capture_on_commit_callbacks):
    def change(client, page, slug):
        """Change the slug in the page editor as a site administrator and publish."""
        login(client, "admin")
        url = f"/admin/pages/{page.pk}/edit/"
        data = form_data(client.get(url))
        data["slug"] = slug
        data["action-publish"] = "Veröffentlichen"
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url, data).status_code == 302
        client.logout()
        return ProposalPage.objects.get(pk=page.pk)

    return change


def edit_and_publish(page, **changes):
    page = ProposalPage.objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


# --- redirects -------------------------------------------------------------------------


def test_renamed_non_public_proposal_leaves_no_redirect_for_anonymous(
    client, change_slug_in_admin, secret
):
    old_url = secret.url
    renamed = change_slug_in_admin(client, secret, "zebrafink-neu")
    assert Redirect.objects.filter(redirect_page=renamed).exists()

    assert_like_missing(client, old_url)
    assert_like_missing(client, renamed.url)


def test_renamed_non_public_proposal_redirects_council_members(
    client, change_slug_in_admin, secret
):
    old_url = secret.url
    renamed = change_slug_in_admin(client, secret, "zebrafink-neu")

    response = login(client, "ratsmitglied").get(old_url)
    assert response.status_code == 301
    assert response["Location"] == renamed.url


def test_renamed_public_proposal_still_redirects(client, change_slug_in_admin, public):
    old_url = public.url
    renamed = change_slug_in_admin(client, public, "radweg-neu")

    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == renamed.url


def test_redirect_to_a_proposal_made_non_public_later_answers_404(client, public):
    Redirect.add_redirect("/radweg/", redirect_to=public)
    assert client.get("/radweg/").status_code == 301

    edit_and_publish(public, is_public=False)

    assert_like_missing(client, "/radweg/", "/gibt-es-nicht/")
    assert login(client, "ratsmitglied").get("/radweg/").status_code == 301


def test_manual_redirects_to_a_non_public_proposal_and_its_route_answer_404(client, index, secret):
    Redirect.add_redirect("/zebrafink/", redirect_to=secret)
    Redirect.add_redirect("/zebrafink-route/", redirect_to=index, page_route_path=secret.slug)
    Redirect.add_redirect("/extern/", redirect_to="https://www.steinfurt.de/")
    # Typed in by hand as an address of this site rather than chosen as a page.
    Redirect.add_redirect("/zebrafink-pfad/", redirect_to=secret.url)
    Redirect.add_redirect("/zebrafink-en/", redirect_to=f"/en/vorlagen/{secret.slug}/")
    Redirect.add_redirect("/radweg-pfad/", redirect_to="/vorlagen/")
    Redirect.add_redirect("/zebrafink-voll/", redirect_to=f"http://testserver{secret.url}")

    assert_like_missing(client, "/zebrafink/", "/gibt-es-nicht/")
    assert_like_missing(client, "/zebrafink-route/", "/gibt-es-nicht/")
    assert_like_missing(client, "/zebrafink-pfad/", "/gibt-es-nicht/")
    assert_like_missing(client, "/zebrafink-en/", "/gibt-es-nicht/")
    assert_like_missing(client, "/zebrafink-voll/", "/gibt-es-nicht/")
    assert client.get("/radweg-pfad/").status_code == 301
    assert login(client, "ratsmitglied").get("/zebrafink-pfad/").status_code == 301
    # Logged in without the role: as for anonymous readers.
    get_user_model().objects.create_user("buerger", password="x")
    login(client, "buerger")
    for url in ("/zebrafink/", "/zebrafink-route/", "/zebrafink-pfad/", "/zebrafink-voll/"):
        assert_like_missing(client, url, "/gibt-es-nicht/")
    client.logout()
    # A redirect to another address stays as it is.
    response = client.get("/extern/")
    assert response.status_code == 301
    assert response["Location"] == "https://www.steinfurt.de/"


def test_redirect_to_a_draft_proposal_answers_404(client, index):
    draft = proposal(index, "2031/403", "Entwurf Zebrafink", publish=False)
    Redirect.add_redirect("/entwurf/", redirect_to=draft)

    assert_like_missing(client, "/entwurf/", "/gibt-es-nicht/")


# --- languages -------------------------------------------------------------------------


def translate(page, locale):
    from wagtail_localize.models import Translation, TranslationSource

    source, _ = TranslationSource.get_or_create_from_instance(page)
    Translation.objects.create(source=source, target_locale=locale).save_target(publish=True)


@pytest.fixture
def translated(demo_translated):
    """The translated demo: German proposals, the proposals index in every language."""
    return ProposalIndexPage.objects.get(locale__language_code="de"), Locale.objects.get(
        language_code="en"
    )


def test_english_addresses_redirects_and_feeds_do_not_reveal_a_non_public_proposal(
    client, translated, django_capture_on_commit_callbacks
):
    index, english = translated
    secret = proposal(index, "2031/401", "Grundstückstausch Zebrafink", is_public=False)
    public = proposal(index, "2031/402", "Radweg am Bagno")
    english_index = index.get_translation(english)
    # Served from the German proposal under the English index: /en/vorlagen/<slug>/.
    Redirect.add_redirect("/en/zebrafink/", redirect_to=english_index, page_route_path=secret.slug)
    Redirect.add_redirect("/en/radweg/", redirect_to=english_index, page_route_path=public.slug)
    with django_capture_on_commit_callbacks(execute=True):
        translate(secret, english)
        translate(public, english)
    Redirect.add_redirect("/en/zebrafink-en/", redirect_to=secret.get_translation(english))
    alias = secret.copy_for_translation(Locale.objects.get(language_code="tr"), alias=True)
    assert alias.specific.live and not alias.specific.is_public
    Redirect.add_redirect("/tr/zebrafink/", redirect_to=alias)

    assert_like_missing(client, "/en/zebrafink/", "/en/gibt-es-nicht/")
    assert_like_missing(client, "/en/zebrafink-en/", "/en/gibt-es-nicht/")
    assert_like_missing(client, "/tr/zebrafink/", "/tr/gibt-es-nicht/")
    assert_like_missing(client, f"/en/vorlagen/{secret.slug}/", "/en/vorlagen/gibt-es-nicht/")
    assert client.get("/en/radweg/").status_code == 301

    for url in ("/vorlagen/feed/", "/en/vorlagen/feed/"):
        for user in (None, "ratsmitglied"):
            if user:
                login(client, user)
            feed = client.get(url).content.decode()
            assert "Radweg am Bagno" in feed, url
            assert "Zebrafink" not in feed and "2031/401" not in feed, url
            assert secret.slug not in feed, url
    assert login(client, "ratsmitglied").get("/en/zebrafink-en/").status_code == 301


def test_translation_not_yet_synchronised_keeps_no_proposal_public(
    client, translated, django_capture_on_commit_callbacks
):
    index, english = translated
    public = proposal(index, "2031/402", "Radweg am Bagno")
    with django_capture_on_commit_callbacks(execute=True):
        translate(public, english)
    translation = public.get_translation(english).specific
    english_url = translation.url
    assert client.get(english_url).status_code == 200
    assert "Radweg am Bagno" in client.get("/en/vorlagen/feed/").content.decode()

    # The German proposal becomes non-public; the translation keeps its old values.
    edit_and_publish(public, is_public=False)
    assert ProposalPage.objects.get(pk=translation.pk).is_public

    assert client.get(english_url).status_code == 404
    assert "Radweg am Bagno" not in client.get("/en/vorlagen/feed/").content.decode()
    assert client.get(f"/api/v2/pages/{translation.pk}/").status_code == 404
    listing = client.get("/api/v2/pages/", {"locale": "en", "type": "proposals.ProposalPage"})
    assert translation.pk not in [item["id"] for item in listing.json()["items"]]
    find = client.get("/api/v2/pages/find/", {"html_path": english_url})
    assert find.status_code == 404
    assert login(client, "ratsmitglied").get(english_url).status_code == 200


# --- feeds, sitemap, API, search, preview ------------------------------------------------


def test_sitemap_leaves_out_non_public_proposals(client, secret, public):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert public.slug in sitemap
    assert secret.slug not in sitemap


def api_ids(client, **params):
    """Return the ids of every page the pages API lists for ``params``, and its answers."""
    ids, texts, offset = [], "", 0
    while True:
        response = client.get("/api/v2/pages/", {**params, "offset": offset})
        assert response.status_code == 200, params
        items = response.json()["items"]
        ids += [item["id"] for item in items]
        texts += response.content.decode()
        offset += len(items)
        if not items or offset >= response.json()["meta"]["total_count"]:
            return ids, texts


# The API is public output: nobody gets a non-public proposal there, whatever their role.
@pytest.mark.parametrize("username", [None, "buerger", "ratsmitglied", "sachbearbeitung"])
def test_pages_api_does_not_reveal_non_public_proposals(client, index, secret, public, username):
    if username == "buerger":
        get_user_model().objects.create_user("buerger", password="x")
    if username:
        login(client, username)
    for params in (
        {},
        {"child_of": index.pk},
        {"descendant_of": index.pk},
        {"type": "proposals.ProposalPage"},
        {"type": "proposals.ProposalPage", "fields": "*"},
        {"fields": "*"},
        {"search": "Zebrafink"},
        {"slug": secret.slug},
    ):
        ids, html = api_ids(client, **params)
        assert secret.pk not in ids, params
        assert "Zebrafink" not in html and "2031/401" not in html, params
    assert public.pk in api_ids(client, child_of=index.pk)[0]

    detail, missing = client.get(f"/api/v2/pages/{secret.pk}/"), client.get("/api/v2/pages/0/")
    assert detail.status_code == missing.status_code == 404
    assert detail.json() == missing.json()
    for path in (secret.url, f"/vorlagen/{secret.slug}/"):
        found = client.get("/api/v2/pages/find/", {"html_path": path})
        assert found.status_code == 404, path
    assert client.get("/api/v2/pages/find/", {"id": secret.pk}).status_code == 404
    public_found = client.get("/api/v2/pages/find/", {"html_path": public.url})
    assert public_found.status_code == 302


def test_search_does_not_reveal_non_public_proposals(client, secret, public):
    for params in ({"q": "Zebrafink"}, {"q": "2031/401"}, {"q": "Grundstückstausch"}):
        html = client.get("/vorlagen/", params).content.decode()
        assert secret.title not in html and secret.slug not in html, params
    assert "Radweg am Bagno" in client.get("/vorlagen/", {"q": "Radweg"}).content.decode()


def test_preview_routes_do_not_reveal_non_public_proposals(client, secret):
    assert_like_missing(client, f"{secret.url}?preview=1", f"{MISSING}?preview=1")
    assert_like_missing(client, f"{secret.url}?preview=true&mode=", f"{MISSING}?preview=true&mode=")
    missing_id = secret.pk + 1000
    for route in ("edit/preview/", "view_draft/", "preview/"):
        response = client.get(f"/admin/pages/{secret.pk}/{route}")
        missing = client.get(f"/admin/pages/{missing_id}/{route}")
        assert response.status_code == missing.status_code, route
        assert response.status_code in (302, 404), route
        assert "Zebrafink" not in response.content.decode(), route
        assert response.get("Location", "").replace(str(secret.pk), "") == missing.get(
            "Location", ""
        ).replace(str(missing_id), ""), route


def test_a_translation_made_non_public_hides_the_german_proposal_too(
    client, translated, django_capture_on_commit_callbacks
):
    index, english = translated
    public = proposal(index, "2031/402", "Radweg am Bagno")
    with django_capture_on_commit_callbacks(execute=True):
        translate(public, english)
    assert public.slug in client.get("/sitemap.xml").content.decode()
    assert public in ProposalPage.public_tally_queryset(outcome=None)

    ProposalPage.objects.filter(pk=public.get_translation(english).pk).update(is_public=False)

    assert_like_missing(client, public.url)
    assert public.slug not in client.get("/sitemap.xml").content.decode()
    assert public not in ProposalPage.public_tally_queryset(outcome=None)
    assert login(client, "ratsmitglied").get(public.url).status_code == 200
