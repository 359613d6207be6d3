"""Following a body (Gremium): its feed (RSS) and calendar (iCal) of the proposals of its
upcoming meetings, public for everybody, and with a council member's private key the
non-public proposals of the member's own town too.

The demo dates three Steinfurt proposals relative to the day of loading: in the council
("rat") the public Sprachcafé and the non-public Anmietung meet on the same day; the
Hauptausschuss has the non-public Anmietung and the public Mehrsprachige Startseite.

A key whose member lost the role answers 404, like a wrong or revoked key: a private
address stands for the member's right to read, and without it tells nothing.
"""

import datetime
import hashlib
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import icalendar
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from wagtail.models import Site

from home.models import GroupSite
from proposals.models import Body, Consultation, FeedKey, ProposalPage

FEEDS_PAGE = "/fuer-den-rat/abonnieren/"
PUBLIC_SLUG = "sprachcafe-in-der-stadtbuecherei"
NONPUBLIC_SLUG = "anmietung-gebaeude-unterbringung-gefluechteter"
RHEINE_HOST = "rheine.localhost"
RHEINE_PUBLIC_SLUG = "sprachcafe-stadtbibliothek-verstetigen"
RHEINE_NONPUBLIC_SLUG = "anmietung-wohnungen-fuer-gefluechtete-familien"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def proposal(slug):
    return ProposalPage.objects.get(slug=slug, locale__language_code="de")


def body(slug, site=None):
    site = site or Site.objects.get(is_default_site=True)
    return Body.objects.get(slug=slug, site=site, locale__language_code="de")


def rss_items(response):
    """Return the feed's items as ``(title element, link, description)``."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return [
        (item.find("title"), item.findtext("link"), item.findtext("description"))
        for item in channel.findall("item")
    ]


def rss_titles(response):
    return [title.text for title, _link, _description in rss_items(response)]


def calendar_events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return calendar, list(calendar.walk("VEVENT"))


def mentions(titles, page):
    return any(page.title in title for title in titles)


def log_in(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def make_key(client, host=None):
    """Make a key on the feeds page as the logged-in member; return the page's private
    addresses by field id (``private-rss-<body id>``, ``private-ical-<body id>``)."""
    extra = {"HTTP_HOST": host} if host else {}
    response = client.post(FEEDS_PAGE, {"aktion": "erzeugen"}, **extra)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        field["id"]: field["value"]
        for field in soup.select("input[readonly]")
        if field["id"].startswith("private-")
    }


def path_of(url):
    return urlsplit(url).path


@pytest.fixture
def member(client, demo):
    return log_in(client, "ratsmitglied")


@pytest.fixture
def private_urls(member):
    return make_key(member)


# --- the public feeds ---------------------------------------------------------------------


def test_public_feed_of_a_body_lists_its_upcoming_public_proposals_only(client, demo):
    rat = body("rat")

    response = client.get(f"/gremien/{rat.pk}/feed/")

    titles = rss_titles(response)
    assert mentions(titles, proposal(PUBLIC_SLUG))
    assert not mentions(titles, proposal(NONPUBLIC_SLUG))
    # Only upcoming meetings of this body: each item is one of its consultations from today on.
    upcoming = Consultation.objects.filter(
        body=rat,
        meeting_date__gte=timezone.localdate(),
        page__is_public=True,
        page__live=True,
        page__locale__language_code="de",
    )
    assert len(titles) == upcoming.count() > 0
    assert NONPUBLIC_SLUG not in response.content.decode()
    assert response["Cache-Control"] == "no-cache"


def test_public_calendar_has_an_all_day_event_per_upcoming_public_proposal(client, demo):
    ausschuss = body("hauptausschuss")
    public = proposal("mehrsprachige-startseite-stadt")
    meeting = Consultation.objects.get(page=public, body=ausschuss)

    response = client.get(f"/gremien/{ausschuss.pk}/kalender.ics")

    calendar, events = calendar_events(response)
    assert calendar["X-WR-TIMEZONE"] == "Europe/Berlin"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert len(events) == 1
    event = events[0]
    assert public.title in str(event["SUMMARY"])
    assert proposal(NONPUBLIC_SLUG).title not in response.content.decode()
    # All-day: the meetings have a date, no time.
    assert event.decoded("DTSTART") == meeting.meeting_date
    assert event.decoded("DTEND") == meeting.meeting_date + datetime.timedelta(days=1)
    assert event.decoded("DTSTAMP").tzinfo is not None
    assert event["CLASS"] == "PUBLIC"
    # The public page, absolute on the site's own address, and it answers.
    site = Site.objects.get(is_default_site=True)
    assert str(event["URL"]) == f"{site.root_url}/vorlagen/{public.slug}/"
    assert client.get(path_of(str(event["URL"]))).status_code == 200
    # The UID stays the same from one request to the next and in every language.
    again = calendar_events(client.get(f"/en/gremien/{ausschuss.pk}/kalender.ics"))[1]
    assert [str(e["UID"]) for e in again] == [str(event["UID"])]


def test_unknown_body_and_wrong_addresses_are_not_found(client, demo):
    rat = body("rat")
    for url in (
        "/gremien/999999/feed/",
        "/gremien/999999/kalender.ics",
        f"/gremien/{rat.pk}/feed/falsch/",
        f"/gremien/{rat.pk}/kalender/falsch.ics",
        f"/gremien/{rat.pk}/feed/{'x' * 500}/",
    ):
        assert client.get(url).status_code == 404, url


def test_body_list_offers_each_bodys_listing_and_feeds(client, demo):
    response = client.get("/gremien/")

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    rat = body("rat")
    hrefs = {a["href"] for a in soup.select("main a")}
    assert "/vorlagen/?gremium=rat" in hrefs
    assert f"http://testserver/gremien/{rat.pk}/feed/" in hrefs
    assert f"http://testserver/gremien/{rat.pk}/kalender.ics" in hrefs
    alternates = {(link.get("type"), link["href"]) for link in soup.select("link[rel=alternate]")}
    assert ("application/rss+xml", f"http://testserver/gremien/{rat.pk}/feed/") in alternates
    # A body's feeds are offered on the listing filtered by it.
    listing = BeautifulSoup(client.get("/vorlagen/", {"gremium": "rat"}).content, "html.parser")
    assert listing.select_one(f'link[rel=alternate][href="/gremien/{rat.pk}/feed/"]')
    assert listing.select_one(f'main a[href="/gremien/{rat.pk}/kalender.ics"]')


# --- a council member's private feeds -------------------------------------------------------


def test_member_with_key_reads_the_nonpublic_proposals_of_the_own_town(demo, private_urls):
    rat = body("rat")
    anonymous = Client()

    response = anonymous.get(path_of(private_urls[f"private-rss-{rat.pk}"]))

    titles = rss_titles(response)
    assert mentions(titles, proposal(PUBLIC_SLUG))
    assert mentions(titles, proposal(NONPUBLIC_SLUG))
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]

    calendar = anonymous.get(path_of(private_urls[f"private-ical-{rat.pk}"]))
    _calendar, events = calendar_events(calendar)
    by_class = {str(e["SUMMARY"]): str(e["CLASS"]) for e in events}
    nonpublic = [s for s, c in by_class.items() if proposal(NONPUBLIC_SLUG).title in s]
    assert nonpublic and by_class[nonpublic[0]] == "CONFIDENTIAL"
    assert "no-store" in calendar["Cache-Control"]


def test_key_is_long_random_and_stored_only_as_its_hash(demo, member, private_urls):
    key = path_of(private_urls[f"private-rss-{body('rat').pk}"]).rstrip("/").rsplit("/", 1)[1]
    stored = FeedKey.objects.get(user__username="ratsmitglied")

    assert len(key) >= 40
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(list(FeedKey.objects.values_list()))
    # Shown once: the page asked again does not show it.
    assert key not in member.get(FEEDS_PAGE).content.decode()


def test_renewed_key_replaces_the_old_one(demo, member, private_urls):
    rat = body("rat")
    old = path_of(private_urls[f"private-rss-{rat.pk}"])

    new = path_of(make_key(member)[f"private-rss-{rat.pk}"])

    assert new != old
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    assert FeedKey.objects.filter(user__username="ratsmitglied").count() == 1


def test_revoked_key_is_not_found(demo, member, private_urls):
    rat = body("rat")

    response = member.post(FEEDS_PAGE, {"aktion": "widerrufen"}, follow=True)

    assert response.status_code == 200
    assert "widerrufen" in response.content.decode()
    assert not FeedKey.objects.exists()
    for name in (f"private-rss-{rat.pk}", f"private-ical-{rat.pk}"):
        revoked = Client().get(path_of(private_urls[name]))
        assert revoked.status_code == 404
        assert proposal(NONPUBLIC_SLUG).title not in revoked.content.decode()


def test_key_of_a_member_who_lost_the_role_is_not_found(demo, member, private_urls):
    rat = body("rat")
    user = get_user_model().objects.get(username="ratsmitglied")
    url = path_of(private_urls[f"private-rss-{rat.pk}"])
    assert Client().get(url).status_code == 200

    user.groups.clear()

    response = Client().get(url)
    assert response.status_code == 404
    assert proposal(NONPUBLIC_SLUG).title not in response.content.decode()


def test_feeds_page_is_for_council_members_and_asks_for_a_csrf_token(client, demo):
    assert client.get(FEEDS_PAGE)["Location"].startswith("/anmelden/")
    outsider = get_user_model().objects.create_user("buerger", password="geheim-123")
    client.force_login(outsider)
    assert client.get(FEEDS_PAGE).status_code == 403
    assert client.post(FEEDS_PAGE, {"aktion": "erzeugen"}).status_code == 403

    strict = Client(enforce_csrf_checks=True)
    log_in(strict, "ratsmitglied")
    assert strict.get(FEEDS_PAGE).status_code == 200
    assert strict.post(FEEDS_PAGE, {"aktion": "erzeugen"}).status_code == 403
    assert not FeedKey.objects.exists()


# --- towns ----------------------------------------------------------------------------------


def test_each_towns_feeds_show_its_own_proposals_only(client, demo_towns):
    rheine = Site.objects.get(hostname=RHEINE_HOST)
    steinfurt = Site.objects.get(is_default_site=True)
    sozial = body("sozialausschuss", rheine)
    haupt = body("hauptausschuss", rheine)
    steinfurt_haupt = body("hauptausschuss", steinfurt)

    titles = rss_titles(client.get(f"/gremien/{sozial.pk}/feed/", HTTP_HOST=RHEINE_HOST))
    assert mentions(titles, proposal(RHEINE_PUBLIC_SLUG))
    # Rheine's Hauptausschuss has only a non-public proposal upcoming: its public feed is empty.
    public = client.get(f"/gremien/{haupt.pk}/kalender.ics", HTTP_HOST=RHEINE_HOST)
    assert calendar_events(public)[1] == []
    # A body of the other town, named by its id, is not found.
    for url in (
        f"/gremien/{steinfurt_haupt.pk}/feed/",
        f"/gremien/{steinfurt_haupt.pk}/kalender.ics",
    ):
        assert client.get(url, HTTP_HOST=RHEINE_HOST).status_code == 404
    assert client.get(f"/gremien/{haupt.pk}/feed/").status_code == 404

    # Rheine's member's key shows Rheine's non-public proposal, nothing of Steinfurt.
    log_in(client, "rheine-ratsmitglied")
    urls = make_key(client, RHEINE_HOST)
    private = Client().get(path_of(urls[f"private-rss-{haupt.pk}"]), HTTP_HOST=RHEINE_HOST)
    titles = rss_titles(private)
    assert mentions(titles, proposal(RHEINE_NONPUBLIC_SLUG))
    assert not mentions(titles, proposal(NONPUBLIC_SLUG))
    assert FeedKey.objects.get().site == rheine

    # The key is Rheine's: on Steinfurt's site, with a Steinfurt body, it is not found.
    key = path_of(urls[f"private-rss-{haupt.pk}"]).rstrip("/").rsplit("/", 1)[1]
    for url in (
        f"/gremien/{steinfurt_haupt.pk}/feed/{key}/",
        f"/gremien/{steinfurt_haupt.pk}/kalender/{key}.ics",
    ):
        response = Client().get(url)
        assert response.status_code == 404
        assert proposal(NONPUBLIC_SLUG).title not in response.content.decode()


def test_steinfurt_member_bound_to_steinfurt_gets_no_rheine_key(client, demo_towns):
    rheine = Site.objects.get(hostname=RHEINE_HOST)
    user = get_user_model().objects.get(username="ratsmitglied")
    assert not GroupSite.objects.filter(group__user=user, site=rheine).exists()
    log_in(client, "ratsmitglied")

    assert client.post(FEEDS_PAGE, {"aktion": "erzeugen"}, HTTP_HOST=RHEINE_HOST).status_code == 403
    assert not FeedKey.objects.filter(site=rheine).exists()


# --- languages ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ar"])
def test_feeds_in_other_languages_list_the_proposals(
    client, demo_translated, language, django_capture_on_commit_callbacks
):
    from wagtail.models import Locale
    from wagtail_localize.models import Translation, TranslationSource

    # One upcoming proposal translated: its feed items show the translation's title, unmarked.
    public = proposal(PUBLIC_SLUG)
    with django_capture_on_commit_callbacks(execute=True):
        source, _created = TranslationSource.get_or_create_from_instance(public)
        Translation.objects.create(
            source=source, target_locale=Locale.objects.get(language_code=language)
        ).save_target(publish=True)
    translated = public.get_translation(Locale.objects.get(language_code=language))
    translated.title = f"Language café ({language})"
    translated.save_revision().publish()
    newest = rss_items(client.get(f"/{language}/vorlagen/feed/"))
    assert newest, "the proposals feed in another language lists the (German) proposals"
    for title, link, _description in newest:
        assert path_of(link).startswith(f"/{language}/vorlagen/")
        assert client.get(path_of(link)).status_code == 200, link
        # Shown in German for want of a translation: marked so.
        german = ProposalPage.objects.filter(
            locale__language_code="de", title__in=[title.text.split(" ", 1)[-1]]
        ).exists()
        if german:
            assert title.get(XML_LANG) == "de"

    # A body's feed: the translated proposal's title unmarked, a German one marked.
    for slug, title, lang in (
        ("rat", f"{public.reference} Language café ({language})", None),
        ("hauptausschuss", "Mehrsprachige Informationen auf der Internetseite der Stadt", "de"),
    ):
        items = rss_items(client.get(f"/{language}/gremien/{body(slug).pk}/feed/"))
        assert [path_of(link).startswith(f"/{language}/vorlagen/") for _t, link, _d in items] == [
            True
        ]
        assert title in items[0][0].text
        assert items[0][0].get(XML_LANG) == lang
    newest = [t.text for t, _l, _d in rss_items(client.get(f"/{language}/vorlagen/feed/"))]
    assert f"{public.reference} Language café ({language})" in newest


# --- in the browser -------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_feed_pages_pass_axe_and_reflow_in_german_and_arabic(live_server, demo):
    """The bodies page and the member's feeds page showing a fresh key, in German and
    Arabic: no axe-core violation, nothing wider than the window at 320 CSS pixels, and
    the copy buttons shown (the script runs under the Content-Security-Policy)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.wait import WebDriverWait

    from tests.test_accessibility import (
        AXE_JS,
        AXE_TAGS,
        OVERFLOW,
        RUN_AXE,
        describe,
        log_in,
        start_chromium,
    )

    driver, _profile = start_chromium()
    failures = []

    def check(label, expected_lang):
        lang, direction = driver.execute_script(
            "return [document.documentElement.lang, document.documentElement.dir]"
        )
        assert (lang, direction) == (expected_lang, "rtl" if expected_lang == "ar" else "ltr")
        driver.execute_script(AXE_JS.read_text(encoding="utf-8"))
        violations = driver.execute_async_script(RUN_AXE, AXE_TAGS)
        if violations:
            failures.append(describe(label, driver.current_url, violations))
        screen, page_width, wide, loose, _scrolling = driver.execute_script(OVERFLOW)
        if wide or page_width > screen:
            failures.append(f"{label}: {page_width}px wider than {screen}px: {wide}")
        if loose:
            failures.append(f"{label}: tables outside a scroll container: {loose}")

    try:
        log_in(driver, live_server.url)
        for code, prefix in (("de", ""), ("ar", "/ar")):
            for width in (1280, 320):
                driver.set_window_size(width, 900)
                driver.get(f"{live_server.url}{prefix}/gremien/")
                check(f"Gremien [{code}, {width}px]", code)
                driver.get(f"{live_server.url}{prefix}{FEEDS_PAGE}")
                driver.find_element(By.CSS_SELECTOR, ".key-actions form button").click()
                WebDriverWait(driver, 20).until(
                    lambda d: d.find_elements(By.CSS_SELECTOR, "input[id^=private-rss-]")
                )
                assert driver.find_element(By.CSS_SELECTOR, "button.copy-button").is_displayed()
                check(f"Gremien abonnieren [{code}, {width}px]", code)
    finally:
        driver.quit()
    assert not failures, "\n".join(failures)
