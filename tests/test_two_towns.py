"""The two demo towns as ``manage.py load_demo`` loads them, each on its own site.

Steinfurt is the default site (any host the installation does not know, here
``testserver``); Rheine answers at ``rheine.localhost:8000``. Each town's readers, council
members and staff meet their own town only: its branding, concept, bodies and proposals,
on every public route, and nothing of the other.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from integration_check.models import Check, Concept
from proposals.models import Body, ProposalPage
from tests.test_front_page import expected_latest, latest_titles, soup_of

pytestmark = pytest.mark.usefixtures("demo_towns")

RHEINE = {"HTTP_HOST": "rheine.localhost:8000"}
STEINFURT = {"HTTP_HOST": "testserver"}

#: A non-public proposal of each town (proposals/demo/*.yaml, "public: false").
RHEINE_CLOSED = "anmietung-wohnungen-fuer-gefluechtete-familien"
#: Rheine's non-public proposal of 2020 (no meeting ahead).
RHEINE_CLOSED_2020 = "aufgabe-uebergangsunterkunft-und-grundstuecksverkauf"
STEINFURT_CLOSED = "anmietung-gebaeude-unterbringung-gefluechteter"
#: A public proposal of each town.
RHEINE_OPEN = "sprachmittlerpool-schwerpunkt-gesundheit"
STEINFURT_OPEN = "stadtteilbezogenes-integrationsmanagement-borghorst"

#: Public routes of each site, beside the proposals' own pages.
ROUTES = [
    "/",
    "/vorlagen/",
    "/vorlagen/?suche=Integration",
    "/vorlagen/feed/",
    "/integrationskonzept/",
    "/integrationskonzept/bewertungen/csv/",
    "/integrationskonzept/ergebnismatrix/csv/",
    "/integrationskonzept/bericht/",
    "/sitemap.xml",
    "/api/v2/pages/?type=proposals.ProposalPage&fields=reference&limit=100",
]


def user(username):
    return get_user_model().objects.get(username=username)


def text(response):
    return response.content.decode()


def test_each_town_has_its_own_site_checks_concepts_and_bodies():
    rheine = Check.objects.get(slug="integration", site__hostname="rheine.localhost").site
    assert not rheine.is_default_site
    assert set(Check.objects.filter(site=rheine).values_list("slug", flat=True)) == {"integration"}
    assert set(
        Concept.objects.filter(assessment_check__site=rheine).values_list("slug", flat=True)
    ) == {
        "rheine-2017",
        "rheine-2021",
    }
    assert Body.objects.filter(site=rheine, slug="integrationsrat").exists()
    assert not Body.objects.exclude(site=rheine).filter(slug="integrationsrat").exists()
    assert ProposalPage.objects.filter(url_path__startswith=rheine.root_page.url_path).count() == 8


@pytest.mark.parametrize("route", ROUTES)
def test_no_public_route_of_one_town_shows_the_other(client, route):
    rheine = text(client.get(route, **RHEINE))
    steinfurt = text(client.get(route, **STEINFURT))
    for page in (rheine, steinfurt):
        for closed in (RHEINE_CLOSED, RHEINE_CLOSED_2020, STEINFURT_CLOSED):
            assert closed not in page
    assert "Steinfurt" not in rheine and "steinfurt-2018-2021" not in rheine
    assert "Rheine" not in steinfurt and "rheine-20" not in steinfurt
    if route.startswith("/vorlagen/") and "feed" not in route:
        assert RHEINE_OPEN in rheine and STEINFURT_OPEN not in rheine
        assert STEINFURT_OPEN in steinfurt and RHEINE_OPEN not in steinfurt


def test_each_town_is_branded_with_its_own_settings(client):
    rheine = text(client.get("/", **RHEINE))
    assert "Integrationskonzept Rheine" in rheine and "Stadt Rheine" in rheine
    statement = text(client.get("/barrierefreiheit/", **RHEINE))
    assert "barrierefreiheit@rheine.example" in statement
    assert "Die Stadt Rheine ist bemüht" in statement


def test_a_proposal_answers_on_its_own_site_only(client):
    assert client.get(f"/vorlagen/{RHEINE_OPEN}/", **RHEINE).status_code == 200
    assert client.get(f"/vorlagen/{RHEINE_OPEN}/", **STEINFURT).status_code == 404
    assert client.get(f"/vorlagen/{STEINFURT_OPEN}/", **STEINFURT).status_code == 200
    assert client.get(f"/vorlagen/{STEINFURT_OPEN}/", **RHEINE).status_code == 404


def test_a_council_member_reads_the_non_public_proposals_of_the_own_town_only(client):
    client.force_login(user("rheine-ratsmitglied"))
    assert client.get(f"/vorlagen/{RHEINE_CLOSED}/", **RHEINE).status_code == 200
    assert RHEINE_CLOSED in text(client.get("/fuer-den-rat/", **RHEINE))
    steinfurt_area = text(client.get("/fuer-den-rat/", **STEINFURT))
    assert STEINFURT_CLOSED not in steinfurt_area

    client.force_login(user("ratsmitglied"))
    assert client.get(f"/vorlagen/{STEINFURT_CLOSED}/", **STEINFURT).status_code == 200
    assert STEINFURT_CLOSED in text(client.get("/fuer-den-rat/", **STEINFURT))
    for closed in (RHEINE_CLOSED, RHEINE_CLOSED_2020):
        assert client.get(f"/vorlagen/{closed}/", **RHEINE).status_code == 404
    assert client.get("/fuer-den-rat/", **RHEINE).status_code == 403
    for route in ROUTES:
        page = text(client.get(route, **RHEINE))
        assert RHEINE_CLOSED not in page and RHEINE_CLOSED_2020 not in page, route


def test_a_coordinator_works_on_the_own_towns_checks_and_concepts_only(client):
    client.force_login(user("rheine-integration"))
    steinfurt_check = Check.objects.get(slug="integration", site__is_default_site=True)
    rheine_check = Check.objects.get(slug="integration", site__is_default_site=False)
    listing = text(client.get("/admin/snippets/integration_check/check/"))
    assert f"/edit/{rheine_check.pk}/" in listing
    assert f"/edit/{steinfurt_check.pk}/" not in listing
    edit = f"/admin/snippets/integration_check/check/edit/{steinfurt_check.pk}/"
    assert client.get(edit).status_code == 404
    concept = Concept.objects.get(slug="steinfurt-2018-2021")
    response = client.get(f"/admin/snippets/integration_check/concept/edit/{concept.pk}/")
    assert response.status_code == 404
    assert client.get("/admin/snippets/integration_check/concept/").status_code == 200
    concepts = text(client.get("/admin/snippets/integration_check/concept/"))
    assert "Rheine" in concepts and "Zusammenleben in Steinfurt" not in concepts


def test_load_demo_says_where_the_second_town_answers():
    out = io.StringIO()
    call_command("load_demo", "--no-translations", stdout=out)
    assert "http://rheine.localhost:8000/" in out.getvalue()
    assert "rheine-ratsmitglied" in out.getvalue()


def test_the_admin_import_offers_the_coordinators_own_town_only(client):
    client.force_login(user("rheine-integration"))
    page = text(client.get("/admin/konzept-import/"))
    assert "Integrationskonzept Rheine" in page
    assert "Integrationskonzept Steinfurt" not in page


@pytest.mark.django_db
def test_home_page_lists_the_latest_decided_public_proposals_of_its_town_only(demo_towns, client):
    """The home page's latest decisions (tests/test_front_page.py) per town."""
    from wagtail.models import Site

    steinfurt = Site.objects.get(is_default_site=True)
    rheine = Site.objects.get(hostname="rheine.localhost")
    shown_steinfurt = latest_titles(soup_of(client, "/"))
    shown_rheine = latest_titles(soup_of(client, "/", **RHEINE))
    assert shown_steinfurt == expected_latest(steinfurt)
    assert shown_rheine == expected_latest(rheine)
    assert shown_steinfurt and shown_rheine
    assert not set(shown_steinfurt) & set(shown_rheine)
    rheine_titles = set(
        ProposalPage.objects.filter(url_path__startswith=rheine.root_page.url_path).values_list(
            "title", flat=True
        )
    )
    assert not set(shown_steinfurt) & rheine_titles
