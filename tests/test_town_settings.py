"""Each site names its own town: title, header, footer and accessibility statement come
from its town settings (Einstellungen → Kommune und Kontakt), never from a template.

The demo's default site is Steinfurt (``load_demo``); a second site on another host name
is Rheine, made here the way an integrator gives a town its site
(``home.demo_site.ensure_town_settings``).
"""

import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import GroupSitePermission, Locale, Page, Site
from wagtail.test.utils.form_data import querydict_from_html

from home import demo_site, roles
from home.laender import ENFORCEMENT_BODIES, Land
from home.models import ContentPage, HomePage, TownSettings
from integration_check.check_loader import load_check_file
from integration_check.concept_page import ensure_concept_page
from integration_check.exchange import import_text
from proposals.models import ProposalIndexPage, ProposalPage
from tests.proposals import add_proposal

DEMO_DIR = Path(__file__).resolve().parents[1] / "home" / "demo"

ROOT = Path(__file__).resolve().parents[1]
RHEINE_HOST = "rheine.example"

RHEINE_CONCEPT = """\
format: integrationskonzept/1
concept:
  slug: rheine-2024
  title: Integrationskonzept Rheine
  municipality: Stadt Rheine
  valid_from: 2024-01-01
  status: adopted
  guiding_principles:
  - number: '1'
    title: Rheine lebt Vielfalt
  fields_of_action:
  - number: '1'
    title: Sprache und Bildung
    goals:
    - number: '1.1'
      title: Alle Kinder lernen früh Deutsch
    measures:
    - number: '1.1'
      title: Sprachcafé in der Stadtbibliothek
      responsible: [Integrationsbüro]
      goals: ['1.1']
"""

RHEINE_PROPOSAL = {
    "reference": "2024/007",
    "slug": "sprachcafe-stadtbibliothek",
    "title": "Sprachcafé in der Stadtbibliothek",
    "kind": "beschlussvorlage",
    "date": "2024-05-02",
    "lead_department": "Integrationsbüro",
    "is_public": True,
    "facts": "<p>Ein wöchentliches Sprachcafé in der Stadtbibliothek.</p>",
    "proposed_resolution": "<p>Der Rat beschließt das Sprachcafé.</p>",
    "financial_effects": "<p>Keine.</p>",
    "summary": "Die Vorlage setzt Maßnahme 1.1 um.",
    "principles": [("1", "positive", "Das Sprachcafé bringt Menschen zusammen.", "")],
    "goals": [("1.1", "positive", "Kinder und Eltern üben Deutsch.", "")],
    "measures": ["1.1"],
    "consultations": [("rat", "2024-05-20", "entscheidung", "beschlossen")],
}


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def text(element):
    return " ".join(element.get_text(" ", strip=True).split())


def refused(response):
    """Whether the admin refused: Wagtail sends the user back to the dashboard (or 403)."""
    if response.status_code == 302:
        return response["Location"] == reverse("wagtailadmin_home")
    return response.status_code == 403


def default_site():
    return Site.objects.get(is_default_site=True)


def edit_url(site):
    return reverse("wagtailsettings:edit", args=["home", "townsettings", site.pk])


def settings_form(client, site):
    """Return the admin's settings form of ``site`` as a browser would send it back."""
    response = client.get(edit_url(site))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    return {key: value for key, value in data.items()}


@pytest.fixture
def admin_client(django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.get(username="admin"))
    return client


@pytest.fixture
def rheine():
    """A second site on its own host name: Rheine, with its own pages and settings.

    Home page, statement, proposals section with a public proposal, concept page with
    a concept of its own; its settings from ``demo_site.RHEINE``.
    """
    locale = Locale.get_default()
    home = HomePage(title="Zusammenleben in Rheine", slug="rheine", locale=locale)
    Page.get_first_root_node().add_child(instance=home)
    home.save_revision().publish()
    statement = ContentPage(
        title="Erklärung zur Barrierefreiheit",
        slug="barrierefreiheit",
        lead="Die Stadt Rheine ist bemüht, diese Website barrierefrei zugänglich zu machen.",
        body="<p>Diese Website ist mit den Anforderungen der WCAG 2.1 AA vereinbar.</p>",
        show_in_footer=True,
    )
    home.add_child(instance=statement)
    statement.save_revision().publish()
    # The site first: its concept belongs to its own integration check.
    site = Site.objects.create(
        hostname=RHEINE_HOST, port=80, root_page=home, site_name="Integrationskonzept Rheine"
    )
    load_check_file(DEMO_DIR / "integrationscheck.yaml", site)
    result = import_text(RHEINE_CONCEPT, "yaml", site=site)
    ensure_concept_page(result.concept, site, title="Integrationskonzept")
    index = ProposalIndexPage(title="Vorlagen", slug="vorlagen", show_in_menus=True)
    home.add_child(instance=index)
    index.save_revision().publish()
    add_proposal(index, RHEINE_PROPOSAL)
    demo_site.ensure_town_settings(site, demo_site.RHEINE)
    return site


@pytest.fixture
def second_site():
    """A second site with nothing but its home page (and no settings)."""
    home = HomePage(title="Zusammenleben in Rheine", slug="rheine", locale=Locale.get_default())
    Page.get_first_root_node().add_child(instance=home)
    return Site.objects.create(hostname=RHEINE_HOST, port=80, root_page=home)


# --- what readers see ---------------------------------------------------------------


@pytest.mark.django_db
def test_every_page_names_the_towns_title_header_and_footer_from_its_settings(client, demo):
    page = soup(client.get("/"))

    assert page.title.get_text(strip=True) == (
        "Zusammenleben in Steinfurt – Integrationskonzept Steinfurt"
    )
    assert text(page.select_one(".site-name")) == "Integrationskonzept Steinfurt"
    footer = page.select_one(".site-footer")
    assert text(footer.select_one(".footer-town")) == (
        "Kreisstadt Steinfurt · Koordinierungsstelle Integration"
    )
    contact = footer.select_one("address")
    assert "Rathausplatz 1" in text(contact)
    assert contact.select_one('a[href="mailto:integration@steinfurt.example"]')
    assert contact.select_one('a[href="tel:025529250"]').get_text() == "02552 925-0"
    assert text(contact.select_one('a[href="https://www.steinfurt.example/"]')) == (
        "www.steinfurt.example"
    )
    # The proposals list and the concept page carry the same header and footer.
    for url in ("/vorlagen/", "/integrationskonzept/"):
        other = soup(client.get(url))
        assert other.title.get_text(strip=True).endswith("– Integrationskonzept Steinfurt")
        assert "Koordinierungsstelle Integration" in text(other.select_one(".site-footer"))


@pytest.mark.django_db
def test_the_statement_page_shows_its_dates_feedback_contact_and_the_lands_enforcement_body(
    client, demo
):
    main = soup(client.get("/barrierefreiheit/")).find("main")
    data = main.select_one(".statement-data")

    assert (
        "Diese Erklärung wurde am 23. September 2024 erstellt und zuletzt am 1. September 2025 "
        "überprüft." in text(data)
    )
    assert data.select_one('a[href="mailto:barrierefreiheit@steinfurt.example"]')
    assert "Durchsetzungsstelle des Landes Nordrhein-Westfalen" in text(data)
    body = ENFORCEMENT_BODIES[Land.NW]
    link = data.select_one(f'a[href="{body.url}"]')
    assert text(link) == body.name
    assert data.select_one(f'a[href="mailto:{body.email}"]')
    # Other text pages do not carry the statement's data.
    assert soup(client.get("/leichte-sprache/")).select_one(".statement-data") is None


@pytest.mark.django_db
def test_in_arabic_the_town_is_named_in_arabic_and_german_contacts_are_marked_german(
    client, demo_translated
):
    page = soup(client.get("/ar/"))

    assert page.html["dir"] == "rtl"
    assert text(page.select_one(".site-name")) == "مفهوم الاندماج في شتاينفورت"
    assert page.title.get_text(strip=True).endswith("– مفهوم الاندماج في شتاينفورت")
    footer = page.select_one(".site-footer")
    assert "Steinfurt" not in text(footer.select_one(".footer-town"))
    address = footer.select_one("address p span")
    assert address["lang"] == "de" and address["dir"] == "ltr"
    assert footer.select_one('a[href="mailto:integration@steinfurt.example"]')["dir"] == "ltr"


@pytest.mark.django_db
def test_a_second_site_shows_its_own_town_and_never_the_first(client, db, rheine):
    demo_site.ensure_town_settings(default_site(), demo_site.STEINFURT)

    page = soup(client.get("/", HTTP_HOST=RHEINE_HOST))

    assert page.title.get_text(strip=True) == "Zusammenleben in Rheine – Integrationskonzept Rheine"
    assert text(page.select_one(".site-name")) == "Integrationskonzept Rheine"
    footer = page.select_one(".site-footer")
    assert (
        text(footer.select_one(".footer-town"))
        == "Stadt Rheine · Fachstelle Migration & Integration"
    )
    assert footer.select_one('a[href="mailto:integration@rheine.example"]')
    # Its footer links its own statement, not the other town's.
    assert [a["href"] for a in footer.select(".footer-links a")] == ["/barrierefreiheit/"]
    statement = soup(client.get("/barrierefreiheit/", HTTP_HOST=RHEINE_HOST))
    assert statement.select_one('.statement-data a[href="mailto:barrierefreiheit@rheine.example"]')
    # And the first site still shows its own.
    first = client.get("/").content.decode()
    assert "Integrationskonzept Steinfurt" in first and "Rheine" not in first


@pytest.mark.django_db
def test_no_public_page_of_another_town_says_steinfurt(client, db, rheine):
    """Every public page type of the second site, in German and Arabic, 404 included.

    The database holds no Steinfurt content but the first site's settings (and the name
    the first migration gave it): whatever says "Steinfurt" here comes from a template
    or from code.
    """
    demo_site.ensure_town_settings(default_site(), demo_site.STEINFURT)
    proposal = ProposalPage.objects.descendant_of(rheine.root_page).get()
    urls = [
        "/",
        "/barrierefreiheit/",
        "/vorlagen/",
        "/vorlagen/?q=Sprachcafé",
        f"/vorlagen/{proposal.slug}/",
        "/integrationskonzept/",
        "/integrationskonzept/leitgedanke/1/",
        "/integrationskonzept/handlungsfeld/1/",
        "/integrationskonzept/ziel/1-1/",
        "/integrationskonzept/massnahme/1-1/",
        "/integrationskonzept/bericht/",
        "/anmelden/",
        "/ar/",
        "/ar/vorlagen/",
    ]
    for url in urls:
        response = client.get(url, HTTP_HOST=RHEINE_HOST)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "steinfurt" not in html.lower(), url
        assert "Rheine" in html, url
    not_found = client.get("/gibt-es-nicht/", HTTP_HOST=RHEINE_HOST)
    assert not_found.status_code == 404
    assert "Integrationskonzept Rheine" in not_found.content.decode()
    assert "steinfurt" not in not_found.content.decode().lower()
    feed = client.get("/vorlagen/feed/", HTTP_HOST=RHEINE_HOST).content.decode()
    assert "Sprachcafé" in feed and "steinfurt" not in feed.lower()


def test_the_server_error_page_and_the_admin_name_no_town():
    error_page = (ROOT / "templates" / "500.html").read_text(encoding="utf-8")

    assert "steinfurt" not in error_page.lower()
    assert "<title>Fehler – Integrationskonzept</title>" in error_page
    assert django_settings.WAGTAIL_SITE_NAME == "Integrationskonzept"
    for template in (ROOT / "templates").rglob("*.html"):
        assert "steinfurt" not in template.read_text(encoding="utf-8").lower(), template


@pytest.mark.django_db
def test_without_settings_a_site_is_named_by_its_site_name_and_reading_writes_nothing(
    client, db, rheine
):
    TownSettings.objects.filter(site=rheine).delete()

    page = soup(client.get("/", HTTP_HOST=RHEINE_HOST))

    assert text(page.select_one(".site-name")) == "Integrationskonzept Rheine"
    assert text(page.select_one(".footer-town")) == "Integrationskonzept Rheine"
    assert page.select_one(".site-footer address") is None
    assert not TownSettings.objects.filter(site=rheine).exists()
    Site.objects.filter(pk=rheine.pk).update(site_name="")
    page = soup(client.get("/", HTTP_HOST=RHEINE_HOST))
    assert text(page.select_one(".site-name")) == "Integrationskonzept"


@pytest.mark.django_db
def test_a_logo_is_shown_in_the_header_with_its_alternative_text(client, demo):
    logo = Image.objects.create(title="Wappen", file=get_test_image_file())
    TownSettings.objects.filter(site=default_site()).update(logo=logo, logo_alt="")

    image = soup(client.get("/")).select_one(".site-name img")
    assert image["alt"] == ""  # decorative: the title follows in the same link
    TownSettings.objects.filter(site=default_site()).update(logo_alt="Stadtwappen Steinfurt")
    image = soup(client.get("/")).select_one(".site-name img")
    assert image["alt"] == "Stadtwappen Steinfurt"


@pytest.mark.django_db
def test_a_change_in_the_database_shows_on_the_next_request_without_a_cache(client, demo):
    assert "Kreisstadt Steinfurt" in client.get("/").content.decode()

    # As another process would change it: no signal, no cache invalidation.
    TownSettings.objects.filter(site=default_site()).update(town_name="Stadt Burgsteinfurt")

    footer = soup(client.get("/")).select_one(".footer-town")
    assert text(footer) == "Stadt Burgsteinfurt · Koordinierungsstelle Integration"


# --- the admin --------------------------------------------------------------------


@pytest.mark.django_db
def test_editing_the_settings_in_the_admin_changes_the_next_page(client, demo, admin_client):
    data = settings_form(admin_client, default_site())
    assert data["town_name"] == "Kreisstadt Steinfurt"
    data.update(town_name="Kreisstadt Steinfurt (Westfalen)", phone="02551 69-0")

    response = admin_client.post(edit_url(default_site()), data)

    assert response.status_code == 302
    footer = soup(client.get("/")).select_one(".site-footer")
    assert "Kreisstadt Steinfurt (Westfalen)" in text(footer)
    assert footer.select_one('a[href="tel:02551690"]')


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, value",
    [
        ("website", "javascript:alert(1)"),
        ("website", "ftp://www.steinfurt.example/"),
        ("enforcement_url", "mailto:ombudsstelle@example.org"),
    ],
)
def test_an_address_that_is_not_http_is_refused_in_german_and_nothing_is_saved(
    demo, admin_client, field, value
):
    before = TownSettings.objects.get(site=default_site())
    data = settings_form(admin_client, default_site())
    data.update({field: value, "town_name": "Geändert"})

    response = admin_client.post(edit_url(default_site()), data)

    assert response.status_code == 200
    assert "Bitte eine vollständige Internetadresse angeben, die mit http:// oder https:// " in (
        response.content.decode()
    )
    after = TownSettings.objects.get(site=default_site())
    assert (after.town_name, after.website, after.enforcement_url) == (
        before.town_name,
        before.website,
        before.enforcement_url,
    )


@pytest.mark.django_db
def test_dates_phone_and_an_enforcement_body_without_link_are_refused_at_their_fields(
    demo, admin_client
):
    data = settings_form(admin_client, default_site())
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    data.update(
        statement_date="2025-09-01",
        statement_reviewed="2024-01-01",
        phone="bitte anrufen",
        enforcement_name="Eine Stelle",
        enforcement_url="",
        enforcement_email="",
    )

    response = admin_client.post(edit_url(default_site()), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Die Überprüfung kann nicht vor der Erstellung der Erklärung liegen." in html
    assert "Eine Telefonnummer besteht aus Ziffern, Leerzeichen und den Zeichen" in html
    assert "Bitte die Internetadresse oder die E-Mail-Adresse der Durchsetzungsstelle" in html
    data.update(statement_reviewed=tomorrow.isoformat(), phone="02552 925-0", enforcement_name="")
    response = admin_client.post(edit_url(default_site()), data)
    assert "Das Datum liegt in der Zukunft." in response.content.decode()
    saved = TownSettings.objects.get(site=default_site())
    assert saved.statement_reviewed == datetime.date(2025, 9, 1)


@pytest.mark.django_db
def test_choosing_a_land_fills_its_enforcement_body_and_switching_lands_replaces_it(
    demo, admin_client
):
    site = default_site()
    data = settings_form(admin_client, site)
    data.update(land="BY", enforcement_name="", enforcement_url="", enforcement_email="")
    data["enforcement_address"] = ""

    admin_client.post(edit_url(site), data)

    saved = TownSettings.objects.get(site=site)
    assert saved.enforcement_name == ENFORCEMENT_BODIES[Land.BY].name
    assert saved.enforcement_url == ENFORCEMENT_BODIES[Land.BY].url
    # The body of the Land chosen before, unchanged, follows the Land.
    data = settings_form(admin_client, site)
    data["land"] = "HE"
    admin_client.post(edit_url(site), data)
    assert TownSettings.objects.get(site=site).enforcement_name == ENFORCEMENT_BODIES[Land.HE].name
    # A Land whose body could not be verified leaves the fields for the editor.
    data = settings_form(admin_client, site)
    data["land"] = "MV"
    response = admin_client.post(edit_url(site), data)
    assert response.status_code == 302
    assert TownSettings.objects.get(site=site).enforcement_name == ""
    # What the editor wrote stays.
    data = settings_form(admin_client, site)
    data.update(enforcement_name="Anlaufstelle", enforcement_url="https://stelle.example/")
    admin_client.post(edit_url(site), data)
    data = settings_form(admin_client, site)
    data["land"] = "NW"
    admin_client.post(edit_url(site), data)
    assert TownSettings.objects.get(site=site).enforcement_name == "Anlaufstelle"


@pytest.mark.django_db
def test_a_site_cannot_take_another_sites_page_as_its_statement(demo, admin_client, second_site):
    steinfurt_statement = TownSettings.objects.get(site=default_site()).accessibility_page
    data = settings_form(admin_client, second_site)
    data.update(site_title="Integrationskonzept Rheine", accessibility_page=steinfurt_statement.pk)

    response = admin_client.post(edit_url(second_site), data)

    assert response.status_code == 200
    assert "Diese Seite gehört zu einer anderen Website" in response.content.decode()
    assert not TownSettings.objects.filter(site=second_site).exists()


def test_every_lands_default_body_can_be_linked_from_the_statement():
    assert set(ENFORCEMENT_BODIES) == set(Land) - {Land.MV}
    for land, body in ENFORCEMENT_BODIES.items():
        assert body.name and (body.url or body.email), land
        assert not body.url or body.url.startswith("https://"), land
        assert body.source, land


@pytest.mark.django_db
def test_only_site_administrators_and_groups_granted_a_site_may_edit_its_settings(
    demo, admin_client, django_user_model, second_site
):
    coordination = Client()
    coordination.force_login(django_user_model.objects.get(username="integration"))
    steinfurt = default_site()

    # Site administrators edit every site's settings.
    assert admin_client.get(edit_url(steinfurt)).status_code == 200
    assert admin_client.get(edit_url(second_site)).status_code == 200
    # The coordination office (like every other role) has no access by default: the
    # settings are not in its menu, and the form neither opens nor saves.
    menu = coordination.get(reverse("wagtailadmin_home")).content.decode()
    assert edit_url(steinfurt) not in menu
    assert refused(coordination.get(edit_url(steinfurt)))
    assert refused(coordination.post(edit_url(steinfurt), {"town_name": "Gekapert"}))
    assert TownSettings.objects.get(site=steinfurt).town_name == "Kreisstadt Steinfurt"
    # Granted for one site (Wagtail's site permissions, in the group's settings), the
    # group edits that site's settings and no other's.
    GroupSitePermission.objects.create(
        group=Group.objects.get(name=roles.COORDINATION),
        site=steinfurt,
        permission=Permission.objects.get(
            content_type__app_label="home", codename="change_townsettings"
        ),
    )
    assert coordination.get(edit_url(steinfurt)).status_code == 200
    assert refused(coordination.get(edit_url(second_site)))
    assert refused(coordination.post(edit_url(second_site), {"town_name": "Gekapert"}))
    assert not TownSettings.objects.filter(site=second_site).exists()


# --- the function an integrator calls for a town ----------------------------------


@pytest.mark.django_db
def test_ensure_town_settings_fills_empty_fields_only_and_a_second_run_changes_nothing(
    demo,
):
    site = default_site()
    saved = TownSettings.objects.get(site=site)
    assert saved.accessibility_page.slug == "barrierefreiheit"
    assert saved.enforcement_name == ENFORCEMENT_BODIES[Land.NW].name
    TownSettings.objects.filter(pk=saved.pk).update(office="Integrationsbüro")

    again = demo_site.ensure_town_settings(site, demo_site.STEINFURT)

    assert again.office == "Integrationsbüro"  # an editor's change is kept
    assert TownSettings.objects.count() == 1


@pytest.mark.django_db
def test_ensure_town_settings_refuses_data_the_admin_would_refuse_and_saves_nothing(db):
    site = default_site()
    bad = {**demo_site.RHEINE, "website": "javascript:alert(1)"}

    with pytest.raises(ValidationError) as refused:
        demo_site.ensure_town_settings(site, bad)

    assert "website" in refused.value.message_dict
    assert not TownSettings.objects.exists()
    with pytest.raises(ValueError, match="stadtwappen"):
        demo_site.ensure_town_settings(site, {"stadtwappen": "x"})


@pytest.mark.django_db
def test_the_statement_is_recognised_in_every_language_of_its_page(demo_translated):
    town = TownSettings.objects.get(site=default_site())
    statement = town.accessibility_page
    other = ContentPage.objects.get(slug="leichte-sprache", locale=statement.locale)
    # The demo translates the statement (home/demo/pages.translations.yaml).
    translation = statement.get_translation(Locale.objects.get(language_code="ar"))

    assert town.is_accessibility_statement(statement)
    assert town.is_accessibility_statement(translation)
    assert not town.is_accessibility_statement(other)
