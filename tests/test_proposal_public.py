"""What the public sees of proposals: the page, the listing with its filters, and what stays hidden."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from integration_check.models import Goal
from proposals.models import ProposalAttachment, ProposalIndexPage, ProposalPage
from tests.proposals import add_proposal

P, N, M = "positive", "neutral", "negative"
ALL_NEUTRAL = [(str(n), N, "", "") for n in range(1, 6)]


def publish(index, **data):
    """Create and publish a proposal from demo-style ``data``; return it from the database."""
    data.setdefault("slug", data["reference"].replace("/", "-"))
    data.setdefault("summary", "Die Vorlage ist mit dem Integrationskonzept vereinbar.")
    data.setdefault("principles", ALL_NEUTRAL)
    attachments = data.pop("attachments", [])
    page = add_proposal(index, data, publish=True, attachments=attachments)
    return ProposalPage.objects.get(pk=page.pk)


def text(element):
    return " ".join(element.get_text(" ", strip=True).replace("\xa0", " ").split())


def listing_titles(client, **params):
    """Return the titles of every listing page for ``params``, following "nächste Seite"."""
    titles, number = [], 1
    while True:
        response = client.get("/vorlagen/", {**params, "seite": number})
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        titles += [text(a) for a in soup.select("ol.proposal-list li > a")]
        if not soup.find("a", string="nächste Seite"):
            return titles
        number += 1


@pytest.fixture
def index(demo):
    return ProposalIndexPage.objects.get()


# --- the proposal page ---------------------------------------------------------------


@pytest.fixture
def document(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = Document(title="Lageplan", file=ContentFile(b"%PDF-1.4\n" + b"0" * 2039, "plan.pdf"))
    document._set_document_file_metadata()  # as the admin's upload does
    document.save()
    return document


@pytest.fixture
def assessed(index, document):
    return publish(
        index,
        title="Begegnungszentrum am Bahnhof",
        reference="2031/010",
        date="2031-02-01",
        principles=[
            ("1", P, "Zugewanderte gestalten das Programm mit.", ""),
            ("2", N, "", ""),
            (
                "3",
                M,
                "Die Lage am Bahnhof ist für Familien schwer erreichbar.",
                "Ein Shuttle am Wochenende gleicht die Lage aus.",
            ),
            ("4", N, "", ""),
            ("5", N, "", ""),
        ],
        goals=[
            ("3.2", M, "Bestehende Treffpunkte verlieren Besucher.", "Die Träger werden beteiligt.")
        ],
        consultations=[
            ("soziales", "2031-03-10", "vorberatung", "beschlossen"),
            ("rat", "2031-04-01", "entscheidung", "offen"),
        ],
        attachments=[ProposalAttachment(document=document, title="Lageplan des Gebäudes")],
    )


def test_matrix_shows_symbol_and_word_for_each_rating(client, assessed):
    soup = BeautifulSoup(client.get(assessed.url).content, "html.parser")
    rows = [
        [text(cell) for cell in row.find_all(["td", "th"])]
        for row in soup.select("table.assessment-matrix tbody tr")
    ]
    goal = Goal.objects.get(number="3.2", field_of_action__concept__slug="steinfurt-2018-2021")
    assert [row[:2] for row in rows] == [
        ["1", "Leitgedanke: Steinfurt ist vielfältig"],
        ["2", "Leitgedanke: Steinfurt ist offen"],
        ["3", "Leitgedanke: Steinfurt ist aktiv"],
        ["4", "Leitgedanke: Steinfurt ist bunt"],
        ["5", "Leitgedanke: Steinfurt ist neugierig"],
        ["3.2", f"Ziel: {goal.title}"],
    ]
    badges = [
        text(row.select_one(".rating")) for row in soup.select("table.assessment-matrix tbody tr")
    ]
    assert badges == ["+ positiv", "○ neutral", "− negativ", "○ neutral", "○ neutral", "− negativ"]
    # The symbol is decoration; the word carries the meaning for screen readers.
    assert all(
        badge.find("span", attrs={"aria-hidden": "true"}) for badge in soup.select(".rating")
    )


def test_page_shows_justifications_and_weighings(client, assessed):
    soup = BeautifulSoup(client.get(assessed.url).content, "html.parser")
    justifications = text(soup.select_one("dl.justifications"))
    assert "Zugewanderte gestalten das Programm mit." in justifications
    assert "Die Lage am Bahnhof ist für Familien schwer erreichbar." in justifications
    assert "Abwägung: Ein Shuttle am Wochenende gleicht die Lage aus." in justifications
    assert "Bestehende Treffpunkte verlieren Besucher." in justifications
    assert "Abwägung: Die Träger werden beteiligt." in justifications
    assert "Die Vorlage ist mit dem Integrationskonzept vereinbar." in text(
        soup.select_one(".assessment-summary")
    )


def test_page_shows_the_consultation_timeline(client, assessed):
    soup = BeautifulSoup(client.get(assessed.url).content, "html.parser")
    assert [text(li) for li in soup.select("ol.timeline li")] == [
        "Ausschuss für Soziales, Jugend, Familie und Gesundheit , 10. März 2031 – "
        "Vorberatung: beschlossen",
        "Rat , 1. April 2031 – Entscheidung: offen",
    ]


def test_page_lists_attachments_with_type_and_size(client, assessed, document):
    soup = BeautifulSoup(client.get(assessed.url).content, "html.parser")
    section = soup.find("section", attrs={"aria-labelledby": "attachments-heading"})
    items = [text(li) for li in section.select("li")]
    assert items == ["Lageplan des Gebäudes (PDF, 2,0 KB)"]
    assert section.find("a")["href"] == document.url
    download = client.get(document.url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-1.4")


# --- the listing ---------------------------------------------------------------------


def test_listing_is_newest_first_with_twenty_per_page(client, index):
    for day in range(25):
        publish(
            index,
            title=f"Vorlage vom Tag {day:02}",
            reference=f"2032/{day + 1:03}",
            date=(datetime.date(2032, 1, 1) + datetime.timedelta(days=day)).isoformat(),
        )
    total = ProposalPage.objects.live().filter(is_public=True).count()

    first = BeautifulSoup(client.get("/vorlagen/").content, "html.parser")
    second = BeautifulSoup(client.get("/vorlagen/", {"seite": 2}).content, "html.parser")

    newest = [f"Vorlage vom Tag {day:02}" for day in range(24, -1, -1)]
    assert [text(a) for a in first.select("ol.proposal-list li > a")] == newest[:20]
    assert [text(a) for a in second.select("ol.proposal-list li > a")][:5] == newest[20:]
    assert text(first.find(attrs={"role": "status"})) == f"{total} Vorlagen"
    pages = -(-total // 20)
    assert f"Seite 1 von {pages}" in text(first.select_one("nav.pagination"))
    assert client.get("/vorlagen/", {"seite": pages + 1}).status_code == 404
    # Filtered listings page too, and the link to the next page keeps the filter.
    filtered = BeautifulSoup(client.get("/vorlagen/", {"jahr": "2032"}).content, "html.parser")
    assert len(filtered.select("ol.proposal-list li > a")) == 20
    assert filtered.find("a", string="nächste Seite")["href"] == "?jahr=2032&seite=2"
    assert listing_titles(client, jahr="2032") == newest


@pytest.fixture
def sample(index):
    """Four proposals that differ in each filter; newer than every demo proposal."""
    return {
        "alpha": publish(
            index,
            title="Sprachkurse im Quartier Alpha",
            reference="2031/101",
            date="2031-05-01",
            facts="<p>Das Quokkafest eröffnet die Kurse.</p>",
            principles=[
                ("1", N, "", ""),
                ("2", M, "Kurse nur vormittags.", "Abendkurse folgen im zweiten Jahr."),
                ("3", N, "", ""),
                ("4", N, "", ""),
                ("5", P, "Mehr Sprachkurse.", ""),
            ],
            goals=[("3.2", M, "Der Treffpunkt schließt.", "Ersatz im Nachbarhaus.")],
            consultations=[
                ("schule", "2031-05-20", "vorberatung", "beschlossen"),
                ("rat", "2031-06-10", "entscheidung", "offen"),
            ],
        ),
        "beta": publish(
            index,
            title="Begegnungsfest Beta",
            reference="2031/102",
            kind="anfrage",
            date="2031-04-01",
            principles=[
                ("1", N, "", ""),
                ("2", P, "Das Fest ist offen für alle.", ""),
                ("3", M, "Anmeldung nur online.", "Papieranmeldung im Bürgerbüro."),
                ("4", N, "", ""),
                ("5", N, "", ""),
            ],
            goals=[("5.3", P, "Nachbarschaft wird gestärkt.", "")],
            consultations=[("soziales", "2031-04-20", "vorberatung", "offen")],
        ),
        "gamma": publish(
            index,
            title="Wohnraum Gamma",
            reference="2030/103",
            kind="mitteilungsvorlage",
            date="2030-06-01",
            principles=[("1", P, "Wohnraum für alle.", "")] + ALL_NEUTRAL[1:],
            goals=[("3.2", P, "Neuer Treffpunkt im Haus.", "")],
            consultations=[("rat", "2030-06-20", "kenntnisnahme", "zur_kenntnis")],
        ),
        "delta": publish(
            index,
            title="Neutrale Vorlage Delta",
            reference="2030/104",
            date="2030-02-01",
            consultations=[("hauptausschuss", "2030-02-20", "entscheidung", "beschlossen")],
        ),
    }


FILTER_CASES = [
    # params, expected among the sample, explained
    ({"leitgedanke": "2", "wirkung": "negativ"}, {"alpha"}),
    ({"leitgedanke": "3", "wirkung": "negativ"}, {"beta"}),
    ({"leitgedanke": "2", "wirkung": "positiv"}, {"beta"}),
    ({"ziel": "3.2"}, {"alpha", "gamma"}),
    ({"ziel": "3.2", "wirkung": "negativ"}, {"alpha"}),
    ({"ziel": "3.2", "wirkung": "positiv"}, {"gamma"}),
    ({"handlungsfeld": "3"}, {"alpha", "gamma"}),
    ({"handlungsfeld": "5"}, {"beta"}),
    ({"wirkung": "negativ"}, {"alpha", "beta"}),
    ({"wirkung": "neutral"}, {"alpha", "beta", "gamma", "delta"}),
    ({"gremium": "schule"}, {"alpha"}),
    ({"gremium": "rat"}, {"alpha", "gamma"}),
    ({"jahr": "2031"}, {"alpha", "beta"}),
    ({"jahr": "2030"}, {"gamma", "delta"}),
    ({"art": "anfrage"}, {"beta"}),
    ({"art": "beschlussvorlage"}, {"alpha", "delta"}),
    ({"q": "Quokkafest"}, {"alpha"}),
    ({"q": "Begegnungsfest"}, {"beta"}),
    ({"q": "Sprachkurse Quokkafest"}, {"alpha"}),
    ({"jahr": "2031", "art": "anfrage"}, {"beta"}),
]


@pytest.mark.parametrize(
    "params, expected",
    FILTER_CASES,
    ids=["&".join(f"{k}={v}" for k, v in c[0].items()) for c in FILTER_CASES],
)
def test_listing_filter_includes_and_excludes(client, sample, params, expected):
    titles = set(listing_titles(client, **params))
    for key, page in sample.items():
        assert (page.title in titles) == (key in expected), (params, page.title)


def test_search_matches_only_the_live_version(client, index, sample):
    alpha = sample["alpha"]
    draft = alpha.get_latest_revision_as_object()
    draft.facts = "<p>Ein Entwurf mit dem Wort Zebrastreifen.</p>"
    draft.save_revision()

    assert "Sprachkurse im Quartier Alpha" not in listing_titles(client, q="Zebrastreifen")
    assert "Sprachkurse im Quartier Alpha" in listing_titles(client, q="Quokkafest")


def test_leitgedanke_filter_alone_lists_the_proposals_that_affect_it(client, sample):
    # Every proposal rates every guiding principle, so "Leitgedanke 2" without an
    # effect means: rated positive or negative on it, not neutral.
    titles = set(listing_titles(client, leitgedanke="2"))
    for key, page in sample.items():
        assert (page.title in titles) == (key in {"alpha", "beta"}), page.title


# --- non-public proposals ------------------------------------------------------------


@pytest.fixture
def secret(index, sample):
    return publish(
        index,
        title="Vertrauliche Vorlage Xylophon",
        reference="2031/199",
        slug="vertrauliche-vorlage-xylophon",
        date="2031-12-01",  # the newest of all: first in every list that shows it
        is_public=False,
        facts="<p>Grundstücksverhandlung Xylophon.</p>",
        principles=[("1", M, "Vertraulich.", "Vertraulich abgewogen.")] + ALL_NEUTRAL[1:],
        goals=[("3.2", M, "Vertraulich.", "Vertraulich abgewogen.")],
        consultations=[("hauptausschuss", "2031-12-10", "entscheidung", "offen")],
    )


def test_non_public_proposal_answers_anonymous_visitors_like_a_missing_page(client, secret):
    hidden = client.get(secret.url)
    missing = client.get("/vorlagen/gibt-es-nicht/")

    assert hidden.status_code == missing.status_code == 404
    assert secret.title not in hidden.content.decode()
    assert hidden.content.decode().replace(secret.url, "") == missing.content.decode().replace(
        "/vorlagen/gibt-es-nicht/", ""
    )


def test_non_public_proposal_is_missing_from_listing_search_feed_sitemap_and_api(
    client, secret, sample
):
    for params in (
        {},
        {"q": "Xylophon"},
        {"wirkung": "negativ"},
        {"ziel": "3.2"},
        {"jahr": "2031"},
    ):
        titles = listing_titles(client, **params)
        assert secret.title not in titles, params
    assert sample["alpha"].title in listing_titles(client, jahr="2031")

    listing_html = client.get("/vorlagen/").content.decode()
    assert "Xylophon" not in listing_html
    assert "2031/199" not in listing_html

    feed = client.get("/vorlagen/feed/")
    assert feed.status_code == 200
    assert "Xylophon" not in feed.content.decode()
    assert sample["alpha"].title in feed.content.decode()

    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    assert secret.slug not in sitemap.content.decode()
    assert sample["alpha"].slug in sitemap.content.decode()

    assert client.get(f"/api/v2/pages/{secret.pk}/").status_code == 404
    assert "Xylophon" not in client.get("/api/v2/pages/", {"search": "Xylophon"}).content.decode()


def test_logged_in_user_without_permission_gets_404(client, secret):
    citizen = get_user_model().objects.create_user("buerger", password="x")
    client.force_login(citizen)

    assert client.get(secret.url).status_code == 404
    assert secret.title not in listing_titles(client, q="Xylophon")
    assert secret.title not in listing_titles(client)


def test_council_member_reads_non_public_proposal(client, secret):
    client.force_login(get_user_model().objects.get(username="ratsmitglied"))

    response = client.get(secret.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert secret.title in html
    assert "nichtöffentlich" in html
    assert listing_titles(client)[0] == secret.title
    assert secret.title in listing_titles(client, q="Xylophon")
    # The feed is public and stays without non-public proposals even for members.
    assert "Xylophon" not in client.get("/vorlagen/feed/").content.decode()
