"""The report at a date as a council circulates it: a summary at the top, state icons
drawn as inline SVG beside their words, and the same content as a PDF download.

The expected numbers are counted here through the ORM from the stored states, not with
the report's code; the PDF's text is read back with pypdf.
"""

import datetime
import io
import re
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from pypdf import PdfReader

from integration_check.choices import MeasureState
from integration_check.models import (
    Concept,
    FieldOfAction,
    ImplementedMeasure,
    Indicator,
    Measure,
    MeasureStatusUpdate,
)
from proposals.models import ProposalIndexPage, ProposalPage
from tests.proposals import add_proposal
from tests.test_public_progress import CONCEPT, HIDDEN

DATE = datetime.date(2020, 6, 30)
REPORT = CONCEPT + "bericht/?stichtag=2020-06-30"
PDF = CONCEPT + "bericht/2020-06-30/pdf/"
STATES = [value for value, _label in MeasureState.choices] + [""]


def concept():
    return Concept.objects.get(slug="steinfurt-2018-2021", locale__language_code="de")


def measures(field=None):
    qs = Measure.objects.filter(field_of_action__concept=concept(), retired=False)
    if field is not None:
        qs = qs.filter(field_of_action=field)
    return qs.order_by("sort_order")


def hand_counts(date):
    """Return ``{field number: [count per state in STATES]}`` from the stored states."""
    counts = {}
    fields = FieldOfAction.objects.filter(concept=concept(), retired=False)
    for field in fields.order_by("sort_order"):
        found = Counter()
        for measure in measures(field):
            latest = (
                MeasureStatusUpdate.objects.filter(measure=measure, date__lte=date)
                .order_by("-date", "-sort_order", "-pk")
                .first()
            )
            found[latest.state if latest else ""] += 1
        counts[field.number] = [found[state] for state in STATES]
    return counts


def pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def words(element):
    return " ".join(element.get_text(" ", strip=True).split())


def add_confidential(is_public=False):
    """A decided proposal implementing measure 3.3 (adopted by the council in 2021)."""
    index = ProposalIndexPage.objects.get(locale__language_code="de")
    return add_proposal(index, {**HIDDEN, "is_public": is_public}, publish=True)


@pytest.fixture
def council_member(client):
    client.force_login(get_user_model().objects.get(username="ratsmitglied"))
    return client


# --- the page -------------------------------------------------------------------------


def test_the_report_opens_with_a_summary_whose_counts_match_the_stored_states(client, demo):
    html = soup(client.get(REPORT))
    summary = html.find(id="summary-heading").find_parent("section")
    table = summary.select_one("table.report-state-table")
    rows = [[words(c) for c in tr.find_all(["th", "td"])] for tr in table.tbody.find_all("tr")]
    expected = hand_counts(DATE)
    assert [row[0].split(".")[0] for row in rows] == list(expected)
    for row in rows:
        counts = expected[row[0].split(".")[0]]
        assert row[1:] == [str(n) for n in counts] + [str(sum(counts))]
    total = [str(sum(c[i] for c in expected.values())) for i in range(len(STATES))]
    assert [words(c) for c in table.tfoot.find_all("td")] == total + [str(measures().count())]
    # The bars say the same in their text alternative, one bar per field and the total.
    bars = summary.select(".state-bars svg[role=img]")
    assert len(bars) == len(expected) + 1
    assert bars[-1]["aria-label"] == "Gesamt: läuft 19, abgeschlossen 5, verschoben 3, " + (
        "wird nicht verfolgt 1"
    )
    assert total == ["0", "19", "5", "3", "1", "0"]


def test_the_summary_says_which_indicators_are_on_track(client, demo):
    html = soup(client.get(REPORT))
    table = html.select_one("table.report-indicator-table")
    rows = {words(tr.th): words(tr.find_all("td")[-1]) for tr in table.tbody.find_all("tr")}
    indicators = Indicator.objects.filter(measure__in=measures())
    assert len(rows) == indicators.count() == 5
    # Straight line from the baseline (2018-01-01) to the target (2021-12-31); the values
    # of 2019-12-31 are the newest on the date, about half of the way (729 of 1460 days).
    assert rows == {
        # 40 → 118 of 150: 78 of 110 come, 55 expected.
        "Besuche von Lerngruppen in der Stadtbücherei": "auf Kurs",
        # 0 → 38 of 120: 38 come, 60 expected.
        "Teilnehmende an Fahrrad-Kursen": "nicht auf Kurs",
        # 3 → 8 of 12: 5 come, 4.5 expected.
        "Sportvereine mit Ansprechperson für Integration": "auf Kurs",
        # 180 → 158 of 200: moved away from the target.
        "Aktive Ehrenamtliche in der Flüchtlingshilfe": "nicht auf Kurs",
        # 300 → 640 of 1500: 340 come, 600 expected.
        "Seitenaufrufe der Integrationsseiten": "nicht auf Kurs",
    }
    figures = words(html.find(id="indicators-heading").find_next("ul"))
    assert figures == ("Ziel erreicht : 0 auf Kurs : 2 nicht auf Kurs : 3 ohne Einschätzung : 0")


def test_states_are_inline_svg_icons_beside_their_words_and_no_font_symbols(client, demo):
    response = client.get(REPORT)
    content = response.content.decode()
    for symbol in "⏸▶◌✓✕":
        assert symbol not in content
    html = soup(response)
    badges = html.select("article.report-measure .state")
    assert len(badges) == measures().count()
    for badge in badges:
        svg = badge.find("svg")
        assert svg is not None and svg["aria-hidden"] == "true"
        assert words(badge) in {str(label) for _v, label in MeasureState.choices}
    postponed = html.select_one(".report-measure .state-postponed")
    assert words(postponed) == "verschoben" and postponed.svg.find_all("rect")


def test_the_report_links_its_pdf_at_the_same_date(client, demo):
    html = soup(client.get(REPORT))
    link = html.find("a", href=PDF)
    assert words(link) == "Bericht als PDF herunterladen"
    assert "no-print" in link.parent["class"]


# --- the PDF --------------------------------------------------------------------------


def test_the_pdf_has_every_measure_and_the_summary_counts(client, demo):
    response = client.get(PDF)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="integrationskonzept-steinfurt-2018-2021-bericht-2020-06-30.pdf"'
    )
    text = pdf_text(response)
    assert "Bericht zur Umsetzung des Integrationskonzepts" in text
    assert "Stand zum Stichtag 30. Juni 2020" in text
    listed = measures()
    assert listed.count() == 28
    for measure in listed:
        assert f"Maßnahme {measure.number}: {measure.title}" in text, measure.number
    expected = hand_counts(DATE)
    total = [sum(c[i] for c in expected.values()) for i in range(len(STATES))]
    assert "Gesamt " + " ".join(map(str, total + [sum(total)])) in text
    for number, counts in expected.items():
        field = FieldOfAction.objects.get(concept=concept(), number=number)
        row = f"{number}. {field.title} " + " ".join(map(str, counts + [sum(counts)]))
        assert row in text, row
    adopted = (
        ImplementedMeasure.objects.filter(
            measure__in=listed,
            page__in=ProposalPage.objects.live().filter(
                is_public=True,
                date__lte=DATE,
                consultations__role="entscheidung",
                consultations__result__in=["beschlossen", "geaendert"],
            ),
        )
        .values("page")
        .distinct()
        .count()
    )
    assert f"Beschlossene Vorlagen, die Maßnahmen umsetzen: {adopted}" in text


def test_the_arabic_pdf_is_in_arabic_and_right_to_left(client, demo):
    response = client.get("/ar" + PDF)
    assert response.status_code == 200
    text = pdf_text(response)
    assert re.search("[\u0600-\u06ff]{3,}", text)
    assert "الملخص" in text  # "Zusammenfassung" from the Arabic catalogue
    assert "Zusammenfassung" not in text
    html = soup(client.get("/ar" + REPORT))
    assert html.html["dir"] == "rtl"
    assert html.find("a", href="/ar" + PDF)


@pytest.mark.parametrize(
    "date", ["2020-02-30", "kein-datum", "20200630", "2020-6-3", "2020-W26-1", "99999-01-01"]
)
def test_a_bad_date_in_the_pdf_address_is_not_found(client, demo, date):
    assert client.get(CONCEPT + f"bericht/{date}/pdf/").status_code == 404


def test_a_non_public_proposal_stays_out_of_the_report_and_its_pdf(client, demo):
    date = "2021-12-31"
    before = pdf_text(client.get(CONCEPT + f"bericht/{date}/pdf/"))
    add_confidential(is_public=False)
    for reader in ("anonymous", "ratsmitglied"):
        if reader == "ratsmitglied":
            client.force_login(get_user_model().objects.get(username="ratsmitglied"))
        page = client.get(CONCEPT + f"bericht/?stichtag={date}").content.decode()
        assert HIDDEN["title"] not in page
        text = pdf_text(client.get(CONCEPT + f"bericht/{date}/pdf/"))
        assert HIDDEN["title"] not in text
        assert HIDDEN["reference"] not in text
        assert text == before, reader


def test_the_same_proposal_public_appears_in_the_report_and_its_pdf(client, demo):
    # The control for the test above: a public adopted proposal is listed at its measure.
    add_confidential(is_public=True)
    text = pdf_text(client.get(CONCEPT + "bericht/2021-12-31/pdf/"))
    assert f"{HIDDEN['reference']} {HIDDEN['title']}" in text
    html = soup(client.get(CONCEPT + "bericht/?stichtag=2021-12-31"))
    article = next(
        a for a in html.select("article.report-measure") if "Maßnahme 3.3:" in words(a.h3)
    )
    assert HIDDEN["title"] in words(article.select_one(".report-decisions"))


def test_a_pdf_request_does_not_wait_forever_for_another_rendering(client, demo, monkeypatch):
    from integration_check import report

    monkeypatch.setattr(report, "PDF_WAIT_SECONDS", 0.1)
    assert report._renders.acquire(timeout=1)  # another rendering is under way
    try:
        response = client.get(PDF)
    finally:
        report._renders.release()
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "Bitte versuchen Sie es gleich noch einmal." in response.content.decode()
    # Once it is done, the PDF is rendered.
    assert client.get(PDF).status_code == 200
