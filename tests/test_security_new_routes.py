"""Attacks on the newer public routes: the private feeds' keys, the OParl endpoint's
parameters, the proposals feed, the health check.

Each test tries one way for a non-public proposal (or a secret that opens it) to reach
someone without the council role of its town, and fails when that way is open.
"""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Site

from tests.test_feeds import (
    FEEDS_PAGE,
    NONPUBLIC_SLUG,
    PUBLIC_SLUG,
    body,
    log_in,
    make_key,
    path_of,
    proposal,
    rss_items,
)

# --- the private feeds' keys ------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "/en", "/ar"])
def test_a_private_feeds_key_is_not_written_to_the_request_log(client, demo, json_log, prefix):
    """Whoever reads the server's logs must not find the key that opens a member's
    non-public proposals (the key stands in the address, not in a query string)."""
    log_in(client, "ratsmitglied")
    urls = make_key(client)
    rat = body("rat")
    anonymous = Client()
    json_log.clear()
    for name in (f"private-rss-{rat.pk}", f"private-ical-{rat.pk}"):
        path = prefix + path_of(urls[name])
        key = path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".ics")
        response = anonymous.get(path)
        assert response.status_code == 200, path
        # The feed opens the non-public proposal (an iCalendar folds long lines).
        assert NONPUBLIC_SLUG[:30] in response.content.decode()
        entry = json.loads(json_log[-1])
        assert entry["status"] == 200
        assert key not in json.dumps(entry), "the key is in the log"
        assert entry["path"].startswith(f"{prefix}/gremien/{rat.pk}/")
        assert "[redacted]" in entry["path"]
    # A wrong key is left out as well (it may be a mistyped real one).
    json_log.clear()
    assert anonymous.get(f"{prefix}/gremien/{rat.pk}/feed/falsch-getippt/").status_code == 404
    assert "falsch-getippt" not in json_log[-1]
    # Other addresses are logged as they are.
    json_log.clear()
    anonymous.get(f"{prefix}/gremien/{rat.pk}/feed/")
    assert json.loads(json_log[-1])["path"] == f"{prefix}/gremien/{rat.pk}/feed/"


def test_a_private_key_does_not_open_the_feeds_page_of_the_member(client, demo):
    """The key opens the feeds, not the members' area: the feeds page wants a login."""
    log_in(client, "ratsmitglied")
    urls = make_key(client)
    key = path_of(urls[f"private-rss-{body('rat').pk}"]).rstrip("/").rsplit("/", 1)[-1]
    anonymous = Client()
    response = anonymous.get(f"{FEEDS_PAGE}?key={key}")
    assert response.status_code in (302, 403)
    assert key not in response.content.decode()


# --- the proposals feed ------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "/en", "/ar"])
def test_the_proposals_feed_lists_no_nonpublic_proposal_for_a_superuser(demo, prefix):
    """The general feed is public and may be kept by anyone who fetched it: a council
    member's or an administrator's session does not bring non-public proposals into it."""
    user = get_user_model().objects.get(username="admin")
    client = Client()
    client.force_login(user)
    items = rss_items(client.get(f"{prefix}/vorlagen/feed/"))
    text = " ".join(title.text or "" for title, _link, _description in items)
    assert proposal(PUBLIC_SLUG).title in text or items
    assert proposal(NONPUBLIC_SLUG).title not in text
    assert proposal(NONPUBLIC_SLUG).reference not in text


# --- the OParl endpoint's parameters -----------------------------------------------------


@pytest.mark.parametrize(
    "url, status",
    [
        ("/oparl/v1.1/paper/99999999999999999999999/", 404),
        ("/oparl/v1.1/file/9223372036854775808/", 404),
        ("/oparl/v1.1/meeting/1-2024-02-30/", 404),
        ("/oparl/v1.1/meeting/99999999999999999999-2024-01-01/", 404),
        ("/oparl/v1.1/meeting/1-99999-01-01/", 404),
        ("/oparl/v1.1/body/99999999999999999999999/paper/", 404),
        ("/oparl/v1.1/body/{body}/paper/?limit=-5", 400),
        ("/oparl/v1.1/body/{body}/paper/?limit=abc", 400),
        ("/oparl/v1.1/body/{body}/paper/?limit=99999999999999999999", 400),
        ("/oparl/v1.1/body/{body}/paper/?page=0", 400),
        ("/oparl/v1.1/body/{body}/paper/?page=999999", 404),
        ("/oparl/v1.1/body/{body}/paper/?modified_since=gestern", 400),
        ("/oparl/v1.1/body/{body}/paper/?modified_since=99999-01-01T00:00:00", 400),
        ("/oparl/v1.1/body/{body}/paper/?created_until=0001-01-01T00:00:00%2B14:00", 400),
    ],
)
def test_bad_oparl_ids_and_parameters_get_an_error_object_not_a_crash(demo, url, status):
    url = url.format(body=Site.objects.get(is_default_site=True).pk)
    response = Client().get(url)
    assert response.status_code == status, url
    data = response.json()
    assert data["type"] == "https://schema.oparl.org/1.1/Error"
    assert data["message"]


@pytest.mark.parametrize("url", ["/oparl/v1.1/paper/-1/", "/oparl/v1.1/paper/abc/"])
def test_oparl_addresses_outside_the_routes_are_not_found(demo, url):
    assert Client().get(url).status_code == 404


def test_oparl_ids_of_a_nonpublic_proposal_are_not_found_even_for_a_superuser(demo):
    """Its paper, consultations, agenda items and meetings answer as if they never were,
    also for a superuser's session (the endpoint serves the public view only)."""
    page = proposal(NONPUBLIC_SLUG)
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    assert client.get(f"/oparl/v1.1/paper/{page.pk}/").status_code == 404
    for consultation in page.consultations.all():
        assert client.get(f"/oparl/v1.1/consultation/{consultation.pk}/").status_code == 404
        assert client.get(f"/oparl/v1.1/agendaItem/{consultation.pk}/").status_code == 404
    for attachment in page.attachments.all():
        assert client.get(f"/oparl/v1.1/file/{attachment.pk}/").status_code == 404
    listed = client.get("/oparl/v1.1/body/{body}/paper/?limit=200").content.decode()
    assert page.title not in listed and f"/paper/{page.pk}/" not in listed


# --- the health check --------------------------------------------------------------------


@pytest.mark.parametrize("host", ["localhost", "unbekannt.example", "127.0.0.1"])
def test_the_health_check_names_no_host_version_or_error(db, host):
    response = Client().get("/healthz/", HTTP_HOST=host)
    assert response.status_code == 200
    assert set(response.json()) == {"database", "cache", "worker"}
    assert set(response.json().values()) <= {"ok", "error"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert "Server" not in response or "Django" not in response["Server"]


# --- the review view ---------------------------------------------------------------------


def test_a_towns_reviewer_gets_no_review_view_of_another_towns_page(client, demo_towns):
    """Were one town's workflow attached to another town's pages (the admin lets the
    workflow's pages be chosen freely), the first town's reviewers would get those pages'
    task states; the review view still shows them nothing of the other town."""
    from django.urls import reverse
    from wagtail.models import Workflow

    from tests.towns import HOST as RHEINE_HOST_NAME

    rheine = Site.objects.get(hostname=RHEINE_HOST_NAME)
    page = (
        proposal_of_site(rheine).filter(is_public=False).first() or proposal_of_site(rheine).first()
    )
    steinfurt_workflow = Workflow.objects.get(name="Vorlagenfreigabe")
    admin = get_user_model().objects.get(username="admin")
    state = steinfurt_workflow.start(page, admin)
    state.current_task_state.approve(user=admin)  # past the heads' step
    state.refresh_from_db()
    task_state = state.current_task_state
    assert task_state.task.name == "Integrationsprüfung"
    client.force_login(get_user_model().objects.get(username="integration"))
    response = client.get(reverse("integration_check_review", args=(task_state.pk,)))
    assert response.status_code == 404
    assert page.title not in response.content.decode()


def proposal_of_site(site):
    from proposals.models import ProposalPage

    return ProposalPage.objects.live().filter(
        path__startswith=site.root_page.path, locale__language_code="de"
    )


# --- the OParl import ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "access_url",
    [
        "javascript:alert(document.cookie)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "//ris.example.org/ohne-schema.pdf",
    ],
)
def test_an_imported_link_to_an_attachment_is_an_http_address_or_left_out(demo, access_url):
    """A malicious endpoint's attachment address becomes no link on the public page
    (a ``javascript:`` link there runs in the town's site); the import says what it left
    out, and keeps the paper."""
    from django.core.management import call_command

    from proposals.models import ProposalPage
    from tests.oparl_server import OparlServer
    from tests.test_oparl_import import run, town

    call_command  # noqa: B018 - the import runs through the command (run)
    server = town(OparlServer("1.1"))
    try:
        file = server.file(3, "Lageplan", b"%PDF-1.4 klein", "lageplan.pdf")
        file["accessUrl"] = access_url
        harmless = server.file(4, "Anlage", b"%PDF-1.4 klein", "anlage.pdf")
        # A good download address stands in for a bad access address.
        both = server.file(5, "Karte", b"%PDF-1.4 klein", "karte.pdf")
        both["downloadUrl"], both["accessUrl"] = both["accessUrl"], access_url
        server.paper(13, "2025/113", "Vorlage mit Link", files=[file, harmless, both])
        output = run(server.url("/oparl"), "--attachments", "links")
    finally:
        server.close()
    page = ProposalPage.objects.get(reference="2025/113")
    urls = [block.value["url"] for block in page.get_latest_revision_as_object().attachment_links]
    assert urls == [harmless["accessUrl"], both["downloadUrl"]]
    assert "Lageplan" in output and "http://" in output
    assert not page.live


# --- shared caches ---------------------------------------------------------------------------


def test_oparl_answers_are_revalidated_by_shared_caches(demo):
    """A CDN in front purges a proposal's page when it is made non-public, not the
    endpoint's addresses: these are kept by no cache without asking the site again."""
    site = Site.objects.get(is_default_site=True)
    page = proposal(PUBLIC_SLUG)
    client = Client()
    for url in (
        "/oparl/v1.1/",
        f"/oparl/v1.1/body/{site.pk}/paper/",
        f"/oparl/v1.1/paper/{page.pk}/",
        f"/oparl/v1.1/paper/{proposal(NONPUBLIC_SLUG).pk}/",
    ):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert "no-cache" in response.get("Cache-Control", ""), url


# --- Wagtail's view restrictions ---------------------------------------------------------------


def test_a_proposal_behind_a_password_stays_out_of_the_feeds(demo):
    """A public proposal that an editor put behind a password (Wagtail's privacy setting)
    is not read without the password, so the feeds, like OParl, leave it out."""
    from wagtail.models import PageViewRestriction

    page = proposal(PUBLIC_SLUG)
    rat = body("rat")
    client = Client()
    before = client.get(f"/gremien/{rat.pk}/feed/").content.decode()
    assert page.title in before
    assert page.title in client.get("/vorlagen/feed/").content.decode()
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    assert client.get(page.url).status_code == 200  # the password form
    assert page.title not in client.get(f"/gremien/{rat.pk}/feed/").content.decode()
    assert PUBLIC_SLUG[:30] not in client.get(f"/gremien/{rat.pk}/kalender.ics").content.decode()
    assert page.title not in client.get("/vorlagen/feed/").content.decode()
    assert page.title not in client.get("/en/vorlagen/feed/").content.decode()


def test_a_decided_proposal_behind_a_password_leaves_the_start_pages_latest_decisions(demo):
    from wagtail.models import PageViewRestriction

    from integration_check.front import latest_decided

    client = Client()
    shown = latest_decided(Site.objects.get(is_default_site=True))
    assert shown
    page = shown[0].page
    assert page.title in client.get("/").content.decode()
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    assert page.title not in client.get("/").content.decode()
    assert page.title not in client.get("/en/").content.decode()


def test_a_decided_proposal_behind_a_password_leaves_the_concepts_report(demo):
    from wagtail.models import PageViewRestriction

    from integration_check.models import ImplementedMeasure
    from proposals.models import ProposalPage
    from tests.test_public_progress import CONCEPT

    adopted = ProposalPage.public_tally_queryset()
    link = (
        ImplementedMeasure.objects.filter(page_id__in=adopted.values("pk"))
        .select_related("page")
        .first()
    )
    page = link.page
    client = Client()
    report = CONCEPT + "bericht/"
    assert page.title in client.get(report).content.decode()
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    assert page.title not in client.get(report).content.decode()
