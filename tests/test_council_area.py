"""The council members' area "Für den Rat" (/fuer-den-rat/) and who may see it.

The expected meetings and tallies are worked out here from the demo data
itself (``proposals/demo/steinfurt.yaml``, as ``read_demo_file`` reads it), not
with the view's code: the proposals that ``load_demo`` publishes and that
have a meeting today or later.
"""

import datetime
from collections import Counter, defaultdict

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from integration_check.migration_helpers import INTEGRATION_CHECK
from proposals.demo_file import read_demo_file
from proposals.models import Body, ProposalPage

COUNCIL_AREA = "/fuer-den-rat/"
LOGIN = "/anmelden/"
NONPUBLIC_TITLE = "Anmietung eines Gebäudes zur Unterbringung Geflüchteter"
RATINGS = ("positive", "neutral", "negative")

# The three demo proposals dated relative to the day of loading (<year>/901-903).
UPCOMING_SLUGS = {
    "sprachcafe-in-der-stadtbuecherei",
    "anmietung-gebaeude-unterbringung-gefluechteter",
    "mehrsprachige-startseite-stadt",
}
# Counted by hand from those three proposals:
# principle number -> (positive, neutral, negative).
HAND_COUNTED_UPCOMING = {
    "1": (1, 2, 0),
    "2": (2, 1, 0),
    "3": (1, 1, 1),
    "4": (1, 2, 0),
    "5": (1, 2, 0),
}


def upcoming_demo_proposals(today):
    """Return the demo data dicts that load_demo publishes with a meeting on or after today."""
    return [
        data
        for data in read_demo_file(today=today).proposals
        if data.get("published", True)
        and any(
            meeting and datetime.date.fromisoformat(meeting) >= today
            for _body, meeting, _role, _result in data.get("consultations", [])
        )
    ]


def integration(data):
    """The integration check's assessment of a demo proposal, as read from the file."""
    return data["checks"][INTEGRATION_CHECK]


def expected_meetings(today):
    """Return ``{(date, body slug): {titles}}`` of the upcoming meetings in the demo data."""
    meetings = defaultdict(set)
    for data in upcoming_demo_proposals(today):
        for body, meeting, _role, _result in data["consultations"]:
            if meeting and datetime.date.fromisoformat(meeting) >= today:
                meetings[(datetime.date.fromisoformat(meeting), body)].add(data["title"])
    return meetings


def expected_tally(today):
    """Return ``{principle number: (positive, neutral, negative)}``, each proposal counted once."""
    counts = defaultdict(Counter)
    for data in upcoming_demo_proposals(today):
        for number, rating, _justification, _weighing in integration(data)["principles"]:
            counts[number][rating] += 1
    return {number: tuple(c[r] for r in RATINGS) for number, c in counts.items()}


def all_titles():
    return list(ProposalPage.objects.values_list("title", flat=True))


def assert_no_proposal_title(response):
    content = response.content.decode()
    shown = [title for title in all_titles() if title in content]
    assert shown == []


def text(element):
    return " ".join(element.get_text(" ", strip=True).split())


@pytest.fixture
def council_member(client, demo):
    """A client logged in as ``ratsmitglied`` through the public login form."""
    response = client.post(
        LOGIN, {"username": "ratsmitglied", "password": "demo", "next": COUNCIL_AREA}
    )
    assert response.status_code == 302
    assert response["Location"] == COUNCIL_AREA
    return client


# --- who may enter -------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_the_login_page(client, demo):
    response = client.get(COUNCIL_AREA)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={COUNCIL_AREA}"
    assert_no_proposal_title(response)
    login_page = client.get(response["Location"])
    assert login_page.status_code == 200
    assert_no_proposal_title(login_page)


def test_logged_in_user_without_the_role_is_forbidden(client, demo):
    outsider = get_user_model().objects.create_user("buerger", password="geheim-123")
    assert not outsider.groups.exists()
    client.force_login(outsider)

    response = client.get(COUNCIL_AREA)

    assert response.status_code == 403
    assert_no_proposal_title(response)


def test_wrong_password_does_not_log_in(client, demo):
    response = client.post(LOGIN, {"username": "ratsmitglied", "password": "falsch"})

    assert response.status_code == 200
    assert client.get(COUNCIL_AREA).status_code == 302


def test_council_member_cannot_enter_the_wagtail_admin(council_member):
    response = council_member.get("/admin/")

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"].startswith("/admin/login/")
    assert council_member.get("/admin/pages/").status_code in (302, 403)


def test_nonpublic_proposal_is_not_found_when_logged_out(client, demo):
    page = ProposalPage.objects.get(title=NONPUBLIC_TITLE)
    assert page.live and not page.is_public

    response = client.get(page.url)

    assert response.status_code == 404
    assert NONPUBLIC_TITLE not in response.content.decode()

    client.post(LOGIN, {"username": "ratsmitglied", "password": "demo"})
    assert client.get(page.url).status_code == 200


# --- what a council member sees ------------------------------------------------------------


def test_council_member_sees_upcoming_proposals_by_meeting(council_member):
    today = datetime.date.today()
    expected = expected_meetings(today)
    assert len(expected) >= 4  # the demo's committees and the council, one to five weeks ahead
    bodies = {body.slug: body for body in Body.objects.all()}

    response = council_member.get(COUNCIL_AREA)

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    shown = {}
    order = []
    for section in soup.select("section.meeting"):
        heading = section.find("h2")
        time = heading.find("time").extract()
        date = datetime.date.fromisoformat(time["datetime"])
        body_name = text(heading).rstrip(" ,")
        titles = {text(article.find("h3")) for article in section.select("article")}
        shown[(date, body_name)] = titles
        order.append(date)
    assert shown == {(date, bodies[slug].name): titles for (date, slug), titles in expected.items()}
    assert order == sorted(order)


def test_nonpublic_proposal_is_marked_and_each_proposal_has_its_matrix(council_member):
    today = datetime.date.today()
    data_by_title = {data["title"]: data for data in upcoming_demo_proposals(today)}

    soup = BeautifulSoup(council_member.get(COUNCIL_AREA).content, "html.parser")

    articles = soup.select("article.council-proposal")
    assert articles
    for article in articles:
        title = text(article.find("h3"))
        data = data_by_title[title]
        marked = article.select_one(".badge-nonpublic")
        if data.get("is_public", True):
            assert marked is None, title
        else:
            assert marked is not None and text(marked) == "nichtöffentlich", title
        matrix = article.select_one("table.assessment-matrix")
        assert matrix is not None, title
        rows = matrix.select("tbody tr")
        section = integration(data)
        assert len(rows) == len(section["principles"]) + len(section["goals"]), title
        ratings = [row.select_one(".rating")["class"][1] for row in rows]
        assert ratings == [f"rating-{r[1]}" for r in section["principles"]] + [
            f"rating-{r[1]}" for r in section["goals"]
        ], title
    assert any(text(a.find("h3")) == NONPUBLIC_TITLE for a in articles)


def test_overview_counts_ratings_per_guiding_principle(council_member):
    today = datetime.date.today()
    expected = expected_tally(today)
    others = [
        data["title"]
        for data in upcoming_demo_proposals(today)
        if data["slug"] not in UPCOMING_SLUGS
    ]
    if not others:
        # Only the three relative-dated proposals meet in the future: the hand count.
        assert expected == HAND_COUNTED_UPCOMING

    soup = BeautifulSoup(council_member.get(COUNCIL_AREA).content, "html.parser")

    table = soup.find(id="overview-heading").find_parent("section").find("table")
    shown = {}
    for row in table.select("tbody tr"):
        number = text(row.find("th")).split(".")[0]
        shown[number] = tuple(int(text(cell)) for cell in row.find_all("td"))
    assert shown == expected
    proposals = len(upcoming_demo_proposals(today))
    assert f"Bewertungen in {proposals} Vorlagen für kommende Sitzungen" in text(table.caption)


def test_in_another_language_the_concept_items_are_translated_and_proposals_linked_there(
    client, demo_translated
):
    client.force_login(get_user_model().objects.get(username="ratsmitglied"))
    soup = BeautifulSoup(client.get("/en" + COUNCIL_AREA).content, "html.parser")
    table = soup.find(id="overview-heading").find_parent("section").find("table")
    # home/demo/steinfurt-2018-2021.translations.yaml: principle 1 in English.
    assert "1. Steinfurt is diverse" in text(table)
    assert "Steinfurt ist vielfältig" not in text(soup.find("main"))
    links = [a["href"] for a in soup.select("article.council-proposal h3 a")]
    assert links and all(href.startswith("/en/vorlagen/") for href in links)
    # The non-public proposal opens in English for the council member.
    nonpublic = next(
        a for a in soup.select("article.council-proposal h3 a") if a.text == NONPUBLIC_TITLE
    )
    assert client.get(nonpublic["href"]).status_code == 200
