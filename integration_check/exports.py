"""The Ergebnismatrix (goals by measures with their state) as CSV and XLSX, and the
ratings of the concept's items by the levels of its check (CSV, and a second sheet of
the XLSX).

Titles and reasons are whatever editors typed: a spreadsheet must show them as
text, never run them as formulas (CSV injection, see OWASP). Dates are written
as dates.
"""

import csv
import datetime
import io
import re

from django.http import HttpResponse
from django.utils.translation import gettext as _

from .assessment_models import GoalRating, PrincipleRating
from .choices import ItemRule
from .progress import state_on, tallies


def matrix_rows(context, date):
    """Return the header and rows of the Ergebnismatrix at ``date``, in the page's language.

    Cells are text, or dates (``datetime.date``) for the state's date and the planned start.
    """
    loc = context["loc"]
    structure = context["structure"]
    goals = structure["goals"]
    fields = {f.pk: f for f in structure["fields"]}
    header = [
        _("Handlungsfeld"),
        _("Maßnahme"),
        _("Titel"),
        _("Stand"),
        _("Stand vom"),
        _("Begründung"),
        _("geplanter Beginn"),
    ] + [f"{_('Ziel')} {goal.number}" for goal in goals]
    rows = []
    for measure in structure["measures"]:
        update = state_on(measure, date)
        served = {goal.pk for goal in measure.goals_in_order()}
        rows.append(
            [
                loc.label(fields[measure.field_of_action_id]).title,
                measure.number,
                loc.label(measure).title,
                update.get_state_display() if update else _("nicht erfasst"),
                update.date if update else "",
                loc.label(update).reason if update else "",
                update.planned_start if update and update.planned_start else "",
            ]
            + ["x" if goal.pk in served else "" for goal in goals]
        )
    return header, rows


def ratings_rows(context):
    """Return the header and rows of the ratings of the concept's principles and goals, one
    column per level of the concept's check, in the page's language.

    Counted as on the public pages: adopted public pages by the level they chose, and the
    rejected ones apart. Only the kinds of item the check rates are listed.
    """
    loc = context["loc"]
    structure = context["structure"]
    check = context["assessment_check"]
    check_name = _(check.name)
    header = [_("Prüfung"), _("Art"), _("Nr."), _("Titel")]
    # Label first: a symbol such as "+" or "−" at the start would make a spreadsheet
    # read the cell as a formula (and the CSV quote it).
    header += [f"{_(level.label)} ({level.symbol})" for level in check.scale]
    header.append(_("abgelehnt"))
    kinds = []
    if check.principles_rule != ItemRule.NONE:
        kinds.append((_("Leitgedanke"), PrincipleRating, "principle", structure["principles"]))
    if check.goals_rule != ItemRule.NONE:
        kinds.append((_("Ziel"), GoalRating, "goal", structure["goals"]))
    rows = []
    for kind, rating_model, item_field, items in kinds:
        counted = tallies(rating_model, item_field, items)
        for item in items:
            tally = counted[item.pk]
            rows.append(
                [check_name, kind, item.number, loc.label(item).title]
                + [tally.levels[level.key] for level in check.scale]
                + [tally.rejected]
            )
    return header, rows


#: What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


def csv_cell(value):
    """Return ``value`` for a CSV cell: dates in ISO form; text a spreadsheet would take for
    a formula behind a single quote (numbers such as ``-5`` stay numbers)."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    value = str(value)
    if value.startswith(FORMULA_START) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def _filename(context, date, extension, name="ergebnismatrix"):
    return f"{name}-{context['concept'].slug}-{date.isoformat()}.{extension}"


def _csv_response(header, rows, filename):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for row in [header, *rows]:
        writer.writerow([csv_cell(value) for value in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def matrix_csv_response(context, date):
    header, rows = matrix_rows(context, date)
    return _csv_response(header, rows, _filename(context, date, "csv"))


def ratings_csv_response(context, date):
    header, rows = ratings_rows(context)
    return _csv_response(header, rows, _filename(context, date, "csv", name="bewertungen"))


def _fill_sheet(sheet, header, rows):
    # openpyxl is imported where it is used: it takes longer to import than the rest of
    # the plugin, and only the XLSX download needs it (not every process that starts).
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    for row_number, row in enumerate([header, *rows], start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            if isinstance(value, datetime.date):
                cell.value = value
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, int):
                cell.value = value
            elif value != "":
                # Text stays text: "=...", "#N/A" would otherwise become a formula or an error.
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
                cell.data_type = "s"
    for cell in sheet[1]:
        cell.font = Font(bold=True)


def matrix_xlsx_response(context, date):
    """The Ergebnismatrix as its first sheet, the ratings by the check's levels as its second."""
    from openpyxl import Workbook  # see _fill_sheet: only the XLSX download needs it

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Ergebnismatrix")[:31]
    _fill_sheet(sheet, *matrix_rows(context, date))
    sheet.freeze_panes = "D2"
    ratings = workbook.create_sheet(_("Bewertungen nach Stufen")[:31])
    _fill_sheet(ratings, *ratings_rows(context))
    ratings.freeze_panes = "E2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(context, date, "xlsx")}"'
    return response
