"""Several towns on one installation, each a Wagtail site with its own data and roles.

Steinfurt is the demo on the default site (``localhost``); Rheine (``tests/towns.py``)
is a second site on ``rheine.localhost`` with its own integration check, concept, bodies,
roles and proposals. Every route a reader or an editor takes is asked on each site: no
page, listing, search, feed, sitemap, API, export, document, council area or admin view
of one town shows the other's proposals or concept, and no role of one town acts in the
other.
"""

import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale, Site, TaskState
from wagtail.test.utils.form_data import querydict_from_html

from home import roles
from home.models import GroupSite
from home.towns import user_sites
from integration_check.exchange import ImportRefused, import_text
from integration_check.migration_helpers import INTEGRATION_CHECK
from integration_check.models import (
    Check,
    Concept,
    ConceptPage,
    Goal,
    GuidingPrinciple,
    IntegrationCheckTask,
)
from proposals.models import (
    Body,
    ProposalIndexPage,
    ProposalPage,
    can_view_nonpublic,
    visible_proposals,
)
from tests.editor import choices, form_data
from tests.proposals import add_proposal
from tests.towns import (
    CONCEPT_SLUG,
    CONCEPT_TITLE,
    HOST,
    NONPUBLIC_REFERENCE,
    NONPUBLIC_TITLE,
    PRINCIPLE_TITLE,
    PUBLIC_TITLE,
    STEINFURT_HOST,
    build_rheine,
)

STEINFURT_PUBLIC = "Berufsbezogener Sprachkurs für Auszubildende und Beschäftigte"
STEINFURT_NONPUBLIC = "Anmietung eines Gebäudes zur Unterbringung Geflüchteter"
STEINFURT_CONCEPT = "Integrationskonzept für die Kreisstadt Steinfurt 2018–2021"
STEINFURT_CONCEPT_SLUG = "steinfurt-2018-2021"
STEINFURT_PRINCIPLE = "Steinfurt ist vielfältig"
RHEINE_MEASURE = "Sprachcafé in der Stadtbibliothek Rheine"
RHEINE_BODY = "Rat der Stadt Rheine"

#: What of each town the other's site must never show.
RHEINE_MARKERS = (PUBLIC_TITLE, NONPUBLIC_TITLE, CONCEPT_TITLE, PRINCIPLE_TITLE, RHEINE_MEASURE)
STEINFURT_MARKERS = (STEINFURT_PUBLIC, STEINFURT_NONPUBLIC, STEINFURT_CONCEPT, STEINFURT_PRINCIPLE)


@pytest.fixture
def rheine(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_rheine()


def user(username):
    return get_user_model().objects.get(username=username)


def login(client, who):
    client.force_login(user(who) if isinstance(who, str) else who)
    return client


def get(client, url, host, **params):
    return client.get(url, params, HTTP_HOST=host)


def text(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def shows_none_of(response, markers):
    body = text(response)
    return [marker for marker in markers if marker in body]


def steinfurt_site():
    return Site.objects.get(is_default_site=True)


def steinfurt_check():
    return Check.objects.get(site=steinfurt_site(), slug=INTEGRATION_CHECK)


def steinfurt_concept():
    return Concept.objects.of_site(steinfurt_site()).get(
        slug=STEINFURT_CONCEPT_SLUG, locale__language_code="de"
    )


def steinfurt_proposal(title):
    return ProposalPage.objects.get(title=title, locale__language_code="de")


def snippet_url(model, action, *args):
    return reverse(
        f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:{action}", args=args
    )


def concept_file(tmp_path, slug, title, check=INTEGRATION_CHECK):
    path = Path(tmp_path) / f"{slug}.yaml"
    path.write_text(
        f"""format: integrationskonzept/1
concept:
  check: {check}
  slug: {slug}
  title: {title}
  valid_from: 2023-01-01
  status: adopted
  guiding_principles:
    - number: '1'
      title: Leitgedanke aus der Datei
  fields_of_action: []
""",
        encoding="utf-8",
    )
    return path


# --- data per site ---------------------------------------------------------------------


def test_migrations_give_existing_checks_and_groups_to_the_default_site(db):
    default = Site.objects.get(is_default_site=True)

    # The integration check the migrations create, Wagtail's own groups.
    assert Check.objects.get(slug=INTEGRATION_CHECK).site == default
    assert {binding.site for binding in GroupSite.objects.all()} == {default}
    assert set(GroupSite.objects.values_list("group__name", flat=True)) == set(
        Group.objects.values_list("name", flat=True)
    )
    # A check or body created without naming a site belongs to the default site, too.
    assert Check.objects.create(slug="neu", name="Neue Prüfung").site == default
    assert Body.objects.create(slug="rat", name="Rat", locale=Locale.get_default()).site == default


def test_the_demo_belongs_to_the_default_site(demo):
    default = steinfurt_site()

    assert set(Check.objects.values_list("site", flat=True)) == {default.pk}
    assert set(Body.objects.values_list("site", flat=True)) == {default.pk}
    for name in roles.ALL_GROUPS:
        assert Group.objects.get(name=name).site_binding.site == default


def test_each_town_has_its_own_integration_check_concept_bodies_and_roles(rheine):
    assert rheine.check.slug == steinfurt_check().slug == INTEGRATION_CHECK
    assert rheine.check.site == rheine.site
    assert rheine.concept.assessment_check == rheine.check
    assert set(Body.objects.filter(site=rheine.site).values_list("name", flat=True)) == {
        RHEINE_BODY,
        "Integrationsrat Rheine",
    }
    assert rheine.groups[roles.COUNCIL].name == "Rheine: Ratsmitglieder"
    assert rheine.groups[roles.COUNCIL].site_binding.site == rheine.site
    # Steinfurt's keep their names and their site.
    assert Group.objects.get(name=roles.COUNCIL).site_binding.site == steinfurt_site()
    # Each town numbers its own Drucksachen: Rheine's 2020/047 is not Steinfurt's.
    assert (
        ProposalPage.objects.filter(
            reference=NONPUBLIC_REFERENCE, locale__language_code="de"
        ).count()
        == 2
    )


def test_a_proposal_goes_through_the_active_checks_of_its_own_site(rheine):
    assert rheine.public.get_applicable_checks() == [rheine.check]
    steinfurt = steinfurt_proposal(STEINFURT_PUBLIC)
    assert rheine.check not in steinfurt.get_applicable_checks()
    assert steinfurt_check() in steinfurt.get_applicable_checks()


def test_a_new_proposal_is_offered_its_towns_check_and_concept_only(client, rheine):
    login(client, "admin")

    response = client.get(
        reverse("wagtailadmin_pages:add", args=("proposals", "proposalpage", rheine.index.pk))
    )

    data = form_data(response)
    assert data["assessments-TOTAL_FORMS"] == "1"
    assert data["assessments-0-assessment_check"] == str(rheine.check.pk)
    check_options = [value for value, _label in choices(response, "assessments-0-assessment_check")]
    assert str(steinfurt_check().pk) not in check_options
    concept_options = [label for _value, label in choices(response, "assessments-0-concept")]
    assert any(CONCEPT_TITLE in label for label in concept_options)
    assert not any(STEINFURT_CONCEPT in label for label in concept_options)
    principles = [label for _value, label in choices(response, "principle_ratings-0-principle")]
    assert any(PRINCIPLE_TITLE in label for label in principles)
    assert not any(STEINFURT_PRINCIPLE in label for label in principles)


def test_a_town_imports_a_concept_slug_another_town_uses(rheine, tmp_path):
    steinfurt_title = steinfurt_concept().title
    path = concept_file(tmp_path, STEINFURT_CONCEPT_SLUG, "Konzept mit Steinfurts Kennung")

    call_command("import_concept", str(path), "--site", HOST, stdout=io.StringIO())

    assert steinfurt_concept().title == steinfurt_title
    imported = Concept.objects.of_site(rheine.site).get(slug=STEINFURT_CONCEPT_SLUG)
    assert imported.title == "Konzept mit Steinfurts Kennung"
    assert imported.assessment_check == rheine.check
    out = io.StringIO()
    call_command("export_concept", "--site", HOST, "--concept", STEINFURT_CONCEPT_SLUG, stdout=out)
    assert "Konzept mit Steinfurts Kennung" in out.getvalue()
    assert steinfurt_title not in out.getvalue()


def test_a_concept_slug_is_unique_within_its_site(rheine):
    twin = Concept(
        slug=CONCEPT_SLUG,
        title="Zweites Konzept",
        valid_from=rheine.concept.valid_from,
        assessment_check=rheine.check,
        locale=rheine.concept.locale,
    )
    with pytest.raises(ValidationError) as refused:
        twin.full_clean()
    assert "hat auf dieser Website schon das Konzept" in str(refused.value.message_dict["slug"])

    twin.assessment_check = steinfurt_check()
    twin.full_clean()  # Steinfurt has no concept of that slug


def test_import_into_a_site_by_id_or_by_default(rheine, tmp_path):
    call_command(
        "import_concept",
        str(concept_file(tmp_path, "rheine-2030", "Rheine 2030")),
        "--site",
        str(rheine.site.pk),
        stdout=io.StringIO(),
    )
    call_command(
        "import_concept",
        str(concept_file(tmp_path, "steinfurt-2030", "Steinfurt 2030")),
        stdout=io.StringIO(),
    )

    assert Concept.objects.get(slug="rheine-2030").assessment_check == rheine.check
    assert Concept.objects.get(slug="steinfurt-2030").assessment_check == steinfurt_check()


def test_import_into_an_unknown_site_is_refused_with_a_german_message(rheine, tmp_path):
    path = concept_file(tmp_path, "irgendwo-2030", "Irgendwo")
    count = Concept.objects.count()

    with pytest.raises(CommandError) as refused:
        call_command("import_concept", str(path), "--site", "nirgendwo.example")

    message = str(refused.value)
    assert "Es gibt keine Website „nirgendwo.example“" in message
    assert HOST in message and STEINFURT_HOST in message
    assert Concept.objects.count() == count
    with pytest.raises(CommandError, match="Es gibt keine Website „999“"):
        call_command("export_concept", "--site", "999")


def test_import_finds_the_check_of_the_concepts_site_only(rheine):
    document = """format: integrationskonzept/1
concept:
  check: klima
  slug: rheine-klima
  title: Klimaschutzkonzept Rheine
  valid_from: 2023-01-01
  status: adopted
  guiding_principles: []
  fields_of_action: []
"""
    with pytest.raises(ImportRefused) as refused:
        import_text(document, "yaml", site=rheine.site)

    assert "Unbekannte Prüfung „klima“; auf der Website „Rheine“ angelegt sind: integration" in str(
        refused.value
    )
    assert not Concept.objects.filter(slug="rheine-klima").exists()


# --- the public site --------------------------------------------------------------------


@pytest.mark.parametrize("who", [None, "admin"])
def test_listing_search_and_feed_of_a_site_show_its_own_proposals_only(client, rheine, who):
    if who:
        login(client, who)

    steinfurt = get(client, "/vorlagen/", STEINFURT_HOST)
    own = get(client, "/vorlagen/", HOST)

    assert STEINFURT_PUBLIC in text(steinfurt)
    assert shows_none_of(steinfurt, RHEINE_MARKERS) == []
    assert PUBLIC_TITLE in text(own)
    assert (NONPUBLIC_TITLE in text(own)) == (who == "admin")
    assert shows_none_of(own, STEINFURT_MARKERS) == []
    search = get(client, "/vorlagen/", STEINFURT_HOST, q="Stadtbibliothek")
    assert shows_none_of(search, RHEINE_MARKERS) == []
    assert PUBLIC_TITLE in text(get(client, "/vorlagen/", HOST, q="Stadtbibliothek"))
    steinfurt_feed, rheine_feed = (
        get(client, "/vorlagen/feed/", host) for host in (STEINFURT_HOST, HOST)
    )
    assert shows_none_of(steinfurt_feed, RHEINE_MARKERS) == []
    assert PUBLIC_TITLE in text(rheine_feed)
    assert shows_none_of(rheine_feed, (*STEINFURT_MARKERS, NONPUBLIC_TITLE)) == []


def test_listing_filters_offer_the_towns_concept_and_bodies_only(client, rheine):
    response = get(client, "/vorlagen/", HOST)
    soup = BeautifulSoup(text(response), "html.parser")

    principles = [o.get_text(strip=True) for o in soup.select("select[name=leitgedanke] option")]
    bodies = [o.get_text(strip=True) for o in soup.select("select[name=gremium] option")]
    assert any(PRINCIPLE_TITLE in label for label in principles)
    assert not any(STEINFURT_PRINCIPLE in label for label in principles)
    assert RHEINE_BODY in bodies and "Hauptausschuss" not in bodies
    # Another town's concept item is no filter here.
    other = get(client, "/vorlagen/", HOST, leitgedanke=f"{STEINFURT_CONCEPT_SLUG}:1")
    assert "ist kein Punkt eines beschlossenen Konzepts" in text(other)
    assert PUBLIC_TITLE in text(other)


def test_a_proposal_of_one_site_is_not_found_on_the_other(client, rheine):
    login(client, "admin")

    rheine_url = "/vorlagen/sprachcafe-stadtbibliothek-rheine/"
    assert get(client, rheine_url, STEINFURT_HOST).status_code == 404
    assert get(client, rheine_url, HOST).status_code == 200
    steinfurt = steinfurt_proposal(STEINFURT_PUBLIC)
    assert get(client, f"/vorlagen/{steinfurt.slug}/", HOST).status_code == 404


def test_sitemap_and_api_of_a_site_list_its_own_pages_only(client, rheine):
    steinfurt_map = get(client, "/sitemap.xml", STEINFURT_HOST)
    rheine_map = get(client, "/sitemap.xml", HOST)
    assert "sprachcafe-stadtbibliothek-rheine" not in text(steinfurt_map)
    assert "sprachcafe-stadtbibliothek-rheine" in text(rheine_map)
    assert "anmietung-uebergangswohnheim-rheine" not in text(rheine_map)
    assert "berufsbezogener-sprachkurs" not in text(rheine_map)

    listing = {"type": "proposals.ProposalPage", "fields": "title,assessments", "limit": 20}
    steinfurt_api = get(client, "/api/v2/pages/", STEINFURT_HOST, **listing)
    rheine_api = get(client, "/api/v2/pages/", HOST, **listing)
    assert steinfurt_api.status_code == rheine_api.status_code == 200
    assert shows_none_of(steinfurt_api, RHEINE_MARKERS) == []
    assert PUBLIC_TITLE in text(rheine_api)
    assert shows_none_of(rheine_api, (*STEINFURT_MARKERS, NONPUBLIC_TITLE)) == []
    # Wagtail's ?site= names no other town's pages, nor does a detail or find.
    other = get(client, "/api/v2/pages/", HOST, site=STEINFURT_HOST, **listing)
    assert other.status_code == 400 and shows_none_of(other, STEINFURT_MARKERS) == []
    assert get(client, "/api/v2/pages/", HOST, site=HOST, **listing).status_code == 200
    steinfurt = steinfurt_proposal(STEINFURT_PUBLIC)
    assert get(client, f"/api/v2/pages/{steinfurt.pk}/", HOST).status_code == 404
    assert get(client, f"/api/v2/pages/{rheine.public.pk}/", STEINFURT_HOST).status_code == 404
    search = get(client, "/api/v2/pages/", STEINFURT_HOST, search="Stadtbibliothek", **listing)
    assert search.status_code == 200 and shows_none_of(search, RHEINE_MARKERS) == []
    found = get(client, "/api/v2/pages/", HOST, search="Stadtbibliothek", **listing)
    assert PUBLIC_TITLE in text(found)


def test_concept_page_and_its_exports_show_the_towns_own_concept(client, rheine):
    for path in ("", "leitgedanke/1/", "bericht/", "bewertungen/csv/", "ergebnismatrix/csv/"):
        steinfurt = get(client, f"/integrationskonzept/{path}", STEINFURT_HOST)
        own = get(client, f"/integrationskonzept/{path}", HOST)
        assert steinfurt.status_code == own.status_code == 200, path
        assert shows_none_of(steinfurt, RHEINE_MARKERS) == [], path
        assert shows_none_of(own, STEINFURT_MARKERS) == [], path
    ratings = text(get(client, "/integrationskonzept/bewertungen/csv/", HOST))
    assert PRINCIPLE_TITLE in ratings
    workbook = load_workbook(
        io.BytesIO(get(client, "/integrationskonzept/ergebnismatrix/xlsx/", HOST).content)
    )
    cells = " ".join(
        str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row
    )
    assert RHEINE_MEASURE in cells and PRINCIPLE_TITLE in cells
    assert "Steinfurt" not in cells


def test_a_sites_home_page_links_its_own_pages_only(client, rheine):
    home = get(client, "/", HOST)

    assert home.status_code == 200
    assert shows_none_of(home, ("Erklärung zur Barrierefreiheit", "Leichte Sprache")) == []
    links = edit_links(home)
    assert "/vorlagen/" in links and "/integrationskonzept/" in links
    assert "Erklärung zur Barrierefreiheit" in text(get(client, "/", STEINFURT_HOST))


def test_a_concept_page_shows_a_concept_of_its_own_site_only(rheine):
    page = ConceptPage.objects.get(pk=rheine.concept_page.pk)
    page.concept = steinfurt_concept()

    with pytest.raises(ValidationError) as refused:
        page.full_clean()

    assert "Konzept einer anderen Website" in str(refused.value.message_dict["concept"])


# --- non-public proposals ---------------------------------------------------------------


def test_steinfurts_council_member_never_reads_rheines_nonpublic_proposal(client, rheine):
    login(client, "ratsmitglied")
    nonpublic_url = "/vorlagen/anmietung-uebergangswohnheim-rheine/"

    assert get(client, nonpublic_url, HOST).status_code == 404
    assert get(client, rheine.document.url, HOST).status_code == 404
    assert get(client, rheine.document.url, STEINFURT_HOST).status_code == 404
    for path in ("/vorlagen/", "/vorlagen/feed/", "/sitemap.xml"):
        assert NONPUBLIC_TITLE not in text(get(client, path, HOST)), path
        assert "anmietung-uebergangswohnheim-rheine" not in text(get(client, path, HOST)), path
    assert get(client, "/fuer-den-rat/", HOST).status_code == 403
    # At home, the member reads Steinfurt's non-public proposals as before.
    assert STEINFURT_NONPUBLIC in text(get(client, "/fuer-den-rat/", STEINFURT_HOST))
    steinfurt = steinfurt_proposal(STEINFURT_NONPUBLIC)
    assert get(client, f"/vorlagen/{steinfurt.slug}/", STEINFURT_HOST).status_code == 200


def test_rheines_council_member_reads_rheines_nonpublic_proposal_only(client, rheine):
    login(client, rheine.council_member)

    page = get(client, "/vorlagen/anmietung-uebergangswohnheim-rheine/", HOST)
    assert page.status_code == 200 and NONPUBLIC_TITLE in text(page)
    assert get(client, rheine.document.url, HOST).status_code == 200
    assert NONPUBLIC_TITLE in text(get(client, "/vorlagen/", HOST))
    council_area = get(client, "/fuer-den-rat/", HOST)
    assert council_area.status_code == 200
    assert NONPUBLIC_TITLE in text(council_area) and PUBLIC_TITLE in text(council_area)
    assert shows_none_of(council_area, STEINFURT_MARKERS) == []
    steinfurt = steinfurt_proposal(STEINFURT_NONPUBLIC)
    assert get(client, f"/vorlagen/{steinfurt.slug}/", STEINFURT_HOST).status_code == 404
    assert get(client, "/fuer-den-rat/", STEINFURT_HOST).status_code == 403
    assert STEINFURT_NONPUBLIC not in text(get(client, "/vorlagen/", STEINFURT_HOST))


def test_steinfurts_staff_cannot_download_rheines_nonpublic_document(client, rheine):
    login(client, "sachbearbeitung")  # may handle the documents of Steinfurt's collection

    assert get(client, rheine.document.url, STEINFURT_HOST).status_code == 404
    assert get(client, rheine.document.url, HOST).status_code == 404


def test_nonpublic_permission_counts_only_through_a_group_of_the_site(rheine):
    steinfurt = steinfurt_site()
    permission = Permission.objects.get(codename="view_nonpublic_proposal")
    direct = get_user_model().objects.create_user("direkt", "direkt@example.org", "x")
    direct.user_permissions.add(permission)
    unbound = get_user_model().objects.create_user("ohne_website", "ohne@example.org", "x")
    group = Group.objects.create(name="Lesende ohne Website")
    group.permissions.add(permission)
    unbound.groups.add(group)

    for someone in (direct, unbound):
        someone = get_user_model().objects.get(pk=someone.pk)
        assert someone.has_perm("proposals.view_nonpublic_proposal")
        assert not can_view_nonpublic(someone, steinfurt)
        assert not can_view_nonpublic(someone, rheine.site)
    member = get_user_model().objects.get(pk=rheine.council_member.pk)
    assert can_view_nonpublic(member, rheine.site)
    assert not can_view_nonpublic(member, steinfurt)
    assert can_view_nonpublic(user("admin"), rheine.site)
    assert not can_view_nonpublic(None, rheine.site)
    visible = visible_proposals(member).filter(locale__language_code="de")
    assert visible.filter(pk=rheine.nonpublic.pk).exists()
    assert not visible.filter(title=STEINFURT_NONPUBLIC).exists()


def test_a_redirect_never_leads_to_another_towns_proposal(client, rheine):
    Redirect.objects.create(old_path="/alte-adresse", site=None, redirect_page=rheine.public)

    assert get(client, "/alte-adresse/", STEINFURT_HOST).status_code == 404
    assert get(client, "/alte-adresse/", HOST).status_code in (301, 302)


# --- the admin --------------------------------------------------------------------------


def edit_links(response):
    soup = BeautifulSoup(text(response), "html.parser")
    return {a["href"] for a in soup.find_all("a", href=True)}


def manage_bodies(group):
    """Let ``group`` maintain the bodies (no demo role does; a town may give it to one)."""
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="proposals", codename__endswith="_body")
    )


def test_rheines_coordinator_lists_only_rheines_checks_concepts_items_and_bodies(client, rheine):
    manage_bodies(rheine.groups[roles.COORDINATION])
    login(client, rheine.coordinator)

    checks = client.get(snippet_url(Check, "list"))
    assert snippet_url(Check, "edit", rheine.check.pk) in edit_links(checks)
    assert snippet_url(Check, "edit", steinfurt_check().pk) not in edit_links(checks)
    concepts = client.get(snippet_url(Concept, "list"))
    assert CONCEPT_TITLE in text(concepts) and STEINFURT_CONCEPT not in text(concepts)
    principles = client.get(snippet_url(GuidingPrinciple, "list"))
    assert PRINCIPLE_TITLE in text(principles) and STEINFURT_PRINCIPLE not in text(principles)
    goals = text(client.get(snippet_url(Goal, "list")))
    assert "Dorenkamp" in goals and "Steinfurt" not in goals
    bodies = text(client.get(snippet_url(Body, "list")))
    assert RHEINE_BODY in bodies and "Hauptausschuss" not in bodies
    # The listing's filter by check offers no other town's check.
    soup = BeautifulSoup(text(concepts), "html.parser")
    offered = {tag.get("value") for tag in soup.find_all(attrs={"name": "assessment_check"})}
    offered |= {
        option.get("value")
        for select in soup.find_all("select", attrs={"name": "assessment_check"})
        for option in select.find_all("option")
    }
    assert str(rheine.check.pk) in offered
    assert str(steinfurt_check().pk) not in offered


def test_rheines_coordinator_cannot_open_change_or_delete_steinfurts_objects(client, rheine):
    manage_bodies(rheine.groups[roles.COORDINATION])
    login(client, rheine.coordinator)
    check, concept = steinfurt_check(), steinfurt_concept()
    goal = Goal.objects.filter(field_of_action__concept=concept).first()
    body = Body.objects.get(site=steinfurt_site(), slug="hauptausschuss")

    for model, obj in ((Check, check), (Concept, concept), (Goal, goal), (Body, body)):
        for action in ("edit", "delete", "usage", "history", "copy"):
            response = client.get(snippet_url(model, action, obj.pk))
            assert response.status_code == 404, (model.__name__, action)
    assert (
        client.post(snippet_url(Concept, "edit", concept.pk), {"title": "Gekapert"}).status_code
        == 404
    )
    assert client.post(snippet_url(Body, "delete", body.pk)).status_code == 404
    assert client.post(snippet_url(Check, "delete", check.pk)).status_code == 404
    bulk = reverse("wagtail_bulk_action", args=("proposals", "body", "delete"))
    client.post(f"{bulk}?id={body.pk}")
    assert client.post(f"{snippet_url(Check, 'reorder', check.pk)}?position=0").status_code == 404

    assert steinfurt_concept().title == concept.title
    assert Body.objects.filter(pk=body.pk).exists()
    assert Check.objects.filter(pk=check.pk).exists()
    # Rheine's own are the coordinator's to handle.
    own_body = Body.objects.get(site=rheine.site, slug="rat")
    for model, obj in ((Check, rheine.check), (Concept, rheine.concept), (Body, own_body)):
        for action in ("edit", "delete", "usage", "history", "copy"):
            response = client.get(snippet_url(model, action, obj.pk))
            # A check in use answers its refusal to delete in its listing.
            assert response.status_code == 200 or (
                (model, action) == (Check, "delete")
                and response["Location"] == snippet_url(Check, "list")
            ), (model.__name__, action)


def test_choosers_offer_the_users_sites_objects_only(client, rheine):
    login(client, rheine.coordinator)
    choose = reverse("wagtailsnippetchoosers_integration_check_concept:choose")
    chosen = reverse(
        "wagtailsnippetchoosers_integration_check_concept:chosen", args=(steinfurt_concept().pk,)
    )

    offered = client.get(choose)
    assert CONCEPT_TITLE in text(offered)
    assert STEINFURT_CONCEPT not in text(offered)
    assert client.get(chosen).status_code == 404
    manage_bodies(rheine.groups[roles.COORDINATION])
    bodies = client.get(reverse("wagtailsnippetchoosers_proposals_body:choose"))
    assert RHEINE_BODY in text(bodies) and "Hauptausschuss" not in text(bodies)


def test_the_page_chooser_offers_the_users_sites_pages_only(client, rheine):
    login(client, rheine.coordinator)

    def chooser(url, **params):
        response = client.get(url, params)
        return (
            response.json()["html"] if response["Content-Type"].endswith("json") else text(response)
        )

    search = chooser(reverse("wagtailadmin_choose_page_search"), q="Anmietung")
    browse = chooser(reverse("wagtailadmin_choose_page_child", args=(rheine.index.pk,)))

    assert NONPUBLIC_TITLE in search
    assert STEINFURT_NONPUBLIC not in search
    assert NONPUBLIC_TITLE in browse
    steinfurt_index = steinfurt_proposal(STEINFURT_PUBLIC).get_parent()
    steinfurt = chooser(reverse("wagtailadmin_choose_page_child", args=(steinfurt_index.pk,)))
    assert STEINFURT_PUBLIC not in steinfurt


def test_a_new_check_belongs_to_one_of_the_users_sites(client, rheine):
    login(client, rheine.coordinator)
    add = snippet_url(Check, "add")
    html = text(client.get(add))
    field = BeautifulSoup(html, "html.parser").find(attrs={"name": "site"})
    assert field.get("type") == "hidden" and field.get("value") == str(rheine.site.pk)
    data = querydict_from_html(html, form_id="w-editor-form")
    data.update({"name": "Nachhaltigkeitscheck Rheine", "slug": "nachhaltigkeit"})
    data.update({"levels-TOTAL_FORMS": "1", "levels-0-key": "gut", "levels-0-label": "gut"})
    data.update({"levels-0-symbol": "+", "levels-0-sign": "1", "levels-0-ORDER": "1"})
    data.update({"levels-0-id": "", "levels-0-DELETE": ""})

    data["site"] = str(steinfurt_site().pk)
    refused = client.post(add, data)
    assert refused.status_code == 200
    assert not Check.objects.filter(slug="nachhaltigkeit").exists()

    data["site"] = str(rheine.site.pk)
    client.post(add, data)
    assert Check.objects.get(slug="nachhaltigkeit").site == rheine.site

    data["name"] = "Noch einmal"
    clash = client.post(add, data)
    assert "hat auf dieser Website schon eine Prüfung" in text(clash)
    # The superuser chooses among every site.
    login(client, "admin")
    select = BeautifulSoup(text(client.get(add)), "html.parser").find(
        "select", attrs={"name": "site"}
    )
    assert {o.get("value") for o in select.find_all("option") if o.get("value")} == {
        str(steinfurt_site().pk),
        str(rheine.site.pk),
    }


def test_the_proposal_editor_refuses_another_towns_body(client, rheine):
    login(client, "admin")
    url = reverse("wagtailadmin_pages:edit", args=(rheine.public.pk,))
    data = form_data(client.get(url))
    data["consultations-0-body"] = str(Body.objects.get(site=steinfurt_site(), slug="rat").pk)

    response = client.post(url, data)

    assert "ist ein Gremium einer anderen Website" in text(response)
    assert rheine.public.consultations.first().body.site == rheine.site


# --- roles and the workflow --------------------------------------------------------------


def test_each_town_has_its_own_workflow_with_its_own_reviewers(rheine):
    steinfurt_index = ProposalIndexPage.objects.get(
        pk=steinfurt_proposal(STEINFURT_PUBLIC).get_parent().pk
    )
    workflow = rheine.index.get_workflow()

    assert workflow.name == "Rheine: Vorlagenfreigabe"
    assert steinfurt_index.get_workflow().name == "Vorlagenfreigabe"
    steps = [task.specific for task in workflow.tasks.all()]
    check_steps = [task for task in steps if isinstance(task, IntegrationCheckTask)]
    assert [task.assessment_check for task in check_steps] == [rheine.check]
    for task in steps:
        assert {group.site_binding.site for group in task.groups.all()} == {rheine.site}


def start_steinfurt_check_step():
    """A Steinfurt proposal at the step "Integrationsprüfung" of Steinfurt's workflow."""
    index = ProposalIndexPage.objects.get(pk=steinfurt_proposal(STEINFURT_PUBLIC).get_parent().pk)
    page = add_proposal(
        index,
        {
            "title": "Prüfschritt in Steinfurt",
            "slug": "pruefschritt-in-steinfurt",
            "reference": "2031/555",
            "date": "2031-02-01",
            "summary": "Vereinbar.",
            "principles": [(str(n), "neutral", "", "") for n in range(1, 6)],
        },
        publish=False,
    )
    page = ProposalPage.objects.get(pk=page.pk)
    state = index.get_workflow().start(page, user("sachbearbeitung"))
    state.current_task_state.approve(user=user("fachdienstleitung"))
    state.refresh_from_db()
    assert state.current_task_state.task.name == "Integrationsprüfung"
    return page, state


def test_rheines_coordinator_gets_no_task_of_steinfurts_workflow(client, rheine):
    page, state = start_steinfurt_check_step()
    task = state.current_task_state.task.specific
    coordinator = get_user_model().objects.get(pk=rheine.coordinator.pk)

    assert (
        TaskState.objects.reviewable_by(user("integration"))
        .filter(pk=state.current_task_state.pk)
        .exists()
    )
    assert (
        not TaskState.objects.reviewable_by(coordinator)
        .filter(pk=state.current_task_state.pk)
        .exists()
    )
    login(client, coordinator)
    assert "Prüfschritt in Steinfurt" not in text(client.get(reverse("wagtailadmin_home")))

    # Even a Rheine group added to Steinfurt's step by mistake reviews nothing there.
    task.groups.add(rheine.groups[roles.COORDINATION])
    coordinator = get_user_model().objects.get(pk=rheine.coordinator.pk)
    assert (
        not TaskState.objects.reviewable_by(coordinator)
        .filter(pk=state.current_task_state.pk)
        .exists()
    )
    assert task.get_actions(page, coordinator) == []
    with pytest.raises(ValidationError, match="handeln nicht für sie"):
        IntegrationCheckTask.objects.get(pk=task.pk).full_clean()


def test_a_group_is_bound_to_a_site_in_the_group_editor(client, rheine):
    login(client, "admin")
    group = Group.objects.create(name="Rheine: Presse")
    url = reverse("wagtailusers_groups:edit", args=(group.pk,))
    html = text(client.get(url))
    assert "Website (Gemeinde)" in html
    data = querydict_from_html(html, form_id="w-editor-form")
    data["group_site-site"] = str(rheine.site.pk)

    client.post(url, data)

    assert GroupSite.objects.get(group=group).site == rheine.site
    assert list(user_sites(rheine.coordinator)) == [rheine.site]


def test_a_reviewing_group_stays_with_its_checks_site(client, rheine):
    login(client, "admin")
    group = Group.objects.get(name=roles.COORDINATION)  # reviews Steinfurt's integration step
    url = reverse("wagtailusers_groups:edit", args=(group.pk,))
    data = querydict_from_html(text(client.get(url)), form_id="w-editor-form")
    data["group_site-site"] = str(rheine.site.pk)

    response = client.post(url, data)

    assert "kann nicht für eine andere Website handeln" in text(response)
    assert GroupSite.objects.get(group=group).site == steinfurt_site()
